package db_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/demo"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// The per-user tables grow with every patient and day; a query of one patient's (or one
// roster's) rows must reach them through an index, never by reading the whole table.
var growingTables = []string{"food_logs", "diabetes_records", "weight_entries", "goals", "goal_progress",
	"chat_history", "recommendations", "care_links", "audit_log", "saved_meals"}

// mainQueries are the queries behind the hot pages (dashboard, diary, records, offline
// snapshot, roster, chat, recommendations), by their sqlc name; the SQL is read from
// queries/ so that the test follows the code.
// minRows is the size from which a table counts as large in the seeded data.
const minRows = 2000

var mainQueries = []string{
	"ListDiaryBetween", "ListFrequentFoods", "ListRecentFoods", "ListDiabetesRecords", "ListGlucoseSince", "ListHbA1c",
	"ListWeightEntries", "ListGoalsWithLatest", "OfflineDataVersion", "OfflineFoodLogs", "OfflineGlucose",
	"OfflineRecommendations", "CareRosterPatients", "CareRosterGlucose", "CareRosterLastGlucose", "CareRosterHbA1c",
	"CareRosterWeights", "CareRosterSpending", "CareRosterGlucoseSummary", "ChatLatestMessage", "ChatListMessages", "RecHistory",
}

var nameRE = regexp.MustCompile(`(?m)^-- name: (\w+) :\w+\s*$`)

// loadQueries reads every named query of an engine (shared files, then the engine's own).
func loadQueries(t *testing.T, engine string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dir := range []string{"shared", engine} {
		files, _ := filepath.Glob(filepath.Join("..", "queries", dir, "*.sql"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := string(b)
			idx := nameRE.FindAllStringSubmatchIndex(src, -1)
			for i, m := range idx {
				end := len(src)
				if i+1 < len(idx) {
					end = idx[i+1][0]
				}
				body := strings.TrimSpace(src[m[1]:end])
				if j := strings.LastIndex(body, ";"); j >= 0 {
					body = body[:j]
				}
				out[src[m[2]:m[3]]] = body
			}
		}
	}
	return out
}

var argRE = regexp.MustCompile(`sqlc\.n?arg\((\w+)\)`)

// inline puts literal values in place of the sqlc arguments (EXPLAIN takes no parameters).
func inline(t *testing.T, name, q string, vals map[string]string) string {
	t.Helper()
	var missing []string
	out := argRE.ReplaceAllStringFunc(q, func(m string) string {
		arg := argRE.FindStringSubmatch(m)[1]
		v, ok := vals[arg]
		if !ok {
			missing = append(missing, arg)
		}
		return v
	})
	if len(missing) > 0 {
		t.Fatalf("%s: add a test value for %v to the plan test", name, missing)
	}
	return out
}

// TestMainQueriesUseIndexes seeds synthetic data (many patients, two months each), gathers
// statistics, and checks the plan of every main query on both engines.
func TestMainQueriesUseIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a few thousand rows")
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), slog.Default()).ImportFoods(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, d, demo.Options{Patients: 100, Days: 60, RosterSize: 10}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		patient := dbtest.Count(t, d, "SELECT id FROM users WHERE username = 'synth-patient-00007'")
		dietitian := dbtest.Count(t, d, "SELECT id FROM users WHERE username = 'synth-dietitian-002'")
		now := db.Now()
		ts := func(x time.Time) string { return "'" + x.UTC().Format("2006-01-02 15:04:05.999999-07:00") + "'" }
		vals := map[string]string{
			"user_id": fmt.Sprint(patient), "viewer_id": fmt.Sprint(patient), "dietitian_id": fmt.Sprint(dietitian),
			"since": ts(now.AddDate(0, 0, -14)), "until": ts(now), "before": ts(now), "lim": "50", "before_id": "1000000000",
			"record_type": "'glucose'", "only_active": "TRUE",
			"from_at": ts(now.AddDate(0, 0, -14)), "to_at": ts(now), "cur_from": ts(now.AddDate(0, 0, -14)),
			"prev_from": ts(now.AddDate(0, 0, -28)), "cur_to": ts(now), "day0_unix": fmt.Sprint(now.AddDate(0, 0, -28).Unix()),
		}
		queries := loadQueries(t, string(d.Engine()))
		// Reading a table of a few hundred rows whole is right (the planner knows it); the
		// check is on the tables the seed made large.
		var large []string
		for _, tbl := range growingTables {
			if n := dbtest.Count(t, d, "SELECT count(*) FROM "+tbl); n >= minRows {
				large = append(large, tbl)
			} else {
				t.Logf("%s: %d rows, not checked", tbl, n)
			}
		}
		big := strings.Join(large, "|")
		pgSeq := regexp.MustCompile(`Seq Scan on (` + big + `)\b`)
		liteScan := regexp.MustCompile(`^SCAN (` + big + `)\b`)
		for _, name := range mainQueries {
			q, ok := queries[name]
			if !ok {
				t.Errorf("query %s is gone from queries/: update mainQueries", name)
				continue
			}
			sql := inline(t, name, q, vals)
			var plan []string
			if d.Engine() == db.Postgres {
				rows, err := d.SQL().QueryContext(ctx, "EXPLAIN "+sql)
				if err != nil {
					t.Fatalf("%s: %v\n%s", name, err, sql)
				}
				for rows.Next() {
					var l string
					if err := rows.Scan(&l); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, l)
				}
				rows.Close()
			} else {
				rows, err := d.SQL().QueryContext(ctx, "EXPLAIN QUERY PLAN "+sql)
				if err != nil {
					t.Fatalf("%s: %v\n%s", name, err, sql)
				}
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				rows.Close()
			}
			for _, l := range plan {
				bad := false
				if d.Engine() == db.Postgres {
					bad = pgSeq.MatchString(l)
				} else {
					// SEARCH t USING INDEX …: a range of the index. SCAN t (even USING INDEX) reads it all.
					bad = liteScan.MatchString(strings.TrimSpace(l))
				}
				if bad {
					t.Errorf("%s reads a whole growing table:\n%s", name, strings.Join(plan, "\n"))
					break
				}
			}
		}
	})
}
