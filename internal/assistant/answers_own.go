package assistant

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// ownPeriod is the period an own-data question is about: the one named, the
// one of the previous turn for a follow-up, else def.
func (t *turn) ownPeriod(def TimeRange) Period {
	return t.rangeOr(def).Period(t.now)
}

// myMeals answers "what did I eat yesterday" and "total carbs today" from the diary.
func (t *turn) myMeals() (Reply, error) {
	period := t.ownPeriod(TimeRange{Kind: Today})
	items, err := t.a.data.Diary(t.ctx, period)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("diary", err)
	}
	meal := t.p.Meal
	if meal != "" {
		kept := items[:0:0]
		for _, it := range items {
			if it.Meal == meal {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	what := "anything"
	if meal != "" {
		what = "a " + string(meal)
	}
	if len(items) == 0 {
		return Reply{Text: fmt.Sprintf("You have no diary entries %s: you haven't logged %s then.", period.Label, what),
			Suggestions: []string{"what did I eat yesterday", "I had posho and beans for lunch"}}, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "What you logged %s:", period.Label)
	multiDay := !sameDay(items[0].At, items[len(items)-1].At)
	var total Nutrients
	day, curMeal := "", MealType("")
	for _, it := range items {
		if d := it.At.Format("Monday 2 January"); multiDay && d != day {
			fmt.Fprintf(&b, "\n%s:", d)
			day, curMeal = d, ""
		}
		if it.Meal != curMeal {
			fmt.Fprintf(&b, "\n• %s: ", it.Meal)
			curMeal = it.Meal
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s g)", it.Name, fmtAmount(math.Round(it.Grams)))
		total.EnergyKcal += it.Nutrients.EnergyKcal
		total.CarbsG += it.Nutrients.CarbsG
		total.ProteinG += it.Nutrients.ProteinG
		total.FatG += it.Nutrients.FatG
		total.FibreG += it.Nutrients.FibreG
	}
	fmt.Fprintf(&b, "\nIn total (%d %s): %s kcal, %s g carbohydrate, %s g protein, %s g fat, %s g fibre.",
		len(items), plural("entry", float64(len(items))), fmtAmount(math.Round(total.EnergyKcal)), fmtTotal(total.CarbsG),
		fmtTotal(total.ProteinG), fmtTotal(total.FatG), fmtTotal(total.FibreG))
	if t.p.Nutrient == "sugar" {
		b.WriteString(" Sugars: not known (the food table does not report them).")
	}
	t.grounding = append(t.grounding, b.String())
	return Reply{Text: b.String()}, nil
}

// fmtTotal writes a total or a goal value with at most one decimal: 145.4, 82, 7.9.
func fmtTotal(v float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", math.Round(v*10)/10), ".0")
}

// spendingText reports spending, calling out entries without a price: a period whose
// entries have no price is never "UGX 0".
func spendingText(s Spending, r TimeRange, period Period) string {
	if s.Entries == 0 {
		return fmt.Sprintf("You haven't recorded any food spending %s: no diary entries then.", period.Label)
	}
	priced := s.Entries - s.Unpriced
	var b strings.Builder
	switch {
	case priced == 0:
		fmt.Fprintf(&b, "None of your %d %s %s has a price, so I can't tell what you spent (no price recorded).",
			s.Entries, plural("entry", float64(s.Entries)), period.Label)
		return b.String()
	default:
		fmt.Fprintf(&b, "You spent %s on food %s (%d priced %s).", FormatUGX(s.TotalUGX), period.Label, priced, plural("entry", float64(priced)))
	}
	if s.Unpriced > 0 {
		fmt.Fprintf(&b, " %d of %d entries have no price and are not counted, so you spent more than that.", s.Unpriced, s.Entries)
	}
	if len(s.Top) > 0 {
		var items []string
		for _, it := range s.Top[:min(len(s.Top), 3)] {
			items = append(items, fmt.Sprintf("%s %s", it.Name, FormatUGX(it.UGX)))
		}
		fmt.Fprintf(&b, " Most went on: %s.", strings.Join(items, ", "))
	}
	budget := s.BudgetUGX
	label := "your budget for the period"
	if r.Kind == ThisMonth && s.MonthlyBudgetUGX > 0 {
		budget, label = s.MonthlyBudgetUGX, "your monthly food budget"
	}
	if budget > 0 {
		if s.TotalUGX <= budget {
			fmt.Fprintf(&b, " Of %s of %s, %s is left", label, FormatUGX(budget), FormatUGX(budget-s.TotalUGX))
		} else {
			fmt.Fprintf(&b, " That is %s over %s of %s", FormatUGX(s.TotalUGX-budget), label, FormatUGX(budget))
		}
		if s.Unpriced > 0 {
			b.WriteString(" (not counting the entries without a price)")
		}
		b.WriteString(".")
	}
	return b.String()
}

// glucoseCounts adds the counts of lows and highs and the share of readings in range
// (finger-stick readings: "k of n readings", not time) and the last reading.
func glucoseCounts(rs []GlucoseAt, unit GlucoseUnit) string {
	var low, veryLow, high, veryHigh, in int
	for _, r := range rs {
		switch {
		case r.MgDL < veryLowMgDL:
			veryLow++
			low++
		case r.MgDL < lowMgDL:
			low++
		case r.MgDL > veryHighMgDL:
			veryHigh++
			high++
		case r.MgDL > rangeHighMgDL:
			high++
		default:
			in++
		}
	}
	n := len(rs)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%d of %d readings in range (%.0f%%).", in, n, 100*float64(in)/float64(n))
	fmt.Fprintf(&b, " Lows (below %s): %d %s", FormatGlucose(lowMgDL, unit), low, plural("low", float64(low)))
	fmt.Fprintf(&b, ", of them very low (below %s): %d.", FormatGlucose(veryLowMgDL, unit), veryLow)
	fmt.Fprintf(&b, " Highs (above %s): %d %s", FormatGlucose(rangeHighMgDL, unit), high, plural("high", float64(high)))
	fmt.Fprintf(&b, ", of them very high (above %s): %d.", FormatGlucose(veryHighMgDL, unit), veryHigh)
	return b.String()
}

// lastReading is "Your last reading was 10.9 mmol/L, today at 14:30."
func lastReading(rs []GlucoseAt, unit GlucoseUnit, now time.Time) string {
	if len(rs) == 0 {
		return "You have no glucose readings saved yet."
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].At.Before(rs[j].At) })
	r := rs[len(rs)-1]
	when := r.At.Format("Monday 2 January") + " at " + r.At.Format("15:04")
	if sameDay(r.At, now) {
		when = "today at " + r.At.Format("15:04")
	}
	return fmt.Sprintf("Your last reading was %s, %s.", fmtGlucoseIn(r.Value, unit), when)
}

