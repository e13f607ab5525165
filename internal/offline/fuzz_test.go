package offline

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
)

// FuzzSyncBatch: any body a phone (or an attacker) sends to POST /sync is either refused
// whole with a 400/413 and a message, or decodes to at most MaxItems items that the
// logbook answers one by one (created, duplicate, or refused with reasons) without
// failing the batch or panicking.
func FuzzSyncBatch(f *testing.F) {
	for _, s := range []string{
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3c","kind":"glucose","value":6.2,"unit":"mmol/L","context":"fasting","recorded_at":"2026-01-02T07:00:00Z"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3d","kind":"food_log","food_item_id":1,"meal_type":"lunch","grams":200,"consumed_at":"2026-01-02T13:00:00+03:00"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3e","kind":"goal_progress","goal_id":1,"value":80,"recorded_at":"2026-01-02T07:00:00Z"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3f","kind":"food_log","food_item_id":1,"meal_type":"dinner","measure_label":"1 finger","quantity":2,"consumed_at":"2026-01-02T20:00:00+03:00"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d40","kind":"glucose","value":130,"unit":"mg/dL","context":"after_meal","notes":"after posho","recorded_at":"2026-01-02T14:00:00+03:00"}]}`,
		`{"items":[{"uuid":"not-a-uuid","kind":"glucose","value":"6.1","recorded_at":"yesterday"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d41","kind":"glucose","value":6,"unit":"mmol/L","recorded_at":"2027-01-02T07:00:00Z","extra":1}]}`,
		`{"items":[]}`, `{}`, `[]`, `{"items":[{"kind":"glucose","value":1e999}]}`, `{"items":null}{"x":1}`, ``,
	} {
		f.Add([]byte(s))
	}
	// The items are checked and stored by the logbook, against a real database: a user
	// with goal 1 and the food table (food 1 exists).
	d := dbtest.NewSQLite(f)
	ctx := context.Background()
	if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), nil).ImportFoods(ctx); err != nil {
		f.Fatal(err)
	}
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "fuzz", Email: "fuzz@example.org", PasswordHash: "x", Role: "patient",
		GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := d.CreateGoal(ctx, db.CreateGoalParams{UserID: u.ID, GoalType: "lose_weight", Title: "Weight", TargetValue: 70,
		StartValue: 80, Unit: "kg", CreatedAt: db.Now()}); err != nil {
		f.Fatal(err)
	}
	book := &logbook.Book{DB: d}
	now := time.Date(2026, 1, 3, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 64<<10 {
			return // the 1 MiB limit has its own test; the fuzzer explores the shapes of small batches
		}
		b, err := DecodeBatch(bytes.NewReader(body))
		if err != nil {
			var be *BatchError
			if !errors.As(err, &be) || (be.Status != 400 && be.Status != 413) || be.Msg == "" {
				t.Fatalf("refusal without a status and message: %v", err)
			}
			return
		}
		if len(b.Items) > MaxItems {
			t.Fatalf("%d items accepted", len(b.Items))
		}
		out, err := Apply(ctx, book, u, b.Items, now, "")
		if err != nil {
			t.Fatalf("a batch failed instead of answering item by item: %v", err)
		}
		for i, r := range out.Results {
			it := b.Items[i]
			switch r.Status {
			case StatusCreated, StatusDuplicate:
				if it.Kind != KindFoodLog && it.Kind != KindGlucose && it.Kind != KindGoalProgress {
					t.Fatalf("unknown kind %q accepted", it.Kind)
				}
			case StatusRejected, StatusConflict:
				if len(r.Errors) == 0 {
					t.Fatalf("item %d %s without a reason", i, r.Status)
				}
			default:
				t.Fatalf("item %d: status %q", i, r.Status)
			}
		}
	})
}
