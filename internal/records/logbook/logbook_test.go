package logbook_test

import (
	"context"
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// removed counts snapshot removals per user.
type removed map[int64]int

func (r removed) Remove(id int64) error { r[id]++; return nil }

type fixture struct {
	d     *db.DB
	book  *logbook.Book
	snaps removed
	u     db.User
	loads int
	beans struct{ ID int64 }
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	c := cache.NewLRU(100, time.Minute)
	cat := catalog.New(d, c, nil)
	if _, err := cat.ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	beans, err := d.GetFoodItemBySlug(ctx, "beans-boiled")
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.RecordPrice(ctx, db.InsertManualPriceParams{FoodItemID: beans.ID, PriceUgx: 4000, PerUnit: "kg",
		PriceType: "retail", Source: "market_survey", RecordedAt: db.Now(), CreatedAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "logbook", Email: "logbook@example.org", PasswordHash: "x",
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, snaps: removed{}, u: u}
	f.beans.ID = beans.ID
	f.book = &logbook.Book{DB: d, Cache: c, Snapshots: f.snaps}
	return f
}

// recs reads an entry cached under the user's recommendations namespace.
func (f *fixture) recs(t *testing.T) {
	t.Helper()
	if _, err := cache.GetOrLoadIn(context.Background(), f.book.Cache, "test", []string{suggest.UserNamespace(f.u.ID)}, "k", time.Hour,
		func(context.Context) (int, error) { f.loads++; return f.loads, nil }); err != nil {
		t.Fatal(err)
	}
}

// invalidated checks that the last write dropped the cached recommendations and the
// snapshot (want: removals so far).
func (f *fixture) invalidated(t *testing.T, what string, want int) {
	t.Helper()
	before := f.loads
	f.recs(t)
	if f.loads != before+1 {
		t.Errorf("%s: cached recommendations kept", what)
	}
	f.recs(t) // cached again
	if f.snaps[f.u.ID] != want {
		t.Errorf("%s: snapshot removed %d times, want %d", what, f.snaps[f.u.ID], want)
	}
}

// TestDiaryWritesInvalidateRecommendations: every diary write drops the user's cached
// recommendations and meal plans (before the logbook, no diary page called
// suggest.InvalidateUser: invalidateRecommendations was dead code).
func TestDiaryWritesInvalidateRecommendations(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		f.recs(t)

		id := strconv.FormatInt(f.beans.ID, 10)
		out, err := f.book.CreateFoodLog(ctx, f.u, logbook.FromForm, logbook.FoodLogIn{Input: tracking.FoodLogInput{
			FoodID: id, Meal: "lunch", Grams: "250"}})
		if err != nil || !out.Stored || out.CostUGX == nil || *out.CostUGX != 1000 {
			t.Fatalf("create: %+v %v", out, err)
		}
		f.invalidated(t, "create", 1)

		// A refused entry stores nothing and drops nothing.
		_, err = f.book.CreateFoodLog(ctx, f.u, logbook.FromForm, logbook.FoodLogIn{Input: tracking.FoodLogInput{FoodID: id, Meal: "brunch", Grams: "0"}})
		if errs, ok := logbook.Invalid(err); !ok || errs["meal"] == "" || errs["grams"] == "" {
			t.Fatalf("invalid entry: %v %v", errs, err)
		}
		if f.snaps[f.u.ID] != 1 {
			t.Error("a refused entry dropped the snapshot")
		}
		_, err = f.book.CreateFoodLog(ctx, f.u, logbook.FromForm, logbook.FoodLogIn{Input: tracking.FoodLogInput{FoodID: "999999", Meal: "lunch", Grams: "10"}})
		if errs, _ := logbook.Invalid(err); errs["food_id"] != logbook.NoFoodMessage {
			t.Fatalf("unknown food: %v %v", errs, err)
		}

		rows, err := d.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: f.u.ID, Since: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)})
		if err != nil || len(rows) != 1 {
			t.Fatalf("diary: %d %v", len(rows), err)
		}
		// Only the time changes: the recommendation key's diary signature does not see
		// it, the invalidation does.
		at := time.Now().Add(-2 * time.Hour).In(logbook.UserLoc(f.u)).Format(tracking.DateTimeLayout)
		upd, err := f.book.UpdateFoodLog(ctx, f.u, logbook.FromForm, rows[0].ID, logbook.FoodLogIn{Input: tracking.FoodLogInput{
			Meal: "lunch", Grams: "250", When: at}})
		if err != nil || upd.CostUGX == nil || *upd.CostUGX != 1000 {
			t.Fatalf("update: %+v %v", upd, err)
		}
		f.invalidated(t, "update", 2)

		if _, err := f.book.DeleteFoodLog(ctx, f.u, logbook.FromForm, rows[0].ID); err != nil {
			t.Fatal(err)
		}
		f.invalidated(t, "delete", 3)
		if _, err := f.book.DeleteFoodLog(ctx, f.u, logbook.FromForm, rows[0].ID); !errors.Is(err, logbook.ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}

		n, err := f.book.CopyFoodLogs(ctx, f.u, logbook.FromForm, []logbook.Copied{{FoodID: f.beans.ID, Meal: "dinner", Grams: 100, Qty: 1,
			At: time.Now()}, {FoodID: 999999, Meal: "dinner", Grams: 100, Qty: 1, At: time.Now()}})
		if err != nil || n != 1 {
			t.Fatalf("copy: %d %v", n, err)
		}
		f.invalidated(t, "copy", 4)
	})
}

