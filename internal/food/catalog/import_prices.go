package catalog

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// PriceImport says what ImportPrices did.
type PriceImport struct {
	prices.Summary
	Added, Updated int // price rows new to the database, and rows rewritten by a newer file
	UnknownFoods   int // observations whose food key is not in the food table
	NotComparable  int // observations priced per packet or farm gate (not stored)
	CurrentPrices  int // foods whose current price was recomputed
	Elapsed        time.Duration
}

// ImportProgress reports how far an import is: bytes read of the file so far, and rows
// written so far of the rows to write (0 while reading).
type ImportProgress struct {
	Phase          string // "reading" or "writing"
	Bytes, Written int
	ToWrite        int
}

// ImportPrices reads a WFP/HDX market-price CSV. The whole file is validated first: a bad
// line stops the import with its line and column and nothing is stored. Then every row is
// written in one transaction (markets, prices keyed by the observation's natural key so a
// re-import or an overlapping newer file adds nothing twice), current prices are recomputed
// and the food cache is invalidated.
func (c *Catalog) ImportPrices(ctx context.Context, r io.Reader, progress func(ImportProgress)) (PriceImport, error) {
	start := time.Now()
	if progress == nil {
		progress = func(ImportProgress) {}
	}
	var obs []prices.Observation
	p := &prices.Parser{Progress: func(pr prices.Progress) {
		progress(ImportProgress{Phase: "reading", Bytes: int(pr.Bytes)})
	}}
	sum, err := p.Parse(r, func(o prices.Observation) error {
		obs = append(obs, o)
		return nil
	})
	res := PriceImport{Summary: sum}
	if err != nil {
		return res, err
	}
	before, err := c.DB.CountFoodPrices(ctx)
	if err != nil {
		return res, err
	}
	written := 0
	err = c.DB.InTx(ctx, func(q db.Queries) error {
		foodIDs := map[string]int64{}
		missing := map[string]bool{}
		marketIDs := map[int]int64{}
		now := db.Now()
		for i, o := range obs {
			if len(o.FoodKeys) == 0 {
				continue
			}
			pt := strings.ToLower(o.PriceType)
			if (o.PerUnit != "kg" && o.PerUnit != "l" && o.PerUnit != "unit") || (pt != "retail" && pt != "wholesale") {
				res.NotComparable++
				continue
			}
			mid, ok := marketIDs[o.MarketID]
			if !ok {
				wfp := int64(o.MarketID)
				var lat, lon *float64
				if o.HasLocation {
					lat, lon = &o.Lat, &o.Lon
				}
				mid, err = q.UpsertMarket(ctx, db.UpsertMarketParams{WfpMarketID: &wfp, Name: o.Market, Region: o.Region,
					District: o.District, Latitude: lat, Longitude: lon})
				if err != nil {
					return fmt.Errorf("line %d: market %q: %w", o.Line, o.Market, err)
				}
				marketIDs[o.MarketID] = mid
			}
			ref := prices.NaturalKey(o).String()
			for _, key := range o.FoodKeys {
				fid, ok := foodIDs[key]
				if !ok && !missing[key] {
					f, err := q.GetFoodItemBySlug(ctx, key)
					switch {
					case db.IsNotFound(err):
						missing[key] = true
					case err != nil:
						return err
					default:
						fid, ok = f.ID, true
						foodIDs[key] = fid
					}
				}
				if !ok {
					res.UnknownFoods++
					continue
				}
				m := mid
				if err := q.UpsertImportedPrice(ctx, db.UpsertImportedPriceParams{FoodItemID: fid, MarketID: &m,
					PriceUgx: o.PricePerUnitUGX, PerUnit: o.PerUnit, PriceType: pt, SourceRef: ref,
					RecordedAt: o.Date.UTC(), CreatedAt: now}); err != nil {
					return fmt.Errorf("line %d: %w", o.Line, err)
				}
				written++
			}
			if i%500 == 0 {
				progress(ImportProgress{Phase: "writing", Written: i, ToWrite: len(obs)})
			}
		}
		progress(ImportProgress{Phase: "writing", Written: len(obs), ToWrite: len(obs)})
		n, err := recomputeCurrentPrices(ctx, q, nil)
		res.CurrentPrices = n
		return err
	})
	if err != nil {
		return res, err
	}
	after, err := c.DB.CountFoodPrices(ctx)
	if err != nil {
		return res, err
	}
	res.Added = int(after - before)
	res.Updated = written - res.Added
	res.Elapsed = time.Since(start)
	c.Invalidate(ctx)
	return res, nil
}

// recomputeCurrentPrices sets each food's current price: the latest month with retail
// prices; within it each market counts once (its median), and the price is the median over
// markets. foodID nil recomputes every food.
func recomputeCurrentPrices(ctx context.Context, q db.Queries, foodID *int64) (int, error) {
	rows, err := q.ListRetailPrices(ctx, foodID)
	if err != nil {
		return 0, fmt.Errorf("catalog: list retail prices: %w", err)
	}
	byFood := map[int64][]db.ListRetailPricesRow{}
	var order []int64
	for _, r := range rows {
		if _, ok := byFood[r.FoodItemID]; !ok {
			order = append(order, r.FoodItemID)
		}
		byFood[r.FoodItemID] = append(byFood[r.FoodItemID], r)
	}
	now := db.Now()
	for _, fid := range order {
		cp := currentPrice(byFood[fid])
		if err := q.UpsertCurrentPrice(ctx, db.UpsertCurrentPriceParams{FoodItemID: fid, PriceUgx: cp.price, PerUnit: cp.perUnit,
			Month: cp.month, Markets: int64(cp.markets), MarketID: cp.marketID, Source: cp.source, UpdatedAt: now}); err != nil {
			return 0, fmt.Errorf("catalog: current price of food %d: %w", fid, err)
		}
	}
	if _, err := estimateCookedPrices(ctx, q, now); err != nil {
		return 0, err
	}
	return len(order), nil
}

