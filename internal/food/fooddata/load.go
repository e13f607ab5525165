package fooddata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

// Load parses the embedded table, computes dish nutrients from their recipes
// and validates everything. Foods come first in file order, then dishes.
func Load() ([]Food, error) { return load(files) }

// Plausible upper bounds per 100 g, generous enough for table salt (38.5 g
// sodium per 100 g in KE18), dried fish and cocoa powders.
const (
	maxEnergyKcal = 902 // pure fat: 100 g × 9 kcal, plus rounding
	maxSodiumMg   = 40000
	maxPotassium  = 10000
	maxCalciumMg  = 5000
	maxIronMg     = 100
	maxVitaminCMg = 2000
	maxGI         = 120 // some published African porridges exceed 100
)

// lineError ties a problem to its file and line.
type lineError struct {
	file string
	line int
	msg  string
}

func (e lineError) Error() string {
	return fmt.Sprintf("fooddata: %s line %d: %s", e.file, e.line, e.msg)
}

type record struct {
	file   string
	line   int
	fields map[string]string
}

func (r record) errf(format string, a ...any) error {
	return lineError{r.file, r.line, fmt.Sprintf(format, a...)}
}

func (r record) str(col string) string { return strings.TrimSpace(r.fields[col]) }

// num parses a required, non-negative number.
func (r record) num(col string) (float64, error) {
	s := r.str(col)
	if s == "" {
		return 0, r.errf("%s is empty", col)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, r.errf("%s %q is not a number", col, s)
	}
	if v < 0 {
		return 0, r.errf("%s %v is negative", col, v)
	}
	return v, nil
}

// readCSV reads a file whose header must contain the given columns.
func readCSV(fsys fs.FS, name string, cols []string) ([]record, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("fooddata: open %s: %w", name, err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("fooddata: %s header: %w", name, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(h)] = i
	}
	for _, c := range cols {
		if _, ok := idx[c]; !ok {
			return nil, lineError{name, 1, fmt.Sprintf("missing column %q", c)}
		}
	}
	var out []record
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, lineError{name, pe.Line, pe.Err.Error()}
			}
			return nil, fmt.Errorf("fooddata: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		fields := make(map[string]string, len(cols))
		for _, c := range cols {
			fields[c] = rec[idx[c]]
		}
		out = append(out, record{name, line, fields})
	}
}

var foodCols = []string{"key", "name", "local_names", "category", "description",
	"energy_kcal", "protein_g", "carb_available_g", "fibre_g", "fat_g", "sugars_g",
	"sodium_mg", "potassium_mg", "calcium_mg", "iron_mg", "vitamin_c_mg",
	"gi", "gi_source", "source", "source_code"}

var dishCols = []string{"key", "name", "local_names", "category", "description",
	"yield_g", "yield_basis", "source"}

