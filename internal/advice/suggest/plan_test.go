package suggest_test

import (
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
)

// The plan the page shows meets every constraint, checked independently of the solver,
// for a person with diabetes (glycaemic caps and carbohydrate spread) and without.
func TestPlanPassesCheck(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	foods, err := s.Foods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, diab := range []string{"type2", "none"} {
		u := newPatient(t, d, "plan-"+diab, profile{diabetes: diab, goal: "lose_weight", budget: ptr(int64(150000))})
		now := time.Now()
		res, err := s.Plan(ctx, u, now, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Infeasible != "" || len(res.Plans) != 1 {
			t.Fatalf("%s: no plan: %s", diab, res.Infeasible)
		}
		opts, cons, targets := suggest.PlanInputs(foods, u, now, nil)
		if v := mealplan.Check(res.Plans[0], opts, cons); len(v) > 0 {
			t.Fatalf("%s: the plan breaks %v", diab, v)
		}
		if (diab == "type2") != (cons.MaxGLPerMeal > 0 && targets.CarbSpread) {
			t.Errorf("%s: glycaemic caps %v, carbohydrate spread %v", diab, cons.MaxGLPerMeal, targets.CarbSpread)
		}
		if res.Plans[0].Totals.EnergyKcal < targets.EnergyMin || res.Plans[0].Totals.FibreG < 25 {
			t.Errorf("%s: totals %+v", diab, res.Plans[0].Totals)
		}
		// A cap below the cheapest day names the budget as the binding constraint.
		capped, err := s.Plan(ctx, u, now, 1, ptr(int64(res.CostUGX/2)))
		if err != nil {
			t.Fatal(err)
		}
		if len(capped.Plans) != 0 || capped.Binding != string(mealplan.KindBudget) || capped.Infeasible == "" {
			t.Errorf("%s: under a cap of half the cheapest day: binding %q, %q", diab, capped.Binding, capped.Infeasible)
		}
		t.Logf("%s: %s", diab, capped.Infeasible)
	}
}

func TestWeekPlanPassesCheck(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	foods, _ := s.Foods(ctx)
	u := newPatient(t, d, "week", profile{diabetes: "none", goal: "maintain_weight"})
	now := time.Now()
	res, err := s.Plan(ctx, u, now, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plans) != 7 {
		t.Fatalf("%d days: %s", len(res.Plans), res.Infeasible)
	}
	opts, cons, _ := suggest.PlanInputs(foods, u, now, nil)
	if res.VarietyRelaxed {
		cons.MaxDaysPerFood, cons.MaxServingsPerWeek = 0, 0
	}
	week := mealplan.WeekPlan{Days: res.Plans, CostUGX: res.CostUGX, LowerBoundUGX: res.LowerBoundUGX}
	if v := mealplan.CheckWeek(week, opts, cons); len(v) > 0 {
		t.Fatalf("the week breaks %v", v)
	}
}

// Logging a planned meal adds its foods to the diary in one go, costed at today's price.
func TestLogPlannedMeal(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	u := newPatient(t, d, "logger", profile{diabetes: "none", goal: "maintain_weight"})
	res, err := s.Plan(ctx, u, time.Now(), 1, nil)
	if err != nil || len(res.Plans) == 0 {
		t.Fatalf("%v %s", err, res.Infeasible)
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