// TestRecordAndWeightSideEffects: HbA1c and weight goals get their progress, the
// profile follows the latest weigh-in, a reading comes back with its feedback, and a
// retried uuid stores nothing twice.
func TestRecordAndWeightSideEffects(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		now := db.Now()
		hb, err := d.CreateGoal(ctx, db.CreateGoalParams{UserID: f.u.ID, GoalType: "hba1c", Title: "HbA1c", TargetValue: 7, StartValue: 9, Unit: "%", CreatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		wg, err := d.CreateGoal(ctx, db.CreateGoalParams{UserID: f.u.ID, GoalType: "lose_weight", Title: "Weight", TargetValue: 70, StartValue: 80, Unit: "kg", CreatedAt: now})
		if err != nil {
			t.Fatal(err)
		}

		out, err := f.book.CreateRecord(ctx, f.u, logbook.FromForm, logbook.RecordIn{Input: tracking.RecordInput{Type: "hba1c", HbA1c: "6.8"}})
		if err != nil || out.Feedback != nil {
			t.Fatalf("hba1c: %+v %v", out, err)
		}
		prog, _ := d.ListGoalProgress(ctx, db.ListGoalProgressParams{GoalID: hb.ID, UserID: f.u.ID, Lim: 5})
		if len(prog) != 1 || prog[0].Value != 6.8 || prog[0].Source != "auto" {
			t.Fatalf("hba1c progress %+v", prog)
		}
		if g, _ := d.GetGoal(ctx, db.GetGoalParams{ID: hb.ID, UserID: f.u.ID}); g.Status != "completed" {
			t.Errorf("hba1c goal reached but %s", g.Status)
		}

		if _, err := f.book.CreateWeight(ctx, f.u, logbook.FromForm, tracking.WeightInput{Weight: "78.5"}); err != nil {
			t.Fatal(err)
		}
		if u, _ := d.GetUser(ctx, f.u.ID); u.WeightKg == nil || *u.WeightKg != 78.5 {
			t.Errorf("profile weight %v", u.WeightKg)
		}
		prog, _ = d.ListGoalProgress(ctx, db.ListGoalProgressParams{GoalID: wg.ID, UserID: f.u.ID, Lim: 5})
		if len(prog) != 1 || prog[0].Value != 78.5 {
			t.Fatalf("weight progress %+v", prog)
		}
		if _, err := f.book.CreateWeight(ctx, f.u, logbook.FromForm, tracking.WeightInput{Weight: "2"}); err == nil {
			t.Fatal("a 2 kg weigh-in was stored")
		}

		// A reading: the feedback, and idempotence on the client's uuid.
		id := "0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3c"
		in := logbook.RecordIn{UUID: id, Input: tracking.RecordInput{Type: "glucose", Glucose: "2.8"}}
		out, err = f.book.CreateRecord(ctx, f.u, logbook.FromSync, in)
		if err != nil || !out.Stored || out.Feedback == nil || !out.Feedback.Urgent || math.Abs(*out.Record.GlucoseMgdl-2.8*18.01559) > 1e-9 {
			t.Fatalf("reading: %+v %v", out, err)
		}
		before := f.snaps[f.u.ID]
		out, err = f.book.CreateRecord(ctx, f.u, logbook.FromSync, in)
		if err != nil || out.Stored {
			t.Fatalf("retried uuid stored again: %+v %v", out, err)
		}
		if f.snaps[f.u.ID] != before {
			t.Error("a write that changed nothing dropped the snapshot")
		}
		// A time in the future is refused however it was read.
		_, err = f.book.CreateRecord(ctx, f.u, logbook.FromChat, logbook.RecordIn{At: time.Now().Add(time.Hour),
			Input: tracking.RecordInput{Type: "glucose", Glucose: "6"}})
		if errs, ok := logbook.Invalid(err); !ok || errs["when"] == "" {
			t.Fatalf("future reading: %v %v", errs, err)
		}
	})
}