func load(fsys fs.FS) ([]Food, error) {
	var errs []error
	var foods []Food
	pos := map[string]int{} // key -> index in foods
	// add keeps a parsed food or dish unless its line was bad or its key is taken.
	add := func(r record, f Food, err error) bool {
		if err != nil {
			errs = append(errs, err)
			return false
		}
		if _, dup := pos[f.Key]; dup {
			errs = append(errs, r.errf("duplicate key %q", f.Key))
			return false
		}
		pos[f.Key] = len(foods)
		foods = append(foods, f)
		return true
	}

	recs, err := readCSV(fsys, "foods.csv", foodCols)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		f, err := parseFood(r)
		add(r, f, err)
	}
	nFoods := len(foods)

	recs, err = readCSV(fsys, "dishes.csv", dishCols)
	if err != nil {
		return nil, err
	}
	dishLine := map[string]record{}
	for _, r := range recs {
		if d, err := parseDish(r); add(r, d, err) {
			dishLine[d.Key] = r
		}
	}

	recs, err = readCSV(fsys, "recipes.csv", []string{"dish_key", "ingredient_key", "grams"})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		dk, ik := r.str("dish_key"), r.str("ingredient_key")
		di, ok := pos[dk]
		if !ok || di < nFoods {
			errs = append(errs, r.errf("dish %q is not in dishes.csv", dk))
			continue
		}
		// Ingredients must be single foods so computation order never matters.
		ii, ok := pos[ik]
		if !ok || ii >= nFoods {
			errs = append(errs, r.errf("ingredient %q is not in foods.csv", ik))
			continue
		}
		g, err := r.num("grams")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if g == 0 {
			errs = append(errs, r.errf("grams must be positive"))
			continue
		}
		foods[di].Recipe = append(foods[di].Recipe, Ingredient{ik, g})
	}
	for i := nFoods; i < len(foods); i++ {
		d := &foods[i]
		r := dishLine[d.Key]
		if len(d.Recipe) == 0 {
			errs = append(errs, r.errf("dish %q has no recipe lines", d.Key))
			continue
		}
		d.Per100g = computeDish(d.Recipe, d.YieldG, func(k string) Nutrients { return foods[pos[k]].Per100g })
		if err := checkNutrients(r, d.Per100g); err != nil {
			errs = append(errs, err)
		}
	}

	recs, err = readCSV(fsys, "measures.csv", []string{"key", "measure", "grams", "basis"})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		k := r.str("key")
		i, ok := pos[k]
		if !ok {
			errs = append(errs, r.errf("measure for unknown food %q", k))
			continue
		}
		g, err := r.num("grams")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m := Measure{Label: r.str("measure"), Grams: g, Basis: r.str("basis")}
		if m.Label == "" || m.Basis == "" || g == 0 {
			errs = append(errs, r.errf("measure needs a label, a basis and positive grams"))
			continue
		}
		foods[i].Measures = append(foods[i].Measures, m)
	}

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return foods, nil
}

// computeDish follows the FAO/INFOODS recipe calculation: sum the nutrients of
// the (already cooked) ingredients, then express them per 100 g of the dish's
// yield. No retention factors are applied because every ingredient row is
// already in its eaten state; the yield carries any water loss or gain.
func computeDish(recipe []Ingredient, yieldG float64, per100g func(key string) Nutrients) Nutrients {
	total := Nutrients{SugarsKnown: true}
	for _, in := range recipe {
		total = total.Add(per100g(in.FoodKey).Scale(in.Grams / 100))
	}
	out := total.Scale(100 / yieldG)
	if !out.SugarsKnown {
		out.SugarsG = 0
	}
	return out
}

func parseLocalNames(r record) ([]LocalName, error) {
	s := r.str("local_names")
	if s == "" {
		return nil, nil
	}
	var out []LocalName
	for _, part := range strings.Split(s, ";") {
		lang, name, ok := strings.Cut(part, ":")
		lang, name = strings.TrimSpace(lang), strings.TrimSpace(name)
		if !ok || lang == "" || name == "" {
			return nil, r.errf("local name %q is not \"Language: name\"", strings.TrimSpace(part))
		}
		out = append(out, LocalName{Language: lang, Name: name})
	}
	return out, nil
}

func parseCommon(r record) (Food, error) {
	f := Food{
		Key:         r.str("key"),
		Name:        r.str("name"),
		Category:    Category(r.str("category")),
		Description: r.str("description"),
		Source:      r.str("source"),
	}
	if f.Key == "" || strings.ToLower(f.Key) != f.Key || strings.ContainsAny(f.Key, " ,;") {
		return f, r.errf("key %q must be a lower-case slug", f.Key)
	}
	if f.Name == "" {
		return f, r.errf("%s: name is empty", f.Key)
	}
	if !validCategory(f.Category) {
		return f, r.errf("%s: unknown category %q", f.Key, f.Category)
	}
	if f.Source == "" {
		return f, r.errf("%s: source is empty", f.Key)
	}
	ln, err := parseLocalNames(r)
	if err != nil {
		return f, err
	}
	f.LocalNames = ln
	return f, nil
}

