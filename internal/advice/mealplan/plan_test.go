package mealplan

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The foods below are illustrative, with round numbers chosen to make the
// expected answers easy to verify by hand; they are not food-composition
// data.

func TestPlanDayMeetsEveryConstraint(t *testing.T) {
	base := syntheticDay()
	tests := []struct {
		name  string
		foods int
		seed  uint64
		edit  func(*Constraints)
	}{
		{"four meals, 40 foods", 40, 11, nil},
		{"half servings", 40, 12, func(c *Constraints) { c.HalfServings = true }},
		{"absolute carbohydrate per meal", 50, 13, func(c *Constraints) {
			for i := range c.Meals[:3] {
				c.Meals[i].CarbShareMin, c.Meals[i].CarbShareMax = 0, 0
				c.Meals[i].CarbMinG, c.Meals[i].CarbMaxG = 30, 110
			}
		}},
		{"three meals, no snack, per-meal GL override", 40, 14, func(c *Constraints) {
			c.Meals = c.Meals[:3]
			c.Meals[0].EnergyShareMax = 0.35
			c.Meals[0].MaxGL = 25
		}},
		{"sugars in grams and a budget", 60, 15, func(c *Constraints) {
			c.SugarsMaxG, c.SugarsMaxEnergyShare = 45, 0
			c.MaxCostUGX = 20000
		}},
		{"lower energy day", 40, 16, func(c *Constraints) {
			c.EnergyMinKcal, c.EnergyMaxKcal, c.ProteinMinG = 1400, 1600, 45
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.Meals = slices.Clone(base.Meals)
			if tt.edit != nil {
				tt.edit(&c)
			}
			foods := syntheticFoods(tt.foods, tt.seed)
			p, err := PlanDay(foods, c)
			if err != nil {
				t.Fatalf("PlanDay: %v", err)
			}
			if v := Check(p, foods, c); len(v) > 0 {
				t.Fatalf("violations: %v", v)
			}
			if p.LowerBoundUGX > p.Totals.CostUGX+1e-6 {
				t.Errorf("lower bound %.0f above cost %.0f", p.LowerBoundUGX, p.Totals.CostUGX)
			}
			if p.Optimal && p.GapUGX() > 1e-6 {
				t.Errorf("optimal plan with gap %.2f", p.GapUGX())
			}
			if len(p.Meals) != len(c.Meals) {
				t.Errorf("plan has %d meals, want %d", len(p.Meals), len(c.Meals))
			}
		})
	}
}

func TestPlanDayIsDeterministic(t *testing.T) {
	foods := syntheticFoods(80, 21)
	c := syntheticDay()
	first, err := PlanDay(foods, c)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		again, err := PlanDay(foods, c)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("same input gave different plans:\n%+v\n%+v", first, again)
		}
	}
}

func TestNodeLimitReturnsBestPlanAndGap(t *testing.T) {
	foods := syntheticFoods(120, 31)
	c := syntheticDay()
	c.MaxNodes = 3
	p, err := PlanDay(foods, c)
	if err != nil {
		t.Fatalf("PlanDay with 3 nodes: %v", err)
	}
	if p.Optimal || p.Nodes > 3 {
		t.Errorf("Optimal=%v after %d nodes; a 3-node search on 120 foods cannot prove optimality", p.Optimal, p.Nodes)
	}
	if v := Check(p, foods, c); len(v) > 0 {
		t.Errorf("violations: %v", v)
	}
	if !(p.LowerBoundUGX > 0 && p.LowerBoundUGX <= p.Totals.CostUGX) {
		t.Errorf("lower bound %.0f should lie in (0, %.0f]", p.LowerBoundUGX, p.Totals.CostUGX)
	}
	c.MaxNodes = 2000
	better, err := PlanDay(foods, c)
	if err != nil {
		t.Fatal(err)
	}
	if better.Totals.CostUGX > p.Totals.CostUGX+1e-6 || better.LowerBoundUGX < p.LowerBoundUGX-1e-6 {
		t.Errorf("more nodes made it worse: cost %.0f→%.0f, bound %.0f→%.0f",
			p.Totals.CostUGX, better.Totals.CostUGX, p.LowerBoundUGX, better.LowerBoundUGX)
	}
}

// lunchOnly is one meal that may take the whole day's energy.
var lunchOnly = []MealTarget{{Meal: Lunch}}

