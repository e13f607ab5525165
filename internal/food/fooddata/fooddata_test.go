package fooddata

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

func mustLoad(t *testing.T) []Food {
	t.Helper()
	foods, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return foods
}

// The data test: every row of the shipped table obeys the checks the issue asks for.
func TestTableSize(t *testing.T) {
	foods := mustLoad(t)
	single := 0
	for _, f := range foods {
		if !f.IsDish() {
			single++
		}
	}
	if single < 200 {
		t.Fatalf("foods.csv has %d foods, want at least 200", single)
	}
}

func TestEnergyMatchesAtwater(t *testing.T) {
	for _, f := range mustLoad(t) {
		n := f.Per100g
		a := n.AtwaterKcal()
		// 15 % of the declared energy; rows near zero kcal (water, salt) get an
		// absolute 2 kcal floor because tables round energy to whole kcal.
		tol := math.Max(0.15*n.EnergyKcal, 2)
		if math.Abs(a-n.EnergyKcal) > tol {
			t.Errorf("%s: energy %.0f kcal, Atwater sum %.1f kcal", f.Key, n.EnergyKcal, a)
		}
	}
}

func TestPlausibleValues(t *testing.T) {
	for _, f := range mustLoad(t) {
		n := f.Per100g
		for name, v := range map[string]float64{
			"energy": n.EnergyKcal, "protein": n.ProteinG, "carb": n.CarbAvailableG,
			"fibre": n.FibreG, "fat": n.FatG, "sodium": n.SodiumMg, "potassium": n.PotassiumMg,
			"calcium": n.CalciumMg, "iron": n.IronMg, "vitamin C": n.VitaminCMg,
		} {
			if v < 0 || math.IsNaN(v) {
				t.Errorf("%s: %s = %v", f.Key, name, v)
			}
		}
		if m := n.MacrosG(); m > 100.5 {
			t.Errorf("%s: macros sum to %.1f g per 100 g", f.Key, m)
		}
		if n.SodiumMg > maxSodiumMg || n.PotassiumMg > maxPotassium || n.CalciumMg > maxCalciumMg ||
			n.IronMg > maxIronMg || n.VitaminCMg > maxVitaminCMg || n.EnergyKcal > maxEnergyKcal {
			t.Errorf("%s: value above plausible maximum: %+v", f.Key, n)
		}
	}
}

func TestSourcesAndGI(t *testing.T) {
	withGI := 0
	for _, f := range mustLoad(t) {
		if f.Source == "" {
			t.Errorf("%s: no source", f.Key)
		}
		if !f.IsDish() && f.SourceCode == "" {
			t.Errorf("%s: no source code", f.Key)
		}
		if f.IsDish() && !strings.HasPrefix(f.Source, "computed from recipe") {
			t.Errorf("%s: dish source %q should say it is computed", f.Key, f.Source)
		}
		if f.GI != nil {
			withGI++
			if f.GISource == "" {
				t.Errorf("%s: GI %v without gi_source", f.Key, *f.GI)
			}
		}
	}
	if withGI < 20 {
		t.Errorf("only %d foods carry a published GI", withGI)
	}
}

func TestKeysUniqueAndReferencesResolve(t *testing.T) {
	foods := mustLoad(t)
	idx := map[string]bool{}
	for _, f := range foods {
		if idx[f.Key] {
			t.Errorf("duplicate key %s", f.Key)
		}
		idx[f.Key] = true
	}
	for _, f := range foods {
		for _, in := range f.Recipe {
			if !idx[in.FoodKey] {
				t.Errorf("%s: ingredient %s missing", f.Key, in.FoodKey)
			}
		}
		for _, m := range f.Measures {
			if m.Grams <= 0 || m.Basis == "" {
				t.Errorf("%s: bad measure %+v", f.Key, m)
			}
		}
	}
}

