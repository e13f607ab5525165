package foods

import "testing"

func TestCostUGX(t *testing.T) {
	p := func(v float64) *float64 { return &v }
	u := func(s string) *string { return &s }
	cases := []struct {
		name           string
		price          *float64
		per            *string
		category, slug string
		grams          float64
		want           int64
		known          bool
	}{
		{"per kg", p(4000), u("kg"), "legumes", "beans-boiled", 150, 600, true},
		{"milk per litre through its density", p(2060), u("l"), "dairy", "milk-raw", 1030, 2060, true},
		{"oil per litre through its density", p(9200), u("l"), "oils_fats", "oil-vegetable", 920, 9200, true},
		{"another food per litre: not known", p(3000), u("l"), "beverages", "juice-passion", 250, 0, false},
		{"per item: not known", p(500), u("unit"), "fruits", "mango-raw", 200, 0, false},
		{"no price: not known", nil, nil, "fruits", "mango-raw", 200, 0, false},
	}
	for _, c := range cases {
		got, ok := CostUGX(c.price, c.per, c.category, c.slug, c.grams)
		if got != c.want || ok != c.known {
			t.Errorf("%s: %d, %v; want %d, %v", c.name, got, ok, c.want, c.known)
		}
	}
}