func TestInfeasibleNamesTheBindingConstraint(t *testing.T) {
	tests := []struct {
		name      string
		foods     []Option
		c         Constraints
		want      ConstraintKind
		conflicts []ConstraintKind
		message   string
		cheapest  float64
	}{
		{
			// Cheapest 2,000 kcal: 3 × A + 1 × B = 1,500 + 500 kcal for
			// 1,290 + 540 UGX. A fourth A is not allowed; 2 × C costs 600.
			name: "budget below the cheapest day",
			foods: []Option{
				{Key: "a", Name: "A", ServingGrams: 100, CostUGX: 430, EnergyKcal: 500, Meals: []MealType{Lunch}, MaxServingsPerMeal: 3},
				{Key: "b", Name: "B", ServingGrams: 100, CostUGX: 540, EnergyKcal: 500, Meals: []MealType{Lunch}, MaxServingsPerMeal: 1},
				{Key: "c", Name: "C", ServingGrams: 100, CostUGX: 300, EnergyKcal: 250, Meals: []MealType{Lunch}, MaxServingsPerMeal: 2},
			},
			c:         Constraints{EnergyMinKcal: 2000, MaxCostUGX: 1500, Meals: lunchOnly},
			want:      KindBudget,
			conflicts: []ConstraintKind{KindEnergyMin, KindBudget},
			message:   "no plan under 1,500 UGX/day reaches 2,000 kcal; the cheapest is 1,830 UGX",
			cheapest:  1830,
		},
		{
			// Every fibre source carries 2 units of GL per gram of fibre, so a
			// meal capped at GL 20 holds at most 10 g fibre: 20 g a day.
			name: "fibre within the glycaemic-load cap",
			foods: []Option{
				{Key: "beans", Name: "Beans", ServingGrams: 100, CostUGX: 600, EnergyKcal: 120, FibreG: 5, GL: 10, Meals: []MealType{Lunch, Dinner}},
				{Key: "matooke", Name: "Matooke", ServingGrams: 100, CostUGX: 400, EnergyKcal: 110, FibreG: 2, GL: 4, Meals: []MealType{Lunch, Dinner}},
				{Key: "egg", Name: "Egg", ServingGrams: 50, CostUGX: 500, EnergyKcal: 75, ProteinG: 6, Meals: []MealType{Lunch, Dinner}},
			},
			c: Constraints{EnergyMinKcal: 600, FibreMinG: 25, MaxGLPerMeal: 20,
				Meals: []MealTarget{{Meal: Lunch}, {Meal: Dinner}}},
			want:      KindFibreMin,
			conflicts: []ConstraintKind{KindMealGL, KindFibreMin},
			message:   "no combination of the foods offered reaches 25 g fibre within the glycaemic-load cap of 20 per meal; without the fibre target the cheapest plan costs 2,400 UGX",
			cheapest:  2400, // 6 matooke: 660 kcal, GL 12 in each meal
		},
		{
			name: "energy within the sodium limit",
			foods: []Option{
				{Key: "chips", Name: "Chips", ServingGrams: 100, CostUGX: 1000, EnergyKcal: 300, SodiumMg: 400, Meals: []MealType{Lunch}},
				{Key: "rolex", Name: "Rolex", ServingGrams: 150, CostUGX: 1500, EnergyKcal: 450, SodiumMg: 700, Meals: []MealType{Lunch}},
			},
			c:         Constraints{EnergyMinKcal: 2000, SodiumMaxMg: 2000, Meals: lunchOnly},
			want:      KindEnergyMin,
			conflicts: []ConstraintKind{KindSodiumMax, KindEnergyMin},
			message:   "no combination of the foods offered reaches 2,000 kcal within the sodium limit of 2,000 mg",
		},
		{
			// Whole 300 kcal servings give 300, 600, … kcal: none lands in
			// 500–550, though 1.7 servings would (only integers fail).
			name: "energy window between whole servings",
			foods: []Option{
				{Key: "posho", Name: "Posho", ServingGrams: 200, CostUGX: 300, EnergyKcal: 300, Meals: []MealType{Lunch}},
			},
			c:         Constraints{EnergyMinKcal: 500, EnergyMaxKcal: 550, Meals: lunchOnly},
			want:      KindEnergyMin,
			conflicts: []ConstraintKind{KindEnergyMax, KindEnergyMin},
			message:   "no combination of the foods offered reaches 500 kcal within the energy maximum of 550 kcal",
		},
		{
			name: "meal no food suits",
			foods: []Option{
				{Key: "posho", Name: "Posho", ServingGrams: 200, CostUGX: 300, EnergyKcal: 300, Meals: []MealType{Lunch}},
			},
			c: Constraints{EnergyMinKcal: 1500, Meals: []MealTarget{
				{Meal: Breakfast, EnergyShareMin: 0.2}, {Meal: Lunch}}},
			want:      KindMealEnergy,
			conflicts: []ConstraintKind{KindMealEnergy, KindEnergyMin},
			message:   "no food offered suits breakfast, which must give at least 20 % of the day's energy",
		},
		{
			name: "servings cap per meal",
			foods: []Option{
				{Key: "posho", Name: "Posho", ServingGrams: 200, CostUGX: 300, EnergyKcal: 300, Meals: []MealType{Lunch}},
				{Key: "beans", Name: "Beans", ServingGrams: 100, CostUGX: 600, EnergyKcal: 120, Meals: []MealType{Lunch}},
			},
			c:         Constraints{EnergyMinKcal: 1500, MaxServingsPerMeal: 2, Meals: lunchOnly},
			want:      KindEnergyMin,
			conflicts: []ConstraintKind{KindServingsMeal, KindEnergyMin},
			message:   "no combination of the foods offered reaches 1,500 kcal within at most 2 servings of a food per meal",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PlanDay(tt.foods, tt.c)
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("want *InfeasibleError, got %v", err)
			}
			if inf.Constraint != tt.want {
				t.Errorf("Constraint = %s, want %s", inf.Constraint, tt.want)
			}
			if !slices.Equal(inf.Conflicts, tt.conflicts) {
				t.Errorf("Conflicts = %v, want %v", inf.Conflicts, tt.conflicts)
			}
			if inf.Message != tt.message {
				t.Errorf("Message =\n  %q\nwant\n  %q", inf.Message, tt.message)
			}
			if inf.CheapestWithout != tt.cheapest {
				t.Errorf("CheapestWithout = %v, want %v", inf.CheapestWithout, tt.cheapest)
			}
		})
	}
}