// goalTypeWords map words of a question to goal types (goals.Type values).
var goalTypeWords = []struct {
	words []string
	types []string
	label string
}{
	{[]string{"hba1c"}, []string{"hba1c"}, "HbA1c"},
	{[]string{"fasting"}, []string{"fasting_glucose"}, "fasting glucose"},
	{[]string{"range", "tir"}, []string{"time_in_range"}, "time in range"},
	{[]string{"weight", "kg", "kilos", "lose", "gain", "slim"}, []string{"lose_weight", "gain_weight", "maintain_weight"}, "weight"},
	{[]string{"carbs"}, []string{"daily_carbs"}, "daily carbohydrate"},
	{[]string{"budget", "spend", "money", "ugx"}, []string{"daily_budget"}, "food budget"},
}

// askedGoalTypes returns the goal types the message names, and their label.
func (t *turn) askedGoalTypes(words map[string]bool) ([]string, string) {
	for _, g := range goalTypeWords {
		for _, w := range g.words {
			if words[w] {
				return g.types, g.label
			}
		}
	}
	return nil, ""
}

func goalLine(g Goal) string {
	status := "not yet on track"
	if g.OnTrack {
		status = "on track"
	}
	line := fmt.Sprintf("%s: now %s %s, target %s %s", g.Name, fmtTotal(g.Current), g.Unit, fmtTotal(g.Target), g.Unit)
	if g.HasProgress {
		line += fmt.Sprintf(", %.0f%% of the way", g.Percent)
	} else {
		line += ", no progress recorded yet"
	}
	return line + " (" + status + ")"
}

// myHealth answers with the latest HbA1c or weight and the change since the one before.
func (t *turn) myHealth() (Reply, error) {
	h, err := t.a.data.Health(t.ctx)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("health", err)
	}
	var lines []string
	if t.p.words["hba1c"] {
		lines = append(lines, datedLine("HbA1c", "%", h.HbA1c))
	}
	if t.p.words["weight"] || len(lines) == 0 {
		lines = append(lines, datedLine("weight", "kg", h.Weight))
	}
	text := strings.Join(lines, "\n")
	t.grounding = append(t.grounding, text)
	return Reply{Text: text, Suggestions: []string{"how is my weight goal going", "my average sugar this month"}}, nil
}

// datedLine is "Your latest HbA1c is 7.9 % (10 November 2026); before that 8.6 % (…)".
func datedLine(what, unit string, vs []Dated) string {
	if len(vs) == 0 {
		return fmt.Sprintf("You have no %s recorded yet, so I don't know it: add it on the records page.", what)
	}
	s := fmt.Sprintf("Your latest %s is %s %s (%s).", what, fmtTotal(vs[0].Value), unit, vs[0].At.Format("2 January 2006"))
	if len(vs) > 1 {
		d := vs[0].Value - vs[1].Value
		change := "no change"
		if math.Abs(d) >= 0.05 {
			change = fmt.Sprintf("%+.1f %s", d, unit)
		}
		s += fmt.Sprintf(" Before that: %s %s (%s), %s.", fmtTotal(vs[1].Value), unit, vs[1].At.Format("2 January 2006"), change)
	}
	return s
}

// mealSpending totals one meal's diary entries in the period ("what did my lunch cost
// yesterday"): what the priced entries cost, and how many have no price. A meal has no
// budget of its own.
func (t *turn) mealSpending(period Period) (Spending, error) {
	items, err := t.a.data.Diary(t.ctx, period)
	if err != nil {
		return Spending{}, err
	}
	var s Spending
	byFood := map[string]int{}
	var order []string
	for _, it := range items {
		if it.Meal != t.p.Meal {
			continue
		}
		s.Entries++
		if it.CostUGX == nil {
			s.Unpriced++
			continue
		}
		s.TotalUGX += *it.CostUGX
		if _, seen := byFood[it.Name]; !seen {
			order = append(order, it.Name)
		}
		byFood[it.Name] += *it.CostUGX
	}
	for _, name := range order {
		s.Top = append(s.Top, SpendItem{Name: name, UGX: byFood[name]})
	}
	sort.SliceStable(s.Top, func(i, j int) bool { return s.Top[i].UGX > s.Top[j].UGX })
	return s, nil
}
