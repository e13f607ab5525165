package suggest_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

func setup(t *testing.T, d *db.DB) (*suggest.Service, context.Context) {
	t.Helper()
	c := cache.NewLRU(1000, time.Minute)
	loadCatalogue(t, d, c)
	return newService(t, d, c, true), context.Background()
}

// setupFoods is setup and the catalogue's foods as the service sees them.
func setupFoods(t *testing.T, d *db.DB) (*suggest.Service, context.Context, []suggest.Food) {
	t.Helper()
	s, ctx := setup(t, d)
	foods, err := s.Foods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s, ctx, foods
}

// A person with diabetes is never offered a food at or above the GI cap, nor a serving
// at or above the GL cap (unknown GI counted at 100), checked against the food table in
// the database rather than the engine's own inputs.
func TestDiabeticNeverAboveGlycaemicCaps(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := setup(t, d)
		rules := recommend.DefaultRules()
		for _, goal := range []string{"lose_weight", "gain_weight", "glucose_control", "eat_healthy"} {
			u := newPatient(t, d, "diab-"+goal, profile{diabetes: "type2", goal: goal, budget: ptr(int64(600000))})
			res, err := s.Compute(ctx, u, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			capped, items := 0, 0
			for _, m := range res.Meals {
				capped += m.Excluded[recommend.ReasonGICap]
				for _, it := range m.Items {
					items++
					f, err := d.GetFoodItem(ctx, it.FoodID)
					if err != nil {
						t.Fatal(err)
					}
					carbs := f.CarbG * it.ServingGrams / 100
					gi := 100.0 // the rules' worst case for an unknown GI
					if f.GlycaemicIndex != nil {
						gi = *f.GlycaemicIndex
						if gi >= rules.GICap {
							t.Errorf("%s/%s: %s has GI %v ≥ %v", goal, m.Meal, f.Slug, gi, rules.GICap)
						}
					}
					if gl := gi * carbs / 100; gl >= rules.GLCap {
						t.Errorf("%s/%s: %s serving has GL %.1f ≥ %v", goal, m.Meal, f.Slug, gl, rules.GLCap)
					}
				}
			}
			if items == 0 || capped == 0 {
				t.Fatalf("%s: %d suggestions, %d high-GI foods removed: the test would prove nothing", goal, items, capped)
			}
		}
	})
}

func findItem(res suggest.Suggestions, meal, key string) (int, *suggest.Item) {
	for _, m := range res.Meals {
		if m.Meal != meal {
			continue
		}
		for i := range m.Items {
			if m.Items[i].FoodKey == key {
				return i, &m.Items[i]
			}
		}
	}
	return -1, nil
}

