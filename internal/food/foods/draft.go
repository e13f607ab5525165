package foods

import (
	"fmt"
	"github.com/zoe-nutritech/zoe/internal/input"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Categories of the food table (the same as fooddata's).
var Categories = []string{"staples", "legumes_nuts", "vegetables", "fruits", "fish", "meat_poultry", "eggs_dairy", "oils_fats", "drinks", "snacks", "dishes", "other"}

// Draft is a food as a person typed it (a user adding a missing local food, an admin
// editing one, or a CSV line): every number still text, checked by Parse.
type Draft struct {
	Slug, Name, LocalNames, Category, Description                string
	EnergyKcal, ProteinG, CarbG, FibreG, FatG, SugarsG, SodiumMg string
	PotassiumMg, CalciumMg, IronMg, VitaminCMg, GI, GISource     string
	ServingGrams, Source, SourceCode                             string
}

// Values are a checked draft, per 100 g.
type Values struct {
	Slug, Name, LocalNames, Category, Description, GISource, Source, SourceCode string
	EnergyKcal, ProteinG, CarbG, FibreG, FatG, SodiumMg                         float64
	PotassiumMg, CalciumMg, IronMg, VitaminCMg, ServingGrams                    float64
	SugarsG, GI                                                                 *float64
}

// Errors maps a field to its message.
type Errors map[string]string

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Slugify makes a slug from a name: "Nakati, boiled" → "nakati-boiled".
func Slugify(name string) string {
	return strings.ReplaceAll(Normalize(name), " ", "-")
}

// Parse checks a draft. Energy must agree with the Atwater sum of its macronutrients within
// 15 % (4 × protein + 4 × available carbohydrate + 9 × fat + 2 × fibre; docs/CLINICAL.md), as
// the curated table does, so that a typo in one figure is caught where it is typed.
func (d Draft) Parse() (Values, Errors) {
	e := Errors{}
	v := Values{Slug: strings.TrimSpace(d.Slug), Name: strings.TrimSpace(d.Name), LocalNames: strings.TrimSpace(d.LocalNames),
		Category: strings.TrimSpace(d.Category), Description: strings.TrimSpace(d.Description),
		GISource: strings.TrimSpace(d.GISource), Source: strings.TrimSpace(d.Source), SourceCode: strings.TrimSpace(d.SourceCode)}
	text := func(field, val, label string, min, max int) {
		n := utf8.RuneCountInString(val)
		switch {
		case n < min && min == 1:
			e[field] = label + " is needed."
		case n < min:
			e[field] = fmt.Sprintf("%s needs at least %d characters.", label, min)
		case n > max:
			e[field] = fmt.Sprintf("%s can have at most %d characters.", label, max)
		case strings.ContainsAny(val, "<>\x00"):
			e[field] = label + " cannot contain < or >."
		}
	}
	text("name", v.Name, "The name", 2, 100)
	text("local_names", v.LocalNames, "Local names", 0, 200)
	text("description", v.Description, "The description", 0, 500)
	text("source", v.Source, "The source", 3, 200)
	text("source_code", v.SourceCode, "The source code", 0, 50)
	text("gi_source", v.GISource, "The GI source", 0, 300)
	if v.Slug == "" {
		v.Slug = Slugify(v.Name)
	}
	if !slugRE.MatchString(v.Slug) || len(v.Slug) > 80 {
		e["slug"] = "Use lower-case letters, digits and dashes (e.g. nakati-boiled)."
	}
	okCat := false
	for _, c := range Categories {
		okCat = okCat || c == v.Category
	}
	if !okCat {
		e["category"] = "Choose a category."
	}
	num := func(field, s, label, unit string, min, max float64, required bool) *float64 {
		s = strings.TrimSpace(s)
		if s == "" {
			if required {
				e[field] = label + " is needed (per 100 g)."
			}
			return nil
		}
		f, err := input.Decimal(s)
		if err != nil {
			e[field] = label + " must be a number."
			return nil
		}
		if f < min || f > max {
			e[field] = fmt.Sprintf("%s must be between %g and %g %s.", label, min, max, unit)
			return nil
		}
		return &f
	}
	get := func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
	v.EnergyKcal = get(num("energy_kcal", d.EnergyKcal, "Energy", "kcal", 0, 900, true))
	v.ProteinG = get(num("protein_g", d.ProteinG, "Protein", "g", 0, 100, true))
	v.CarbG = get(num("carb_g", d.CarbG, "Carbohydrate", "g", 0, 100, true))
	v.FibreG = get(num("fibre_g", d.FibreG, "Fibre", "g", 0, 100, true))
	v.FatG = get(num("fat_g", d.FatG, "Fat", "g", 0, 100, true))
	v.SugarsG = num("sugars_g", d.SugarsG, "Sugars", "g", 0, 100, false)
	v.SodiumMg = get(num("sodium_mg", d.SodiumMg, "Sodium", "mg", 0, 40000, false))
	v.PotassiumMg = get(num("potassium_mg", d.PotassiumMg, "Potassium", "mg", 0, 10000, false))
	v.CalciumMg = get(num("calcium_mg", d.CalciumMg, "Calcium", "mg", 0, 5000, false))
	v.IronMg = get(num("iron_mg", d.IronMg, "Iron", "mg", 0, 200, false))
	v.VitaminCMg = get(num("vitamin_c_mg", d.VitaminCMg, "Vitamin C", "mg", 0, 3000, false))
	v.GI = num("gi", d.GI, "GI", "", 0, 150, false)
	serving := num("serving_grams", d.ServingGrams, "Serving", "g", 1, 2000, false)
	v.ServingGrams = 100
	if serving != nil {
		v.ServingGrams = *serving
	}
	if v.GI != nil && v.GISource == "" {
		e["gi_source"] = "Say where the GI comes from (a published table or study)."
	}
	if len(e) == 0 {
		if sum := v.ProteinG + v.CarbG + v.FibreG + v.FatG; sum > 100.5 {
			e["carb_g"] = fmt.Sprintf("Protein, carbohydrate, fibre and fat add up to %.0f g, more than 100 g.", sum)
		} else if v.SugarsG != nil && *v.SugarsG > v.CarbG+0.5 {
			e["sugars_g"] = "Sugars cannot be more than the carbohydrate."
		} else if atwater := 4*v.ProteinG + 4*v.CarbG + 9*v.FatG + 2*v.FibreG; math.Abs(atwater-v.EnergyKcal) > math.Max(0.15*atwater, 2) {
			e["energy_kcal"] = fmt.Sprintf("Energy should be about %.0f kcal from these macronutrients (4 × protein + 4 × carbohydrate + 9 × fat + 2 × fibre); check the numbers.", atwater)
		}
	}
	return v, e
}

// Ingredient is one line of a recipe: grams of a food.
type Ingredient struct {
	Per100g Nutrients
	Sodium  float64
	Grams   float64
}

// FromRecipe computes per-100 g values of a dish from its ingredients, assuming no water
// change in cooking (the yield is the sum of the ingredients' weights).
func FromRecipe(ings []Ingredient) (Nutrients, float64, float64) {
	var total Nutrients
	var grams, sodium float64
	for _, in := range ings {
		k := in.Grams / 100
		total.EnergyKcal += in.Per100g.EnergyKcal * k
		total.ProteinG += in.Per100g.ProteinG * k
		total.CarbG += in.Per100g.CarbG * k
		total.FibreG += in.Per100g.FibreG * k
		total.FatG += in.Per100g.FatG * k
		sodium += in.Sodium * k
		grams += in.Grams
	}
	if grams == 0 {
		return Nutrients{}, 0, 0
	}
	s := 100 / grams
	return Nutrients{total.EnergyKcal * s, total.ProteinG * s, total.CarbG * s, total.FibreG * s, total.FatG * s}, sodium * s, grams
}
