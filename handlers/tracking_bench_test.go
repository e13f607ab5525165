package handlers_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// Benchmark data: 1,000 patients; one has two years of data (8 glucose readings and 10
// diary entries a day, a weekly weigh-in, goals), every other one two weeks of the same.
const (
	benchPatients    = 1000
	benchDays        = 730
	benchOtherDays   = 14
	benchGlucosePerD = 8
	benchFoodsPerD   = 10
)

// seedBench fills the database with batched COPYs and returns the main patient's id.
func seedBench(b *testing.B, d *db.DB) int64 {
	ctx := context.Background()
	pool := d.Pool()
	hash, err := accounts.HashPassword("password-bench")
	if err != nil {
		b.Fatal(err)
	}
	now := db.Now()
	users := make([][]any, benchPatients)
	for i := range users {
		name := fmt.Sprintf("bench%04d", i)
		users[i] = []any{name, name + "@example.org", hash, "patient", "mmol/L", "Africa/Kampala", now, now,
			time.Date(1975, 3, 1, 0, 0, 0, 0, time.UTC), "female", 160.0, 72.0, "light", "type2", "glucose_control", int64(300000)}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"users"}, []string{"username", "email", "password_hash", "role", "glucose_unit",
		"time_zone", "created_at", "updated_at", "birth_date", "gender", "height_cm", "weight_kg", "activity_level", "diabetes_type",
		"primary_goal", "monthly_budget_ugx"}, pgx.CopyFromRows(users)); err != nil {
		b.Fatal(err)
	}
	var ids []int64
	rows, _ := pool.Query(ctx, "SELECT id FROM users ORDER BY id")
	ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		b.Fatal(err)
	}
	var foods []int64
	rows, _ = pool.Query(ctx, "SELECT id FROM food_items ORDER BY id LIMIT 60")
	if foods, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil || len(foods) == 0 {
		b.Fatalf("foods: %v", err)
	}
	meals := []string{"breakfast", "breakfast", "lunch", "lunch", "lunch", "snack", "dinner", "dinner", "dinner", "snack"}
	contexts := []string{"fasting", "after_meal", "before_meal", "after_meal", "before_meal", "after_meal", "bedtime", "random"}
	n := 0
	uuid := func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012x", n) }
	var glucose, logs, weights [][]any
	for ui, uid := range ids {
		days := benchOtherDays
		if ui == 0 {
			days = benchDays
		}
		for day := 0; day < days; day++ {
			base := now.Truncate(24*time.Hour).AddDate(0, 0, -day).Add(3 * time.Hour) // 06:00 in Kampala
			for k := 0; k < benchGlucosePerD; k++ {
				v := 70 + float64((day*37+k*53+ui)%200)
				at := base.Add(time.Duration(k*2) * time.Hour)
				if at.After(now) {
					continue
				}
				glucose = append(glucose, []any{uuid(), uid, "glucose", v, contexts[k], at, at, at})
			}
			for k := 0; k < benchFoodsPerD; k++ {
				at := base.Add(time.Duration(k*90) * time.Minute)
				if at.After(now) {
					continue
				}
				logs = append(logs, []any{uuid(), uid, foods[(day+k+ui)%len(foods)], meals[k], 150.0, int64(300 + k*50), at, at, at})
			}
			if day%7 == 0 {
				weights = append(weights, []any{uuid(), uid, 80 - float64(day)/100, base, base})
			}
		}
	}
	copyRows := func(table string, cols []string, rows [][]any) {
		const batch = 20000
		for i := 0; i < len(rows); i += batch {
			j := min(i+batch, len(rows))
			if _, err := pool.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows[i:j])); err != nil {
				b.Fatalf("copy %s: %v", table, err)
			}
		}
	}
	copyRows("diabetes_records", []string{"uuid", "user_id", "record_type", "glucose_mgdl", "glucose_context", "recorded_at", "created_at", "updated_at"}, glucose)
	copyRows("food_logs", []string{"uuid", "user_id", "food_item_id", "meal_type", "grams", "cost_ugx", "consumed_at", "created_at", "updated_at"}, logs)
	copyRows("weight_entries", []string{"uuid", "user_id", "weight_kg", "recorded_at", "created_at"}, weights)
	for _, g := range [][]any{{"lose_weight", 80.0, 72.0, "kg"}, {"time_in_range", 40.0, 70.0, "% of readings"}, {"hba1c", 8.5, 7.0, "%"}} {
		var gid int64
		if err := pool.QueryRow(ctx, `INSERT INTO goals (user_id, goal_type, title, start_value, target_value, unit, created_at, updated_at)
			VALUES ($1, $2, '', $3, $4, $5, $6, $6) RETURNING id`, ids[0], g[0], g[1], g[2], g[3], now).Scan(&gid); err != nil {
			b.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `INSERT INTO goal_progress (uuid, goal_id, user_id, value, source, recorded_at, created_at)
			VALUES ($1, $2, $3, $4, 'auto', $5, $5)`, uuid(), gid, ids[0], g[1].(float64)-1, now); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d patients, %d glucose readings, %d diary entries, %d weigh-ins", len(ids), len(glucose), len(logs), len(weights))
	return ids[0]
}

