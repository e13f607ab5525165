package foods

import (
	"math"
	"strings"
)

// Densities that turn a price per litre into a price per kilogram, for the foods sold by
// the litre whose density is known: vegetable oils about 0.92 g/mL (USDA SR Legacy:
// 1 tbsp = 13.6 g = 14.8 mL), whole milk about 1.03 g/mL (USDA SR Legacy 01077: 1 cup =
// 244 g = 236.6 mL). Any other food priced per litre has no known price per kilogram.
const (
	OilDensityGPerML  = 0.92
	MilkDensityGPerML = 1.03
)

// PricePerKg is a food's price per kilogram as eaten by weight: a price per kg as it is,
// a price per litre through the food's density where it is known (oils, milk), and
// otherwise not known (false) — never a silent 1 g/ml or 0. The one rule for the
// catalogue, the diary and the planner.
func PricePerKg(priceUGX float64, perUnit, category, slug string) (float64, bool) {
	switch {
	case perUnit == "kg":
		return priceUGX, true
	case perUnit == "l" && category == "oils_fats":
		return priceUGX / OilDensityGPerML, true
	case perUnit == "l" && strings.HasPrefix(slug, "milk-"):
		return priceUGX / MilkDensityGPerML, true
	}
	return 0, false
}

// CostUGX is what grams of a food cost at its current price, rounded to the shilling;
// false when the food has no price per kilogram (see PricePerKg).
func CostUGX(priceUGX *float64, perUnit *string, category, slug string, grams float64) (int64, bool) {
	if priceUGX == nil || perUnit == nil {
		return 0, false
	}
	perKg, ok := PricePerKg(*priceUGX, *perUnit, category, slug)
	if !ok {
		return 0, false
	}
	return int64(math.Round(perKg * grams / 1000)), true
}
