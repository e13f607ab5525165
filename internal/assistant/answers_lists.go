package assistant

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// A ranking is a named list over the catalogue: which foods qualify, the score
// (lower first), and how a food's figure is shown.
type ranking struct {
	title string
	keep  func(f CatalogFood) bool
	score func(f CatalogFood) float64
	show  func(f CatalogFood) string
}

func proteinFood(f CatalogFood) bool {
	switch f.Category {
	case "legumes_nuts", "fish", "meat_poultry", "eggs_dairy":
		return f.Per100g.ProteinG >= 5
	}
	return false
}

// leafy is a leafy vegetable: the table's vegetables whose name says leaves, or the
// leafy greens named by their local names (dodo, nakati, sukuma wiki, malakwang).
func leafy(f CatalogFood) bool {
	if f.Category != "vegetables" {
		return false
	}
	n := strings.ToLower(f.Name + " " + f.Key)
	for _, w := range []string{"leaves", "leaf", "sukuma", "kale", "dodo", "nakati", "malakwang", "nightshade", "spinach", "greens"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func protein100Cost(f CatalogFood) float64 { return f.PriceUGXPerKg / 10 / f.Per100g.ProteinG * 100 }

var rankings = map[string]ranking{
	"cheap_protein": {
		title: "Cheapest protein (price of 100 g of protein, at current market prices)",
		keep:  func(f CatalogFood) bool { return proteinFood(f) && f.PriceUGXPerKg > 0 },
		score: protein100Cost,
		show: func(f CatalogFood) string {
			return fmt.Sprintf("%s per 100 g of protein (%s/kg, %s g protein per 100 g)", FormatUGX(roundUGX(protein100Cost(f))),
				FormatUGX(int(f.PriceUGXPerKg)), fmtAmount(f.Per100g.ProteinG))
		},
	},
	"protein_legumes": {
		title: "Beans, peas and nuts richest in protein (per 100 g)",
		keep:  func(f CatalogFood) bool { return f.Category == "legumes_nuts" && f.Per100g.ProteinG > 0 },
		score: func(f CatalogFood) float64 { return -f.Per100g.ProteinG },
		show:  func(f CatalogFood) string { return fmtAmount(f.Per100g.ProteinG) + " g protein per 100 g" },
	},
	"low_gl_starch": {
		title: "Starchy staples with the lowest glycaemic load (per 100 g, foods with a published GI)",
		keep:  func(f CatalogFood) bool { return f.Category == "staples" && f.GI > 0 && f.Per100g.CarbsG > 0 },
		score: func(f CatalogFood) float64 { return GlycaemicLoad(f.GI, f.Per100g.CarbsG) },
		show: func(f CatalogFood) string {
			return fmt.Sprintf("glycaemic load %s per 100 g (GI %d, %s g carbohydrate)", fmtAmount(GlycaemicLoad(f.GI, f.Per100g.CarbsG)),
				f.GI, fmtAmount(f.Per100g.CarbsG))
		},
	},
	"iron_leafy": {
		title: "Leafy vegetables richest in iron (per 100 g)",
		keep:  func(f CatalogFood) bool { return leafy(f) && f.Per100g.IronMg > 0 },
		score: func(f CatalogFood) float64 { return -f.Per100g.IronMg },
		show:  func(f CatalogFood) string { return fmtAmount(f.Per100g.IronMg) + " mg iron per 100 g" },
	},
	"calcium_leafy": {
		title: "Leafy vegetables richest in calcium (per 100 g)",
		keep:  func(f CatalogFood) bool { return leafy(f) && f.Per100g.CalciumMg > 0 },
		score: func(f CatalogFood) float64 { return -f.Per100g.CalciumMg },
		show:  func(f CatalogFood) string { return fmtAmount(f.Per100g.CalciumMg) + " mg calcium per 100 g" },
	},
	"vitc_leafy": {
		title: "Leafy vegetables richest in vitamin C (per 100 g)",
		keep:  func(f CatalogFood) bool { return leafy(f) && f.Per100g.VitaminCMg > 0 },
		score: func(f CatalogFood) float64 { return -f.Per100g.VitaminCMg },
		show:  func(f CatalogFood) string { return fmtAmount(f.Per100g.VitaminCMg) + " mg vitamin C per 100 g" },
	},
	"fibre_veg": {
		title: "Vegetables richest in fibre (per 100 g)",
		keep:  func(f CatalogFood) bool { return f.Category == "vegetables" && f.Per100g.FibreG > 0 },
		score: func(f CatalogFood) float64 { return -f.Per100g.FibreG },
		show:  func(f CatalogFood) string { return fmtAmount(f.Per100g.FibreG) + " g fibre per 100 g" },
	},
}

func roundUGX(v float64) int { return int(math.Round(v)) }

// rankingOf names the catalogue ranking a message asks for, or "".
func rankingOf(f *features) string {
	leafyWords := f.has("leafy", "greens", "leaves", "vegetables", "veg", "mboga")
	most := f.has("most", "richest", "rich", "highest", "high", "best", "top", "good", "which", "list", "lots", "more",
		"source", "sources", "rank", "contain")
	cheap := f.has("cheap", "cheaper", "price", "cost", "afford", "budget", "money", "ugx") || f.seq("low", "cost") ||
		(f.has("expensive") && f.has("not", "less", "least"))
	gl := f.has("gi", "load")
	switch {
	case f.has("protein") && cheap:
		return "cheap_protein"
	case f.has("protein") && (f.has("legumes", "pulses") || f.onlyFoodClasses()) && most:
		return "protein_legumes"
	case gl && f.has("low", "lowest", "least", "best", "rank") && (f.has("staple", "carbs", "foods", "food", "which", "list") || f.question):
		return "low_gl_starch"
	case f.has("staple") && (f.has("best", "good", "better", "lowest", "low", "least", "which", "what", "list") || gl) &&
		(f.sugarCtx || gl || f.has("sugar", "diabetes", "raise")):
		return "low_gl_starch"
	case f.has("carbs") && f.has("best", "good", "better") && f.has("diabetes", "sugar") && f.p.Range == nil &&
		!f.seq("how", "many") && !f.seq("how", "much") && len(f.p.Quantities) == 0:
		return "low_gl_starch" // "which starch is best for diabetes", "best starch for blood sugar"
	// a nutrient and a word for leafy vegetables is a list even without "most":
	// "leafy vegetables with calcium", "which leaves for anaemia"
	case f.has("iron") && leafyWords:
		return "iron_leafy"
	case f.has("calcium") && leafyWords:
		return "calcium_leafy"
	case f.has("vitamins") && leafyWords:
		return "vitc_leafy"
	case f.has("fibre") && f.has("vegetables", "veg") && most:
		return "fibre_veg"
	}
	return ""
}

// listLimit is how many foods a ranking shows.
const listLimit = 5

func (t *turn) foodList() (Reply, error) {
	name := t.p.ranking
	rk, ok := rankings[name]
	if !ok {
		return unknownReply(), nil
	}
	foods, err := t.a.data.Catalogue(t.ctx)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("catalogue", err)
	}
	var keep []CatalogFood
	for _, f := range foods {
		if rk.keep(f) {
			keep = append(keep, f)
		}
	}
	if len(keep) == 0 {
		return Reply{Text: "I don't have the data to make that list yet."}, nil
	}
	sort.SliceStable(keep, func(i, j int) bool { return rk.score(keep[i]) < rk.score(keep[j]) })
	var b strings.Builder
	b.WriteString(rk.title + ":")
	seen := map[string]bool{}
	n := 0
	for _, f := range keep {
		base := baseName(f.Name)
		if seen[base] {
			continue // one form of a food is enough (dry and boiled beans)
		}
		seen[base] = true
		fmt.Fprintf(&b, "\n%d. %s: %s", n+1, displayCatalog(f), rk.show(f))
		if n++; n == listLimit {
			break
		}
	}
	t.grounding = append(t.grounding, b.String())
	return Reply{Text: b.String()}, nil
}

// baseName is a food's name before its form: "Beans, dry (kidney/red), boiled" → "beans".
func baseName(name string) string {
	n := strings.ToLower(name)
	if i := strings.IndexAny(n, ",("); i > 0 {
		n = n[:i]
	}
	return strings.TrimSpace(n)
}

func displayCatalog(f CatalogFood) string {
	if f.LocalName != "" && !strings.Contains(strings.ToLower(f.Name), strings.ToLower(f.LocalName)) {
		return f.Name + " (" + f.LocalName + ")"
	}
	return f.Name
}

// foodPrice answers "price of beef": the current market price, or "not known".
func (t *turn) foodPrice(next *ConversationState) (Reply, error) {
	r, err := t.eachFood(next, "The price of which food? For example: \"price of beans\".", "I don't have %s in the food table.",
		func(_ string, f FoodFacts) string {
			if f.PriceUGXPerKg <= 0 {
				return fmt.Sprintf("The market price of %s is not known: the WFP market prices I use have no price for it.", f.DisplayName())
			}
			return fmt.Sprintf("%s costs about %s per kg at current market prices (%s per 100 g).", f.DisplayName(),
				FormatUGX(int(f.PriceUGXPerKg)), FormatUGX(roundUGX(f.PriceUGXPerKg/10)))
		}, "cheaper alternative?", "cheapest protein foods")
	if err == nil && next.Awaiting == "" {
		t.grounding = append(t.grounding, r.Text)
	}
	return r, err
}

// catalogueAlternatives finds cheaper foods of the same role as f from the catalogue:
// another protein food (by price of 100 g of protein), or a staple of similar energy
// density (within a factor of 2), cheaper per kg. When f has no price, the cheapest
// of its role are given and its price is called not known.
func catalogueAlternatives(f FoodFacts, cat []CatalogFood, category string, limit int) []CatalogFood {
	var self *CatalogFood
	for i := range cat {
		if cat[i].Key == f.Key {
			self = &cat[i]
		}
	}
	if self == nil {
		return nil
	}
	role := MealRole(self.Category)
	if role == "" {
		return nil
	}
	var out []CatalogFood
	for _, c := range cat {
		if c.Key == f.Key || c.PriceUGXPerKg <= 0 || MealRole(c.Category) != role || baseName(c.Name) == baseName(self.Name) {
			continue
		}
		if self.PriceUGXPerKg > 0 && c.PriceUGXPerKg >= self.PriceUGXPerKg {
			continue
		}
		switch role {
		case "protein":
			if !proteinFood(c) {
				continue
			}
		case "starch":
			e, ce := self.Per100g.EnergyKcal, c.Per100g.EnergyKcal
			if e > 0 && (ce > 2*e || ce < e/2) {
				continue
			}
		}
		out = append(out, c)
	}
	score := func(c CatalogFood) float64 {
		if role == "protein" {
			return protein100Cost(c)
		}
		return c.PriceUGXPerKg
	}
	sort.SliceStable(out, func(i, j int) bool { return score(out[i]) < score(out[j]) })
	var kept []CatalogFood
	seen := map[string]bool{}
	for _, c := range out {
		if b := baseName(c.Name); !seen[b] {
			seen[b] = true
			kept = append(kept, c)
		}
		if len(kept) == limit {
			break
		}
	}
	return kept
}

// MealRole is the part a food of the category plays on a plate: "starch", "protein" or
// "veg", or "" for the rest. The plate follows the usual advice for diabetes and healthy
// eating (a starch, a protein food and vegetables; the "plate method", ADA Standards of
// Care, Nutrition Therapy): other categories (oil, salt, drinks, snacks) are not offered
// as a meal or as an alternative.
func MealRole(category string) string {
	switch category {
	case "staples":
		return "starch"
	case "legumes_nuts", "fish", "meat_poultry", "eggs_dairy":
		return "protein"
	case "vegetables", "fruits":
		return "veg"
	}
	return ""
}
