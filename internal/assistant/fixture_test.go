package assistant

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

// testLexicon loads the fixed test lexicon of common Ugandan foods.
func testLexicon(t testing.TB) *MemoryLexicon {
	t.Helper()
	lex, err := loadTestLexicon()
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

// loadTestLexicon reads the file once; a MemoryLexicon is read-only.
var loadTestLexicon = sync.OnceValues(func() (*MemoryLexicon, error) {
	f, err := os.Open("testdata/lexicon.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return LoadLexiconJSON(f)
})

// fixtureFoods are test values. Rice and beans follow USDA FoodData Central
// (SR Legacy: rice, white, long-grain, cooked; rice, brown, cooked; kidney
// beans, boiled) and GIs follow the International Tables (Atkinson et al.
// 2008: white rice boiled 73, brown rice 68, kidney beans 24); the other
// foods are illustrative fixtures, not reference data.
var fixtureFoods = map[string]FoodFacts{
	"matooke": {Key: "matooke", Name: "Matooke", LocalName: "plantain",
		Per100g:  Nutrients{EnergyKcal: 116, CarbsG: 31.2, ProteinG: 0.8, FatG: 0.2, FibreG: 2.3},
		GI:       74,
		Measures: []Measure{{Unit: "finger", Grams: 100, Label: "1 finger"}}, PriceUGXPerKg: 1200},
	"posho": {Key: "posho", Name: "Posho", LocalName: "kawunga",
		Per100g:  Nutrients{EnergyKcal: 110, CarbsG: 23, ProteinG: 2.5, FatG: 0.6, FibreG: 1.5},
		GI:       71,
		Measures: []Measure{{Unit: "plate", Grams: 300}}, PriceUGXPerKg: 2500},
	"rice_white": {Key: "rice_white", Name: "White rice",
		Per100g:  Nutrients{EnergyKcal: 130, CarbsG: 28.2, ProteinG: 2.7, FatG: 0.3, FibreG: 0.4},
		GI:       73,
		Measures: []Measure{{Unit: "cup", Grams: 158}, {Unit: "plate", Grams: 250}}, PriceUGXPerKg: 4500},
	"rice_brown": {Key: "rice_brown", Name: "Brown rice",
		Per100g:  Nutrients{EnergyKcal: 112, CarbsG: 23.5, ProteinG: 2.3, FatG: 0.8, FibreG: 1.8},
		GI:       68,
		Measures: []Measure{{Unit: "cup", Grams: 195}}, PriceUGXPerKg: 7000},
	"beans": {Key: "beans", Name: "Beans", LocalName: "bijanjaalo",
		Per100g:  Nutrients{EnergyKcal: 127, CarbsG: 22.8, ProteinG: 8.7, FatG: 0.5, FibreG: 6.4},
		GI:       24,
		Measures: []Measure{{Unit: "cup", Grams: 177}}, PriceUGXPerKg: 4000},
	"cassava": {Key: "cassava", Name: "Cassava", LocalName: "muwogo",
		Per100g:  Nutrients{EnergyKcal: 160, CarbsG: 36, ProteinG: 1.4, FatG: 0.3, FibreG: 1.8},
		GI:       46,
		Measures: []Measure{{Unit: "piece", Grams: 150}}, PriceUGXPerKg: 1000},
	"amaranth_leaves": {Key: "amaranth_leaves", Name: "Amaranth leaves", LocalName: "dodo",
		Per100g: Nutrients{EnergyKcal: 21, CarbsG: 4, ProteinG: 2.1, FatG: 0.2, FibreG: 2.2}},
	"beef": {Key: "beef", Name: "Beef",
		Per100g:       Nutrients{EnergyKcal: 250, ProteinG: 26, FatG: 15},
		PriceUGXPerKg: 16000},
	// sugars are not reported for any food here (SugarsKnown false), as in the real table
	"mango": {Key: "mango", Name: "Mango, ripe", LocalName: "muyembe",
		Per100g: Nutrients{EnergyKcal: 64, CarbsG: 14, ProteinG: 0.6, FatG: 0.3, FibreG: 1.6, VitaminCMg: 36, PotassiumMg: 168}, GI: 51},
	"chapati": {Key: "chapati", Name: "Chapati",
		Per100g: Nutrients{EnergyKcal: 300, CarbsG: 46, ProteinG: 7.9, FatG: 9.2, FibreG: 2.4}, GI: 66},
	"sugar": {Key: "sugar", Name: "Sugar", LocalName: "ssukaali", Per100g: Nutrients{EnergyKcal: 400, CarbsG: 99.8, SugarsG: 99.8, SugarsKnown: true},
		Measures: []Measure{{Unit: "teaspoon", Grams: 4.2}}},
	"egg": {Key: "egg", Name: "Egg",
		Per100g:  Nutrients{EnergyKcal: 143, CarbsG: 0.7, ProteinG: 12.6, FatG: 9.5},
		Measures: []Measure{{Unit: "piece", Grams: 50}}},
}

// fakeData is an in-memory Data that records what it was asked.
type fakeData struct {
	mu        sync.Mutex
	unit      GlucoseUnit
	stats     GlucoseStats
	spend     Spending
	goals     GoalProgress
	failWith  error // returned by every food call when set
	budgets   []int
	meals     []MealType
	periods   []Period
	unitCalls int
	diary     []DiaryItem
	readings  []GlucoseAt
	catalogue []CatalogFood
	health    Health
}

// within keeps the records whose time falls in the period.
func within[T any](xs []T, at func(T) time.Time, p Period) []T {
	var out []T
	for _, x := range xs {
		if t := at(x); !t.Before(p.From) && t.Before(p.To) {
			out = append(out, x)
		}
	}
	return out
}

func (d *fakeData) Diary(_ context.Context, p Period) ([]DiaryItem, error) {
	return within(d.diary, func(e DiaryItem) time.Time { return e.At }, p), nil
}

func (d *fakeData) Readings(_ context.Context, p Period) ([]GlucoseAt, error) {
	return within(d.readings, func(r GlucoseAt) time.Time { return r.At }, p), nil
}

func (d *fakeData) Catalogue(context.Context) ([]CatalogFood, error) { return d.catalogue, nil }

func (d *fakeData) Health(context.Context) (Health, error) { return d.health, nil }

func newFakeData() *fakeData {
	return &fakeData{
		unit:  MmolPerL,
		stats: GlucoseStats{Unit: MmolPerL, Count: 21, Mean: 7.4, Min: 4.1, Max: 12.3, PctInRange: 76.2, PctBelow: 0, PctAbove: 23.8},
		spend: Spending{TotalUGX: 4500, Entries: 3, Top: []SpendItem{{Name: "Matooke", UGX: 2000}}},
		goals: GoalProgress{Goals: []Goal{
			{Name: "Calories today", Current: 1450, Target: 1800, Unit: "kcal", OnTrack: true},
			{Name: "Readings in range this week", Current: 62, Target: 70, Unit: "%", OnTrack: false},
		}},
	}
}

func (d *fakeData) FoodFacts(_ context.Context, key string) (FoodFacts, error) {
	if d.failWith != nil {
		return FoodFacts{}, d.failWith
	}
	f, ok := fixtureFoods[key]
	if !ok {
		return FoodFacts{}, ErrNotFound
	}
	return f, nil
}

func (d *fakeData) CheaperAlternatives(_ context.Context, key string, limit int) ([]Alternative, error) {
	if d.failWith != nil {
		return nil, d.failWith
	}
	if key != "beef" {
		return nil, nil
	}
	alts := []Alternative{
		{Key: "beans", Name: "Beans", PriceUGXPerKg: 4000, Note: "good protein and fibre"},
		{Key: "silverfish", Name: "Silverfish (mukene)", PriceUGXPerKg: 8000},
	}
	return alts[:min(limit, len(alts))], nil
}

func (d *fakeData) FoodsWithinBudget(_ context.Context, budget int, meal MealType, limit int) ([]BudgetOption, error) {
	d.mu.Lock()
	d.budgets = append(d.budgets, budget)
	d.meals = append(d.meals, meal)
	d.mu.Unlock()
	if budget < 1000 {
		return nil, nil
	}
	opts := []BudgetOption{
		{Title: "Posho, beans and dodo", Foods: []string{"Posho", "Beans", "Dodo"}, CostUGX: 2300, Note: "beans lower the GI of the meal"},
		{Title: "Matooke and groundnut sauce", Foods: []string{"Matooke", "Groundnut sauce"}, CostUGX: 2800},
	}
	var out []BudgetOption
	for _, o := range opts {
		if o.CostUGX <= budget && len(out) < limit {
			out = append(out, o)
		}
	}
	return out, nil
}

func (d *fakeData) GlucoseStats(_ context.Context, p Period) (GlucoseStats, error) {
	d.mu.Lock()
	d.periods = append(d.periods, p)
	d.mu.Unlock()
	s := d.stats
	if d.unit == MgPerDL && s.Unit == MmolPerL {
		s.Unit, s.Mean, s.Min, s.Max = MgPerDL, s.Mean*MgDLPerMmolL, s.Min*MgDLPerMmolL, s.Max*MgDLPerMmolL
	}
	return s, nil
}

func (d *fakeData) Spending(_ context.Context, p Period) (Spending, error) {
	d.mu.Lock()
	d.periods = append(d.periods, p)
	d.mu.Unlock()
	return d.spend, nil
}

func (d *fakeData) GoalProgress(context.Context) (GoalProgress, error) { return d.goals, nil }

func (d *fakeData) GlucoseUnit(context.Context) (GlucoseUnit, error) {
	d.mu.Lock()
	d.unitCalls++
	d.mu.Unlock()
	return d.unit, nil
}

// fixedNow is Wednesday 25 November 2026, 14:30 in Kampala.
var fixedNow = time.Date(2026, 11, 25, 14, 30, 0, 0, time.FixedZone("EAT", 3*60*60))

func newTestAssistant(t testing.TB, d Data, opts ...Option) *Assistant {
	t.Helper()
	opts = append([]Option{WithClock(func() time.Time { return fixedNow })}, opts...)
	return New(testLexicon(t), d, opts...)
}
