package heldouteval

import (
	"context"
	"os"
	"testing"

	"github.com/zoe-nutritech/zoe/internal/assistant/heldout"
)

// TestDevAnswers scores the development answer set (testdata/dev_answers.jsonl, written by
// the assistant's maintainer) and prints every failure: it is the set to tune on.
func TestDevAnswers(t *testing.T) {
	if os.Getenv("DEV_ANSWERS") != "1" {
		t.Skip("DEV_ANSWERS=1 to print the development set's failures")
	}
	b, err := os.ReadFile("../testdata/dev_answers.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := heldout.ParseCases(b)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rep := h.Evaluate(ctx, cases)
	for _, o := range rep.Outcomes {
		if !o.Pass {
			t.Logf("FAIL %s %q\n   answer: %q\n   lacks: %v err=%v", o.ID, o.Utterance, o.Answer, o.Failed, o.Err)
		}
	}
	t.Logf("dev answers: %d/%d", rep.Passed, rep.Total)
}
