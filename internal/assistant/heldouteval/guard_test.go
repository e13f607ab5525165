package heldouteval

import (
	"context"
	"strings"
	"testing"
)

// minHeldOutAccuracy is the overall held-out accuracy the assistant reached when this
// guard was written, minus a small margin: a regression guard, not a target to tune
// toward. Raise it when the assistant improves; never lower it to make a change pass.
//
// Measured on 3 December 2026 after issue 17: 375/454 (82.6 %); the guard was 80 %.
// Measured again the same day after the development set's seventh to thirteenth batches:
// 413/454 (91.0 %); the guard is 89 %.
const minHeldOutAccuracy = 0.89

// TestHeldOutAccuracyDoesNotRegress runs the real assistant on the held-out test set
// for the seeded fixture patient and fails when the overall answer-content accuracy
// drops below minHeldOutAccuracy. It logs the per-category summary only: no question,
// answer or failed check of the held-out set is ever printed.
func TestHeldOutAccuracyDoesNotRegress(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the assistant on 454 held-out questions")
	}
	ctx := context.Background()
	h, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rep := h.HeldOut(ctx)
	var b strings.Builder
	if err := rep.WriteSummary(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	errs := 0
	for _, o := range rep.Outcomes {
		if o.Err != nil {
			errs++
		}
	}
	if errs > 0 {
		// the count only: an error could quote the case
		t.Errorf("%d held-out cases could not be resolved or answered", errs)
	}
	if acc := rep.Accuracy(); acc < minHeldOutAccuracy {
		t.Errorf("held-out accuracy %.1f %% is below the guard %.1f %%", 100*acc, 100*minHeldOutAccuracy)
	}
}
