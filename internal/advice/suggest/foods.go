package suggest

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
)

// Food is a catalogue food as the engines need it: nutrients per 100 g edible portion,
// its usual serving and its current price per kilogram.
type Food struct {
	ID          int64
	Key         string // the food table key (slug)
	Name        string
	LocalNames  string
	Category    string
	Per100g     nutrition.Amounts
	SugarsKnown bool
	GI          *float64
	// ServingGrams is the usual serving: the food's first household measure, else
	// its serving weight (the catalogue stores exactly that in serving_grams).
	ServingGrams float64
	// Measure names the serving ("1 cup") when it is a household measure.
	Measure string
	// PricePerKgUGX is the current retail price per kilogram; nil when the food has no
	// price or is priced per litre or per unit (those give no cost per gram).
	PricePerKgUGX *float64
	// PriceFrom names the as-bought food whose market price the price was estimated
	// from (DerivePrices); empty when the food has its own market price.
	PriceFrom string
	// PriceOn is the date of the price (of the as-bought food for an estimate); nil
	// without a price.
	PriceOn *time.Time
	// PriceRegion is the region whose price this is (FoodsFor); "" for the national one.
	PriceRegion string
}

// PriceOld reports whether the food's price is older than pricereports.OldAfter at now:
// plans and suggestions that use it say so.
func (f Food) PriceOld(now time.Time) bool {
	return f.PricePerKgUGX != nil && f.PriceOn != nil && pricereports.IsOld(*f.PriceOn, now)
}

// FoodFromRow converts a catalogue row.
func FoodFromRow(r db.RecListFoodsRow) Food {
	f := Food{ID: r.ID, Key: r.Slug, Name: r.Name, LocalNames: r.LocalNames, Category: r.Category,
		Per100g: nutrition.Amounts{EnergyKcal: r.EnergyKcal, CarbG: r.CarbG, ProteinG: r.ProteinG, FatG: r.FatG,
			FibreG: r.FibreG, SugarsG: deref(r.SugarsG), SodiumMg: r.SodiumMg},
		SugarsKnown: r.SugarsG != nil, GI: r.GlycaemicIndex, ServingGrams: r.ServingGrams}
	if perKg, ok := pricePerKg(r); ok {
		p := perKg
		f.PricePerKgUGX = &p
		if r.PriceMonth != nil {
			on := r.PriceMonth.UTC()
			f.PriceOn = &on
		}
		// The catalogue's estimate for a cooked food names the food it comes from.
		if r.PriceSource != nil {
			if from, ok := strings.CutPrefix(*r.PriceSource, catalog.EstimatePrefix); ok {
				f.PriceFrom = from
			}
		}
	}
	var ms []struct {
		Label string  `json:"label"`
		Grams float64 `json:"grams"`
	}
	if json.Unmarshal([]byte(r.Measures), &ms) == nil && len(ms) > 0 && ms[0].Grams == r.ServingGrams {
		f.Measure = ms[0].Label
	}
	return f
}

