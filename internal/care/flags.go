package care

import (
	"math"
	"strconv"
	"time"

	"github.com/zoe-nutritech/zoe/internal/money"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Flag codes raised by this package (the glucose codes come from package glucose).
const (
	FlagWeightChange = "weight_change"
	FlagOverBudget   = "over_budget"
)

// WeightChangeKg is the change in weight over WeightWindowDays that raises a flag. It is
// the app's fixed, explainable rule (issue 8: "weight change over 2 kg"); for scale,
// unintended loss of more than 5 % of body weight within a month is a malnutrition
// criterion (GLIM, Cederholm et al., Clin Nutr 2019;38:1–9), which for a 40–60 kg adult is
// 2–3 kg.
const WeightChangeKg = 2.0

// WeightWindowDays is the period the weight rule looks at.
const WeightWindowDays = 28

// WeightPoint is one weigh-in.
type WeightPoint struct {
	At time.Time
	Kg float64
}

// WeightChange compares the latest weigh-in with the earliest one in the WeightWindowDays
// days up to now and flags a change of more than WeightChangeKg either way. Points may come
// in any order; points outside the window are ignored.
func WeightChange(points []WeightPoint, now time.Time) (glucose.Flag, bool) {
	from := now.Add(-WeightWindowDays * 24 * time.Hour)
	var first, last WeightPoint
	n := 0
	for _, p := range points {
		if p.At.Before(from) || p.At.After(now) {
			continue
		}
		if n == 0 || p.At.Before(first.At) {
			first = p
		}
		if n == 0 || !p.At.Before(last.At) {
			last = p
		}
		n++
	}
	if n < 2 {
		return glucose.Flag{}, false
	}
	// Compare at the 0.1 kg resolution scales show.
	delta := math.Round(last.Kg*10)/10 - math.Round(first.Kg*10)/10
	if math.Abs(delta) <= WeightChangeKg+1e-9 {
		return glucose.Flag{}, false
	}
	dir := "up"
	label := "Weight gain"
	if delta < 0 {
		dir, label = "down", "Weight loss"
	}
	loc := now.Location()
	return glucose.Flag{Code: FlagWeightChange, Label: label, Severity: glucose.SeverityWarning,
		Detail: "Weight " + kg(last.Kg) + " on " + last.At.In(loc).Format("2 Jan") + ", " + dir + " " +
			kg(math.Abs(delta)) + " from " + kg(first.Kg) + " on " + first.At.In(loc).Format("2 Jan") +
			" (flagged above " + kg(WeightChangeKg) + " in " + strconv.Itoa(WeightWindowDays) + " days)"}, true
}

func kg(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + " kg" }

// BudgetFor is a monthly budget pro rata over [from, to): each calendar day (in from's
// zone) counts for monthly ÷ the number of days of its month, the daily budget of the
// tracking feature (issue 4). Rounded to whole UGX.
func BudgetFor(monthlyUGX int64, from, to time.Time) int64 {
	loc := from.Location()
	var total float64
	for d := from; d.Before(to); {
		y, m, _ := d.In(loc).Date()
		days := time.Date(y, m+1, 0, 0, 0, 0, 0, loc).Day()
		total += float64(monthlyUGX) / float64(days)
		next := d.AddDate(0, 0, 1)
		d = time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, loc)
	}
	return int64(math.Round(total))
}

// OverBudget flags food spending above the budget for the period. With no budget set or
// nothing logged there is nothing to compare.
func OverBudget(spentUGX int64, monthlyUGX *int64, from, to time.Time) (glucose.Flag, bool) {
	if monthlyUGX == nil || *monthlyUGX <= 0 || spentUGX <= 0 {
		return glucose.Flag{}, false
	}
	budget := BudgetFor(*monthlyUGX, from, to)
	if spentUGX <= budget {
		return glucose.Flag{}, false
	}
	days := int(math.Round(to.Sub(from).Hours() / 24))
	pct := float64(spentUGX-budget) * 100 / float64(budget)
	return glucose.Flag{Code: FlagOverBudget, Label: "Over food budget", Severity: glucose.SeverityInfo,
		Detail: "Spent " + money.UGX(spentUGX) + " on food in " + strconv.Itoa(days) + " days, " +
			strconv.FormatFloat(math.Round(pct), 'f', 0, 64) + " % over the " + money.UGX(budget) +
			" budget for the period (" + money.UGX(*monthlyUGX) + " a month)"}, true
}
