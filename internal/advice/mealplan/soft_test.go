package mealplan

import (
	"errors"
	"slices"
	"testing"
)

// A small Ugandan day: posho, beans in two forms, greens, fish, oil, orange.
func softFoods() []Option {
	lunchDinner := []MealType{Lunch, Dinner}
	return []Option{
		{Key: "posho", Name: "Posho", ServingGrams: 200, CostUGX: 180, EnergyKcal: 296, ProteinG: 6.8, CarbG: 54.6, FibreG: 8, FatG: 3.8, GL: 36.6, GIKnown: true, Group: GroupStarch, Family: "maize", Meals: []MealType{Breakfast, Lunch, Dinner}},
		{Key: "porridge", Name: "Maize porridge", ServingGrams: 250, CostUGX: 70, EnergyKcal: 130, ProteinG: 3.8, CarbG: 21, FibreG: 2.8, FatG: 2.8, Group: GroupStarch, Family: "maize", Meals: []MealType{Breakfast}},
		{Key: "beans", Name: "Beans, boiled", ServingGrams: 177, CostUGX: 244, EnergyKcal: 207, ProteinG: 14, CarbG: 27.4, FibreG: 14.3, FatG: 1.4, Group: GroupProtein, Family: "beans", Meals: lunchDinner},
		{Key: "bean-stew", Name: "Bean stew", ServingGrams: 200, CostUGX: 300, EnergyKcal: 250, ProteinG: 12, CarbG: 25, FibreG: 10, FatG: 8, Group: GroupProtein, Family: "beans", Meals: lunchDinner},
		{Key: "greens", Name: "Greens", ServingGrams: 100, CostUGX: 230, EnergyKcal: 40, ProteinG: 3.5, CarbG: 2, FibreG: 4.5, FatG: 0.4, Group: GroupVegetable, Meals: lunchDinner},
		{Key: "fish", Name: "Fish stew", ServingGrams: 100, CostUGX: 1000, EnergyKcal: 152, ProteinG: 27, FatG: 4.8, Group: GroupProtein, AnimalSource: true, Meals: lunchDinner},
		{Key: "oil", Name: "Oil", ServingGrams: 13.6, CostUGX: 90, EnergyKcal: 120, FatG: 13.6, Group: GroupFat, Meals: lunchDinner, MaxServingsPerMeal: 2},
		{Key: "orange", Name: "Orange", ServingGrams: 130, CostUGX: 300, EnergyKcal: 61, ProteinG: 1.2, CarbG: 12, FibreG: 3, FatG: 0.2, Group: GroupFruit, Meals: []MealType{Breakfast, Snack}},
	}
}

func softDay() Constraints {
	return Constraints{
		EnergyMinKcal: 1800, EnergyMaxKcal: 2200, ProteinMinG: 55, ProteinGoalG: 75, AnimalSourceMinG: 100,
		FibreMinG: 25, FibreMaxG: 50, FatMinEnergyShare: 0.20, FatMaxEnergyShare: 0.35,
		VegetablesMinG: 240, FruitMinG: 160, Plate: DefaultPlate, MaxServingsPerMeal: 2, MaxServingsPerDay: 3,
		Soft: true, MaxNodes: 20000,
		Meals: []MealTarget{
			{Meal: Breakfast, EnergyShareMin: 0.2, EnergyShareMax: 0.3},
			{Meal: Lunch, EnergyShareMin: 0.3, EnergyShareMax: 0.4, Plate: true},
			{Meal: Dinner, EnergyShareMin: 0.25, EnergyShareMax: 0.35, Plate: true},
			{Meal: Snack, EnergyShareMax: 0.15},
		},
	}
}