// Turning the top suggestion down moves it down the ranking.
func TestRankingMovesAfterFeedback(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	u := newPatient(t, d, "kato", profile{diabetes: "none", goal: "lose_weight", budget: ptr(int64(300000))})
	res, err := s.Compute(ctx, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	top := res.Meals[1].Items[0] // lunch
	for range 2 {
		_, it := findItem(res, "lunch", top.FoodKey)
		if it == nil {
			break
		}
		if _, err := s.Reject(ctx, u.ID, it.RecID, false, time.Now()); err != nil {
			t.Fatal(err)
		}
		if res, err = s.Compute(ctx, u, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	pos, it := findItem(res, "lunch", top.FoodKey)
	if pos == 0 {
		t.Fatalf("%s is still first after being turned down twice", top.FoodKey)
	}
	if it != nil && it.Score >= top.Score {
		t.Errorf("score %v did not drop below %v", it.Score, top.Score)
	}
	if it != nil && !strings.Contains(it.Reasoning+factorTexts(it), "turned it down 2 times") {
		t.Errorf("the explanation does not mention the answers: %q", it.Reasoning)
	}

	// "Not for me" removes the food for good.
	first := res.Meals[2].Items[0]
	if _, err := s.Reject(ctx, u.ID, first.RecID, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err = s.Compute(ctx, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, meal := range []string{"breakfast", "lunch", "dinner", "snack"} {
		if _, it := findItem(res, meal, first.FoodKey); it != nil {
			t.Errorf("%s suggested for %s after \"not for me\"", first.FoodKey, meal)
		}
	}
	if ok, err := s.Undislike(ctx, u.ID, first.FoodID); err != nil || !ok {
		t.Fatalf("undislike: %v %v", ok, err)
	}
}

func factorTexts(it *suggest.Item) string {
	var b strings.Builder
	for _, f := range it.Factors {
		b.WriteString(f.Text + "; ")
	}
	return b.String()
}

// formatOne is how the explanations write grams: one decimal at most ("7.9", "12").
func formatOne(x float64) string { return strconvFormat(math.Round(x*10) / 10) }

// Every number in an explanation is the food's own figure for the serving shown.
func TestExplanationNumbersEqualFoodData(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	u := newPatient(t, d, "nakato", profile{diabetes: "type2", goal: "glucose_control", budget: ptr(int64(200000))})
	res, err := s.Compute(ctx, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	foods, err := s.Foods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]suggest.Food{}
	for _, f := range foods {
		byID[f.ID] = f
	}
	checked := 0
	for _, m := range res.Meals {
		for _, it := range m.Items {
			row, err := d.GetFoodItem(ctx, it.FoodID)
			if err != nil {
				t.Fatal(err)
			}
			k := it.ServingGrams / 100
			if it.ServingGrams != row.ServingGrams {
				t.Errorf("%s: serving %v g, table says %v g", row.Slug, it.ServingGrams, row.ServingGrams)
			}
			want := map[string]float64{"fibre": row.FibreG * k, "protein": row.ProteinG * k, "sodium": row.SodiumMg * k}
			if row.GlycaemicIndex != nil {
				want["gi"] = *row.GlycaemicIndex
				want["gl"] = *row.GlycaemicIndex * row.CarbG * k / 100
			}
			if row.SugarsG != nil {
				want["sugars"] = *row.SugarsG * k
			}
			if it.PriceKnown {
				f := byID[it.FoodID]
				want["budget"] = float64(int64(math.Round(*f.PricePerKgUGX * it.ServingGrams / 1000)))
				if float64(it.CostUGX) != want["budget"] {
					t.Errorf("%s: cost %d, price gives %v", row.Slug, it.CostUGX, want["budget"])
				}
			}
			for _, f := range it.Factors {
				w, ok := want[f.Name]
				if !ok {
					continue
				}
				if math.Abs(f.Value-w) > 1e-9*math.Max(1, w) {
					t.Errorf("%s: factor %s = %v, food data gives %v", row.Slug, f.Name, f.Value, w)
				}
				checked++
			}
			// The reasoning quotes the GI and the fibre exactly as the factors hold them.
			if row.GlycaemicIndex != nil && strings.Contains(it.Reasoning, "GI ") &&
				!strings.Contains(it.Reasoning, "GI "+strconvFormat(math.Round(*row.GlycaemicIndex))) {
				t.Errorf("%s: reasoning %q does not quote GI %v", row.Slug, it.Reasoning, *row.GlycaemicIndex)
			}
			if strings.Contains(it.Reasoning, "g fibre per serving") &&
				!strings.Contains(it.Reasoning, formatOne(row.FibreG*k)+" g fibre per serving") {
				t.Errorf("%s: reasoning %q does not quote %s g fibre", row.Slug, it.Reasoning, formatOne(row.FibreG*k))
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d factors checked", checked)
	}
}

// Accepting a suggestion adds exactly one diary entry, once; another user cannot.
func TestAcceptCreatesOneDiaryEntry(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := setup(t, d)
		u := newPatient(t, d, "okello", profile{diabetes: "none", goal: "maintain_weight", budget: ptr(int64(300000))})
		other := newPatient(t, d, "other", profile{diabetes: "none", goal: "maintain_weight"})
		res, err := s.Recommendations(ctx, u, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var it suggest.Item
		for _, x := range res.Meals[1].Items {
			if x.PriceKnown {
				it = x
				break
			}
		}
		if it.RecID == 0 {
			t.Fatal("no priced lunch suggestion")
		}
		if _, err := s.Accept(ctx, other.ID, it.RecID, time.Now()); !db.IsNotFound(err) {
			t.Fatalf("another user's accept: %v, want not found", err)
		}
		now := db.Now()
		a, err := s.Accept(ctx, u.ID, it.RecID, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Accept(ctx, u.ID, it.RecID, now); !errors.Is(err, suggest.ErrAnswered) {
			t.Fatalf("second accept: %v", err)
		}
		rows, err := d.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: now.Add(-time.Hour), Until: now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Fatalf("%d diary rows, want 1", len(rows))
		}
		r := rows[0]
		if r.ID != a.FoodLogID || r.FoodItemID != it.FoodID || r.Grams != it.ServingGrams || r.MealType != "lunch" ||
			r.CostUgx == nil || *r.CostUgx != it.CostUGX || !r.ConsumedAt.Equal(now) {
			t.Errorf("diary row %+v does not match the suggestion %+v", r, it)
		}
		got, err := d.RecGet(ctx, db.RecGetParams{ID: it.RecID, UserID: u.ID})
		if err != nil || got.Status != "accepted" {
			t.Fatalf("status %q, %v", got.Status, err)
		}
		// The cached page is dropped: the next one counts the entry as spent today.
		res2, err := s.Recommendations(ctx, u, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res2.Budget.SpentUGX != it.CostUGX {
			t.Errorf("spent %d after accepting, want %d", res2.Budget.SpentUGX, it.CostUGX)
		}
	})
}

// Results are cached (the same stored rows come back) until the diary changes, even when
// the change comes from a page that does not invalidate the cache.
func TestRecommendationsCachedUntilDiaryChanges(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	u := newPatient(t, d, "mukasa", profile{diabetes: "none", goal: "gain_weight", budget: ptr(int64(300000))})
	a, err := s.Recommendations(ctx, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Recommendations(ctx, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a.Meals[0].Items[0].RecID != b.Meals[0].Items[0].RecID {
		t.Fatal("second call was not served from the cache")
	}
	hist, _ := d.RecHistory(ctx, db.RecHistoryParams{UserID: u.ID, Lim: 1000})
	n := len(hist)
	f := a.Meals[1].Items[0]
	if _, err := d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: "00000000-0000-4000-8000-000000000001", UserID: u.ID,
		FoodItemID: f.FoodID, MealType: "lunch", Grams: f.ServingGrams, Quantity: 1, ConsumedAt: db.Now(), CreatedAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Recommendations(ctx, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if c.EnergyTodayKcal <= 0 {
		t.Fatal("the diary entry did not reach the recommendations")
	}
	hist, _ = d.RecHistory(ctx, db.RecHistoryParams{UserID: u.ID, Lim: 1000})
	if len(hist) > n+len(suggest.Meals)*s.PerMeal {
		t.Errorf("recomputing stored %d rows; pending ones of today should be refreshed, not repeated", len(hist)-n)
	}
}
