package offline_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	kgzip "github.com/klauspost/compress/gzip"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/offline"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
)

type fixture struct {
	d     *db.DB
	user  db.User
	other db.User
	foods []db.OfflineFoodsRow
	goal  db.Goal
}

// setup loads the food table (≈300 foods), gives every food a current price per kg, and
// makes a patient with offline mode on and a manual goal, plus a second patient.
func setup(t testing.TB, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), nil).ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	f := fixture{d: d}
	for i, name := range []string{"offline-pat", "other-pat"} {
		u, err := d.CreateUser(ctx, db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: "x", Role: "patient",
			GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.user = u
		} else {
			f.other = u
		}
	}
	var err error
	f.foods, err = d.OfflineFoods(ctx, &f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, food := range f.foods {
		if err := d.UpsertCurrentPrice(ctx, db.UpsertCurrentPriceParams{FoodItemID: food.ID, PriceUgx: 2500, PerUnit: "kg",
			Month: now.AddDate(0, -1, 0), Markets: 3, Source: "import", UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	f.goal, err = d.CreateGoal(ctx, db.CreateGoalParams{UserID: f.user.ID, GoalType: "daily_carbs", Title: "Fewer carbs",
		TargetValue: 180, StartValue: 260, Unit: "g", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) food(t testing.TB, withMeasures bool) db.OfflineFoodsRow {
	for _, food := range f.foods {
		if (food.Measures != "[]" && food.Measures != "") == withMeasures {
			return food
		}
	}
	t.Fatal("no suitable food")
	return db.OfflineFoodsRow{}
}

func ptr[T any](v T) *T { return &v }

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func TestSnapshotAndStoreBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		now := db.Now()
		food := f.food(t, false)
		if _, err := offline.Apply(ctx, &logbook.Book{DB: d}, f.user, []offline.Item{
			{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: food.ID, MealType: "lunch", Grams: ptr(250.0), ConsumedAt: iso(now.Add(-time.Hour))},
			{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(6.1), Unit: "mmol/L", Context: "fasting", RecordedAt: iso(now.Add(-2 * time.Hour))},
		}, now, ""); err != nil {
			t.Fatal(err)
		}
		s, err := offline.Build(ctx, d, f.user, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.FoodItems) < 290 || len(s.Prices) != len(s.FoodItems) || len(s.FoodLogs) != 1 || len(s.Glucose) != 1 || len(s.Goals) != 1 {
			t.Fatalf("snapshot: %d foods, %d prices, %d logs, %d readings, %d goals", len(s.FoodItems), len(s.Prices), len(s.FoodLogs), len(s.Glucose), len(s.Goals))
		}
		if l := s.FoodLogs[0]; l.FoodID != food.ID || l.Grams != 250 || l.CostUGX == nil || *l.CostUGX != 625 {
			t.Fatalf("diary entry %+v", l)
		}
		if g := s.Glucose[0]; g.Mgdl < 109 || g.Mgdl > 111 || g.Context != "fasting" {
			t.Fatalf("reading %+v", g)
		}
		// The offline pages classify and answer a reading with the server's limits and words.
		if b := s.GlucoseBands; b.LowBelow != glucose.LowLimitMgdl || b.HighAbove != glucose.HighLimitMgdl || b.VeryHighAbove != glucose.VeryHighLimitMgdl {
			t.Errorf("bands %+v", b)
		}
		if a := s.GlucoseAdvice["very_low"]; !a.Urgent || a.Heading != glucose.Advices(glucose.MmolL, f.user.DiabetesType)["very_low"].Heading || len(s.GlucoseAdvice) != 5 {
			t.Errorf("glucose advice %+v", s.GlucoseAdvice)
		}
		if s.User.ID != f.user.ID || s.Version == "" || !s.ExpiresAt.Equal(s.CachedAt.Add(offline.MaxAge)) {
			t.Fatalf("header %+v %s", s.User, s.Version)
		}

		// The file store: written 0600, reused while current, rebuilt on a change or after 24 h.
		store := &offline.Store{Dir: t.TempDir(), DB: d}
		v1, _ := store.Version(ctx, f.user, now)
		if v1 != s.Version {
			t.Fatalf("version %s, snapshot %s", v1, s.Version)
		}
		e, err := store.Get(ctx, f.user, v1, now)
		if err != nil || !e.Built || e.ETag != `W/"`+v1+`"` {
			t.Fatalf("first get: built %v etag %s err %v", e.Built, e.ETag, err)
		}
		st, err := os.Stat(filepath.Join(store.Dir, fmt.Sprint(f.user.ID)+".json"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("snapshot file: %v %v", st, err)
		}
		if e, _ = store.Get(ctx, f.user, v1, now.Add(time.Minute)); e.Built {
			t.Fatal("current file rebuilt")
		}
		if !offline.ETagMatches(`W/"`+v1+`"`, v1) || !offline.ETagMatches(`"x", W/"`+v1+`"`, v1) || offline.ETagMatches(`W/"other"`, v1) {
			t.Fatal("ETagMatches")
		}
		if e, _ = store.Get(ctx, f.user, v1, now.Add(offline.MaxAge+time.Minute)); !e.Built {
			t.Fatal("expired file reused")
		}

		// Another user's changes leave the version alone; the user's own change moves it.
		if _, err := offline.Apply(ctx, &logbook.Book{DB: d}, f.other, []offline.Item{{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(7.0),
			Context: "random", RecordedAt: iso(now)}}, now, ""); err != nil {
			t.Fatal(err)
		}
		if v, _ := store.Version(ctx, f.user, now); v != v1 {
			t.Fatal("another user's reading changed the version")
		}
		if n, err := d.DeleteDiabetesRecord(ctx, db.DeleteDiabetesRecordParams{ID: s.Glucose[0].ID, UserID: f.user.ID}); err != nil || n != 1 {
			t.Fatal(n, err)
		}
		v2, _ := store.Version(ctx, f.user, now)
		if v2 == v1 {
			t.Fatal("deleting a reading left the version unchanged")
		}
		if e, _ = store.Get(ctx, f.user, v2, now); !e.Built || !strings.Contains(string(e.Body), `"glucose":[]`) {
			t.Fatalf("stale snapshot after a change: built %v", e.Built)
		}
	})
}

func count(t *testing.T, d *db.DB, userID int64) (logs, readings, progress int) {
	t.Helper()
	ctx := context.Background()
	s, err := offline.Build(ctx, d, db.User{ID: userID, TimeZone: "UTC", GlucoseUnit: "mg/dL"}, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range s.Goals {
		rows, err := d.ListGoalProgress(ctx, db.ListGoalProgressParams{GoalID: g.ID, UserID: userID, Lim: 1000})
		if err != nil {
			t.Fatal(err)
		}
		progress += len(rows)
	}
	return len(s.FoodLogs), len(s.Glucose), progress
}

func TestApplyIdempotentBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		now := db.Now()
		plain, measured := f.food(t, false), f.food(t, true)
		var ms []struct{ Label string }
		_ = json.Unmarshal([]byte(measured.Measures), &ms)
		batch := []offline.Item{
			{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: plain.ID, MealType: "breakfast", Grams: ptr(120.0), ConsumedAt: iso(now.Add(-3 * time.Hour))},
			{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: measured.ID, MealType: "lunch", MeasureLabel: ms[0].Label, Quantity: ptr(2.0), ConsumedAt: iso(now.Add(-time.Hour))},
			{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(130.0), Unit: "mg/dL", Context: "after_meal", RecordedAt: iso(now.Add(-30 * time.Minute))},
			{UUID: uuid.NewString(), Kind: offline.KindGoalProgress, GoalID: f.goal.ID, Value: ptr(240.0), RecordedAt: iso(now)},
		}
		out, err := offline.Apply(ctx, &logbook.Book{DB: d}, f.user, batch, now, "")
		if err != nil || out.Created != 4 || out.Rejected != 0 {
			t.Fatalf("first apply: %+v %v", out, err)
		}
		// The same batch again: nothing new.
		out, err = offline.Apply(ctx, &logbook.Book{DB: d}, f.user, batch, now.Add(time.Minute), "")
		if err != nil || out.Duplicate != 4 || out.Created != 0 {
			t.Fatalf("replay: %+v %v", out, err)
		}
		if l, r, p := count(t, d, f.user.ID); l != 2 || r != 1 || p != 1 {
			t.Fatalf("after replay: %d logs, %d readings, %d progress", l, r, p)
		}

		// One invalid item among valid ones: the others are stored, it is rejected with its reasons.
		bad := []offline.Item{
			{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(6.5), Context: "fasting", RecordedAt: iso(now)},
			{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(95.0), Context: "fasting", RecordedAt: iso(now)}, // mg/dL typed as mmol/L
			{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: plain.ID, MealType: "brunch", Grams: ptr(-5.0), ConsumedAt: iso(now.Add(time.Hour))},
			{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: 999999, MealType: "lunch", Grams: ptr(100.0), ConsumedAt: iso(now)},
			{UUID: uuid.NewString(), Kind: offline.KindGoalProgress, GoalID: 999999, Value: ptr(1.0), RecordedAt: iso(now)},
			{UUID: "not-a-uuid", Kind: offline.KindGlucose, Value: ptr(6.0), RecordedAt: iso(now)},
			{UUID: uuid.NewString(), Kind: "weight", RecordedAt: iso(now)},
		}
		out, err = offline.Apply(ctx, &logbook.Book{DB: d}, f.user, bad, now, "")
		if err != nil || out.Created != 1 || out.Rejected != 6 {
			t.Fatalf("mixed batch: %+v %v", out, err)
		}
		want := []map[string]string{nil, {"value": "looks like mg/dL"}, {"meal_type": "breakfast, lunch", "grams": "between", "consumed_at": "future"},
			{"food_item_id": "not in the food list"}, {"goal_id": "not found"}, {"uuid": "uuid"}, {"kind": "Unknown kind"}}
		for i, w := range want {
			r := out.Results[i]
			for field, frag := range w {
				if !strings.Contains(r.Errors[field], frag) {
					t.Errorf("item %d: errors[%s] = %q, want %q (all: %v)", i, field, r.Errors[field], frag, r.Errors)
				}
			}
		}
		if l, r, _ := count(t, d, f.user.ID); l != 2 || r != 2 {
			t.Fatalf("after mixed batch: %d logs, %d readings", l, r)
		}

		// Another user's uuid: rejected, and their row is untouched.
		theirs := offline.Item{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(5.5), Context: "fasting", RecordedAt: iso(now)}
		if out, err := offline.Apply(ctx, &logbook.Book{DB: d}, f.other, []offline.Item{theirs}, now, ""); err != nil || out.Created != 1 {
			t.Fatal(out, err)
		}
		mine := theirs
		mine.Value = ptr(12.0)
		out, err = offline.Apply(ctx, &logbook.Book{DB: d}, f.user, []offline.Item{mine}, now, "")
		if err != nil || out.Rejected != 1 || !strings.Contains(out.Results[0].Errors["uuid"], "another account") {
			t.Fatalf("another user's uuid: %+v %v", out, err)
		}
		if _, r, _ := count(t, d, f.other.ID); r != 1 {
			t.Fatal("the other user's reading changed")
		}

		// Same uuid, other values (a second device): the stored version is kept and the
		// incoming one is recorded in the audit log.
		changed := batch[2]
		changed.Value = ptr(180.0)
		out, err = offline.Apply(ctx, &logbook.Book{DB: d}, f.user, []offline.Item{changed}, now, "127.0.0.1")
		if err != nil || out.Conflict != 1 || out.Results[0].Status != offline.StatusConflict {
			t.Fatalf("conflict: %+v %v", out, err)
		}
		audit, err := d.ListAuditForSubject(ctx, db.ListAuditForSubjectParams{SubjectUserID: &f.user.ID, Lim: 10})
		if err != nil || len(audit) != 1 || audit[0].Action != "sync.conflict" || !strings.Contains(audit[0].Detail, `"value":180`) {
			t.Fatalf("audit: %+v %v", audit, err)
		}
	})
}

func TestDecodeBatch(t *testing.T) {
	item := `{"uuid":"` + uuid.NewString() + `","kind":"glucose","value":6.2,"recorded_at":"2025-01-01T07:00:00Z"}`
	many := `{"items":[` + strings.TrimSuffix(strings.Repeat(item+",", offline.MaxItems+1), ",") + `]}`
	cases := []struct {
		name, body string
		status     int
		msg        string
	}{
		{"ok", `{"items":[` + item + `]}`, 0, ""},
		{"malformed", `{"items":[`, 400, "cut short"},
		{"syntax", `{"items":[}`, 400, "syntax error"},
		{"unknown top field", `{"items":[],"user_id":2}`, 400, `unknown field "user_id"`},
		{"unknown item field", `{"items":[{"uuid":"x","kind":"glucose","user_id":2}]}`, 400, `unknown field "user_id"`},
		{"wrong type", `{"items":[{"uuid":"x","kind":"glucose","value":"high"}]}`, 400, "wrong type"},
		{"trailing", `{"items":[]} {"items":[]}`, 400, "after the batch"},
		{"no items", `{}`, 400, `no "items"`},
		{"too many", many, 413, "at most 500"},
		{"too large", `{"items":[],"x":"` + strings.Repeat("a", offline.MaxBodyBytes) + `"}`, 413, "larger than"},
	}
	for _, c := range cases {
		_, err := offline.DecodeBatch(strings.NewReader(c.body))
		var be *offline.BatchError
		if c.status == 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if !errors.As(err, &be) || be.Status != c.status || !strings.Contains(be.Msg, c.msg) {
			t.Errorf("%s: got %v, want %d %q", c.name, err, c.status, c.msg)
		}
	}
}

// BenchmarkSnapshot300Foods builds the snapshot of a patient with the whole food table
// (≈300 foods, each priced) and two weeks of diary and glucose; it reports the gzipped size.
func BenchmarkSnapshot300Foods(b *testing.B) {
	d := dbtest.NewSQLite(b)
	f := setup(b, d)
	ctx := context.Background()
	now := db.Now()
	var items []offline.Item
	for i := 0; i < 14*4; i++ {
		food := f.foods[i%len(f.foods)]
		items = append(items, offline.Item{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: food.ID, MealType: "lunch",
			Grams: ptr(150.0), ConsumedAt: iso(now.Add(-time.Duration(i) * 6 * time.Hour))})
	}
	for i := 0; i < 14*3; i++ {
		items = append(items, offline.Item{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(5.0 + float64(i%30)/10),
			Context: "random", RecordedAt: iso(now.Add(-time.Duration(i) * 8 * time.Hour))})
	}
	if out, err := offline.Apply(ctx, &logbook.Book{DB: d}, f.user, items, now, ""); err != nil || out.Created != len(items) {
		b.Fatal(out, err)
	}
	var body []byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := offline.Build(ctx, d, f.user, now)
		if err != nil {
			b.Fatal(err)
		}
		if body, err = json.Marshal(s); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed) // the level the server's compress middleware uses
	_, _ = w.Write(body)
	_ = w.Close()
	b.ReportMetric(float64(len(body))/1024, "KB-json")
	b.ReportMetric(float64(gz.Len())/1024, "KB-gzip")
}

