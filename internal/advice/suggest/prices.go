package suggest

import "github.com/zoe-nutritech/zoe/internal/food/foods"

// DerivePrices gives each unpriced cooked food an estimated price per kg from the priced
// food it is cooked from (foods.EstimateCookedPrices: a dry-matter balance), and says so
// in PriceFrom. The catalogue stores the same estimates as current prices; this covers
// foods loaded before those were computed.
func DerivePrices(list []Food) {
	in := make([]foods.PriceInput, len(list))
	for i, f := range list {
		in[i] = foods.PriceInput{Key: f.Key, ProteinG: f.Per100g.ProteinG, CarbG: f.Per100g.CarbG, FibreG: f.Per100g.FibreG,
			PricePerKg: f.PricePerKgUGX}
		if f.PriceFrom != "" {
			in[i].PricePerKg = nil // an estimate is never the source of another
		}
	}
	for _, e := range foods.EstimateCookedPrices(in) {
		if list[e.Index].PricePerKgUGX != nil {
			continue
		}
		p := e.PricePerKg
		list[e.Index].PricePerKgUGX, list[e.Index].PriceFrom, list[e.Index].PriceOn = &p, list[e.From].Name, list[e.From].PriceOn
	}
}
