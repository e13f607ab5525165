package foods

import (
	"math"
	"strings"
)

// Market prices (WFP) are for foods as bought: dry beans, maize flour, fresh cassava. A
// serving is eaten cooked. The price of a cooked food is estimated from the price of the
// food it is made from, by a dry-matter balance: cooking adds or removes water (and frying
// adds fat), but the grams of protein, available carbohydrate and fibre in the pot are
// those of the raw food. So 1 g of the cooked food needs
//
//	(protein + carbohydrate + fibre per 100 g cooked) ÷ (the same per 100 g as bought)
//
// grams of the raw food. E.g. boiled beans (8.0 + 15.5 + 8.1 = 31.6 g) from dry beans
// (21.6 + 40.6 + 23.5 ≈ 85.7 g): 100 g boiled costs what 37 g dry costs. It ignores what
// else goes in the pot (oil, salt, onion) and losses in cooking, so it is an estimate,
// and everything that shows it says from which price it comes.

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

// PriceInput is a food as the estimate needs it: its key, the dry matter that cooking
// keeps, and its own market price per kg (nil when it has none).
type PriceInput struct {
	Key                     string
	ProteinG, CarbG, FibreG float64 // per 100 g
	PricePerKg              *float64
}

func (p PriceInput) dryMatter() float64 { return p.ProteinG + p.CarbG + p.FibreG }

// Estimate is an estimated price per kg of a cooked food, from the food it is made from.
type Estimate struct {
	Index      int     // of the cooked food in the input
	From       int     // of the priced as-bought food in the input
	PricePerKg float64 // whole UGX
}

// EstimateCookedPrices gives each unpriced cooked food an estimated price per kg from the
// priced food it is cooked from (see above). Foods with their own price are left alone.
func EstimateCookedPrices(in []PriceInput) []Estimate {
	priced := map[string]int{} // key or "stem:"+stem → index of a priced as-bought food
	for i, f := range in {
		if f.PricePerKg == nil {
			continue
		}
		priced[f.Key] = i
		if stem, ok := stemOf(f.Key, rawSuffixes); ok {
			if _, taken := priced["stem:"+stem]; !taken {
				priced["stem:"+stem] = i
			}
		}
	}
	var out []Estimate
	for i, f := range in {
		if f.PricePerKg != nil {
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
		raw := in[src]
		if raw.dryMatter() <= 0 || f.dryMatter() <= 0 {
			continue
		}
		ratio := math.Min(f.dryMatter()/raw.dryMatter(), 1.5)
		out = append(out, Estimate{Index: i, From: src, PricePerKg: math.Round(*raw.PricePerKg * ratio)})
	}
	return out
}
