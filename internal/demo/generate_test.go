package demo_test

import (
	"context"
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/demo"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// The generator writes the demo history once, synthetic patients with rosters, and a second
// run adds nothing; glucose levels differ by diabetes type as designed.
func TestSeedGeneratesSyntheticHistory(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), slog.Default()).ImportFoods(ctx); err != nil {
			t.Fatal(err)
		}
		opts := demo.Options{Patients: 30, Days: 100, RosterSize: 10}
		res, err := demo.Seed(ctx, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !res.DemoHistory || res.NoFoods || res.Patients != 30 || res.Dietitians != 3 {
			t.Fatalf("first run: %+v", res)
		}
		rows := dbtest.Count(t, d, "SELECT count(*) FROM food_logs") + dbtest.Count(t, d, "SELECT count(*) FROM diabetes_records") +
			dbtest.Count(t, d, "SELECT count(*) FROM weight_entries")
		if rows != int64(res.Rows) {
			t.Fatalf("rows in tables %d, reported %d", rows, res.Rows)
		}
		if got := dbtest.Count(t, d, "SELECT count(*) FROM care_links WHERE status = 'active'"); got != 32 { // 30 synthetic + 2 demo
			t.Fatalf("active care links: %d", got)
		}
		if got := dbtest.Count(t, d, "SELECT count(*) FROM food_logs f JOIN users u ON u.id = f.user_id WHERE u.username = 'demo-patient'"); got < 60 {
			t.Fatalf("demo-patient has %d diary entries for 30 days", got)
		}
		if got := dbtest.Count(t, d, "SELECT count(*) FROM diabetes_records WHERE record_type = 'hba1c'"); got == 0 {
			t.Fatal("no HbA1c results")
		}
		res2, err := demo.Seed(ctx, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res2.DemoHistory || res2.Patients != 0 || res2.Dietitians != 0 || res2.Skipped != 30 || res2.Rows != 0 {
			t.Fatalf("second run wrote again: %+v", res2)
		}
		var t1, t2, none float64
		for typ, v := range map[string]*float64{"type1": &t1, "type2": &t2, "none": &none} {
			q := "SELECT CAST(COALESCE(avg(r.glucose_mgdl), 0) AS DOUBLE PRECISION) FROM diabetes_records r JOIN users u ON u.id = r.user_id " +
				"WHERE r.record_type = 'glucose' AND r.glucose_context = 'fasting' AND u.username LIKE 'synth-%' AND u.diabetes_type = '" + typ + "'"
			if d.Engine() == db.SQLite {
				q = "SELECT COALESCE(avg(r.glucose_mgdl), 0) FROM diabetes_records r JOIN users u ON u.id = r.user_id " +
					"WHERE r.record_type = 'glucose' AND r.glucose_context = 'fasting' AND u.username LIKE 'synth-%' AND u.diabetes_type = '" + typ + "'"
			}
			if err := d.SQL().QueryRowContext(ctx, q).Scan(v); err != nil {
				t.Fatal(err)
			}
		}
		if !(none > 70 && none < 100) || t2 < 110 || t1 < 110 || math.IsNaN(t1) {
			t.Fatalf("fasting means: none %.0f, type 2 %.0f, type 1 %.0f mg/dL", none, t2, t1)
		}
	})
}