// pricePerKg reads a row's price per kilogram; oil and milk, sold by the litre, are
// converted with their density.
func pricePerKg(r db.RecListFoodsRow) (float64, bool) {
	if r.PriceUgx == nil || r.PerUnit == nil {
		return 0, false
	}
	return foods.PricePerKg(*r.PriceUgx, *r.PerUnit, r.Category, r.Slug)
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// Serving is the nutrients of one usual serving.
func (f Food) Serving() nutrition.Amounts { return f.Per100g.Scale(f.ServingGrams / 100) }

// ServingCostUGX is the price of one serving in whole UGX, when the food has a per-kg price.
func (f Food) ServingCostUGX() (int64, bool) {
	if f.PricePerKgUGX == nil {
		return 0, false
	}
	return nutrition.CostUGX(f.ServingGrams, *f.PricePerKgUGX), true
}

// GLServing is the glycaemic load of one serving when the GI is published:
// GI × available carbohydrate (g) ÷ 100 (Atkinson et al., Diabetes Care 2008).
func (f Food) GLServing() (float64, bool) {
	if f.GI == nil {
		return 0, false
	}
	return nutrition.GlycaemicLoad(*f.GI, f.Serving().CarbG), true
}

// MealsFor says which meals a food of a category suits, in the way Ugandan meals are
// usually made up: porridge, tea, eggs, fruit at breakfast; a staple with a sauce of
// beans, fish, meat or greens at lunch and supper; fruit, nuts and snacks between
// meals. Oils, fats, sugar, salt and condiments suit no meal on their own (nil).
func MealsFor(category string) []recommend.MealType {
	b, l, d, s := recommend.MealBreakfast, recommend.MealLunch, recommend.MealDinner, recommend.MealSnack
	switch category {
	case "staples", "dishes":
		return []recommend.MealType{b, l, d}
	case "legumes_nuts":
		return []recommend.MealType{l, d, s}
	case "vegetables", "fish", "meat_poultry":
		return []recommend.MealType{l, d}
	case "fruits", "eggs_dairy", "drinks", "snacks":
		return []recommend.MealType{b, s}
	}
	return nil
}

// ReadyToEat reports whether a food is eaten as it is listed, so that it makes sense to
// suggest it on a plate: raw meat, fish, eggs, grains, pulses and starchy roots, flours,
// dry grains and dried foods are bought, not eaten, in that form; a raw vegetable is
// left out when the table also has it cooked (the cooked form is what is served).
// cooked reports whether another key of the table starts with the same stem.
func ReadyToEat(f Food, hasCookedForm func(stem string) bool) bool {
	k := f.Key
	if strings.Contains(k, "-flour") || strings.HasSuffix(k, "-grain") || strings.HasSuffix(k, "-dried") ||
		strings.HasSuffix(k, "-dry-raw") {
		return false
	}
	if stem, ok := strings.CutSuffix(k, "-raw"); ok {
		switch f.Category {
		case "fruits":
			return true
		case "vegetables":
			return !hasCookedForm(stem)
		}
		return false
	}
	return f.Per100g.EnergyKcal > 0 // water, plain tea or coffee are not a suggestion
}

// Candidates returns the foods the recommender may offer, converted to its type, with
// a map from food key to food.
func Candidates(foods []Food) ([]recommend.Food, map[string]Food) {
	cooked := cookedStems(foods)
	out := make([]recommend.Food, 0, len(foods))
	byKey := make(map[string]Food, len(foods))
	for _, f := range foods {
		byKey[f.Key] = f
		if MealsFor(f.Category) == nil || f.ServingGrams <= 0 || !ReadyToEat(f, cooked) {
			continue
		}
		out = append(out, f.ForRecommend())
	}
	return out, byKey
}

// ForRecommend describes one serving for the recommender.
func (f Food) ForRecommend() recommend.Food {
	s := f.Serving()
	rf := recommend.Food{Key: f.Key, Name: f.Name, Category: f.Category, ServingGrams: f.ServingGrams,
		EnergyKcal: s.EnergyKcal, ProteinG: s.ProteinG, CarbsG: s.CarbG, FibreG: s.FibreG, FatG: s.FatG,
		SugarsG: s.SugarsG, SugarsUnknown: !f.SugarsKnown, SodiumMg: s.SodiumMg, GI: f.GI, MealTypes: MealsFor(f.Category)}
	if c, ok := f.ServingCostUGX(); ok {
		rf.PriceUGX = &c
	}
	return rf
}

// Planning figures for foods.
const (
	// OilServingGrams is one tablespoon of oil (USDA SR Legacy 04582: 13.6 g), the
	// household measure oil is planned in.
	OilServingGrams = 13.6
)

// PlanGroup places a food of a category on the plate.
func PlanGroup(category string) mealplan.Group {
	switch category {
	case "vegetables":
		return mealplan.GroupVegetable
	case "fruits":
		return mealplan.GroupFruit
	case "legumes_nuts", "fish", "meat_poultry", "eggs_dairy":
		return mealplan.GroupProtein
	case "staples":
		return mealplan.GroupStarch
	case "oils_fats":
		return mealplan.GroupFat
	}
	return mealplan.GroupNone
}

// familyAliases name the food a key's first word stands for when the words differ
// (posho is maize meal, kalo is millet bread).
var familyAliases = map[string]string{"posho": "maize", "kalo": "millet", "bean": "beans", "gnut": "groundnuts",
	"groundnut": "groundnuts"}

// familyTwoWords are foods whose name takes two words in a key.
var familyTwoWords = []string{"sweet-potato", "nile-perch", "pumpkin-leaves", "cowpea-leaves", "cassava-leaves",
	"sweet-potato-leaves", "green-gram", "pigeon-pea", "pigeon-peas", "jute-mallow", "spider-plant", "vine-spinach",
	"tree-tomato", "passion-fruit", "custard-apple", "spring-onion", "green-pepper", "coconut-milk", "coconut-water"}

// Family is the food a key names whatever its form: beans-boiled, bean-stew and
// beans-dry-raw are all "beans"; posho and maize porridge are both "maize".
func Family(key string) string {
	best := ""
	for _, w := range familyTwoWords {
		if (key == w || strings.HasPrefix(key, w+"-")) && len(w) > len(best) {
			best = w
		}
	}
	if best != "" {
		return strings.TrimSuffix(best, "s")
	}
	first, _, _ := strings.Cut(key, "-")
	if a, ok := familyAliases[first]; ok {
		return a
	}
	return first
}

// PlanOption describes one serving for the planner. ok is false when the food cannot be
// planned: it has no price per kg (so no cost per serving) or suits no meal. A food
// without a published GI gets GL 0 with GIKnown false: glycaemic load is computed over
// the foods with a GI and shown with the share it covers, never with a guessed GI.
func (f Food) PlanOption() (mealplan.Option, bool) {
	meals := MealsFor(f.Category)
	serving := f.ServingGrams
	if f.Category == "oils_fats" && strings.HasPrefix(f.Key, "oil-") {
		// Cooking oil goes into the lunch and supper stews, a tablespoon at a time.
		meals, serving = []recommend.MealType{recommend.MealLunch, recommend.MealDinner}, OilServingGrams
	}
	if f.PricePerKgUGX == nil || len(meals) == 0 || serving <= 0 {
		return mealplan.Option{}, false
	}
	g := f
	g.ServingGrams = serving
	cost, _ := g.ServingCostUGX()
	s := g.Serving()
	o := mealplan.Option{Key: f.Key, Name: f.Name, ServingGrams: serving, CostUGX: float64(cost),
		EnergyKcal: s.EnergyKcal, ProteinG: s.ProteinG, CarbG: s.CarbG, FibreG: s.FibreG, FatG: s.FatG,
		SugarsG: s.SugarsG, SodiumMg: s.SodiumMg, Group: PlanGroup(f.Category), Family: Family(f.Key),
		AnimalSource: f.Category == "fish" || f.Category == "meat_poultry" || f.Category == "eggs_dairy"}
	if gl, ok := g.GLServing(); ok {
		o.GL, o.GIKnown = gl, true
	}
	if o.Group == mealplan.GroupFat {
		o.MaxServingsPerMeal, o.MaxServingsPerDay = 2, 3
	}
	for _, m := range meals {
		o.Meals = append(o.Meals, mealplan.MealType(m))
	}
	return o, true
}

// cookedStems reports whether a stem ("matoke" of "matoke-boiled") has a food other than
// its raw form among foods.
func cookedStems(foods []Food) func(stem string) bool {
	stems := make(map[string]bool, len(foods))
	for _, f := range foods {
		if !strings.HasSuffix(f.Key, "-raw") {
			if i := strings.LastIndexByte(f.Key, '-'); i > 0 {
				stems[f.Key[:i]] = true
			}
		}
	}
	return func(stem string) bool { return stems[stem] }
}
