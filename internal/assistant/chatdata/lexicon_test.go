package chatdata

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/food/fooddata"
)

// tableFoods is the shipped food table as the lexicon query returns it.
func tableFoods(t testing.TB) []Food {
	t.Helper()
	fs, err := fooddata.Load()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Food, len(fs))
	for i, f := range fs {
		var ln []string
		for _, l := range f.LocalNames {
			ln = append(ln, l.Language+": "+l.Name)
		}
		out[i] = Food{Slug: f.Key, Name: f.Name, LocalNames: strings.Join(ln, "; "), Category: string(f.Category)}
	}
	return out
}

func tableLexicon(t testing.TB) *assistant.MemoryLexicon {
	t.Helper()
	lex, err := assistant.NewMemoryLexicon(LexiconEntries(tableFoods(t)))
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

func TestAliasesNameRealFoods(t *testing.T) {
	keys := map[string]bool{}
	for _, f := range tableFoods(t) {
		keys[f.Slug] = true
	}
	owner := map[string]string{}
	for slug, names := range aliases {
		if !keys[slug] {
			t.Errorf("alias key %q is not in the food table", slug)
		}
		for _, n := range names {
			n = assistant.NormalizeName(n)
			if o, dup := owner[n]; dup && o != slug {
				t.Errorf("alias %q given to both %s and %s", n, o, slug)
			}
			owner[n] = slug
		}
	}
}

func TestLexiconPrefersTheFormPeopleEat(t *testing.T) {
	lex := tableLexicon(t)
	cases := map[string]string{
		// curated aliases
		"matooke": "matooke-steamed", "matoke": "matooke-steamed", "posho": "posho", "ugali": "posho",
		"beans": "beans-boiled", "g-nuts": "groundnuts-raw", "dodo": "dodo-boiled", "fish": "tilapia-fried",
		"rice": "rice-white-boiled", "chapati": "chapati", "sukuma wiki": "sukuma-boiled",
		// the rule, without an alias: cooked in water before other forms before raw
		"cassava": "cassava-boiled", "kasooli": "maize-green-boiled", "green gram": "green-gram-boiled",
		"lentils": "lentils-boiled", "chickpeas": "chickpeas-boiled", "malakwang": "malakwang-boiled",
		"jute mallow": "jute-mallow-boiled", "nile perch": "nile-perch-stew",
		// every food keeps its own full name and key
		"matooke raw": "matooke-raw", "beans dry raw": "beans-dry-raw", "cassava flour": "cassava-flour",
		"boiled cassava": "cassava-boiled", "fried tilapia": "tilapia-fried", "French fries": "chips",
		// typos
		"matokee": "matooke-steamed", "cassavva": "cassava-boiled",
	}
	for name, want := range cases {
		m, ok := lex.Lookup(name)
		if !ok || m.Key != want {
			t.Errorf("Lookup(%q) = %q (%v), want %q", name, m.Key, ok, want)
		}
	}
}

func TestFormRank(t *testing.T) {
	for slug, want := range map[string]int{"matooke-steamed": 0, "posho": 1, "bean-stew": 1, "cassava-dried": 2,
		"beans-dry-raw": 3, "beans-fresh-raw": 3, "maize-flour-whole": 2, "egg-fried": 1} {
		if got := formRank(slug); got != want {
			t.Errorf("formRank(%s) = %d, want %d", slug, got, want)
		}
	}
}

// TestEvalWithTheFoodTable runs the assistant's evaluation set with the lexicon built from
// the real food table (the set's own keys mapped to the table's keys through the
// production lexicon): the figures the app gets, not only the package's test lexicon.
func TestEvalWithTheFoodTable(t *testing.T) {
	lex := tableLexicon(t)
	keyMap := map[string]string{} // the set's keys → the food table's
	ef, err := os.Open("../testdata/lexicon.json")
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	var entries []assistant.LexiconEntry
	if err := json.NewDecoder(ef).Decode(&entries); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if m, ok := lex.Lookup(strings.ReplaceAll(e.Key, "_", " ")); ok {
			keyMap[e.Key] = m.Key
		} else if len(e.Names) > 0 {
			if m, ok := lex.Lookup(e.Names[0]); ok {
				keyMap[e.Key] = m.Key
			}
		}
	}
	for _, set := range []string{"eval", "holdout", "holdout2"} {
		cf, err := os.Open("../testdata/" + set + ".jsonl")
		if err != nil {
			t.Fatal(err)
		}
		cases, err := assistant.LoadEvalCases(cf)
		cf.Close()
		if err != nil {
			t.Fatal(err)
		}
		for i := range cases {
			for j, e := range cases[i].Entities {
				if k, ok := strings.CutPrefix(e, "food:"); ok {
					if mapped, ok := keyMap[k]; ok {
						cases[i].Entities[j] = "food:" + mapped
					}
				}
			}
			if p := cases[i].Prev; p != nil {
				for j, k := range p.Foods {
					if mapped, ok := keyMap[k]; ok {
						p.Foods[j] = mapped
					}
				}
			}
		}
		r := assistant.Evaluate(assistant.NewNLU(lex), cases)
		t.Logf("%s with the food table's lexicon: %d cases, intent accuracy %.1f%%, entity F1 %.3f (%d foods mapped)",
			set, r.Cases, 100*r.IntentAccuracy, r.F1, len(keyMap))
		if r.IntentAccuracy < 0.90 || r.F1 < 0.85 {
			var b strings.Builder
			_ = r.WriteReport(&b)
			t.Errorf("%s below target with the food table:\n%s", set, b.String())
		}
	}
}
