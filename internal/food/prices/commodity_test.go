package prices

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
)

// The 16 food commodities the data README lists.
var readmeFoodCommodities = []string{
	"Beans", "Cassava (fresh)", "Cassava flour", "Fish (dry)", "Leafy vegetables", "Maize",
	"Maize (white)", "Maize flour", "Milk (fresh)", "Millet", "Millet flour",
	"Oil (vegetable)", "Plantains", "Rice", "Salt", "Sorghum",
}

func TestDefaultCommodityMapCoversEveryFoodCommodity(t *testing.T) {
	m := DefaultCommodityMap()
	for _, c := range readmeFoodCommodities {
		if len(m.FoodKeys(c)) == 0 {
			t.Errorf("%s has no food key", c)
		}
	}
	if got := m.FoodKeys("  maize (WHITE) "); len(got) == 0 {
		t.Error("lookup should ignore case and spaces")
	}
	if got := m.FoodKeys("Charcoal"); got != nil {
		t.Errorf("Charcoal → %v", got)
	}
	for _, mp := range m.Mappings() {
		if !slices.Contains(readmeFoodCommodities, mp.Commodity) {
			t.Errorf("map names %q, which the file does not have", mp.Commodity)
		}
		if mp.Note == "" {
			t.Errorf("%s → %s has no note", mp.Commodity, mp.FoodKey)
		}
	}
	// Both maize grain series price the same food.
	key := m.FoodKeys("Maize")[0]
	if got := m.Commodities(key); !slices.Equal(got, []string{"Maize", "Maize (white)"}) {
		t.Errorf("Commodities(%q) = %v", key, got)
	}
}

// The map's food keys must exist in the food table, when the table is present.
func TestCommodityMapKeysExistInFoodTable(t *testing.T) {
	f, err := os.Open("../fooddata/foods.csv")
	if err != nil {
		t.Skipf("no food table to check against: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	keyCol := slices.IndexFunc(recs[0], func(h string) bool { return h == "key" || h == "food_key" || h == "slug" })
	if keyCol < 0 {
		t.Fatalf("food table header %v has no key column", recs[0])
	}
	keys := map[string]bool{}
	for _, r := range recs[1:] {
		keys[r[keyCol]] = true
	}
	for _, mp := range DefaultCommodityMap().Mappings() {
		if !keys[mp.FoodKey] {
			t.Errorf("%s → %q: no such key in fooddata/foods.csv", mp.Commodity, mp.FoodKey)
		}
	}
}

func TestLoadCommodityMapRejects(t *testing.T) {
	tests := map[string]string{
		"wrong header":    "name,key,note\nBeans,beans-dry,x\n",
		"repeated pair":   "commodity,food_key,note\nBeans,beans-dry,x\nbeans,beans-dry,y\n",
		"missing key":     "commodity,food_key,note\nBeans,,x\n",
		"too many fields": "commodity,food_key,note\nBeans,beans-dry,x,extra\n",
	}
	for name, text := range tests {
		if _, err := LoadCommodityMap(strings.NewReader(text)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	m, err := LoadCommodityMap(strings.NewReader("# comment\ncommodity,food_key,note\nPlantains,matooke,raw\nPlantains,matooke-steamed,\"same price, cooked\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.FoodKeys("Plantains"); !slices.Equal(got, []string{"matooke", "matooke-steamed"}) {
		t.Errorf("one commodity, two foods: %v", got)
	}
}
