package suggest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// benchUser is a patient with diabetes, a budget and two weeks of diary.
func benchUser(b *testing.B, d *db.DB, s *suggest.Service) *db.User {
	ctx := context.Background()
	u := newPatient(b, d, "bench", profile{diabetes: "type2", goal: "lose_weight", budget: ptr(int64(200000))})
	foods, err := s.Foods(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 42 {
		f := foods[(i*13)%len(foods)]
		at := time.Now().Add(-time.Duration(i) * 8 * time.Hour)
		if _, err := d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			UserID: u.ID, FoodItemID: f.ID, MealType: []string{"breakfast", "lunch", "dinner"}[i%3], Grams: f.ServingGrams,
			Quantity: 1, ConsumedAt: at, CreatedAt: at}); err != nil {
			b.Fatal(err)
		}
	}
	return u
}

// Recommendations for one user, uncached: every query, four rankings with the shipped
// model and the writes of the suggestions shown (the food list itself stays cached, as
// it does in the server until a price changes).
func BenchmarkRecommendationsUncached(b *testing.B) {
	benchmarkUncached(b, dbtest.NewSQLite(b))
}

// The same on PostgreSQL.
func BenchmarkRecommendationsUncachedPostgres(b *testing.B) {
	benchmarkUncached(b, dbtest.NewPostgres(b))
}

func benchmarkUncached(b *testing.B, d *db.DB) {
	c := cache.NewLRU(1000, time.Minute)
	loadCatalogue(b, d, c)
	s := newService(b, d, c, true)
	u := benchUser(b, d, s)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Compute(ctx, u, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

// benchOptions gives every real food a price (deterministic, 800–9,000 UGX/kg) so the
// planner works over the whole table (200+ foods), with the user's real constraints.
func benchOptions(b *testing.B, diabetes string) ([]mealplan.Option, mealplan.Constraints) {
	d := dbtest.NewSQLite(b)
	c := cache.NewLRU(1000, time.Minute)
	loadCatalogue(b, d, c)
	s := newService(b, d, c, false)
	foods, err := s.Foods(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for i := range foods {
		if foods[i].PricePerKgUGX == nil {
			p := float64(800 + (foods[i].ID*7919)%8200)
			foods[i].PricePerKgUGX = &p
		}
	}
	u := newPatient(b, d, "planner", profile{diabetes: diabetes, goal: "lose_weight"})
	opts, cons, _ := suggest.PlanInputs(foods, u, time.Now(), nil, suggest.PlanProfile{})
	if len(opts) < 100 {
		b.Fatalf("only %d options", len(opts))
	}
	b.ReportMetric(float64(len(opts)), "foods")
	return opts, cons
}

func BenchmarkPlanDay(b *testing.B) {
	for _, diab := range []string{"type2", "none"} {
		b.Run(diab, func(b *testing.B) {
			opts, cons := benchOptions(b, diab)
			b.ResetTimer()
			var p mealplan.Plan
			var err error
			for b.Loop() {
				if p, err = mealplan.PlanDay(opts, cons); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(p.Totals.CostUGX, "UGX")
			b.ReportMetric(p.GapUGX(), "gap-UGX")
		})
	}
}

func BenchmarkPlanWeek(b *testing.B) {
	for _, diab := range []string{"type2", "none"} {
		b.Run(diab, func(b *testing.B) {
			opts, cons := benchOptions(b, diab)
			b.ResetTimer()
			var w mealplan.WeekPlan
			var err error
			for b.Loop() {
				if w, err = mealplan.PlanWeek(opts, cons, 7); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(w.CostUGX, "UGX")
			b.ReportMetric(w.CostUGX-w.LowerBoundUGX, "gap-UGX")
		})
	}
}
