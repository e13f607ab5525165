package offline

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
)

// FuzzSyncBatch: any body a phone (or an attacker) sends to POST /sync is either refused
// whole with a 400/413 and a message, or decodes to at most MaxItems items that the
// validator answers one by one without panicking; an item it accepts has a time in range.
func FuzzSyncBatch(f *testing.F) {
	for _, s := range []string{
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3c","kind":"glucose","value":6.2,"unit":"mmol/L","context":"fasting","recorded_at":"2026-01-02T07:00:00Z"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3d","kind":"food_log","food_item_id":1,"meal_type":"lunch","grams":200,"consumed_at":"2026-01-02T13:00:00+03:00"}]}`,
		`{"items":[{"uuid":"0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3e","kind":"goal_progress","goal_id":1,"value":80,"recorded_at":"2026-01-02T07:00:00Z"}]}`,
		`{"items":[]}`, `{}`, `[]`, `{"items":[{"kind":"glucose","value":1e999}]}`, `{"items":null}{"x":1}`, ``,
	} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 1, 3, 12, 0, 0, 0, time.UTC)
	u := db.User{ID: 7, GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala"}
	v := validator{u: u, loc: userLoc(u), unit: unitOf(u.GlucoseUnit), now: now,
		foods: map[int64]*db.OfflineFoodsRow{1: {ID: 1, Name: "Matooke", ServingGrams: 100}},
		goals: map[int64]*db.ListGoalsWithLatestRow{1: {ID: 1, UserID: 7, GoalType: "lose_weight", Unit: "kg", Status: "active"}}}
	f.Fuzz(func(t *testing.T, body []byte) {
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
		for _, it := range b.Items {
			_, errs := v.check(it)
			if len(errs) == 0 && it.Kind != KindFoodLog && it.Kind != KindGlucose && it.Kind != KindGoalProgress {
				t.Fatalf("unknown kind %q accepted", it.Kind)
			}
		}
	})
}