// BenchmarkApply500 applies a batch of 500 new items (a mix of the three kinds).
func BenchmarkApply500(b *testing.B) {
	d := dbtest.NewSQLite(b)
	f := setup(b, d)
	ctx := context.Background()
	now := db.Now()
	for i := 0; i < b.N; i++ {
		items := make([]offline.Item, offline.MaxItems)
		for j := range items {
			at := iso(now.Add(-time.Duration(j) * time.Minute))
			switch j % 3 {
			case 0:
				items[j] = offline.Item{UUID: uuid.NewString(), Kind: offline.KindFoodLog, FoodItemID: f.foods[j%len(f.foods)].ID, MealType: "dinner", Grams: ptr(200.0), ConsumedAt: at}
			case 1:
				items[j] = offline.Item{UUID: uuid.NewString(), Kind: offline.KindGlucose, Value: ptr(7.4), Context: "bedtime", RecordedAt: at}
			default:
				items[j] = offline.Item{UUID: uuid.NewString(), Kind: offline.KindGoalProgress, GoalID: f.goal.ID, Value: ptr(230.0), RecordedAt: at}
			}
		}
		out, err := offline.Apply(ctx, &logbook.Book{DB: d}, f.user, items, now, "")
		if err != nil || out.Created != len(items) {
			b.Fatal(out.Created, out.Rejected, err)
		}
	}
}

