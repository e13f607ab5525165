package handlers

import "testing"

// Spending with unpriced diary entries names them instead of counting them as free.
func TestSpentTextNamesUnpricedItems(t *testing.T) {
	for _, tc := range []struct {
		spent    int64
		unpriced int
		want     string
	}{
		{1200, 0, "UGX 1,200 spent"},
		{0, 0, "UGX 0 spent"},
		{0, 2, "spending not known: 2 items not priced"},
		{1200, 1, "UGX 1,200 spent on priced items; 1 item not priced"},
	} {
		if got := SpentText(tc.spent, tc.unpriced); got != tc.want {
			t.Errorf("SpentText(%d, %d) = %q, want %q", tc.spent, tc.unpriced, got, tc.want)
		}
	}
}
