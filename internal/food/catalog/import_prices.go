package catalog

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
	"github.com/zoe-nutritech/zoe/internal/food/regions"
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

// ImportBundled imports the food table and the WFP prices bundled with the app: the data
// a fresh instance starts from (tests, evaluations, demos).
func (c *Catalog) ImportBundled(ctx context.Context) error {
	if _, err := c.ImportFoods(ctx); err != nil {
		return fmt.Errorf("catalog: food table: %w", err)
	}
	r, err := prices.Bundled()
	if err != nil {
		return fmt.Errorf("catalog: bundled prices: %w", err)
	}
	if rc, ok := r.(io.Closer); ok {
		defer rc.Close()
	}
	if _, err := c.ImportPrices(ctx, r, nil); err != nil {
		return fmt.Errorf("catalog: bundled prices: %w", err)
	}
	return nil
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

// recomputeCurrentPrices sets each food's current price from its retail market prices
// and the user reports that count (pricereports.Aggregate: the 90 days before the newest
// price, outlier reports left out, each reporter once per market, each market once, the
// median across markets). A price that only reports from fewer than three people support
// is stored as tentative instead, and a food left without support loses its price.
// foodID nil recomputes every food. Returns how many foods got a current price.
func recomputeCurrentPrices(ctx context.Context, q db.Queries, foodID *int64) (int, error) {
	rows, err := q.ListRetailPrices(ctx, foodID)
	if err != nil {
		return 0, fmt.Errorf("catalog: list retail prices: %w", err)
	}
	reports, err := q.ListPriceReportsForAggregation(ctx, foodID)
	if err != nil {
		return 0, fmt.Errorf("catalog: list price reports: %w", err)
	}
	byFood := map[int64][]pricereports.Point{}
	byRegion := map[regionKey][]pricereports.Point{}
	var order []int64
	var regionOrder []regionKey
	add := func(fid int64, region string, p pricereports.Point) {
		if _, ok := byFood[fid]; !ok {
			order = append(order, fid)
		}
		byFood[fid] = append(byFood[fid], p)
		if region == "" {
			return
		}
		k := regionKey{fid, region}
		if _, ok := byRegion[k]; !ok {
			regionOrder = append(regionOrder, k)
		}
		byRegion[k] = append(byRegion[k], p)
	}
	for i, r := range rows {
		// Rows without a market (an admin's record) count as one market each.
		market := fmt.Sprintf("row:%d", i)
		if r.MarketID != nil {
			market = fmt.Sprintf("m:%d", *r.MarketID)
		}
		region, _ := regions.District(r.MarketAdmin1)
		add(r.FoodItemID, region, pricereports.Point{UGX: r.PriceUgx, PerUnit: r.PerUnit, Date: r.RecordedAt, Kind: pricereports.MarketData, Market: market})
	}
	flags := map[int64]string{}
	for _, r := range reports {
		// A report counts in its market's region, else in the region its reporter had chosen.
		region, ok := regions.District(r.MarketAdmin1)
		if !ok {
			region = r.Region
		}
		add(r.FoodItemID, region, pricereports.Point{UGX: r.UnitPriceUgx, PerUnit: r.PerUnit, Date: r.ObservedOn, Kind: pricereports.UserReport,
			Market: reportMarket(r.MarketID, r.Place, r.UserID), Reporter: r.UserID, ReportID: r.ID, Demo: r.Demo})
		if r.Status == "pending" {
			flags[r.ID] = r.Flag
		}
	}
	now := db.Now()
	published := map[int64]bool{}
	if foodID == nil {
		if err := q.DeleteAllTentativePrices(ctx); err != nil {
			return 0, fmt.Errorf("catalog: clear tentative prices: %w", err)
		}
		if err := q.DeleteAllRegionPrices(ctx); err != nil {
			return 0, fmt.Errorf("catalog: clear region prices: %w", err)
		}
	} else {
		if err := q.DeleteTentativePrice(ctx, *foodID); err != nil {
			return 0, fmt.Errorf("catalog: clear tentative price: %w", err)
		}
		if err := q.DeleteRegionPricesOfFood(ctx, *foodID); err != nil {
			return 0, fmt.Errorf("catalog: clear region prices: %w", err)
		}
	}
	for _, fid := range order {
		p, ok := pricereports.Aggregate(byFood[fid], pricereports.Options{})
		if !ok {
			continue
		}
		for _, o := range p.Outliers {
			if f, pending := flags[o.ReportID]; pending && f == "" {
				if err := q.SetPriceReportFlag(ctx, db.SetPriceReportFlagParams{ID: o.ReportID, Flag: o.Reason}); err != nil {
					return 0, fmt.Errorf("catalog: flag report %d: %w", o.ReportID, err)
				}
				flags[o.ReportID] = o.Reason
			}
		}
		if p.Tentative {
			if err := q.UpsertTentativePrice(ctx, db.UpsertTentativePriceParams{FoodItemID: fid, PriceUgx: p.UGX, PerUnit: p.PerUnit,
				ObservedOn: p.Latest, Source: p.Source().String(), UpdatedAt: now}); err != nil {
				return 0, fmt.Errorf("catalog: tentative price of food %d: %w", fid, err)
			}
			continue
		}
		if err := q.UpsertCurrentPrice(ctx, db.UpsertCurrentPriceParams{FoodItemID: fid, PriceUgx: p.UGX, PerUnit: p.PerUnit,
			Month: p.Latest, Markets: int64(p.Markets), MarketID: singleMarket(p, byFood[fid]), Source: p.Source().String(), UpdatedAt: now}); err != nil {
			return 0, fmt.Errorf("catalog: current price of food %d: %w", fid, err)
		}
		published[fid] = true
	}
	// Each region's price, by the same rules over the region's markets and reports; a
	// region with reports from fewer than three people and no market data has none (the
	// national price is shown there, saying so).
	for _, k := range regionOrder {
		p, ok := pricereports.Aggregate(byRegion[k], pricereports.Options{})
		if !ok || p.Tentative {
			continue
		}
		if err := q.UpsertRegionPrice(ctx, db.UpsertRegionPriceParams{FoodItemID: k.food, Region: k.region, PriceUgx: p.UGX,
			PerUnit: p.PerUnit, Month: p.Latest, Markets: int64(p.Markets), MarketID: singleMarket(p, byRegion[k]),
			Source: p.Source().String(), UpdatedAt: now}); err != nil {
			return 0, fmt.Errorf("catalog: %s price of food %d: %w", k.region, k.food, err)
		}
	}
	// A food whose support is gone (reports rejected, a reporter banned) loses its price.
	had, err := q.ListCurrentPriceFoods(ctx)
	if err != nil {
		return 0, fmt.Errorf("catalog: list current prices: %w", err)
	}
	for _, fid := range had {
		if !published[fid] && (foodID == nil || fid == *foodID) {
			if err := q.DeleteCurrentPrice(ctx, fid); err != nil {
				return 0, fmt.Errorf("catalog: drop current price of food %d: %w", fid, err)
			}
		}
	}
	if _, err := estimateCookedPrices(ctx, q, now); err != nil {
		return 0, err
	}
	return len(published), nil
}

type regionKey struct {
	food   int64
	region string
}

// singleMarket is the market of a price that one market gives, so pages can name it.
func singleMarket(p pricereports.Price, points []pricereports.Point) *int64 {
	if p.Markets != 1 {
		return nil
	}
	for _, pt := range points {
		var id int64
		if _, err := fmt.Sscanf(pt.Market, "m:%d", &id); err == nil && !pt.Date.Before(p.Since) {
			return &id
		}
	}
	return nil
}

// reportMarket groups a report with its market: a chosen WFP market groups with that
// market's data, a place typed by hand with other reports of the same place, and a report
// without either stands alone as its reporter's.
func reportMarket(marketID *int64, place string, user int64) string {
	switch {
	case marketID != nil:
		return fmt.Sprintf("m:%d", *marketID)
	case strings.TrimSpace(place) != "":
		return "place:" + strings.ToLower(strings.Join(strings.Fields(place), " "))
	}
	return fmt.Sprintf("user:%d", user)
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