// A budget no plan can meet still gives a day to eat: the plan says the budget was
// exceeded and by how much, and the energy minimum (ranked above the budget) holds.
// The same rules as hard rules give no plan at all.
func TestSoftPlanAlwaysComesBack(t *testing.T) {
	c := softDay()
	c.MaxCostUGX = 500
	p, err := PlanDay(softFoods(), c)
	if err != nil {
		t.Fatal(err)
	}
	if p.Totals.EnergyKcal < c.EnergyMinKcal-1 {
		t.Errorf("energy %.0f kcal below the minimum", p.Totals.EnergyKcal)
	}
	if !slices.ContainsFunc(p.Relaxed, func(v Violation) bool { return v.Constraint == KindBudget }) {
		t.Errorf("over the budget (%.0f UGX) without saying so: %+v", p.Totals.CostUGX, p.Relaxed)
	}
	for _, v := range Check(p, softFoods(), c) {
		if !slices.ContainsFunc(p.Relaxed, func(r Violation) bool { return r.Constraint == v.Constraint }) {
			t.Errorf("misses %s without saying so", v.Message)
		}
	}
	// GL covers only the foods with a published GI, and says how much carbohydrate.
	var glCarb, carb float64
	byKey := map[string]Option{}
	for _, o := range softFoods() {
		byKey[o.Key] = o
	}
	for _, m := range p.Meals {
		for _, it := range m.Items {
			carb += byKey[it.Key].CarbG * it.Servings
			if byKey[it.Key].GIKnown {
				glCarb += byKey[it.Key].CarbG * it.Servings
			}
		}
	}
	if !near(p.Totals.GLCarbG, glCarb) || (carb > 0 && !near(p.Totals.GLCoverage(), glCarb/carb)) {
		t.Errorf("GL covers %.1f g of %.1f g carbohydrate, totals say %.1f g", glCarb, carb, p.Totals.GLCarbG)
	}
	hard := c
	hard.Soft = false
	var inf *InfeasibleError
	if _, err := PlanDay(softFoods(), hard); !errors.As(err, &inf) {
		t.Errorf("the same rules as hard rules: %v, want infeasible", err)
	}
}

// A higher budget buys quality: the objective (cost plus the price of every miss)
// never rises with the budget, the misses' share of it falls, and here the fish
// (animal-source goal) comes in once the budget allows. One form of a food a day,
// whole servings.
func TestHigherBudgetBuysQuality(t *testing.T) {
	var prev, first Plan
	defer func() {
		if first.Totals.AnimalSourceG != 0 {
			t.Errorf("at 1,200 UGX the plan buys %.0f g of fish", first.Totals.AnimalSourceG)
		}
	}()
	for i, budget := range []float64{1200, 2500, 5000, 0} {
		c := softDay()
		c.MaxCostUGX = budget
		p, err := PlanDay(softFoods(), c)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Optimal {
			t.Fatalf("budget %v: not proven optimal (gap %.0f)", budget, p.GapUGX())
		}
		if budget > 0 && p.Totals.CostUGX > budget+1e-6 && i > 0 {
			t.Errorf("budget %v: costs %.0f", budget, p.Totals.CostUGX)
		}
		misses := p.Objective - p.Totals.CostUGX
		if i > 0 && (p.Objective > prev.Objective+1e-6 || misses > prev.Objective-prev.Totals.CostUGX+1e-6) {
			t.Errorf("budget %v: objective %.0f (misses %.0f), below budget %.0f (misses %.0f)",
				budget, p.Objective, misses, prev.Objective, prev.Objective-prev.Totals.CostUGX)
		}
		forms := map[string]bool{}
		for _, m := range p.Meals {
			for _, it := range m.Items {
				forms[it.Key] = true
				if it.Servings != float64(int(it.Servings)) {
					t.Errorf("%v servings of %s", it.Servings, it.Key)
				}
			}
		}
		if (forms["posho"] && forms["porridge"]) || (forms["beans"] && forms["bean-stew"]) {
			t.Errorf("budget %v: a food in two forms: %v", budget, forms)
		}
		t.Logf("budget %v: %.0f UGX, protein %.0f g, animal %.0f g, misses %d", budget, p.Totals.CostUGX, p.Totals.ProteinG, p.Totals.AnimalSourceG, len(p.Relaxed))
		if i == 0 {
			first = p
		}
		prev = p
	}
	if prev.Totals.AnimalSourceG < 100 {
		t.Errorf("with no budget: %.0f g of fish", prev.Totals.AnimalSourceG)
	}
}
