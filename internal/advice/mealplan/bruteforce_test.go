package mealplan

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// smallInstance is a random 6-food, 2-meal day small enough to enumerate.
func smallInstance(seed uint64, half bool) ([]Option, Constraints) {
	r := rand.New(rand.NewPCG(seed, 7))
	foods := syntheticFoods(6, seed)
	for i := range foods {
		switch r.IntN(3) {
		case 0:
			foods[i].Meals = []MealType{Breakfast}
		case 1:
			foods[i].Meals = []MealType{Dinner}
		default:
			foods[i].Meals = []MealType{Breakfast, Dinner}
		}
		foods[i].MaxServingsPerMeal = 1 + r.IntN(2)
	}
	energyMin := 500 + 400*r.Float64()
	c := Constraints{
		EnergyMinKcal:      math.Round(energyMin),
		EnergyMaxKcal:      math.Round(energyMin + 250 + 300*r.Float64()),
		ProteinMinG:        math.Round(5 + 15*r.Float64()),
		FibreMinG:          math.Round(2 + 6*r.Float64()),
		SodiumMaxMg:        math.Round(600 + 1200*r.Float64()),
		MaxGLPerMeal:       math.Round(25 + 30*r.Float64()),
		MaxServingsPerMeal: 2,
		MaxServingsPerDay:  3,
		Meals: []MealTarget{
			{Meal: Breakfast, EnergyShareMin: 0.25, EnergyShareMax: 0.6, CarbShareMax: 0.7},
			{Meal: Dinner, EnergyShareMin: 0.35, EnergyShareMax: 0.75, CarbMinG: 10},
		},
	}
	if r.IntN(3) == 0 {
		c.SugarsMaxEnergyShare = 0.15
	}
	if half {
		c.HalfServings = true
		c.MaxServingsPerMeal = 1
		c.MaxServingsPerDay = 0
	}
	return foods, c
}

// bruteForce enumerates every plan with whole (or half) servings within
// the caps, checks each with Check and returns the cheapest valid one.
func bruteForce(t *testing.T, foods []Option, c Constraints) (Plan, bool) {
	t.Helper()
	step := 1.0
	if c.HalfServings {
		step = 0.5
	}
	type slot struct {
		food  int
		meal  int
		units int
	}
	var slots []slot
	for f, o := range foods {
		for mi, mt := range c.Meals {
			suits := false
			for _, m := range o.Meals {
				suits = suits || m == mt.Meal
			}
			if !suits {
				continue
			}
			maxServ := o.MaxServingsPerMeal
			if c.MaxServingsPerMeal > 0 && (maxServ == 0 || c.MaxServingsPerMeal < maxServ) {
				maxServ = c.MaxServingsPerMeal
			}
			slots = append(slots, slot{f, mi, int(float64(maxServ) / step)})
		}
	}
	counts := make([]int, len(slots))
	best, found := Plan{}, false
	for {
		p := Plan{}
		for mi, mt := range c.Meals {
			mp := MealPlan{Meal: mt.Meal}
			for s, sl := range slots {
				if sl.meal != mi || counts[s] == 0 {
					continue
				}
				o := foods[sl.food]
				n := float64(counts[s]) * step
				mp.Items = append(mp.Items, Item{Key: o.Key, Name: o.Name, Servings: n, Grams: n * o.ServingGrams, CostUGX: n * o.CostUGX})
				mp.Totals.add(o, n)
			}
			p.Meals = append(p.Meals, mp)
			p.Totals.addTotals(mp.Totals)
		}
		if (!found || p.Totals.CostUGX < best.Totals.CostUGX) && len(Check(p, foods, c)) == 0 {
			best, found = p, true
		}
		i := 0
		for i < len(counts) && counts[i] == slots[i].units {
			counts[i] = 0
			i++
		}
		if i == len(counts) {
			return best, found
		}
		counts[i]++
	}
}

func TestPlanDayMatchesBruteForce(t *testing.T) {
	feasible, infeasible := 0, 0
	for seed := uint64(1); seed <= 24; seed++ {
		half := seed%4 == 0
		foods, c := smallInstance(seed, half)
		want, ok := bruteForce(t, foods, c)
		got, err := PlanDay(foods, c)
		if !ok {
			infeasible++
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Errorf("seed %d: brute force finds no plan, PlanDay returned %v (cost %.0f)", seed, err, got.Totals.CostUGX)
			}
			continue
		}
		feasible++
		if err != nil {
			t.Errorf("seed %d: brute force finds a plan at %.0f UGX, PlanDay failed: %v", seed, want.Totals.CostUGX, err)
			continue
		}
		if v := Check(got, foods, c); len(v) > 0 {
			t.Errorf("seed %d: plan breaks constraints: %v", seed, v)
		}
		if !got.Optimal {
			t.Errorf("seed %d: small case not proven optimal", seed)
		}
		if math.Abs(got.Totals.CostUGX-want.Totals.CostUGX) > 1e-6 {
			t.Errorf("seed %d (half=%v): PlanDay cost %.2f, brute-force optimum %.2f", seed, half, got.Totals.CostUGX, want.Totals.CostUGX)
		}
	}
	// The instances must exercise both outcomes, or the test proves little.
	if feasible < 8 || infeasible < 2 {
		t.Fatalf("instance mix too one-sided: %d feasible, %d infeasible", feasible, infeasible)
	}
	t.Logf("%d feasible, %d infeasible instances", feasible, infeasible)
}
