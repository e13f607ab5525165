package suggest_test

import (
	"math"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
)

// Logging a planned meal adds its foods to the diary in one go, costed at today's price.
func TestLogPlannedMeal(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	u := newPatient(t, d, "logger", profile{diabetes: "none", goal: "maintain_weight"})
	res, err := s.Plan(ctx, u, time.Now(), 1, nil)
	if err != nil || len(res.Plans) == 0 {
		t.Fatalf("%v %d plans", err, len(res.Plans))
	}
	meal := res.Plans[0].Meals[1]
	var items []suggest.LogItem
	for _, it := range meal.Items {
		items = append(items, suggest.LogItem{FoodID: res.Foods[it.Key].ID, Grams: it.Grams})
	}
	n, err := s.LogMeal(ctx, u.ID, string(meal.Meal), items, time.Now())
	if err != nil || n != len(items) {
		t.Fatalf("%d %v", n, err)
	}
	sig, _ := d.RecUserSignature(ctx, u.ID)
	if sig.Entries != int64(len(items)) {
		t.Fatalf("%d diary rows, want %d", sig.Entries, len(items))
	}
	// A food that is not in the catalogue makes the whole meal fail: nothing is added.
	bad := append(items, suggest.LogItem{FoodID: 999999, Grams: 100})
	if _, err := s.LogMeal(ctx, u.ID, string(meal.Meal), bad, time.Now()); err == nil {
		t.Fatal("a meal with an unknown food was logged")
	}
	if sig2, _ := d.RecUserSignature(ctx, u.ID); sig2.Entries != sig.Entries {
		t.Fatalf("a failed meal left %d rows", sig2.Entries-sig.Entries)
	}
}

// Unknown stays unknown on the way to the engines: sugars the table does not report
// reach the recommender as not known, and a food without a published GI reaches the
// planner with GL 0 and GIKnown false (no assumed GI).
func TestUnknownSugarsAndGIReachTheEnginesAsUnknown(t *testing.T) {
	price := 2000.0
	f := suggest.Food{Key: "posho", Name: "Posho", Category: "staples", ServingGrams: 200, PricePerKgUGX: &price,
		Per100g: nutrition.Amounts{EnergyKcal: 148, CarbG: 27.3, ProteinG: 3.4, FatG: 1.9, FibreG: 4}}
	if !f.ForRecommend().SugarsUnknown {
		t.Error("unreported sugars reach the recommender as known 0 g")
	}
	o, ok := f.PlanOption()
	if !ok || o.GIKnown || o.GL != 0 {
		t.Fatalf("no GI: option %+v", o)
	}
	gi := 67.0
	f.GI = &gi
	if o, _ := f.PlanOption(); !o.GIKnown || math.Abs(o.GL-67*54.6/100) > 1e-9 {
		t.Errorf("GI 67: GL %v", o.GL)
	}
}
