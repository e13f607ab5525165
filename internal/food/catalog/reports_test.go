package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
)

func reporter(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	u, err := d.CreateUser(context.Background(), db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: "x",
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func submit(t *testing.T, c *catalog.Catalog, user, food int64, perKg float64, place string) error {
	t.Helper()
	r, errs := pricereports.Draft{Quantity: "1", Unit: "kg", PriceUGX: fmt.Sprint(perKg), Place: place,
		Date: time.Now().UTC().Format(time.DateOnly), Confirm: true}.Check("food", nil, nil, time.Now(), time.UTC)
	if len(errs) > 0 {
		t.Fatalf("draft: %v", errs)
	}
	_, err := c.SubmitReport(context.Background(), catalog.ReportInput{UserID: user, FoodID: food, Report: r})
	return err
}

func suggestPrice(t *testing.T, d *db.DB, food int64) *float64 {
	t.Helper()
	rows, err := d.RecListFoods(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == food {
			return suggest.FoodFromRow(r).PricePerKgUGX
		}
	}
	t.Fatalf("food %d not offered to the suggestion engines", food)
	return nil
}

// A food without a market price: one person's report is tentative (not a price the
// planner uses); three people publish it, and the suggestion and plan data use it; an
// outlier does not move it and lands in the moderation queue with its reason; a ban takes
// a reporter's reports out.
func TestReportsPublishAPriceFromThreePeople(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		dodo, err := d.GetFoodItemBySlug(ctx, "dodo-raw")
		if err != nil {
			t.Fatal(err)
		}
		a, b, cc, e := reporter(t, d, "ann"), reporter(t, d, "ben"), reporter(t, d, "cy"), reporter(t, d, "eve")
		if err := submit(t, c, a, dodo.ID, 2000, "Owino"); err != nil {
			t.Fatal(err)
		}
		card, _ := c.Food(ctx, 0, dodo.ID)
		tent, ok, err := c.TentativePrice(ctx, dodo.ID)
		if card.PriceUGX != nil || !ok || err != nil || tent.UGX != 2000 || tent.Source.Reporters != 1 {
			t.Fatalf("after one report: current %v, tentative %+v %v %v", card.PriceUGX, tent, ok, err)
		}
		if p := suggestPrice(t, d, dodo.ID); p != nil {
			t.Fatalf("a tentative price reached the planner: %v", *p)
		}
		// The same person again does not make it three.
		_ = submit(t, c, a, dodo.ID, 2100, "Nakasero")
		_ = submit(t, c, a, dodo.ID, 2200, "Kalerwe")
		if card, _ := c.Food(ctx, 0, dodo.ID); card.PriceUGX != nil {
			t.Fatalf("one person published a price: %v", *card.PriceUGX)
		}
		_ = submit(t, c, b, dodo.ID, 2400, "Owino")
		if err := submit(t, c, cc, dodo.ID, 2600, "Nakasero"); err != nil {
			t.Fatal(err)
		}
		card, _ = c.Food(ctx, 0, dodo.ID)
		if card.PriceUGX == nil || card.PricePerUnit != "kg" {
			t.Fatalf("three reporters: no current price")
		}
		price := *card.PriceUGX
		if src := pricereports.ParseSource(card.PriceSource); src.Market || src.Reporters != 3 || src.Reports != 5 {
			t.Fatalf("source %q", card.PriceSource)
		}
		if _, ok, _ := c.TentativePrice(ctx, dodo.ID); ok {
			t.Fatal("a published price is still tentative")
		}
		if p := suggestPrice(t, d, dodo.ID); p == nil || *p != price {
			t.Fatalf("suggestions see %v, want %v", p, price)
		}
		// An outlier does not move it and is queued with its reason.
		if err := submit(t, c, e, dodo.ID, 40000, "Owino"); err != nil {
			t.Fatal(err)
		}
		if card, _ := c.Food(ctx, 0, dodo.ID); *card.PriceUGX != price {
			t.Fatalf("outlier moved the price from %v to %v", price, *card.PriceUGX)
		}
		queue, err := c.ModerationQueue(ctx, 50)
		if err != nil || len(queue) == 0 || queue[0].UserID != e || !strings.HasPrefix(queue[0].Flag, "outlier") {
			t.Fatalf("queue %+v %v", queue, err)
		}
		if _, err := c.ModerateReport(ctx, queue[0].ID, catalog.ReportReject, a); err != nil {
			t.Fatal(err)
		}
		if q, _ := c.ModerationQueue(ctx, 50); len(q) != len(queue)-1 {
			t.Fatalf("rejected report still queued: %+v", q)
		}
		// Banning a reporter takes their reports out: back to two people, tentative.
		if n, err := c.BanReporter(ctx, cc, a); err != nil || n != 1 {
			t.Fatalf("ban: %d %v", n, err)
		}
		if card, _ := c.Food(ctx, 0, dodo.ID); card.PriceUGX != nil {
			t.Fatalf("price kept after the ban: %v", *card.PriceUGX)
		}
		if err := submit(t, c, cc, dodo.ID, 2500, "Owino"); !errors.Is(err, catalog.ErrReporterBanned) {
			t.Fatalf("banned reporter: %v", err)
		}
	})
}

