package suggest_test

import (
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
)

// The planner and the suggestions say, per food, when its cost uses a price older than
// 180 days, and use the prices of the user's region where it has them.
func TestPlansAndSuggestionsSayWhenAPriceIsOld(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := setup(t, d)
		u := newPatient(t, d, "oldprices", profile{diabetes: "type2", goal: "glucose_control"})
		// The bundled WFP file ends in December 2024: early in 2025 most prices are fresh,
		// but not matooke's (2018) nor any other food last priced long before.
		check := func(now time.Time) (old, fresh int) {
			t.Helper()
			res, err := s.Plan(ctx, u, now, 1, nil)
			if err != nil || len(res.Plans) == 0 {
				t.Fatalf("plan: %v", err)
			}
			for _, m := range res.Plans[0].Meals {
				for _, it := range m.Items {
					f := res.Foods[it.Key]
					if f.PriceOn == nil {
						t.Fatalf("%s planned without a price date", it.Key)
					}
					if want := pricereports.IsOld(*f.PriceOn, now); f.PriceOld != want {
						t.Errorf("%s priced %s: old %v, want %v", it.Key, f.PriceOn.Format(time.DateOnly), f.PriceOld, want)
					}
					if f.PriceOld {
						old++
					} else {
						fresh++
					}
				}
			}
			return old, fresh
		}
		if old, fresh := check(time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)); fresh == 0 {
			t.Fatalf("February 2025: %d old, %d fresh prices; the December 2024 prices are fresh", old, fresh)
		}
		if old, fresh := check(time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)); fresh != 0 || old == 0 {
			t.Fatalf("February 2026: %d old, %d fresh; every bundled price is over 180 days old", old, fresh)
		}
		sug, err := s.Compute(ctx, u, time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		priced := 0
		for _, m := range sug.Meals {
			for _, it := range m.Items {
				if it.PriceKnown {
					priced++
					if !it.PriceOld || it.PriceOn == nil {
						t.Errorf("suggestion %s: price %v not marked old", it.FoodKey, it.PriceOn)
					}
				}
			}
		}
		if priced == 0 {
			t.Fatal("no priced suggestion to check")
		}

		// A Northern user's plan is costed with Northern prices where they exist.
		region := "Northern"
		u.PriceRegion = region
		u.UpdatedAt = u.UpdatedAt.Add(time.Second) // a profile change: a new cache key
		res, err := s.Plan(ctx, u, time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC), 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		regional := 0
		for _, m := range res.Plans[0].Meals {
			for _, it := range m.Items {
				if res.Foods[it.Key].PriceRegion == region {
					regional++
				}
			}
		}
		if regional == 0 {
			t.Fatalf("no planned food costed with %s prices: %+v", region, res.Plans[0].Meals)
		}
	})
}