// BenchmarkSnapshotGzipLevels compresses the ≈300-food snapshot (the largest response) with the library
// Fiber's compress middleware uses (klauspost/compress), at the levels it offers: the time each costs against the bytes it saves
// on a slow link. The server uses LevelBestSpeed (handlers/routes.go).
func BenchmarkSnapshotGzipLevels(b *testing.B) {
	d := dbtest.NewSQLite(b)
	f := setup(b, d)
	s, err := offline.Build(context.Background(), d, f.user, db.Now())
	if err != nil {
		b.Fatal(err)
	}
	body, err := json.Marshal(s)
	if err != nil {
		b.Fatal(err)
	}
	for _, lv := range []struct {
		name  string
		level int
	}{{"BestSpeed", kgzip.BestSpeed}, {"Default", kgzip.DefaultCompression}, {"Best", kgzip.BestCompression}} {
		b.Run(lv.name, func(b *testing.B) {
			var out bytes.Buffer
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				out.Reset()
				w, _ := kgzip.NewWriterLevel(&out, lv.level)
				_, _ = w.Write(body)
				_ = w.Close()
			}
			b.ReportMetric(float64(out.Len())/1024, "KB-gzip")
			b.ReportMetric(float64(len(body))/1024, "KB-json")
		})
	}
}