func TestReportsAreRateLimited(t *testing.T) {
	d := dbtest.NewSQLite(t)
	c := newCatalog(t, d)
	ctx := context.Background()
	dodo, _ := d.GetFoodItemBySlug(ctx, "dodo-raw")
	u := reporter(t, d, "busy")
	for i := range pricereports.PerDay {
		if err := submit(t, c, u, dodo.ID, float64(2000+i), "Owino"); err != nil {
			t.Fatalf("report %d: %v", i+1, err)
		}
	}
	if err := submit(t, c, u, dodo.ID, 2000, "Owino"); !errors.Is(err, catalog.ErrTooManyReports) {
		t.Fatalf("report %d: %v", pricereports.PerDay+1, err)
	}
}

// Coverage counts prices by source, old prices and the share of recent diary entries whose
// food has a current price, the same on both engines.
func TestCoverageBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		if _, err := c.ImportPrices(ctx, strings.NewReader(header+jan+feb), nil); err != nil { // 2024: old
			t.Fatal(err)
		}
		dodo, _ := d.GetFoodItemBySlug(ctx, "dodo-raw")
		beans, _ := d.GetFoodItemBySlug(ctx, "beans-dry-raw")
		nakati, _ := d.GetFoodItemBySlug(ctx, "nakati-raw")
		var users []int64
		for _, n := range []string{"u1", "u2", "u3"} {
			users = append(users, reporter(t, d, n))
			if err := submit(t, c, users[len(users)-1], dodo.ID, 2000, "Owino"); err != nil {
				t.Fatal(err)
			}
		}
		if err := submit(t, c, users[0], nakati.ID, 1500, "Owino"); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		for i, food := range []int64{dodo.ID, dodo.ID, beans.ID, nakati.ID} {
			if _, err := d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), UserID: users[0],
				FoodItemID: food, MealType: "lunch", Grams: 100, Quantity: 1, ConsumedAt: now.Add(-time.Duration(i+1) * time.Hour), CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		cv, err := c.Coverage(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if cv.Reports != 1 || cv.Market < 3 || cv.Tentative != 1 || cv.Old < cv.Market || cv.Priced-cv.Old < 1 || cv.DiaryEntries != 4 ||
			cv.DiaryPriced != 2 || cv.DiaryAnyPrice != 3 || cv.DiaryPricedPercent != 50 {
			t.Fatalf("%+v", cv)
		}
	})
}

// The daily limit holds under parallel reports of one user: each report takes the
// reporter's lock before counting, so exactly PerDay are stored (before the lock,
// PostgreSQL's read-committed counts let parallel reports all pass).
func TestDailyReportLimitUnderParallelReports(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		dodo, err := d.GetFoodItemBySlug(ctx, "dodo-raw")
		if err != nil {
			t.Fatal(err)
		}
		u := reporter(t, d, "hasty")
		const tries = pricereports.PerDay + 10
		errs := make(chan error, tries)
		start := make(chan struct{})
		for i := range tries {
			go func() {
				<-start
				errs <- submit(t, c, u, dodo.ID, float64(2000+i), "Owino")
			}()
		}
		close(start)
		refused := 0
		for range tries {
			switch err := <-errs; {
			case errors.Is(err, catalog.ErrTooManyReports):
				refused++
			case err != nil:
				t.Errorf("report: %v", err)
			}
		}
		var n int64
		if err := d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM price_reports WHERE user_id = $1", u).Scan(&n); err != nil {
			if err = d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM price_reports WHERE user_id = ?", u).Scan(&n); err != nil {
				t.Fatal(err)
			}
		}
		if n != pricereports.PerDay || refused != tries-pricereports.PerDay {
			t.Fatalf("stored %d reports (limit %d), refused %d of %d", n, pricereports.PerDay, refused, tries)
		}
	})
}