func parseFood(r record) (Food, error) {
	f, err := parseCommon(r)
	if err != nil {
		return f, err
	}
	if f.Category == Dishes {
		// Dish nutrients are computed, never typed: they belong in dishes.csv.
		return f, r.errf("%s: category dishes belongs in dishes.csv", f.Key)
	}
	f.SourceCode = r.str("source_code")
	if f.SourceCode == "" {
		return f, r.errf("%s: source_code is empty", f.Key)
	}
	n := &f.Per100g
	for _, c := range []struct {
		col string
		dst *float64
	}{
		{"energy_kcal", &n.EnergyKcal}, {"protein_g", &n.ProteinG},
		{"carb_available_g", &n.CarbAvailableG}, {"fibre_g", &n.FibreG},
		{"fat_g", &n.FatG}, {"sodium_mg", &n.SodiumMg},
		{"potassium_mg", &n.PotassiumMg}, {"calcium_mg", &n.CalciumMg},
		{"iron_mg", &n.IronMg}, {"vitamin_c_mg", &n.VitaminCMg},
	} {
		v, err := r.num(c.col)
		if err != nil {
			return f, err
		}
		*c.dst = v
	}
	if r.str("sugars_g") != "" {
		v, err := r.num("sugars_g")
		if err != nil {
			return f, err
		}
		n.SugarsG, n.SugarsKnown = v, true
	}
	if err := checkNutrients(r, *n); err != nil {
		return f, err
	}
	if s := r.str("gi"); s != "" {
		gi, err := r.num("gi")
		if err != nil {
			return f, err
		}
		if gi == 0 || gi > maxGI {
			return f, r.errf("%s: gi %v out of range", f.Key, gi)
		}
		f.GI = &gi
		f.GISource = r.str("gi_source")
		if f.GISource == "" {
			return f, r.errf("%s: gi without gi_source", f.Key)
		}
	} else if r.str("gi_source") != "" {
		return f, r.errf("%s: gi_source without gi", f.Key)
	}
	return f, nil
}

func parseDish(r record) (Food, error) {
	f, err := parseCommon(r)
	if err != nil {
		return f, err
	}
	if f.Category != Dishes {
		return f, r.errf("%s: dishes.csv rows must have category dishes", f.Key)
	}
	y, err := r.num("yield_g")
	if err != nil {
		return f, err
	}
	if y == 0 {
		return f, r.errf("%s: yield_g must be positive", f.Key)
	}
	f.YieldG = y
	f.YieldBasis = r.str("yield_basis")
	if f.YieldBasis == "" {
		return f, r.errf("%s: yield_basis is empty", f.Key)
	}
	return f, nil
}

// checkNutrients rejects impossible or implausible values per 100 g.
func checkNutrients(r record, n Nutrients) error {
	key := r.str("key")
	if m := n.MacrosG(); m > 100.5 { // published rows round each macro
		return r.errf("%s: protein+carbohydrate+fibre+fat = %.1f g exceeds 100 g", key, m)
	}
	if n.SugarsKnown && n.SugarsG > n.CarbAvailableG+0.5 {
		return r.errf("%s: sugars %.1f g exceed available carbohydrate %.1f g", key, n.SugarsG, n.CarbAvailableG)
	}
	for _, c := range []struct {
		name     string
		v, limit float64
	}{
		{"energy_kcal", n.EnergyKcal, maxEnergyKcal},
		{"sodium_mg", n.SodiumMg, maxSodiumMg},
		{"potassium_mg", n.PotassiumMg, maxPotassium},
		{"calcium_mg", n.CalciumMg, maxCalciumMg},
		{"iron_mg", n.IronMg, maxIronMg},
		{"vitamin_c_mg", n.VitaminCMg, maxVitaminCMg},
	} {
		if c.v > c.limit {
			return r.errf("%s: %s %v above plausible maximum %v", key, c.name, c.v, c.limit)
		}
	}
	return nil
}