// estimateCookedPrices replaces every estimated current price: a cooked food without a
// market price of its own gets one estimated from the food it is cooked from
// (foods.EstimateCookedPrices, a dry-matter balance), with that food's month and markets,
// and a source naming it, so every page can say the price is an estimate and from what.
func estimateCookedPrices(ctx context.Context, q db.Queries, now time.Time) (int, error) {
	if err := q.DeleteEstimatedPrices(ctx); err != nil {
		return 0, fmt.Errorf("catalog: clear estimated prices: %w", err)
	}
	rows, err := q.ListFoodsForPriceEstimate(ctx)
	if err != nil {
		return 0, fmt.Errorf("catalog: list foods for estimates: %w", err)
	}
	in := make([]foods.PriceInput, len(rows))
	for i, r := range rows {
		in[i] = foods.PriceInput{Key: r.Slug, ProteinG: r.ProteinG, CarbG: r.CarbG, FibreG: r.FibreG}
		if r.PriceUgx != nil && r.PerUnit != nil && *r.PerUnit == "kg" {
			in[i].PricePerKg = r.PriceUgx
		}
	}
	n := 0
	for _, e := range foods.EstimateCookedPrices(in) {
		cooked, raw := rows[e.Index], rows[e.From]
		if cooked.PriceUgx != nil {
			continue // priced per litre or item: keep that
		}
		if err := q.UpsertCurrentPrice(ctx, db.UpsertCurrentPriceParams{FoodItemID: cooked.ID, PriceUgx: e.PricePerKg,
			PerUnit: "kg", Month: *raw.Month, Markets: *raw.Markets, Source: EstimatePrefix + raw.Name, UpdatedAt: now}); err != nil {
			return 0, fmt.Errorf("catalog: estimated price of %s: %w", cooked.Slug, err)
		}
		n++
	}
	return n, nil
}

// EstimatedPrices counts the cooked foods whose current price is an estimate.
func (c *Catalog) EstimatedPrices(ctx context.Context) (int, error) {
	rows, err := c.DB.ListFoodsForPriceEstimate(ctx)
	n := 0
	for _, r := range rows {
		if r.Source != nil && strings.HasPrefix(*r.Source, EstimatePrefix) {
			n++
		}
	}
	return n, err
}

type current struct {
	price    float64
	perUnit  string
	month    time.Time
	markets  int
	marketID *int64
	source   string
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// currentPrice works on one food's retail rows (any order).
func currentPrice(rows []db.ListRetailPricesRow) current {
	latest := time.Time{}
	for _, r := range rows {
		if m := monthOf(r.RecordedAt); m.After(latest) {
			latest = m
		}
	}
	// Prices per unit in the latest month, grouped by market (rows without a market, such
	// as a user's report, count as one market each).
	byUnit := map[string]map[string][]float64{}
	sources := map[string]bool{}
	for i, r := range rows {
		if !monthOf(r.RecordedAt).Equal(latest) {
			continue
		}
		market := fmt.Sprintf("row%d", i)
		if r.MarketID != nil {
			market = fmt.Sprint(*r.MarketID)
		}
		if byUnit[r.PerUnit] == nil {
			byUnit[r.PerUnit] = map[string][]float64{}
		}
		byUnit[r.PerUnit][market] = append(byUnit[r.PerUnit][market], r.PriceUgx)
		sources[r.Source] = true
	}
	// The unit most markets quote in.
	unit := ""
	for u, m := range byUnit {
		if unit == "" || len(m) > len(byUnit[unit]) || (len(m) == len(byUnit[unit]) && u < unit) {
			unit = u
		}
	}
	var medians []float64
	var onlyMarket *int64
	for market, vals := range byUnit[unit] {
		medians = append(medians, prices.Median(vals))
		if len(byUnit[unit]) == 1 {
			for _, r := range rows {
				if r.MarketID != nil && fmt.Sprint(*r.MarketID) == market {
					id := *r.MarketID
					onlyMarket = &id
					break
				}
			}
		}
	}
	var srcs []string
	for s := range sources {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	return current{price: prices.Median(medians), perUnit: unit, month: latest, markets: len(medians), marketID: onlyMarket,
		source: strings.Join(srcs, ",")}
}

// RecordPrice stores a price an admin recorded by hand (market survey or a user's report)
// and recomputes the food's current price.
func (c *Catalog) RecordPrice(ctx context.Context, p db.InsertManualPriceParams) error {
	err := c.DB.InTx(ctx, func(q db.Queries) error {
		if _, err := q.InsertManualPrice(ctx, p); err != nil {
			return err
		}
		// This food's price, then every estimate that may come from it.
		_, err := recomputeCurrentPrices(ctx, q, &p.FoodItemID)
		return err
	})
	if err != nil {
		return fmt.Errorf("catalog: record price: %w", err)
	}
	c.Invalidate(ctx)
	return nil
}
