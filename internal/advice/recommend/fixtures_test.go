package recommend

import (
	"fmt"
	"math"
	"math/rand/v2"
)

func ptr[T any](v T) *T { return &v }

// fixtureFood builds a test food. GI values passed in come from the
// International Tables of Glycemic Index (Atkinson, Foster-Powell & Brand-Miller,
// Diabetes Care 2008;31:2281, table of common foods); serving sizes, nutrients
// and prices are illustrative fixture values, not food-composition data.
func fixtureFood(key, category string, gi *float64, grams, carbs, fibre, protein, fat, sugars, sodium float64,
	price *int64, meals ...MealType) Food {
	return Food{
		Key: key, Name: key, Category: category, ServingGrams: grams,
		CarbsG: carbs, FibreG: fibre, ProteinG: protein, FatG: fat, SugarsG: sugars, SodiumMg: sodium,
		// Atwater general factors (docs/CLINICAL.md).
		EnergyKcal: math.Round(4*protein + 4*carbs + 9*fat + 2*fibre),
		GI:         gi, PriceUGX: price, MealTypes: meals,
	}
}

var (
	lunchDinner = []MealType{MealLunch, MealDinner}
	anyMeal     []MealType
)

func fixtureFoods() []Food {
	return []Food{
		fixtureFood("white-rice", "staple", ptr(73.0), 150, 42, 0.6, 4, 0.4, 0.1, 2, ptr[int64](700), lunchDinner...),
		fixtureFood("boiled-potato", "staple", ptr(78.0), 150, 26, 2.2, 2.8, 0.2, 1.2, 8, ptr[int64](500), lunchDinner...),
		fixtureFood("millet-porridge", "staple", ptr(67.0), 250, 35, 2, 4, 1.5, 1, 5, ptr[int64](400), MealBreakfast),
		fixtureFood("sweet-potato", "staple", ptr(63.0), 150, 27, 4.5, 2.4, 0.2, 8, 40, ptr[int64](400), anyMeal...),
		fixtureFood("kidney-beans", "legume", ptr(24.0), 150, 24, 7.9, 13, 0.8, 0.5, 3, ptr[int64](600), anyMeal...),
		fixtureFood("lentils", "legume", ptr(32.0), 150, 30, 11.9, 13.5, 0.6, 2.7, 3, ptr[int64](800), lunchDinner...),
		fixtureFood("apple", "fruit", ptr(36.0), 150, 17, 3.6, 0.4, 0.3, 15, 1, ptr[int64](1000), MealBreakfast, MealSnack),
		fixtureFood("banana", "fruit", ptr(51.0), 120, 24, 3.1, 1.3, 0.4, 15, 1, ptr[int64](300), MealBreakfast, MealSnack),
		fixtureFood("milk", "dairy", ptr(39.0), 250, 12, 0, 8, 8, 12, 105, ptr[int64](1000), MealBreakfast, MealSnack),
		fixtureFood("tilapia", "animal_protein", nil, 120, 0, 0, 24, 3, 0, 60, ptr[int64](3000), lunchDinner...),
		fixtureFood("greens", "vegetable", nil, 100, 4, 3, 3, 3.5, 1, 30, ptr[int64](300), lunchDinner...),
		fixtureFood("cassava", "staple", nil, 200, 38, 3.6, 1.4, 0.3, 1.7, 14, ptr[int64](500), anyMeal...),
		fixtureFood("groundnut-sauce", "legume", nil, 100, 8, 3.5, 10, 20, 2, 300, nil, lunchDinner...),
	}
}

func foodByKey(foods []Food, key string) Food {
	for _, f := range foods {
		if f.Key == key {
			return f
		}
	}
	panic("no fixture food " + key)
}

// randomFoods draws n foods over the whole range of GI, GL and price, some with
// GI or price unknown, for property-style tests and the benchmark.
func randomFoods(n int, seed uint64) []Food {
	rng := rand.New(rand.NewPCG(seed, 7))
	cats := []string{"staple", "legume", "vegetable", "fruit", "animal_protein", "dairy", "snack"}
	meals := [][]MealType{nil, lunchDinner, {MealBreakfast, MealSnack}}
	foods := make([]Food, n)
	for i := range foods {
		var gi *float64
		if rng.Float64() > 0.2 {
			gi = ptr(math.Round(15 + rng.Float64()*85))
		}
		var price *int64
		if rng.Float64() > 0.1 {
			price = ptr(int64(100 + rng.IntN(60)*50))
		}
		foods[i] = fixtureFood(fmt.Sprintf("food-%03d", i), cats[i%len(cats)], gi,
			50+rng.Float64()*250, rng.Float64()*70, rng.Float64()*12, rng.Float64()*30,
			rng.Float64()*20, rng.Float64()*25, rng.Float64()*800, price, meals[i%len(meals)]...)
	}
	return foods
}
