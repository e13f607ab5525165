package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
)

// Coverage says how much of the catalogue has a price users can trust: foods with a
// current price by source, prices older than pricereports.OldAfter, tentative prices, and
// the figure users feel, the share of recent diary entries whose food has a current price.
type Coverage struct {
	Foods              int64     `json:"foods"` // published foods and dishes
	Priced             int64     `json:"priced"`
	Market             int64     `json:"market"`             // WFP market data only
	Reports            int64     `json:"reports"`            // user reports only
	MarketAndReports   int64     `json:"market_and_reports"` // both
	Estimates          int64     `json:"estimates"`          // cooked forms estimated from the as-bought price
	DemoReports        int64     `json:"demo_reports"`       // of the priced, supported by demo accounts' reports
	Old                int64     `json:"old"`                // current prices older than OldDays
	OldDays            int       `json:"old_days"`
	Tentative          int64     `json:"tentative"` // too few reporters, no current price
	DiaryDays          int       `json:"diary_days"`
	DiaryEntries       int64     `json:"diary_entries"` // in the last DiaryDays
	DiaryPriced        int64     `json:"diary_priced"`  // of which the food has a current price that is not old
	DiaryPricedPercent float64   `json:"diary_priced_percent"`
	DiaryAnyPrice      int64     `json:"diary_any_price"` // of which the food has a current price, old or not
	At                 time.Time `json:"at"`
}

// Coverage measures price coverage as of now.
func (c *Catalog) Coverage(ctx context.Context, now time.Time) (Coverage, error) {
	cv := Coverage{OldDays: int(pricereports.OldAfter.Hours() / 24), DiaryDays: 30, At: now.UTC()}
	var err error
	if cv.Foods, err = c.DB.CountFoodItems(ctx); err != nil {
		return cv, fmt.Errorf("catalog: coverage: %w", err)
	}
	rows, err := c.DB.ListCurrentPricesForCoverage(ctx)
	if err != nil {
		return cv, fmt.Errorf("catalog: coverage: %w", err)
	}
	for _, r := range rows {
		cv.Priced++
		if pricereports.IsOld(r.Month, now) {
			cv.Old++
		}
		if strings.HasPrefix(r.Source, EstimatePrefix) {
			cv.Estimates++
			continue
		}
		src := pricereports.ParseSource(r.Source)
		switch {
		case src.Market && src.Reports > 0:
			cv.MarketAndReports++
		case src.Market:
			cv.Market++
		default:
			cv.Reports++
		}
		if src.Demo {
			cv.DemoReports++
		}
	}
	if cv.Tentative, err = c.DB.CountTentativePrices(ctx); err != nil {
		return cv, fmt.Errorf("catalog: coverage: %w", err)
	}
	since := now.AddDate(0, 0, -cv.DiaryDays)
	if cv.DiaryEntries, err = c.DB.CountFoodLogsSince(ctx, since); err != nil {
		return cv, fmt.Errorf("catalog: coverage: %w", err)
	}
	if cv.DiaryPriced, err = c.DB.CountFoodLogsWithCurrentPriceSince(ctx, db.CountFoodLogsWithCurrentPriceSinceParams{Since: since,
		FreshSince: now.Add(-pricereports.OldAfter)}); err != nil {
		return cv, fmt.Errorf("catalog: coverage: %w", err)
	}
	if cv.DiaryAnyPrice, err = c.DB.CountFoodLogsWithCurrentPriceSince(ctx, db.CountFoodLogsWithCurrentPriceSinceParams{Since: since,
		FreshSince: now.AddDate(-100, 0, 0)}); err != nil {
		return cv, fmt.Errorf("catalog: coverage: %w", err)
	}
	if cv.DiaryEntries > 0 {
		cv.DiaryPricedPercent = float64(cv.DiaryPriced) * 100 / float64(cv.DiaryEntries)
	}
	return cv, nil
}

// Lines says the coverage in words, one figure a line.
func (cv Coverage) Lines() []string {
	return []string{
		fmt.Sprintf("foods with a current price: %d of %d", cv.Priced, cv.Foods),
		fmt.Sprintf("  from WFP market data: %d", cv.Market),
		fmt.Sprintf("  from user reports: %d (of which supported by demo accounts: %d)", cv.Reports, cv.DemoReports),
		fmt.Sprintf("  from both: %d", cv.MarketAndReports),
		fmt.Sprintf("  estimated from the as-bought price: %d", cv.Estimates),
		fmt.Sprintf("foods with an old price (over %d days): %d", cv.OldDays, cv.Old),
		fmt.Sprintf("foods with only a tentative price (fewer than 3 reporters): %d", cv.Tentative),
		fmt.Sprintf("diary entries of the last %d days whose food has a current price not over %d days old: %d of %d (%.1f%%)",
			cv.DiaryDays, cv.OldDays, cv.DiaryPriced, cv.DiaryEntries, cv.DiaryPricedPercent),
		fmt.Sprintf("diary entries of the last %d days whose food has a current price, old or not: %d of %d",
			cv.DiaryDays, cv.DiaryAnyPrice, cv.DiaryEntries),
	}
}

// RecomputePrices recomputes every current price from the stored market data and reports
// (after an upgrade that changed the aggregation, say).
func (c *Catalog) RecomputePrices(ctx context.Context) (int, error) {
	var n int
	err := c.DB.InTx(ctx, func(q db.Queries) error {
		var err error
		n, err = recomputeCurrentPrices(ctx, q, nil)
		return err
	})
	if err != nil {
		return 0, err
	}
	c.Invalidate(ctx)
	return n, nil
}
