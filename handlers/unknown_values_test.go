package handlers

import (
	"testing"

	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
)

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

// Glycaemic load is shown over the foods with a published GI, with the share of
// carbohydrate it covers; never as if the rest had GI 0 or an assumed GI.
func TestGLTextShowsCoverage(t *testing.T) {
	for _, tc := range []struct {
		t    mealplan.Totals
		want string
	}{
		{mealplan.Totals{CarbG: 100, GLCarbG: 100, GL: 60}, "GL 60"},
		{mealplan.Totals{CarbG: 100, GLCarbG: 80, GL: 23}, "GL 23 over 80 % of carbohydrate"},
		{mealplan.Totals{CarbG: 100}, "GL not known (no food here has a published GI)"},
		{mealplan.Totals{}, "GL 0"},
	} {
		if got := GLText(tc.t); got != tc.want {
			t.Errorf("GLText(%+v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}
