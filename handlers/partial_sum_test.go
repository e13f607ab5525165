package handlers

import (
	"testing"

	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
)

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

// Below the sugars limit is not known while some foods of the day lack a sugars figure.
func TestSugarsTargetWithUnknownFoods(t *testing.T) {
	cs := nutrition.Compare(nutrition.DayTotals{Amounts: nutrition.Amounts{SugarsG: 10}, Items: 3, SugarsUnknown: 1}, nutrition.Targets{SugarsMaxG: 40})
	rows := targetRows(cs)
	for _, r := range rows {
		if r.Label == "Sugars" && (r.Value != "≥ 10 g" || r.Status != "unknown") {
			t.Errorf("sugars row %+v", r)
		}
	}
	rows = targetRows(nutrition.Compare(nutrition.DayTotals{Amounts: nutrition.Amounts{SugarsG: 50}, Items: 3, SugarsUnknown: 1}, nutrition.Targets{SugarsMaxG: 40}))
	for _, r := range rows {
		if r.Label == "Sugars" && r.Status != "over" {
			t.Errorf("a minimum over the limit is over: %+v", r)
		}
	}
}
