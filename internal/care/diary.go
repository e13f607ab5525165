package care

import (
	"math"
	"time"
)

// DiaryItem is one logged food with its nutrients per 100 g.
type DiaryItem struct {
	At       time.Time
	Meal     string
	Grams    float64
	CostUGX  *int64
	Per100   Nutrients
	GI       *float64 // glycaemic index, when known
	FoodName string
	// SugarsUnknown: the food table reports no sugars for this food; Per100.SugarsG is 0
	// and is not a figure.
	SugarsUnknown bool
}

// Nutrients are amounts of one portion or of a day.
type Nutrients struct {
	EnergyKcal, CarbG, ProteinG, FatG, FibreG, SugarsG, SodiumMg float64
}

// Totals are the sums of a day (or any set of items).
type Totals struct {
	Nutrients
	GlycaemicLoad float64 // Σ GI × carbohydrate ÷ 100 over items with a known GI
	CostUGX       int64
	Items         int
	ItemsNoGI     int // items whose GI is unknown (not in the load)
	ItemsNoSugars int // items whose sugars are unknown (not in SugarsG)
	ItemsNoPrice  int // items without a cost (not in CostUGX)
}

// Portion scales per-100 g nutrients to the item's grams.
func (d DiaryItem) Portion() Nutrients {
	f := d.Grams / 100
	p := d.Per100
	return Nutrients{p.EnergyKcal * f, p.CarbG * f, p.ProteinG * f, p.FatG * f, p.FibreG * f, p.SugarsG * f, p.SodiumMg * f}
}

// Total sums items. Glycaemic load = GI × available carbohydrate (g) ÷ 100 (docs/CLINICAL.md,
// Food; Atkinson et al., International Tables of Glycemic Index).
func Total(items []DiaryItem) Totals {
	var t Totals
	for _, it := range items {
		p := it.Portion()
		t.EnergyKcal += p.EnergyKcal
		t.CarbG += p.CarbG
		t.ProteinG += p.ProteinG
		t.FatG += p.FatG
		t.FibreG += p.FibreG
		t.SugarsG += p.SugarsG
		t.SodiumMg += p.SodiumMg
		if it.GI != nil {
			t.GlycaemicLoad += *it.GI * p.CarbG / 100
		} else {
			t.ItemsNoGI++
		}
		if it.SugarsUnknown {
			t.ItemsNoSugars++
		}
		if it.CostUGX != nil {
			t.CostUGX += *it.CostUGX
		} else {
			t.ItemsNoPrice++
		}
		t.Items++
	}
	return t
}

// Day is the diary of one local calendar day with its totals.
type Day struct {
	Date   time.Time // local midnight
	Items  []DiaryItem
	Totals Totals
}

// ByDay groups items by local calendar day in loc over [from, to) (from at local midnight),
// including days without items, oldest first.
func ByDay(items []DiaryItem, from, to time.Time, loc *time.Location) []Day {
	var days []Day
	for d := from.In(loc); d.Before(to); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
		days = append(days, Day{Date: d})
	}
	for _, it := range items {
		t := it.At.In(loc)
		for i := range days {
			end := time.Date(days[i].Date.Year(), days[i].Date.Month(), days[i].Date.Day()+1, 0, 0, 0, 0, loc)
			if !t.Before(days[i].Date) && t.Before(end) {
				days[i].Items = append(days[i].Items, it)
				break
			}
		}
	}
	for i := range days {
		days[i].Totals = Total(days[i].Items)
	}
	return days
}

// Average is the mean of the days' totals over the days with at least one item.
func Average(days []Day) (Totals, int) {
	var sum Totals
	n := 0
	for _, d := range days {
		if d.Totals.Items == 0 {
			continue
		}
		n++
		t := d.Totals
		sum.EnergyKcal += t.EnergyKcal
		sum.CarbG += t.CarbG
		sum.ProteinG += t.ProteinG
		sum.FatG += t.FatG
		sum.FibreG += t.FibreG
		sum.SugarsG += t.SugarsG
		sum.SodiumMg += t.SodiumMg
		sum.GlycaemicLoad += t.GlycaemicLoad
		sum.CostUGX += t.CostUGX
		sum.Items += t.Items
		sum.ItemsNoGI += t.ItemsNoGI
		sum.ItemsNoSugars += t.ItemsNoSugars
		sum.ItemsNoPrice += t.ItemsNoPrice
	}
	if n == 0 {
		return Totals{}, 0
	}
	f := float64(n)
	return Totals{Nutrients: Nutrients{sum.EnergyKcal / f, sum.CarbG / f, sum.ProteinG / f, sum.FatG / f,
		sum.FibreG / f, sum.SugarsG / f, sum.SodiumMg / f}, GlycaemicLoad: sum.GlycaemicLoad / f,
		CostUGX: int64(math.Round(float64(sum.CostUGX) / f)), Items: sum.Items,
		ItemsNoGI: sum.ItemsNoGI, ItemsNoSugars: sum.ItemsNoSugars, ItemsNoPrice: sum.ItemsNoPrice}, n
}
