package catalog

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// Alternative is a cheaper food of the same category with similar nutrition per serving.
type Alternative struct {
	Card
	ServingCost int64
	Saving      int64   // UGX per serving cheaper than the food (0 when the food has no price)
	Distance    float64 // 0 = same energy, protein and fibre per serving
}

// nutritionDistance compares two foods per serving: relative differences of energy,
// protein and fibre, and of available carbohydrate (which matters for glucose).
func nutritionDistance(a, b Card) float64 {
	rel := func(x, y float64) float64 { return math.Abs(x-y) / math.Max(math.Max(x, y), 1) }
	sa, sb := a.ServingGrams/100, b.ServingGrams/100
	return rel(a.EnergyKcal*sa, b.EnergyKcal*sb) + rel(a.ProteinG*sa, b.ProteinG*sb) +
		rel(a.FibreG*sa, b.FibreG*sb) + rel(a.CarbG*sa, b.CarbG*sb)
}

// maxDistance keeps alternatives that are close per serving: at most about 30 % apart on
// each of energy, protein, fibre and carbohydrate on average.
const maxDistance = 1.2

// Alternatives lists up to n priced foods of the same category that cost less per serving
// (or, for an unpriced food, the cheapest similar ones), most similar first.
func (c *Catalog) Alternatives(ctx context.Context, food Card, n int) ([]Alternative, error) {
	key := fmt.Sprintf("alts:%d:%d", food.ID, n)
	return cache.GetOrLoad(ctx, c.Cache, "food_alternatives", CacheNamespace, key, c.TTL, func(ctx context.Context) ([]Alternative, error) {
		rows, err := c.DB.ListAlternativeCandidates(ctx, db.ListAlternativeCandidatesParams{Category: food.Category, ID: food.ID})
		if err != nil {
			return nil, fmt.Errorf("catalog: alternatives of %d: %w", food.ID, err)
		}
		own, priced := food.ServingCostUGX(food.ServingGrams)
		var out []Alternative
		for _, r := range rows {
			card := cardFrom(r)
			cost, ok := card.ServingCostUGX(card.ServingGrams)
			if !ok || (priced && cost >= own) {
				continue
			}
			a := Alternative{Card: card, ServingCost: cost, Distance: nutritionDistance(food, card)}
			if a.Distance > maxDistance {
				continue // too different to replace it (e.g. a dry flour for a cooked dish)
			}
			if priced {
				a.Saving = own - cost
			}
			out = append(out, a)
		}
		sort.SliceStable(out, func(i, j int) bool {
			if out[i].Distance != out[j].Distance {
				return out[i].Distance < out[j].Distance
			}
			return out[i].ServingCost < out[j].ServingCost
		})
		if len(out) > n {
			out = out[:n]
		}
		return out, nil
	})
}

// PricePoint is one month's median price at one market (or nationally).
type PricePoint struct {
	Month time.Time
	UGX   float64
}

// PriceSeries is a line of the price-history chart.
type PriceSeries struct {
	Label   string
	PerUnit string
	Points  []PricePoint
}

// PriceHistory returns the national monthly median of retail prices, the region's median
// when region is one of regions.All and has data, and the series of the markets with the
// most observations, the region's first (at most `markets` of them).
func (c *Catalog) PriceHistory(ctx context.Context, foodID int64, markets int, region string) ([]PriceSeries, error) {
	key := fmt.Sprintf("history:%d:%d:%s", foodID, markets, region)
	return cache.GetOrLoad(ctx, c.Cache, "food_price_history", CacheNamespace, key, c.TTL, func(ctx context.Context) ([]PriceSeries, error) {
		rows, err := c.DB.ListPriceHistory(ctx, foodID)
		if err != nil {
			return nil, fmt.Errorf("catalog: price history of %d: %w", foodID, err)
		}
		return priceSeries(rows, markets, region), nil
	})
}