// BenchmarkTrackingPagesPostgres times the dashboard and the diary day of the patient with
// two years of data, over a real loopback server, and reports p50/p95 per page.
//
//	go test ./handlers/ -run '^$' -bench TrackingPages -benchtime 300x
func BenchmarkTrackingPagesPostgres(b *testing.B) {
	var mu sync.Mutex
	perQuery := map[string]time.Duration{}
	observe := func(name string, took time.Duration, _ error) {
		mu.Lock()
		perQuery[name] += took
		mu.Unlock()
	}
	d, err := db.Open(context.Background(), dbtest.NewPostgresURL(b), db.Options{MaxConns: 8, ObserveQuery: observe})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.MigrateUp(context.Background()); err != nil {
		b.Fatal(err)
	}
	if _, err := catalog.New(d, cache.NewLRU(1000, time.Minute), nil).ImportFoods(context.Background()); err != nil {
		b.Fatal(err)
	}
	seedBench(b, d)

	base := benchServer(b, d)
	hc := benchLogin(b, base, "bench0000", "password-bench")
	get := func(p string) (int, string) {
		res, err := hc.Get(base + p)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, string(body)
	}

	pages := []string{"/home", "/diary"}
	times := map[string][]time.Duration{}
	for _, p := range pages { // warm up: connections, plans, catalogue cache
		for i := 0; i < 5; i++ {
			if st, body := get(p); st != 200 || !strings.Contains(body, "</html>") {
				b.Fatalf("GET %s: %d", p, st)
			}
		}
	}
	mu.Lock()
	clear(perQuery)
	mu.Unlock()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			start := time.Now()
			if st, _ := get(p); st != 200 {
				b.Fatalf("GET %s: %d", p, st)
			}
			times[p] = append(times[p], time.Since(start))
		}
	}
	b.StopTimer()
	loops := len(times[pages[0]])
	for name, total := range perQuery {
		if total/time.Duration(loops) > 200*time.Microsecond {
			b.Logf("query %s: %.2f ms per page view", name, float64(total.Microseconds())/1000/float64(loops))
		}
	}
	for _, p := range pages {
		ts := times[p]
		slices.Sort(ts)
		pct := func(q float64) float64 { return float64(ts[int(q*float64(len(ts)-1))].Microseconds()) / 1000 }
		name := strings.Trim(strings.ReplaceAll(p, "/", "_"), "_")
		b.ReportMetric(pct(0.50), name+"_p50_ms")
		b.ReportMetric(pct(0.95), name+"_p95_ms")
		b.Logf("%s: n=%d p50 %.1f ms, p95 %.1f ms, max %.1f ms", p, len(ts), pct(0.5), pct(0.95), pct(1))
	}
}
