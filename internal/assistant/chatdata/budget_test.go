package chatdata

import (
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

func gi(v float64) *float64 { return &v }

var market = []PricedFood{
	{Key: "maize-flour", Name: "Maize flour, sifted", Category: "staples", ServingG: 100, PriceUGXPerKg: 2000},
	{Key: "cassava-raw", Name: "Cassava, fresh, raw", Category: "staples", ServingG: 100, PriceUGXPerKg: 700},
	{Key: "beans-dry-raw", Name: "Beans, dry (kidney/red), raw", Category: "legumes_nuts", ServingG: 100, PriceUGXPerKg: 3600},
	{Key: "mukene", Name: "Silver fish, dried", Category: "fish", ServingG: 100, PriceUGXPerKg: 20000, DiabetesFriendly: true},
	{Key: "dodo-raw", Name: "Amaranth leaves, raw", Category: "vegetables", ServingG: 100, PriceUGXPerKg: 2300, DiabetesFriendly: true, GI: gi(30)},
	{Key: "salt", Name: "Salt", Category: "other", ServingG: 6, PriceUGXPerKg: 1700},
	{Key: "oil", Name: "Oil", Category: "oils_fats", ServingG: 13, PriceUGXPerKg: 7500},
}

func TestComposeMeals(t *testing.T) {
	opts := ComposeMeals(market, 1000, false, 3)
	if len(opts) == 0 {
		t.Fatal("no meal within UGX 1,000")
	}
	first := opts[0]
	// cheapest full plate: cassava 70 + beans 360 + dodo 230 = 660
	if first.Title != "Cassava + Beans + Amaranth leaves" || first.CostUGX != 660 {
		t.Errorf("first option = %+v", first)
	}
	seen := map[string]bool{}
	for _, o := range opts {
		if o.CostUGX > 1000 {
			t.Errorf("%s costs %d, over the budget", o.Title, o.CostUGX)
		}
		if seen[o.Title] {
			t.Errorf("option %q twice", o.Title)
		}
		seen[o.Title] = true
		for _, f := range o.Foods {
			if f == "Salt, 6 g" || f == "Oil, 13 g" {
				t.Errorf("%s offered as a meal", f)
			}
		}
	}
	// too little money for a plate: single foods, never over the budget
	for _, o := range ComposeMeals(market, 100, false, 3) {
		if o.CostUGX > 100 || len(o.Foods) != 1 {
			t.Errorf("UGX 100: %+v", o)
		}
	}
	if got := ComposeMeals(market, 10, false, 3); len(got) != 0 {
		t.Errorf("UGX 10 bought %+v", got)
	}
	// with diabetes, plates with more diabetes-friendly foods come first
	d := ComposeMeals(market, 3000, true, 1)
	if len(d) != 1 || d[0].Title != "Cassava + Silver fish + Amaranth leaves" {
		t.Errorf("diabetes option = %+v", d)
	}
}

func TestPeriodBudget(t *testing.T) {
	loc := time.FixedZone("EAT", 3*3600)
	from := time.Date(2025, 6, 1, 0, 0, 0, 0, loc) // June: 30 days
	if got := PeriodBudget(300000, from, from.AddDate(0, 0, 1), loc); got != 10000 {
		t.Errorf("one day = %d, want 10000", got)
	}
	if got := PeriodBudget(300000, from, from.AddDate(0, 0, 7), loc); got != 70000 {
		t.Errorf("one week = %d, want 70000", got)
	}
}

func TestOnTrack(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	due := start.AddDate(0, 0, 100)
	g := goals.Goal{Type: goals.LoseWeight, Start: 90, Target: 80, TargetDate: &due}
	mid := start.AddDate(0, 0, 50)
	if !OnTrack(g, 85, start, mid) { // half the time, half the way
		t.Error("half-way at half time should be on track")
	}
	if OnTrack(g, 88, start, mid) {
		t.Error("a fifth of the way at half time is not on track")
	}
	noDate := goals.Goal{Type: goals.LoseWeight, Start: 90, Target: 80}
	if !OnTrack(noDate, 89, start, mid) || OnTrack(noDate, 91, start, mid) {
		t.Error("without a date: on track when moving toward the target")
	}
	if !OnTrack(noDate, 79, start, mid) {
		t.Error("reached is on track")
	}
}

func TestEntryAmounts(t *testing.T) {
	beans := db.ChatFoodBySlugRow{ID: 1, Name: "Beans, dry, boiled", Measures: `[{"label":"1 cup","grams":177}]`, ServingGrams: 177}
	e := Entry(assistant.LogItem{FoodKey: "beans-boiled", Grams: 354, Measure: "cup", MeasureCount: 2}, beans)
	if e.Grams != 354 || e.MeasureLabel != "1 cup" || e.Quantity != 2 || e.Note != "" {
		t.Errorf("2 cups = %+v", e)
	}
	posho := db.ChatFoodBySlugRow{ID: 2, Name: "Posho", Measures: `[]`, ServingGrams: 100}
	e = Entry(assistant.LogItem{FoodKey: "posho"}, posho)
	if e.Grams != 100 || e.MeasureLabel != "" || e.Quantity != 1 || e.Note == "" {
		t.Errorf("no amount = %+v", e)
	}
	e = Entry(assistant.LogItem{FoodKey: "posho", Grams: 90000}, posho)
	if e.Grams != 5000 {
		t.Errorf("90 kg kept as %v g", e.Grams)
	}
}
