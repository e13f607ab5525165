package assistant

import (
	"os"
	"strings"
	"testing"
)

// Targets for the NLU on the labelled sets (the brief's acceptance bar).
const (
	targetIntentAccuracy = 0.90
	targetEntityF1       = 0.85
)

func evalFile(t *testing.T, path string) EvalReport {
	t.Helper()
	return Evaluate(NewNLU(testLexicon(t)), evalCases(t, path))
}

func evalCases(t *testing.T, path string) []EvalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := LoadEvalCases(f)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestEvalSetMeetsTargets(t *testing.T) {
	rep := evalFile(t, "testdata/eval.jsonl")
	if rep.Cases < 150 {
		t.Errorf("eval set has %d cases, want at least 150", rep.Cases)
	}
	t.Logf("eval: %d cases, intent accuracy %.3f, entity F1 %.3f", rep.Cases, rep.IntentAccuracy, rep.F1)
	if rep.IntentAccuracy < targetIntentAccuracy || rep.F1 < targetEntityF1 {
		var b strings.Builder
		_ = rep.WriteReport(&b)
		t.Errorf("targets missed (intent ≥ %.2f, F1 ≥ %.2f):\n%s", targetIntentAccuracy, targetEntityF1, b.String())
	}
}

func TestDevAndHoldoutSetsMeetTargets(t *testing.T) {
	for _, path := range []string{"testdata/dev.jsonl", "testdata/holdout.jsonl", "testdata/holdout2.jsonl"} {
		rep := evalFile(t, path)
		if rep.IntentAccuracy < targetIntentAccuracy || rep.F1 < targetEntityF1 {
			var b strings.Builder
			_ = rep.WriteReport(&b)
			t.Errorf("%s below targets:\n%s", path, b.String())
		}
	}
}

func TestEvalSetCoversEveryIntent(t *testing.T) {
	cases := evalCases(t, "testdata/eval.jsonl")
	count := map[Intent]int{}
	for _, c := range cases {
		count[c.Intent]++
	}
	for _, in := range AllIntents() {
		if count[in] < 3 {
			t.Errorf("intent %s has %d eval cases, want at least 3", in, count[in])
		}
	}
}

func TestEvaluateScoring(t *testing.T) {
	cases := []EvalCase{
		{Text: "carbs in posho", Intent: IntentNutritionFact, Entities: []string{"food:posho"}},
		{Text: "carbs in posho", Intent: IntentCompareFoods, Entities: []string{"food:posho", "food:beans"}},
	}
	rep := Evaluate(NewNLU(testLexicon(t)), cases)
	// one intent right of two; entities: tp 2, fn 1, fp 0
	if rep.IntentAccuracy != 0.5 || rep.TruePos != 2 || rep.FalseNeg != 1 || rep.FalsePos != 0 {
		t.Fatalf("report %+v", rep)
	}
	if want := 2 * 1.0 * (2.0 / 3) / (1 + 2.0/3); rep.F1 != want {
		t.Errorf("F1 = %v, want %v", rep.F1, want)
	}
	if len(rep.Misses) != 1 || rep.Misses[0].Missing[0] != "food:beans" {
		t.Errorf("misses %+v", rep.Misses)
	}
}

func TestLoadEvalCasesRejectsBadLines(t *testing.T) {
	for _, in := range []string{`{"text": "x"}`, `{"intent": "greeting"}`, `{nope`} {
		if _, err := LoadEvalCases(strings.NewReader(in)); err == nil {
			t.Errorf("accepted %s", in)
		}
	}
	cases, err := LoadEvalCases(strings.NewReader("# comment\n\n{\"text\":\"hi\",\"intent\":\"greeting\",\"entities\":[]}\n"))
	if err != nil || len(cases) != 1 || cases[0].Line != 3 {
		t.Errorf("cases %+v, %v", cases, err)
	}
}
