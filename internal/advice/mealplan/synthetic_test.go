package mealplan

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// syntheticFoods generates n clearly synthetic foods (keys "syn-…") for
// tests and benchmarks only. Ranges are chosen to look like single servings
// of staples, legumes, vegetables and fruit: energy follows from the
// macronutrients by the Atwater general factors (4 kcal/g protein and
// available carbohydrate, 9 fat, 2 fibre), and GL = GI × carbohydrate ÷ 100.
func syntheticFoods(n int, seed uint64) []Option {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	meals := []MealType{Breakfast, Lunch, Dinner, Snack}
	out := make([]Option, 0, n)
	round1 := func(v float64) float64 { return math.Round(v*10) / 10 }
	for i := range n {
		protein := round1(0.5 + 24.5*r.Float64()*r.Float64())
		carb := round1(70 * r.Float64())
		fat := round1(18 * r.Float64() * r.Float64())
		fibre := round1(10 * r.Float64() * r.Float64())
		sugars := round1(math.Min(carb, 25*r.Float64()*r.Float64()))
		gl := 0.0
		if r.Float64() > 0.15 { // 15 % of foods have no known GI
			gi := 25 + 70*r.Float64()
			gl = round1(gi * carb / 100)
		}
		var suits []MealType
		for _, m := range meals {
			if r.Float64() < 0.5 {
				suits = append(suits, m)
			}
		}
		if len(suits) == 0 {
			suits = []MealType{meals[r.IntN(len(meals))]}
		}
		out = append(out, Option{
			Key:          fmt.Sprintf("syn-%03d", i),
			Name:         fmt.Sprintf("synthetic food %d", i),
			ServingGrams: math.Round(40 + 260*r.Float64()),
			CostUGX:      math.Round(100 + 3400*r.Float64()), // whole UGX, no common divisor
			ProteinG:     protein, CarbG: carb, FatG: fat, FibreG: fibre, SugarsG: sugars,
			EnergyKcal:         round1(4*protein + 4*carb + 9*fat + 2*fibre),
			SodiumMg:           math.Round(700 * r.Float64() * r.Float64()),
			GL:                 gl,
			Meals:              suits,
			MaxServingsPerMeal: 1 + r.IntN(3),
		})
	}
	return out
}

// syntheticDay is a day of 1,800–2,200 kcal over four meals with WHO's
// fibre and sodium limits; the meal windows are a plausible starting point,
// not clinical guidance.
func syntheticDay() Constraints {
	return Constraints{
		EnergyMinKcal: 1800, EnergyMaxKcal: 2200,
		ProteinMinG:          50,
		FibreMinG:            WHOFibreMinG,
		SodiumMaxMg:          WHOSodiumMaxMg,
		SugarsMaxEnergyShare: WHOFreeSugarsMaxShare,
		MaxGLPerMeal:         35,
		MaxServingsPerMeal:   2,
		MaxServingsPerDay:    3,
		Meals: []MealTarget{
			{Meal: Breakfast, EnergyShareMin: 0.20, EnergyShareMax: 0.30, CarbShareMin: 0.15, CarbShareMax: 0.35},
			{Meal: Lunch, EnergyShareMin: 0.30, EnergyShareMax: 0.40, CarbShareMin: 0.25, CarbShareMax: 0.45},
			{Meal: Dinner, EnergyShareMin: 0.25, EnergyShareMax: 0.35, CarbShareMin: 0.20, CarbShareMax: 0.40},
			{Meal: Snack, EnergyShareMax: 0.15, CarbShareMax: 0.20},
		},
	}
}
