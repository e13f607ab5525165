package foods

import (
	"math"
	"strings"
	"testing"
)

// FuzzDraftParse: a food typed by a person (or read from a CSV line) either comes back
// with field errors or with values inside the database's CHECK ranges: nothing else.
func FuzzDraftParse(f *testing.F) {
	f.Add("matooke", "Matooke, boiled", "Matooke; Gonja", "staples", "", "112", "1.1", "25", "2", "0.2", "", "3", "68", "100")
	f.Add("x", "<script>", "", "nope", "d", "NaN", "-1", "1e309", "0x10", "", "", "", "", "0")
	f.Add("", "", "", "", "", "", "", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, slug, name, local, cat, desc, kcal, prot, carb, fibre, fat, sugars, sodium, gi, serving string) {
		d := Draft{Slug: slug, Name: name, LocalNames: local, Category: cat, Description: desc, EnergyKcal: kcal, ProteinG: prot,
			CarbG: carb, FibreG: fibre, FatG: fat, SugarsG: sugars, SodiumMg: sodium, GI: gi, ServingGrams: serving, Source: "fuzz"}
		v, errs := d.Parse()
		if len(errs) > 0 {
			return
		}
		in := func(x, lo, hi float64) bool { return !math.IsNaN(x) && x >= lo && x <= hi }
		if !in(v.EnergyKcal, 0, 900) || !in(v.ProteinG, 0, 100) || !in(v.CarbG, 0, 100) || !in(v.FibreG, 0, 100) ||
			!in(v.FatG, 0, 100) || !in(v.SodiumMg, 0, 40000) || !(v.ServingGrams > 0) || math.IsInf(v.ServingGrams, 0) {
			t.Errorf("accepted values out of range: %+v", v)
		}
		if v.GI != nil && !in(*v.GI, 0, 150) || v.SugarsG != nil && !in(*v.SugarsG, 0, 100) {
			t.Errorf("accepted GI/sugars out of range: %+v", v)
		}
		if v.Name == "" || strings.ContainsAny(v.Name+v.LocalNames+v.Description, "<>\x00") || !slugRE.MatchString(v.Slug) {
			t.Errorf("accepted text: %q %q %q slug %q", v.Name, v.LocalNames, v.Description, v.Slug)
		}
	})
}
