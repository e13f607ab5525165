package suggest

import (
	"math"
	"strings"
)

// Market prices (WFP) are for foods as bought: dry beans, maize flour, fresh cassava.
// A serving is eaten cooked. The cost of a cooked serving is estimated from the price
// of the food it is made from, by a dry-matter balance: cooking adds or removes water
// (and frying adds fat), but the grams of protein, available carbohydrate and fibre in
// the pot are those of the raw food. So 1 g of the cooked food needs
//
//	(protein + carbohydrate + fibre per 100 g cooked) ÷ (the same per 100 g as bought)
//
// grams of the raw food. E.g. boiled beans (8.0 + 15.5 + 8.1 = 31.6 g) from dry beans
// (21.6 + 40.6 + 23.5 ≈ 85.7 g): 100 g boiled costs what 37 g dry costs. It ignores
// what else goes in the pot (oil, salt, onion) and losses in cooking, so it is an
// estimate, and the page says from which price it comes.

// madeFrom names, for cooked foods whose key does not share a stem with what they are
// made from, the food they are cooked from (from the food table's descriptions).
var madeFrom = map[string]string{
	"posho":                  "maize-flour-sifted",
	"maize-porridge":         "maize-flour-sifted",
	"posho-whole-maize":      "maize-flour-whole",
	"kalo":                   "millet-finger-flour",
	"millet-porridge":        "millet-finger-flour",
	"cassava-ugali":          "cassava-flour",
	"maize-grain-boiled":     "maize-grain-raw",
	"rice-boiled-salted":     "rice-white-raw",
	"beans-boiled-salted":    "beans-dry-raw",
	"sorghum-boiled":         "sorghum-red-grain",
	"millet-finger-porridge": "millet-finger-flour",
}

// cookedSuffixes end the keys of cooked forms in the food table.
var cookedSuffixes = []string{"-boiled", "-steamed", "-stewed", "-stew", "-fried", "-mashed", "-grilled"}

// rawSuffixes end the keys of as-bought forms.
var rawSuffixes = []string{"-dry-raw", "-raw", "-dried", "-grain"}

func stemOf(key string, suffixes []string) (string, bool) {
	for _, s := range suffixes {
		if stem, ok := strings.CutSuffix(key, s); ok {
			return stem, true
		}
	}
	return "", false
}

func dryMatter(f Food) float64 { return f.Per100g.ProteinG + f.Per100g.CarbG + f.Per100g.FibreG }

// DerivePrices gives each unpriced cooked food an estimated price per kg from the
// priced food it is cooked from (see the comment above), and says so in PriceFrom.
func DerivePrices(foods []Food) {
	priced := map[string]int{} // stem or key → index of a priced as-bought food
	for i, f := range foods {
		if f.PricePerKgUGX == nil || f.PriceFrom != "" {
			continue
		}
		priced[f.Key] = i
		if stem, ok := stemOf(f.Key, rawSuffixes); ok {
			if _, taken := priced["stem:"+stem]; !taken {
				priced["stem:"+stem] = i
			}
		}
	}
	for i := range foods {
		f := &foods[i]
		if f.PricePerKgUGX != nil {
			continue
		}
		src, ok := priced[madeFrom[f.Key]]
		if !ok {
			stem, cooked := stemOf(f.Key, cookedSuffixes)
			if !cooked {
				continue
			}
			if src, ok = priced["stem:"+stem]; !ok {
				continue
			}
		}
		raw := foods[src]
		if dryMatter(raw) <= 0 || dryMatter(*f) <= 0 {
			continue
		}
		ratio := math.Min(dryMatter(*f)/dryMatter(raw), 1.5)
		p := math.Round(*raw.PricePerKgUGX * ratio)
		f.PricePerKgUGX, f.PriceFrom = &p, raw.Name
	}
}
