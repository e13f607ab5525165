package heldout

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// TestSeed writes the fixture patient on both engines and reads it back through the
// app's own queries.
func TestSeed(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	fx := set.Fixture
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := Seed(ctx, d, fx); err == nil {
			t.Fatal("Seed without the food table succeeded; want an error naming the missing food")
		}
		if _, err := d.GetUserByLogin(ctx, fx.Username); !db.IsNotFound(err) {
			t.Fatalf("a failed seed left the user behind (err %v)", err)
		}
		if _, err := catalog.New(d, cache.NewLRU(10, time.Minute), nil).ImportFoods(ctx); err != nil {
			t.Fatal(err)
		}
		u, err := Seed(ctx, d, fx)
		if err != nil {
			t.Fatal(err)
		}
		if u.GlucoseUnit != "mmol/L" || u.TimeZone != "Africa/Kampala" || u.MonthlyBudgetUgx == nil || *u.MonthlyBudgetUgx != 350000 {
			t.Errorf("profile: unit %q, zone %q, budget %v", u.GlucoseUnit, u.TimeZone, u.MonthlyBudgetUgx)
		}
		diary, err := d.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: fx.Day(-400).UTC(), Until: fx.Day(1).UTC()})
		if err != nil {
			t.Fatal(err)
		}
		if len(diary) != len(fx.Diary) {
			t.Errorf("%d diary entries stored, want %d", len(diary), len(fx.Diary))
		}
		unpriced := 0
		for _, e := range diary {
			if e.CostUgx == nil {
				unpriced++
			}
		}
		want := 0
		for _, e := range fx.Diary {
			if e.CostUGX == nil {
				want++
			}
		}
		if unpriced != want {
			t.Errorf("%d entries stored without a price, want %d (an unknown price must stay NULL)", unpriced, want)
		}
		yesterday, err := d.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: fx.Day(-1).UTC(), Until: fx.Day(0).UTC()})
		if err != nil {
			t.Fatal(err)
		}
		if len(yesterday) != 6 {
			t.Errorf("%d entries yesterday in the user's time zone, want 6", len(yesterday))
		}
		readings, err := d.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: u.ID, Since: fx.Day(-400).UTC()})
		if err != nil {
			t.Fatal(err)
		}
		if len(readings) != len(fx.Glucose) {
			t.Errorf("%d readings stored, want %d", len(readings), len(fx.Glucose))
		}
		if last := readings[len(readings)-1]; last.GlucoseMgdl == nil || math.Abs(*last.GlucoseMgdl/MmolToMgdl(1)-10.9) > 0.01 {
			t.Errorf("last reading %v mg/dL, want 10.9 mmol/L", last.GlucoseMgdl)
		}
		gs, err := d.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: u.ID, OnlyActive: true})
		if err != nil {
			t.Fatal(err)
		}
		latest := map[string]float64{}
		for _, g := range gs {
			if g.LatestValue != nil {
				latest[g.GoalType] = *g.LatestValue
			}
		}
		tir, _ := fx.TIRGoalValue()
		for typ, v := range map[string]float64{"lose_weight": 81.6, "hba1c": 7.9, "daily_carbs": 215, "time_in_range": tir} {
			if math.Abs(latest[typ]-v) > 1e-6 {
				t.Errorf("goal %s latest value %v, want %v", typ, latest[typ], v)
			}
		}
		if len(gs) != len(fx.Goals) {
			t.Errorf("%d active goals, want %d", len(gs), len(fx.Goals))
		}
		if _, err := Seed(ctx, d, fx); !errors.Is(err, ErrFixtureExists) {
			t.Errorf("second Seed: %v, want ErrFixtureExists", err)
		}
	})
}