func TestInvalidInput(t *testing.T) {
	ok := Option{Key: "a", Name: "A", ServingGrams: 100, CostUGX: 100, EnergyKcal: 100, Meals: []MealType{Lunch}}
	tests := []struct {
		name  string
		foods []Option
		c     Constraints
	}{
		{"no meals", []Option{ok}, Constraints{}},
		{"meal twice", []Option{ok}, Constraints{Meals: []MealTarget{{Meal: Lunch}, {Meal: Lunch}}}},
		{"share above one", []Option{ok}, Constraints{Meals: []MealTarget{{Meal: Lunch, EnergyShareMax: 1.5}}}},
		{"negative cost", []Option{{Key: "x", ServingGrams: 1, CostUGX: -1}}, Constraints{Meals: lunchOnly}},
		{"duplicate key", []Option{ok, ok}, Constraints{Meals: lunchOnly}},
		{"zero serving size", []Option{{Key: "x"}}, Constraints{Meals: lunchOnly}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := PlanDay(tt.foods, tt.c); !errors.Is(err, ErrInvalid) {
				t.Errorf("want ErrInvalid, got %v", err)
			}
		})
	}
}

func TestPlanWeekKeepsVarietyRules(t *testing.T) {
	foods := syntheticFoods(60, 41)
	c := syntheticDay()
	c.MaxDaysPerFood = 3
	c.MaxServingsPerWeek = 4
	week, err := PlanWeek(foods, c, 7)
	if err != nil {
		t.Fatalf("PlanWeek: %v", err)
	}
	if len(week.Days) != 7 {
		t.Fatalf("%d days, want 7", len(week.Days))
	}
	if v := CheckWeek(week, foods, c); len(v) > 0 {
		t.Fatalf("violations: %v", v)
	}
	if !(week.LowerBoundUGX > 0 && week.LowerBoundUGX <= week.CostUGX) {
		t.Errorf("lower bound %.0f should lie in (0, %.0f]", week.LowerBoundUGX, week.CostUGX)
	}
	// The rules must have bitten: without them the cheapest day repeats.
	c.MaxDaysPerFood, c.MaxServingsPerWeek = 0, 0
	free, err := PlanWeek(foods, c, 7)
	if err != nil {
		t.Fatal(err)
	}
	if free.CostUGX >= week.CostUGX {
		t.Errorf("variety rules cost nothing (%.0f vs %.0f); test does not exercise them", week.CostUGX, free.CostUGX)
	}
	if !reflect.DeepEqual(free.Days[0], free.Days[6]) {
		t.Errorf("without variety rules every day should be the same cheapest day")
	}
}

func TestPlanWeekNamesVarietyWhenItBinds(t *testing.T) {
	foods := []Option{
		{Key: "posho", Name: "Posho", ServingGrams: 200, CostUGX: 300, EnergyKcal: 300, Meals: []MealType{Lunch}},
		{Key: "rice", Name: "Rice", ServingGrams: 200, CostUGX: 500, EnergyKcal: 300, Meals: []MealType{Lunch}},
	}
	c := Constraints{EnergyMinKcal: 600, Meals: lunchOnly, MaxDaysPerFood: 1}
	week, err := PlanWeek(foods, c, 3)
	var inf *InfeasibleError
	if !errors.As(err, &inf) {
		t.Fatalf("want *InfeasibleError, got %v", err)
	}
	if inf.Constraint != KindVariety || inf.Day != 3 {
		t.Errorf("got %s on day %d, want %s on day 3", inf.Constraint, inf.Day, KindVariety)
	}
	if len(week.Days) != 2 {
		t.Errorf("the two days that could be planned should be returned, got %d", len(week.Days))
	}
	want := "day 3: the variety rules (a food on at most 1 day a week) leave too few foods for day 3; without them the day would cost 600 UGX"
	if inf.Error() != want {
		t.Errorf("Error() =\n  %q\nwant\n  %q", inf.Error(), want)
	}
}

