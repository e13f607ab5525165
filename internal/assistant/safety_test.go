package assistant

import (
	"context"
	"strings"
	"testing"
)

// Thresholds from docs/CLINICAL.md: < 70 mg/dL (3.9 mmol/L) low, rule of 15;
// < 54 mg/dL (3.0 mmol/L) or confusion urgent; > 250 mg/dL contact the
// clinician; > 300 with ketones or vomiting urgent.
func TestSafetyThresholds(t *testing.T) {
	tests := []struct {
		msg    string
		unit   GlucoseUnit
		level  SafetyLevel
		urgent bool
	}{
		{"sugar 70 mg/dl", MgPerDL, SafetyNone, false},
		{"sugar 69 mg/dl", MgPerDL, SafetyLow, false},
		{"sugar 54 mg/dl", MgPerDL, SafetyLow, false},
		{"sugar 53 mg/dl", MgPerDL, SafetyVeryLow, true},
		{"my sugar is 3.2", MmolPerL, SafetyLow, false},    // 57.6 mg/dL
		{"my sugar is 3.9", MmolPerL, SafetyNone, false},   // 70.3 mg/dL
		{"my sugar is 3.8", MmolPerL, SafetyLow, false},    // 68.5 mg/dL
		{"my sugar is 2.9", MmolPerL, SafetyVeryLow, true}, // 52.2 mg/dL
		{"sugar 65 and i feel confused", MgPerDL, SafetyVeryLow, true},
		{"sugar 250", MgPerDL, SafetyNone, false},
		{"sugar 251", MgPerDL, SafetyHigh, false},
		{"sugar 14.2", MmolPerL, SafetyHigh, false}, // 255.8 mg/dL
		{"sugar 320 and im vomiting", MgPerDL, SafetyVeryHigh, true},
		{"sugar 280 with ketones", MgPerDL, SafetyHigh, false}, // ketones below 300: clinician, today
		{"sugar 320", MgPerDL, SafetyHigh, false},
		{"my meter says LO", MmolPerL, SafetyVeryLow, true},
		{"glucometer shows HI", MmolPerL, SafetyHigh, false},
		{"she is confused and not making sense", MmolPerL, SafetyVeryLow, true},
		{"i feel shaky and sweaty", MmolPerL, SafetySymptoms, false},
		{"my sugar is low", MmolPerL, SafetySymptoms, false},
		{"how much insulin should i take", MmolPerL, SafetyDose, false},
		{"sugar 6.1", MmolPerL, SafetyNone, false},
		{"sugar 9000", MgPerDL, SafetyNone, false}, // not a reading: asks to recheck
	}
	n := NewNLU(testLexicon(t))
	for _, tt := range tests {
		p, err := n.Parse(tt.msg, ConversationState{})
		if err != nil {
			t.Fatal(err)
		}
		a := Assess(p, tt.unit)
		if a.Level != tt.level || a.Urgent != tt.urgent {
			t.Errorf("%q: level %q urgent %v, want %q %v", tt.msg, a.Level, a.Urgent, tt.level, tt.urgent)
		}
	}
}

func TestRuleOf15Text(t *testing.T) {
	p := parseFor(t, "my sugar is 3.2")
	a := Assess(p, MmolPerL)
	for _, want := range []string{"rule of 15", "15–20 g", "3 to 4 teaspoons of sugar", "juice or regular soda", "15 minutes", "still below 3.9 mmol/L", "meal or a snack"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("rule-of-15 reply lacks %q:\n%s", want, a.Text)
		}
	}
	// in mg/dL the thresholds are shown in mg/dL
	a = Assess(parseFor(t, "sugar 60 mg/dl"), MgPerDL)
	if !strings.Contains(a.Text, "below 70 mg/dL") {
		t.Errorf("mg/dL user sees: %s", a.Text)
	}
}

func TestUrgentLowSaysSeekHelp(t *testing.T) {
	a := Assess(parseFor(t, "sugar 2.5"), MmolPerL)
	if !strings.Contains(a.Text, "URGENT") || !strings.Contains(a.Text, "Seek help now") || !strings.Contains(a.Text, "cannot swallow") {
		t.Errorf("urgent low text: %s", a.Text)
	}
}

func TestUnitlessLowValueForMgDLUserIsTreatedAsSevereLow(t *testing.T) {
	// "30" is read as 30 mmol/L by the default rule, but a user who works in
	// mg/dL more likely means 30 mg/dL, a severe low: never advise on the
	// high reading alone.
	a := Assess(parseFor(t, "my sugar is 30"), MgPerDL)
	if a.Level != SafetyVeryLow || !strings.Contains(a.Text, "30 mmol/L") {
		t.Errorf("ambiguous 30 for a mg/dL user: %q %s", a.Level, a.Text)
	}
}

func TestDoseQuestionIsNeverAnswered(t *testing.T) {
	for _, msg := range []string{
		"how much insulin should i inject",
		"how many units of mixtard for 2 fingers of matooke",
		"should i take more metformin after posho",
		"what dose of lantus",
	} {
		a := Assess(parseFor(t, msg), MmolPerL)
		if a.Level != SafetyDose || !strings.Contains(a.Text, "never") || !strings.Contains(a.Text, "clinician") {
			t.Errorf("%q: %q %s", msg, a.Level, a.Text)
		}
	}
}

func TestMostSevereMessageComesFirst(t *testing.T) {
	a := Assess(parseFor(t, "sugar 2.8, how much insulin should i take"), MmolPerL)
	if a.Level != SafetyVeryLow || !strings.HasPrefix(a.Text, "URGENT") || !strings.Contains(a.Text, doseText) {
		t.Errorf("combined safety reply:\n%s", a.Text)
	}
}

func TestSafetyRepliesNeverUseTheLLM(t *testing.T) {
	llm := &fakeCompleter{answer: "Eat some rice."}
	a := newTestAssistant(t, newFakeData(), WithLLM(llm, IntentUnknown, IntentReportGlucose, IntentInsulinDose, IntentDiabetesSuitability))
	for _, msg := range []string{"my sugar is 2.5", "sugar 3.5", "sugar 300 vomiting", "how much insulin", "i feel confused", "i feel shaky"} {
		r, _, err := a.Reply(context.Background(), ConversationState{}, msg)
		if err != nil {
			t.Fatal(err)
		}
		if r.Source != SourceBuiltin || r.Safety == SafetyNone {
			t.Errorf("%q: source %s safety %q", msg, r.Source, r.Safety)
		}
	}
	if llm.calls != 0 {
		t.Errorf("LLM called %d times for safety messages", llm.calls)
	}
}

func TestSafetyDoesNotDependOnData(t *testing.T) {
	d := newFakeData()
	d.failWith = context.DeadlineExceeded
	a := newTestAssistant(t, d)
	r, _, err := a.Reply(context.Background(), ConversationState{}, "sugar 2.4")
	if err != nil || !r.Urgent {
		t.Errorf("urgent reply with failing Data: %+v, %v", r, err)
	}
}
