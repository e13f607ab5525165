package foods_test

import (
	"testing"

	"github.com/zoe-nutritech/zoe/internal/food/fooddata"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
)

// TestSearchForgivesOnTheFoodTable runs the ranking over the whole shipped food table the
// way the catalogue does (query expanded, every food a candidate): short forms and spellings
// people type find the food, and a food named by the query comes before a food whose name
// merely contains the word.
func TestSearchForgivesOnTheFoodTable(t *testing.T) {
	all, err := fooddata.Load()
	if err != nil {
		t.Fatal(err)
	}
	cands := make([]foods.Candidate, len(all))
	keyOf := map[int64]string{}
	for i, f := range all {
		var names []string
		for _, ln := range f.LocalNames {
			names = append(names, ln.Name)
		}
		cands[i] = foods.Candidate{ID: int64(i + 1), SearchText: foods.SearchText(f.Name, names), Description: f.Description}
		keyOf[int64(i+1)] = f.Key
	}
	top := func(q string, n int) []string {
		var out []string
		for _, r := range foods.Rank(foods.Expand(q), cands) {
			if len(out) == n {
				break
			}
			out = append(out, keyOf[r.ID])
		}
		return out
	}
	for _, c := range []struct {
		query, wantKey string
		within         int
	}{
		{"gnuts", "groundnuts-raw", 3}, {"g.nuts", "groundnuts-raw", 3}, {"G-nut", "gnut-paste", 4},
		{"gnut paste", "gnut-paste", 1}, {"peanuts", "groundnuts-raw", 3},
		{"irish", "potato-boiled", 3}, {"irish potatoes", "potato-boiled", 3},
		{"posho", "posho", 1}, {"matooke", "matooke-steamed", 3}, {"matoke", "matooke-steamed", 3},
		{"sukuma", "sukuma-boiled", 3}, {"sukumawiki", "sukuma-boiled", 3},
		{"egg", "egg-boiled", 3}, {"eggs", "egg-boiled", 3}, {"chapo", "chapati", 2}, {"rolex", "rolex", 1},
		{"beans", "beans-boiled", 3}, {"rice", "rice-white-boiled", 4}, {"porridge", "maize-porridge", 8},
	} {
		got := top(c.query, c.within)
		found := false
		for _, k := range got {
			found = found || k == c.wantKey
		}
		if !found {
			t.Errorf("%q: %s not in the first %d: %v", c.query, c.wantKey, c.within, got)
		}
	}
	// "egg": every food named Egg… before the garden-egg leaves (nakati) and the eggplant.
	order := top("egg", 10)
	pos := map[string]int{}
	for i, k := range order {
		pos[k] = i + 1
	}
	for _, egg := range []string{"egg-raw", "egg-boiled", "egg-fried"} {
		for _, other := range []string{"nakati-raw", "nakati-boiled", "eggplant-raw"} {
			if pos[egg] == 0 || (pos[other] != 0 && pos[other] < pos[egg]) {
				t.Errorf("egg: %s (place %d) should come before %s (place %d): %v", egg, pos[egg], other, pos[other], order)
			}
		}
	}
}

func TestExpand(t *testing.T) {
	for in, want := range map[string]string{
		"gnuts": "groundnuts", "G.nuts": "groundnuts", "g-nut paste": "groundnut paste", "Irish": "irish potato",
		"Matoke": "matooke", "sukuma": "sukuma wiki", "posho and beans": "posho and beans", "": "",
	} {
		if got := foods.Expand(in); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}
