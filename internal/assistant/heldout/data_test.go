package heldout

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

var (
	envOnce   sync.Once
	envPriced *Env
	envErr    error
)

// pricedEnv loads the set and the catalogue's current prices: the food table and the
// bundled WFP file imported into a fresh SQLite database, as `make run` does.
func pricedEnv(t *testing.T) (*Set, *Env) {
	t.Helper()
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	envOnce.Do(func() {
		d := dbtest.NewSQLite(t)
		ctx := context.Background()
		c := catalog.New(d, cache.NewLRU(100, time.Minute), nil)
		if _, envErr = c.ImportFoods(ctx); envErr != nil {
			return
		}
		r, err := prices.Bundled()
		if envErr = err; err != nil {
			return
		}
		if _, envErr = c.ImportPrices(ctx, r, nil); envErr != nil {
			return
		}
		p, err := PricesFromDB(ctx, d)
		if envErr = err; err != nil {
			return
		}
		envPriced, envErr = NewEnv(set.Fixture, p)
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return set, envPriced
}

func TestCasesAreValid(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Cases) < 400 {
		t.Errorf("%d cases, want at least 400", len(set.Cases))
	}
	env, err := NewEnv(set.Fixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	texts := map[string]string{}
	for _, c := range set.Cases {
		if c.ID == "" || ids[c.ID] {
			t.Errorf("case id %q is empty or repeated", c.ID)
		}
		ids[c.ID] = true
		if !slices.Contains(Categories, c.Category) {
			t.Errorf("%s: category %q is not one of %v", c.ID, c.Category, Categories)
		}
		if strings.TrimSpace(c.Utterance) == "" {
			t.Errorf("%s: no utterance", c.ID)
		}
		if prev, dup := texts[strings.ToLower(c.Utterance)]; dup {
			t.Errorf("%s repeats the utterance of %s", c.ID, prev)
		}
		texts[strings.ToLower(c.Utterance)] = c.ID
		if len(c.Expect) == 0 {
			t.Errorf("%s: no content expectation", c.ID)
		}
		var check func(s Spec)
		check = func(s Spec) {
			if s.kinds() != 1 {
				t.Errorf("%s: an expectation sets %d kinds, want 1", c.ID, s.kinds())
			}
			if s.Some != nil {
				for _, sub := range s.Some.Of {
					check(sub)
				}
			}
		}
		for _, s := range c.Expect {
			check(s)
		}
		for _, k := range c.FoodKeys() {
			if _, ok := env.Foods[k]; !ok {
				t.Errorf("%s: food %q is not in foods.csv or dishes.csv", c.ID, k)
			}
		}
	}
}

// TestEveryCaseResolves computes every expectation from the food table, the bundled
// prices and the fixture, and reports the counts per category.
func TestEveryCaseResolves(t *testing.T) {
	set, env := pricedEnv(t)
	per := map[string]int{}
	var dump []any
	for _, c := range set.Cases {
		checks, err := env.Resolve(c)
		if err != nil {
			t.Error(err)
			continue
		}
		dump = append(dump, map[string]any{"id": c.ID, "q": c.Utterance, "checks": checks})
		if len(checks) == 0 {
			t.Errorf("%s resolves to no checks", c.ID)
		}
		per[c.Category]++
	}
	for _, cat := range Categories {
		t.Logf("%-15s %3d", cat, per[cat])
		if per[cat] < 15 {
			t.Errorf("category %s has %d cases, want at least 15", cat, per[cat])
		}
	}
	t.Logf("%-15s %3d", "total", len(set.Cases))
	// HELDOUT_DUMP=FILE writes the resolved checks, for reviewing the set (never for
	// anyone tuning the assistant).
	if path := os.Getenv("HELDOUT_DUMP"); path != "" {
		b, err := json.MarshalIndent(dump, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLocalTermsDocumented(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, c := range set.Cases {
		if c.Category == "local_language" && len(c.Terms) == 0 {
			t.Errorf("%s: a local-language case lists no terms", c.ID)
		}
		for _, term := range c.Terms {
			used[term] = true
			if _, ok := Terms[term]; !ok {
				t.Errorf("%s: term %q is not documented in terms.go", c.ID, term)
			}
			if !strings.Contains(strings.ToLower(c.Utterance), term) {
				t.Errorf("%s: term %q is not in the utterance", c.ID, term)
			}
		}
	}
	for term, def := range Terms {
		if !used[term] {
			t.Errorf("term %q is documented but no case uses it", term)
		}
		if !strings.Contains(string(readme), "| "+term+" |") {
			t.Errorf("README.md does not list term %q", term)
		}
		if def.Source != srcTable && !def.Review {
			t.Errorf("term %q is not from the food table, so it must be marked for review", term)
		}
	}
}

// TestFixtureFacts pins what README.md says about the fixture patient.
func TestFixtureFacts(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	fx := set.Fixture
	if got := fx.Now().Format("Mon 2006-01-02 15:04 MST"); got != "Fri 2026-11-20 18:30 EAT" {
		t.Errorf("now = %s", got)
	}
	month, _ := fx.Periods("this_month")
	st := fx.Stats(month[0])
	if st.BelowRange.Count != 4 || st.VeryLow.Count != 1 || st.AboveRange.Count != 5 || st.VeryHigh.Count != 2 {
		t.Errorf("November: %d lows (%d very low), %d highs (%d very high); want 4 (1), 5 (2)",
			st.BelowRange.Count, st.VeryLow.Count, st.AboveRange.Count, st.VeryHigh.Count)
	}
	oct, _ := fx.Periods("last_month")
	st = fx.Stats(oct[0])
	if st.BelowRange.Count != 2 || st.AboveRange.Count != 3 || st.VeryHigh.Count != 1 {
		t.Errorf("October: %d lows, %d highs (%d very high); want 2, 3 (1)", st.BelowRange.Count, st.AboveRange.Count, st.VeryHigh.Count)
	}
	var spent int64
	unpriced := 0
	for _, d := range fx.DiaryIn(month[0]) {
		if d.CostUGX == nil {
			unpriced++
		} else {
			spent += *d.CostUGX
		}
	}
	if spent != 49900 || unpriced != 8 {
		t.Errorf("November spending UGX %d with %d unpriced entries, want 49900 and 8", spent, unpriced)
	}
	if n := len(fx.DiaryIn(Period{fx.Day(-6), fx.Day(-5)})); n != 0 {
		t.Errorf("Saturday 14 November has %d diary entries, want none", n)
	}
	for _, d := range fx.DiaryIn(Period{fx.Day(-3), fx.Day(-2)}) {
		if d.CostUGX != nil {
			t.Errorf("Tuesday 17 November should have no priced entry, has %+v", d)
		}
	}
	// Readings stay away from the band edges, so unit rounding never moves a reading
	// from one band to another.
	for _, g := range fx.Glucose {
		for _, edge := range []float64{3.0, 3.9, 10.0, 13.9} {
			if d := g.Mmol - edge; d > -0.15 && d < 0.15 {
				t.Errorf("reading %.1f on day %d is at the band edge %.1f", g.Mmol, g.Day, edge)
			}
		}
	}
	if v, ok := fx.TIRGoalValue(); !ok || v >= 80 {
		t.Errorf("time-in-range goal value %.1f (ok %v): want a value below the 80 %% target", v, ok)
	}
}
