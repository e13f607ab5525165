package foods

import (
	"strings"
	"testing"
)

func goodDraft() Draft {
	// Amaranth leaves, boiled (KE18 values, rounded).
	return Draft{Name: "Ebugga (amaranth), boiled", LocalNames: "Luganda: ebugga", Category: "vegetables",
		EnergyKcal: "32", ProteinG: "3.2", CarbG: "3.6", FibreG: "2.9", FatG: "0.3", Source: "KE18 code 5001"}
}

func TestDraftParse(t *testing.T) {
	v, e := goodDraft().Parse()
	if len(e) != 0 {
		t.Fatalf("good draft rejected: %v", e)
	}
	if v.Slug != "ebugga-amaranth-boiled" || v.ServingGrams != 100 || v.SugarsG != nil {
		t.Fatalf("%+v", v)
	}
	cases := []struct {
		mod   func(*Draft)
		field string
	}{
		{func(d *Draft) { d.Name = "" }, "name"},
		{func(d *Draft) { d.Name = strings.Repeat("a", 101) }, "name"},
		{func(d *Draft) { d.Name = "<script>" }, "name"},
		{func(d *Draft) { d.Category = "sweets" }, "category"},
		{func(d *Draft) { d.EnergyKcal = "" }, "energy_kcal"},
		{func(d *Draft) { d.EnergyKcal = "lots" }, "energy_kcal"},
		{func(d *Draft) { d.EnergyKcal = "-1" }, "energy_kcal"},
		{func(d *Draft) { d.EnergyKcal = "320" }, "energy_kcal"}, // typo: ten times the macros
		{func(d *Draft) { d.ProteinG = "101" }, "protein_g"},
		{func(d *Draft) { d.ProteinG, d.CarbG, d.FatG = "60", "50", "0.3" }, "carb_g"},
		{func(d *Draft) { d.SugarsG = "9" }, "sugars_g"},
		{func(d *Draft) { d.GI = "40" }, "gi_source"},
		{func(d *Draft) { d.Source = "" }, "source"},
		{func(d *Draft) { d.Slug = "Bad Slug" }, "slug"},
		{func(d *Draft) { d.ServingGrams = "0" }, "serving_grams"},
	}
	for _, c := range cases {
		d := goodDraft()
		c.mod(&d)
		if _, e := d.Parse(); e[c.field] == "" {
			t.Errorf("%+v: no message on %s (%v)", d, c.field, e)
		}
	}
}

func TestFromRecipe(t *testing.T) {
	// 300 g matooke (151 kcal/100 g) + 200 g beans (120 kcal/100 g) = 693 kcal in 500 g.
	n, _, g := FromRecipe([]Ingredient{{Per100g: Nutrients{EnergyKcal: 151, CarbG: 30}, Grams: 300}, {Per100g: Nutrients{EnergyKcal: 120, ProteinG: 8}, Grams: 200}})
	if g != 500 || n.EnergyKcal != 138.6 || n.CarbG != 18 || n.ProteinG != 3.2 {
		t.Fatalf("%+v %v", n, g)
	}
}