func TestKeyStaplesPresentWithLocalNames(t *testing.T) {
	foods := mustLoad(t)
	for _, q := range []string{"matoke", "matooke", "posho", "dodo", "cassava", "sweet potato",
		"millet", "sorghum", "rice", "irish potato", "yam", "beans", "groundnut", "simsim",
		"nakati", "sukuma", "cabbage", "biringanya", "malakwang", "pumpkin leaves",
		"tilapia", "nile perch", "mukene", "katogo", "luwombo", "rolex", "chapati", "millet porridge"} {
		if len(Search(foods, q)) == 0 {
			t.Errorf("no food matches %q", q)
		}
	}
	by := ByKey(foods)
	for key, local := range map[string]string{
		"matooke-steamed": "matooke", "posho": "kawunga", "dodo-boiled": "doodo",
		"cassava-boiled": "muwogo", "sweet-potato-boiled": "lumonde", "nakati-boiled": "nakati",
	} {
		f, ok := by[key]
		if !ok {
			t.Errorf("staple %s missing", key)
			continue
		}
		found := false
		for _, ln := range f.LocalNames {
			if ln.Name == local {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: local name %q missing in %+v", key, local, f.LocalNames)
		}
	}
	// Raw and cooked forms of staples people eat cooked.
	for _, key := range []string{"cassava-raw", "cassava-boiled", "sweet-potato-raw", "sweet-potato-boiled",
		"potato-raw", "potato-boiled", "yam-raw", "yam-boiled", "rice-white-raw", "rice-white-boiled",
		"beans-dry-raw", "beans-boiled", "matooke-raw", "matooke-steamed"} {
		if _, ok := by[key]; !ok {
			t.Errorf("%s missing", key)
		}
	}
}

func TestEveryCategoryUsed(t *testing.T) {
	count := map[Category]int{}
	for _, f := range mustLoad(t) {
		count[f.Category]++
	}
	for _, c := range Categories {
		if count[c] == 0 {
			t.Errorf("category %s has no foods", c)
		}
	}
}

// Worked examples straight from the source tables.
func TestPublishedValues(t *testing.T) {
	by := ByKey(mustLoad(t))
	cases := []struct {
		key                  string
		kcal, prot, carb, fe float64
	}{
		{"cassava-raw", 173, 1.3, 39.1, 0.9},          // KE18 2007
		{"matooke-steamed", 151, 1.8, 30.3, 0.5},      // WA19 02_062
		{"mukene-dried", 333, 59.5, 0, 6.9},           // KE18 8002
		{"millet-finger-flour", 306, 7.4, 53.3, 18.5}, // KE18 1026
	}
	for _, c := range cases {
		n := by[c.key].Per100g
		if n.EnergyKcal != c.kcal || n.ProteinG != c.prot || n.CarbAvailableG != c.carb || n.IronMg != c.fe {
			t.Errorf("%s: got %+v", c.key, n)
		}
	}
}

func TestPerScales(t *testing.T) {
	f := Food{Per100g: Nutrients{EnergyKcal: 151, CarbAvailableG: 30.3, SodiumMg: 26}}
	n := f.Per(250) // 250 g of matooke
	if math.Abs(n.EnergyKcal-377.5) > 1e-9 || math.Abs(n.CarbAvailableG-75.75) > 1e-9 || math.Abs(n.SodiumMg-65) > 1e-9 {
		t.Fatalf("Per(250) = %+v", n)
	}
	if z := f.Per(0); z.EnergyKcal != 0 {
		t.Fatalf("Per(0) = %+v", z)
	}
}

func TestDishComputedFromRecipe(t *testing.T) {
	by := ByKey(mustLoad(t))
	d := by["katogo-beans"]
	m, b := by["matooke-steamed"].Per100g, by["bean-stew"].Per100g
	// 300 g matooke + 200 g bean stew, yield 500 g.
	want := (3*m.EnergyKcal + 2*b.EnergyKcal) / 5
	if math.Abs(d.Per100g.EnergyKcal-want) > 1e-9 {
		t.Fatalf("katogo energy %v, want %v", d.Per100g.EnergyKcal, want)
	}
	if d.Per100g.SugarsKnown {
		t.Error("dish sugars must be unknown when an ingredient's sugars are unknown")
	}
	if d.GI != nil {
		t.Error("dish GI is not published")
	}
}

func TestComputeDishWithWaterLoss(t *testing.T) {
	per := map[string]Nutrients{
		"flour": {EnergyKcal: 350, CarbAvailableG: 75, ProteinG: 8, SugarsKnown: true, SugarsG: 1},
		"water": {SugarsKnown: true},
	}
	// 100 g flour + 300 g water cooked down to 250 g.
	n := computeDish([]Ingredient{{"flour", 100}, {"water", 300}}, 250, func(k string) Nutrients { return per[k] })
	if math.Abs(n.EnergyKcal-140) > 1e-9 || math.Abs(n.CarbAvailableG-30) > 1e-9 || !n.SugarsKnown || math.Abs(n.SugarsG-0.4) > 1e-9 {
		t.Fatalf("got %+v", n)
	}
}

const goodFoods = "key,name,local_names,category,description,energy_kcal,protein_g,carb_available_g,fibre_g,fat_g,sugars_g,sodium_mg,potassium_mg,calcium_mg,iron_mg,vitamin_c_mg,gi,gi_source,source,source_code\n" +
	"a,A,Luganda: aa,staples,d,100,2,20,2,0.5,,1,1,1,1,1,,,S,1\n"

func TestLoadReportsLineNumbers(t *testing.T) {
	dishesHdr := "key,name,local_names,category,description,yield_g,yield_basis,source\n"
	recipesHdr := "dish_key,ingredient_key,grams\n"
	measuresHdr := "key,measure,grams,basis\n"
	cases := []struct {
		name, foods, dishes, recipes, measures, want string
	}{
		{"negative", goodFoods + "b,B,,staples,d,-1,2,20,2,0.5,,1,1,1,1,1,,,S,1\n", dishesHdr, recipesHdr, measuresHdr, "foods.csv line 3: energy_kcal -1 is negative"},
		{"gi without source", goodFoods + "b,B,,staples,d,100,2,20,2,0.5,,1,1,1,1,1,55,,S,1\n", dishesHdr, recipesHdr, measuresHdr, "foods.csv line 3: b: gi without gi_source"},
		{"duplicate", goodFoods + "a,A2,,staples,d,100,2,20,2,0.5,,1,1,1,1,1,,,S,1\n", dishesHdr, recipesHdr, measuresHdr, `foods.csv line 3: duplicate key "a"`},
		{"no source", goodFoods + "b,B,,staples,d,100,2,20,2,0.5,,1,1,1,1,1,,,,1\n", dishesHdr, recipesHdr, measuresHdr, "foods.csv line 3: b: source is empty"},
		{"macros over 100", goodFoods + "b,B,,staples,d,400,50,50,5,5,,1,1,1,1,1,,,S,1\n", dishesHdr, recipesHdr, measuresHdr, "exceeds 100 g"},
		{"bad category", goodFoods + "b,B,,sweets,d,100,2,20,2,0.5,,1,1,1,1,1,,,S,1\n", dishesHdr, recipesHdr, measuresHdr, `unknown category "sweets"`},
		{"typed dish", goodFoods + "b,B,,dishes,d,100,2,20,2,0.5,,1,1,1,1,1,,,S,1\n", dishesHdr, recipesHdr, measuresHdr, "category dishes belongs in dishes.csv"},
		{"bad local name", goodFoods + "b,B,aa,staples,d,100,2,20,2,0.5,,1,1,1,1,1,,,S,1\n", dishesHdr, recipesHdr, measuresHdr, `local name "aa"`},
		{"unknown ingredient", goodFoods, dishesHdr + "k,K,,dishes,d,100,sum,computed from recipe\n", recipesHdr + "k,zz,100\n", measuresHdr, `recipes.csv line 2: ingredient "zz" is not in foods.csv`},
		{"dish without recipe", goodFoods, dishesHdr + "k,K,,dishes,d,100,sum,computed from recipe\n", recipesHdr, measuresHdr, `dishes.csv line 2: dish "k" has no recipe lines`},
		{"unknown measure food", goodFoods, dishesHdr, recipesHdr, measuresHdr + "zz,1 cup,100,USDA\n", `measures.csv line 2: measure for unknown food "zz"`},
		{"missing column", "key,name\na,A\n", dishesHdr, recipesHdr, measuresHdr, `foods.csv line 1: missing column "local_names"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"foods.csv":    {Data: []byte(c.foods)},
				"dishes.csv":   {Data: []byte(c.dishes)},
				"recipes.csv":  {Data: []byte(c.recipes)},
				"measures.csv": {Data: []byte(c.measures)},
			}
			_, err := load(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestLoadMinimalTable(t *testing.T) {
	fsys := fstest.MapFS{
		"foods.csv":    {Data: []byte(goodFoods)},
		"dishes.csv":   {Data: []byte("key,name,local_names,category,description,yield_g,yield_basis,source\nk,K,,dishes,d,50,cooked down,computed from recipe\n")},
		"recipes.csv":  {Data: []byte("dish_key,ingredient_key,grams\nk,a,100\n")},
		"measures.csv": {Data: []byte("key,measure,grams,basis\na,1 cup,150,USDA\n")},
	}
	foods, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	by := ByKey(foods)
	if got := by["k"].Per100g.EnergyKcal; got != 200 { // 100 g at 100 kcal/100 g in a 50 g yield
		t.Errorf("dish energy %v, want 200", got)
	}
	if m := by["a"].Measures; len(m) != 1 || m[0].Grams != 150 {
		t.Errorf("measures %+v", m)
	}
	if ln := by["a"].LocalNames; len(ln) != 1 || ln[0] != (LocalName{"Luganda", "aa"}) {
		t.Errorf("local names %+v", ln)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestStaplesHaveSourcedMeasures: every everyday staple can be logged by a household
// measure, and each measure names where its weight comes from: a published table (the USDA
// SR Legacy number) or, said plainly, a typical estimate.
func TestStaplesHaveSourcedMeasures(t *testing.T) {
	all, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	byKey := ByKey(all)
	for _, k := range []string{"matooke-steamed", "matooke-mashed", "posho", "chapati", "rolex", "maize-porridge",
		"millet-porridge", "beans-boiled", "bean-stew", "rice-white-boiled", "rice-boiled-salted", "potato-boiled",
		"sweet-potato-boiled", "cassava-boiled", "groundnut-sauce", "sukuma-boiled", "egg-boiled", "kikomando", "katogo-beans", "tea-milk"} {
		f, ok := byKey[k]
		if !ok {
			t.Errorf("%s: not in the food table", k)
			continue
		}
		if len(f.Measures) == 0 {
			t.Errorf("%s (%s) has no household measure", k, f.Name)
		}
	}
	for _, f := range all {
		for _, m := range f.Measures {
			usda := strings.HasPrefix(m.Basis, "USDA SR Legacy portion weight, ") && strings.Contains(m.Basis, "NDB ")
			if !usda && !strings.HasPrefix(m.Basis, "Typical estimate, not from a published table: ") {
				t.Errorf("%s %q: basis %q names neither a table nor a typical estimate", f.Key, m.Label, m.Basis)
			}
		}
	}
}
