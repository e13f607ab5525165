package handlers_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// queryCounter counts the sqlc queries the database runs (db.Options.ObserveQuery).
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) observe(name string, _ time.Duration, _ error) {
	if name != "other" { // the session store's own SQL is not a page's query
		q.n.Add(1)
	}
}

func openCounted(t *testing.T, engine db.Engine, qc *queryCounter) *db.DB {
	t.Helper()
	url := filepath.Join(t.TempDir(), "zoe.db")
	if engine == db.Postgres {
		url = dbtest.NewPostgresURL(t)
	}
	d, err := db.Open(context.Background(), url, db.Options{MaxConns: 8, ObserveQuery: qc.observe})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if _, err := d.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// addTrackingData gives a patient n of everything: glucose readings, diary entries today,
// weigh-ins, goals with progress and saved meals.
func addTrackingData(t *testing.T, d *db.DB, userID int64, n int) {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	foods, err := d.ListFoodCardsByIDs(ctx, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	if err != nil || len(foods) == 0 {
		t.Fatalf("foods: %v", err)
	}
	for i := 0; i < n; i++ {
		at := now.Add(-time.Duration(i) * 7 * time.Minute)
		g := 80 + float64(i*7%150)
		ctxs := "fasting"
		if _, err := d.CreateDiabetesRecord(ctx, db.CreateDiabetesRecordParams{Uuid: uuidFor(userID, i, 1), UserID: userID, RecordType: "glucose",
			GlucoseMgdl: &g, GlucoseContext: &ctxs, RecordedAt: at, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		cost := int64(100 + i)
		if _, err := d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: uuidFor(userID, i, 2), UserID: userID, FoodItemID: foods[i%len(foods)].ID,
			MealType: []string{"breakfast", "lunch", "dinner", "snack"}[i%4], Grams: 100, Quantity: 1, CostUgx: &cost, ConsumedAt: at, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.CreateWeightEntry(ctx, db.CreateWeightEntryParams{Uuid: uuidFor(userID, i, 3), UserID: userID, WeightKg: 80 - float64(i)/10,
			RecordedAt: now.AddDate(0, 0, -i), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		goal, err := d.CreateGoal(ctx, db.CreateGoalParams{UserID: userID, GoalType: "lose_weight", Title: "g" + strconv.Itoa(i), TargetValue: 70,
			StartValue: 80, Unit: "kg", CreatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.CreateGoalProgress(ctx, db.CreateGoalProgressParams{Uuid: uuidFor(userID, i, 4), GoalID: goal.ID, UserID: userID, Value: 78,
			Source: "manual", RecordedAt: now, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		m, err := d.CreateSavedMeal(ctx, db.CreateSavedMealParams{Uuid: uuidFor(userID, i, 5), UserID: userID, Name: "meal " + strconv.Itoa(i),
			MealType: "lunch", CreatedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 3; j++ {
			if err := d.AddSavedMealItem(ctx, db.AddSavedMealItemParams{SavedMealID: m.ID, FoodItemID: foods[j].ID, Grams: 50, Quantity: 1}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func uuidFor(user int64, i, kind int) string {
	return fmt.Sprintf("%08x-%04x-4000-8000-%012x", user, kind, i)
}

// No page issues a query per row: each tracking page runs the same number of queries for
// a patient with 1 row of everything as for one with 40, and only a handful.
func TestTrackingPagesQueryCount(t *testing.T) {
	for _, engine := range []db.Engine{db.SQLite, db.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			qc := &queryCounter{}
			d := openCounted(t, engine, qc)
			srv := startServer(t, d, serverOpts{})
			if _, err := catalog.New(d, srv.Cache, nil).ImportFoods(context.Background()); err != nil {
				t.Fatal(err)
			}
			few, uf := patientClient(t, srv, "few")
			many, um := patientClient(t, srv, "many")
			addTrackingData(t, d, uf.ID, 1)
			addTrackingData(t, d, um.ID, 40)
			goalID := func(c *client) string {
				return regexp.MustCompile(`href="/goals/(\d+)"`).FindStringSubmatch(c.get("/goals").Body)[1]
			}
			pages := []string{"/home", "/home/glucose", "/diary", "/diary/week", "/records", "/records/stats", "/weight", "/goals"}
			count := func(c *client, p string) int64 {
				c.get(p) // warm the catalogue cache and the session
				qc.n.Store(0)
				if r := c.get(p); r.Status != 200 {
					t.Fatalf("GET %s: %d", p, r.Status)
				}
				return qc.n.Load()
			}
			for _, p := range pages {
				a, b := count(few, p), count(many, p)
				t.Logf("%-16s %d queries (1 row of each) / %d (40 rows of each)", p, a, b)
				if a != b {
					t.Errorf("GET %s: %d queries with 1 row, %d with 40: a query per row", p, a, b)
				}
				if b > 7 {
					t.Errorf("GET %s: %d queries", p, b)
				}
			}
			if a, b := count(few, "/goals/"+goalID(few)), count(many, "/goals/"+goalID(many)); a != b {
				t.Errorf("goal page: %d vs %d queries", a, b)
			}
		})
	}
}
