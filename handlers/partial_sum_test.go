package handlers

import "testing"

// A dietitian's diary table never shows a silent 0 for sugars, GL or cost that are not known.
func TestPartialSumSaysWhatIsNotKnown(t *testing.T) {
	for _, c := range []struct {
		unknown, items int
		want           string
	}{
		{0, 3, "12"}, {1, 3, "≥ 12"}, {3, 3, "not known"}, {0, 0, "12"},
	} {
		if got := partialSum("12", c.unknown, c.items); got != c.want {
			t.Errorf("partialSum(12, %d unknown of %d) = %q, want %q", c.unknown, c.items, got, c.want)
		}
	}
}