func TestCheckReportsViolations(t *testing.T) {
	foods := []Option{
		{Key: "posho", Name: "Posho", ServingGrams: 200, CostUGX: 300, EnergyKcal: 300, CarbG: 65, GL: 40, SodiumMg: 5, Meals: []MealType{Lunch, Dinner}},
		{Key: "beans", Name: "Beans", ServingGrams: 100, CostUGX: 600, EnergyKcal: 120, ProteinG: 8, FibreG: 6, CarbG: 20, GL: 6, SodiumMg: 300, Meals: []MealType{Lunch, Dinner}},
	}
	c := Constraints{
		EnergyMinKcal: 800, EnergyMaxKcal: 1200, ProteinMinG: 10, FibreMinG: 10, SodiumMaxMg: 1000,
		MaxGLPerMeal: 60, MaxServingsPerMeal: 2, MaxServingsPerDay: 3,
		Meals: []MealTarget{{Meal: Lunch, EnergyShareMin: 0.4}, {Meal: Dinner, EnergyShareMin: 0.3}},
	}
	valid, err := PlanDay(foods, c)
	if err != nil {
		t.Fatal(err)
	}
	if v := Check(valid, foods, c); len(v) > 0 {
		t.Fatalf("solver plan fails Check: %v", v)
	}
	clone := func() Plan {
		p := valid
		p.Meals = slices.Clone(valid.Meals)
		for i := range p.Meals {
			p.Meals[i].Items = slices.Clone(valid.Meals[i].Items)
		}
		return p
	}
	tests := []struct {
		name   string
		tamper func(*Plan)
		want   ConstraintKind
	}{
		{"cost misreported", func(p *Plan) { p.Meals[0].Items[0].CostUGX-- }, KindPlanArithmetic},
		{"day total misreported", func(p *Plan) { p.Totals.EnergyKcal += 50 }, KindPlanArithmetic},
		{"food not offered", func(p *Plan) { p.Meals[0].Items[0].Key = "chapati" }, KindPlanArithmetic},
		{"a meal emptied", func(p *Plan) {
			p.Totals = Totals{}
			p.Meals[1].Items, p.Meals[1].Totals = nil, Totals{}
			p.Totals = p.Meals[0].Totals
		}, KindMealEnergy},
		{"three servings in a meal", func(p *Plan) {
			o := foods[0]
			p.Meals[0].Items = append(p.Meals[0].Items, Item{Key: o.Key, Name: o.Name, Servings: 3, Grams: 600, CostUGX: 900})
			p.Meals[0].Totals.add(o, 3)
			p.Totals.add(o, 3)
		}, KindServingsMeal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := clone()
			tt.tamper(&p)
			v := Check(p, foods, c)
			if !slices.ContainsFunc(v, func(x Violation) bool { return x.Constraint == tt.want }) {
				t.Errorf("want a %s violation, got %v", tt.want, v)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	for in, want := range map[float64]string{
		0: "0", 25: "25", 1500: "1,500", 1830: "1,830", 1234567: "1,234,567",
		12.5: "12.5", 2000.04: "2,000", -1500: "-1,500",
	} {
		if got := formatNumber(in); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestInfeasibleErrorMentionsDay(t *testing.T) {
	e := &InfeasibleError{Message: "no plan", Day: 4}
	if !strings.HasPrefix(e.Error(), "day 4: ") {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestBudgetJustBelowTheCheapestPlan(t *testing.T) {
	foods := syntheticFoods(200, 1)
	c := syntheticDay()
	p, err := PlanDay(foods, c)
	if err != nil {
		t.Fatal(err)
	}
	c.MaxCostUGX = p.Totals.CostUGX - 1
	c.MaxNodes = 20
	_, err = PlanDay(foods, c)
	var inf *InfeasibleError
	if !errors.As(err, &inf) {
		t.Fatalf("want *InfeasibleError, got %v", err)
	}
	if inf.Constraint != KindBudget || inf.CheapestWithout <= c.MaxCostUGX {
		t.Errorf("got %s with cheapest %.0f; want the budget named and a cheapest plan above %.0f",
			inf.Constraint, inf.CheapestWithout, c.MaxCostUGX)
	}
	if inf.SearchLimited != strings.Contains(inf.Message, "search limit") {
		t.Errorf("SearchLimited=%v but message %q", inf.SearchLimited, inf.Message)
	}
}
