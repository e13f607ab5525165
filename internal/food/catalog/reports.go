package catalog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
)

// Errors of SubmitReport the reporter is told about.
var (
	ErrTooManyReports = fmt.Errorf("catalog: more than %d price reports in 24 hours", pricereports.PerDay)
	ErrReporterBanned = errors.New("catalog: this user's price reports are not accepted")
)

// ReportInput is a checked price report and who sent it.
type ReportInput struct {
	UserID   int64
	FoodID   int64
	MarketID *int64 // a market from the list, or nil when Place was typed
	Demo     bool   // sent from a synthetic demo account
	// Region is the reporter's region (regions.All) or "": a report without a market
	// counts in it.
	Region string
	Report pricereports.Report
}

// SubmitReport stores a user's price report and recomputes the food's price, in one
// transaction: refused for a banned reporter or past pricereports.PerDay reports in 24
// hours.
func (c *Catalog) SubmitReport(ctx context.Context, in ReportInput) (int64, error) {
	var id int64
	r := in.Report
	err := c.DB.InTx(ctx, func(q db.Queries) error {
		// Parallel reports of one user wait here for each other, so the count below sees
		// the ones before and the daily limit holds on PostgreSQL too.
		if err := q.LockPriceReporter(ctx, in.UserID); err != nil {
			return err
		}
		banned, err := q.IsPriceReporterBanned(ctx, in.UserID)
		if err != nil {
			return err
		}
		if banned > 0 {
			return ErrReporterBanned
		}
		now := db.Now()
		n, err := q.CountPriceReportsSince(ctx, db.CountPriceReportsSinceParams{UserID: in.UserID, Since: now.Add(-24 * time.Hour)})
		if err != nil {
			return err
		}
		if n >= pricereports.PerDay {
			return ErrTooManyReports
		}
		id, err = q.InsertPriceReport(ctx, db.InsertPriceReportParams{UserID: in.UserID, FoodItemID: in.FoodID, Quantity: r.Quantity,
			Unit: r.Unit, Grams: r.Grams, PriceUgx: r.PriceUGX, UnitPriceUgx: r.UnitPriceUGX, PerUnit: r.PerUnit, MarketID: in.MarketID,
			Place: r.Place, ObservedOn: r.Date, Flag: r.Flag, Demo: in.Demo, Region: in.Region, CreatedAt: now})
		if err != nil {
			return err
		}
		_, err = recomputeCurrentPrices(ctx, q, &in.FoodID)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrTooManyReports) || errors.Is(err, ErrReporterBanned) {
			return 0, err
		}
		return 0, fmt.Errorf("catalog: store price report: %w", err)
	}
	c.Invalidate(ctx)
	return id, nil
}

// Moderation actions.
const (
	ReportAccept = "accepted"
	ReportReject = "rejected"
)

// ModerateReport accepts or rejects a report and recomputes its food's price. It returns the
// report as it was (for the audit log).
func (c *Catalog) ModerateReport(ctx context.Context, id int64, status string, adminID int64) (db.PriceReport, error) {
	var rep db.PriceReport
	if status != ReportAccept && status != ReportReject {
		return rep, fmt.Errorf("catalog: unknown moderation %q", status)
	}
	err := c.DB.InTx(ctx, func(q db.Queries) error {
		var err error
		if rep, err = q.GetPriceReport(ctx, id); err != nil {
			return err
		}
		now := db.Now()
		if _, err := q.ModeratePriceReport(ctx, db.ModeratePriceReportParams{ID: id, Status: status, ModeratedBy: &adminID, ModeratedAt: &now}); err != nil {
			return err
		}
		_, err = recomputeCurrentPrices(ctx, q, &rep.FoodItemID)
		return err
	})
	if err != nil {
		return rep, fmt.Errorf("catalog: moderate report %d: %w", id, err)
	}
	c.Invalidate(ctx)
	return rep, nil
}

// BanReporter rejects every report of a user, refuses their future reports and recomputes
// every price. Returns how many reports were rejected.
func (c *Catalog) BanReporter(ctx context.Context, userID, adminID int64) (int64, error) {
	var n int64
	err := c.DB.InTx(ctx, func(q db.Queries) error {
		now := db.Now()
		if err := q.BanPriceReporter(ctx, db.BanPriceReporterParams{UserID: userID, BannedBy: &adminID, CreatedAt: now}); err != nil {
			return err
		}
		var err error
		if n, err = q.RejectPriceReportsOfUser(ctx, db.RejectPriceReportsOfUserParams{UserID: userID, ModeratedBy: &adminID, ModeratedAt: &now}); err != nil {
			return err
		}
		_, err = recomputeCurrentPrices(ctx, q, nil)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("catalog: ban reporter %d: %w", userID, err)
	}
	c.Invalidate(ctx)
	return n, nil
}

// ModerationQueue lists pending reports flagged for a reason, newest first.
func (c *Catalog) ModerationQueue(ctx context.Context, limit int64) ([]db.ListFlaggedPriceReportsRow, error) {
	return c.DB.ListFlaggedPriceReports(ctx, limit)
}

// Tentative is a price only a few people's reports support.
type Tentative struct {
	UGX     float64
	PerUnit string
	On      time.Time
	Source  pricereports.Source
}

// TentativePrice is a food's tentative price; ok is false when it has none.
func (c *Catalog) TentativePrice(ctx context.Context, foodID int64) (Tentative, bool, error) {
	t, err := c.DB.GetTentativePrice(ctx, foodID)
	if db.IsNotFound(err) {
		return Tentative{}, false, nil
	}
	if err != nil {
		return Tentative{}, false, fmt.Errorf("catalog: tentative price of food %d: %w", foodID, err)
	}
	return Tentative{UGX: t.PriceUgx, PerUnit: t.PerUnit, On: t.ObservedOn, Source: pricereports.ParseSource(t.Source)}, true, nil
}
