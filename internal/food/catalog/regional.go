package catalog

import (
	"context"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/food/regions"
)

// RegionPrice is a food's current price in one region.
type RegionPrice struct {
	FoodID  int64
	UGX     float64
	PerUnit string
	Month   time.Time
	Markets int64
	Market  string // the market's name when one market gives the price
	Source  string // stored form (pricereports.ParseSource)
}

// RegionPrices lists a region's current prices (cached until prices change).
func (c *Catalog) RegionPrices(ctx context.Context, region string) (map[int64]RegionPrice, error) {
	if !regions.Valid(region) {
		return nil, nil
	}
	list, err := cache.GetOrLoad(ctx, c.Cache, "food_region_prices", CacheNamespace, "region:"+region, c.TTL,
		func(ctx context.Context) ([]RegionPrice, error) {
			rows, err := c.DB.ListRegionPrices(ctx, region)
			if err != nil {
				return nil, fmt.Errorf("catalog: %s prices: %w", region, err)
			}
			out := make([]RegionPrice, len(rows))
			for i, r := range rows {
				out[i] = RegionPrice{FoodID: r.FoodItemID, UGX: r.PriceUgx, PerUnit: r.PerUnit, Month: r.Month.UTC(), Markets: r.Markets,
					Market: r.MarketName, Source: r.Source}
			}
			return out, nil
		})
	if err != nil {
		return nil, err
	}
	m := make(map[int64]RegionPrice, len(list))
	for _, p := range list {
		m[p.FoodID] = p
	}
	return m, nil
}

// Localize gives each card the price of the viewer's region when that region has one,
// saying so in PriceRegion (and PriceMarket when one market gives it); otherwise the card
// keeps the national price and PriceNational says why. A region's price is passed over
// for the national one only when it is old (pricereports.OldAfter) and the national
// price is newer. region "" (not chosen) keeps every national price.
func (c *Catalog) Localize(ctx context.Context, region string, cards []Card, now time.Time) error {
	if region == "" {
		for i := range cards {
			if cards[i].PriceUGX != nil {
				cards[i].PriceNational = "you have not chosen your region"
			}
		}
		return nil
	}
	rp, err := c.RegionPrices(ctx, region)
	if err != nil {
		return err
	}
	for i := range cards {
		localize(&cards[i], region, rp, now)
	}
	return nil
}

func localize(card *Card, region string, rp map[int64]RegionPrice, now time.Time) {
	p, ok := rp[card.ID]
	switch {
	case !ok:
		if card.PriceUGX != nil {
			card.PriceNational = fmt.Sprintf("no %s region price yet", region)
		}
		return
	case card.PriceUGX != nil && pricereports.IsOld(p.Month, now) && card.PriceMonth != nil && card.PriceMonth.After(p.Month):
		card.PriceNational = fmt.Sprintf("the %s region's latest price is from %s, older than the national one", region,
			p.Month.Format("January 2006"))
		return
	}
	ugx, month := p.UGX, p.Month
	card.PriceUGX, card.PricePerUnit, card.PriceMonth, card.PriceMarkets = &ugx, p.PerUnit, &month, p.Markets
	card.PriceSource, card.PriceEstimatedFrom = p.Source, ""
	card.PriceRegion, card.PriceMarket, card.PriceNational = region, p.Market, ""
}
