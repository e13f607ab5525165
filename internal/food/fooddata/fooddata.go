// Package fooddata ships the curated table of foods eaten in Uganda: nutrient
// values per 100 g edible portion copied from published composition tables
// (Kenya FCT 2018, FAO/INFOODS West Africa 2019), household measures, and
// common dishes whose nutrients are computed from their recipes at load time.
//
// The CSV files are embedded; Load parses and validates them and reports every
// problem with its file and line number.
package fooddata

import (
	"embed"
	"strings"
)

//go:embed foods.csv measures.csv dishes.csv recipes.csv
var files embed.FS

// Category groups foods the way the issue and the UI list them.
type Category string

// Categories used in foods.csv and dishes.csv.
const (
	Staples     Category = "staples"
	LegumesNuts Category = "legumes_nuts"
	Vegetables  Category = "vegetables"
	Fruits      Category = "fruits"
	Fish        Category = "fish"
	MeatPoultry Category = "meat_poultry"
	EggsDairy   Category = "eggs_dairy"
	OilsFats    Category = "oils_fats"
	Drinks      Category = "drinks"
	Snacks      Category = "snacks"
	Dishes      Category = "dishes"
	Other       Category = "other"
)

// Categories lists every valid category in display order.
var Categories = []Category{Staples, LegumesNuts, Vegetables, Fruits, Fish,
	MeatPoultry, EggsDairy, OilsFats, Drinks, Snacks, Dishes, Other}

func validCategory(c Category) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// LocalName is a food's name in one Ugandan (or regional) language.
type LocalName struct {
	Language string
	Name     string
}

// Measure is a household measure and its weight of edible portion.
type Measure struct {
	Label string
	Grams float64
	Basis string // where the weight comes from
}

// Ingredient is one line of a dish recipe.
type Ingredient struct {
	FoodKey string
	Grams   float64
}

// Food is one row of the table: a single food or a computed dish.
type Food struct {
	Key         string
	Name        string
	LocalNames  []LocalName
	Category    Category
	Description string
	// Per100g holds nutrients per 100 g edible portion as eaten.
	Per100g Nutrients
	// GI is the published glycaemic index (glucose = 100), nil when none is
	// published for this food; GISource cites it.
	GI         *float64
	GISource   string
	Source     string
	SourceCode string
	Measures   []Measure
	// Dish fields: Recipe is empty for single foods. YieldG is the cooked
	// weight the recipe makes.
	Recipe     []Ingredient
	YieldG     float64
	YieldBasis string
}

// IsDish reports whether the food's nutrients were computed from a recipe.
func (f Food) IsDish() bool { return len(f.Recipe) > 0 }

// Per returns the nutrients in the given weight of the food.
func (f Food) Per(grams float64) Nutrients { return f.Per100g.Scale(grams / 100) }

// Matches reports whether the query (case-insensitive) occurs in the food's
// key, English name or any local name.
func (f Food) Matches(query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return false
	}
	if strings.Contains(strings.ToLower(f.Name), q) || strings.Contains(f.Key, q) {
		return true
	}
	for _, ln := range f.LocalNames {
		if strings.Contains(strings.ToLower(ln.Name), q) {
			return true
		}
	}
	return false
}

// Search returns the foods that match the query, in table order.
func Search(foods []Food, query string) []Food {
	var out []Food
	for _, f := range foods {
		if f.Matches(query) {
			out = append(out, f)
		}
	}
	return out
}

// ByKey indexes foods by key.
func ByKey(foods []Food) map[string]Food {
	m := make(map[string]Food, len(foods))
	for _, f := range foods {
		m[f.Key] = f
	}
	return m
}
