package prices

import (
	"math"
	"testing"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{5}, 5},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{1050, 800}, 925},
		{[]float64{7, 7, 7, 1, 100}, 7},
	}
	for _, tt := range tests {
		in := append([]float64(nil), tt.in...)
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Fatalf("Median reordered its input: %v", tt.in)
			}
		}
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median(nil) = %v, want NaN", got)
	}
}

// Worked examples on the real file. The expected figures were computed separately
// with Python's csv and statistics.median over the same rows (retail rows of the
// latest month; median per market, then over markets).
func TestLatestRetailOnRealFile(t *testing.T) {
	obs, _ := parseAll(t, &Parser{}, readReal(t))
	tests := []struct {
		food, market string
		month        string
		ugx          float64
		per          string
		markets, n   int
	}{
		// Beans, December 2024: 26 markets from 1,947 to 5,000 UGX/kg.
		{"beans-dry-raw", "", "2024-12", 3600, PerKg, 26, 26},
		// Maize grain, December 2024: only "Maize (white)" is still reported.
		{"maize-grain-raw", "", "2024-12", 1284, PerKg, 29, 29},
		{"milk-raw", "", "2024-12", 2000, PerLitre, 6, 6},
		{"beans-dry-raw", "Owino", "2024-12", 4250, PerKg, 1, 1},
		{"beans-dry-raw", "owino", "2024-12", 4250, PerKg, 1, 1},
		{"beans-dry-raw", "258", "2024-12", 4250, PerKg, 1, 1}, // Owino's market ID
		// Lira's last retail maize grain was July 2023.
		{"maize-grain-raw", "Lira", "2023-07", 1333, PerKg, 1, 1},
	}
	for _, tt := range tests {
		got, ok := LatestRetail(obs, tt.food, tt.market)
		if !ok {
			t.Errorf("%s in %q: no price", tt.food, tt.market)
			continue
		}
		if got.Month.Format("2006-01") != tt.month || got.UGX != tt.ugx || got.PerUnit != tt.per ||
			got.Markets != tt.markets || got.Observations != tt.n {
			t.Errorf("%s in %q = %+v, want %s %v per %s over %d markets",
				tt.food, tt.market, got, tt.month, tt.ugx, tt.per, tt.markets)
		}
	}

	// Rice is only published as a wholesale price in this file: no retail price.
	if got, ok := LatestRetail(obs, "rice-white-raw", ""); ok {
		t.Errorf("rice has no retail rows, got %+v", got)
	}
	if _, ok := LatestRetail(obs, "beans-dry-raw", "Nowhere"); ok {
		t.Error("unknown market should give no price")
	}
}

func TestRetailSeriesCountsAMarketOnce(t *testing.T) {
	obs, _ := parseAll(t, &Parser{}, readReal(t))
	// In April 2011 Owino reported both Maize (1,050) and Maize (white) (800) at
	// retail: one market, its median 925.
	var april MonthPrice
	for _, m := range RetailSeries(obs, "maize-grain-raw", "Owino") {
		if m.Month.Equal(date(2011, 4, 1)) {
			april = m
		}
	}
	if april.UGX != 925 || april.Markets != 1 || april.Observations != 2 {
		t.Errorf("Owino maize April 2011 = %+v, want 925 from 1 market, 2 observations", april)
	}

	series := RetailSeries(obs, "beans-dry-raw", "")
	for i := 1; i < len(series); i++ {
		if !series[i].Month.After(series[i-1].Month) {
			t.Fatalf("series not in month order at %d", i)
		}
	}
	if last := series[len(series)-1]; last.UGX != 3600 {
		t.Errorf("last month of the series %+v, want LatestRetail's 3600", last)
	}
}

func TestRetailSeriesRules(t *testing.T) {
	o := func(market int, name string, day int, flag, priceType, per string, price float64) Observation {
		return Observation{
			Date: date(2024, 12, day), MarketID: market, Market: name, Commodity: "Beans",
			PriceFlag: flag, PriceType: priceType, PerUnit: per, PricePerUnitUGX: price,
		}
	}
	obs := []Observation{
		o(1, "A", 15, "actual", "Retail", PerKg, 3000),
		o(2, "B", 15, "actual", "Retail", PerKg, 4000),
		o(3, "C", 15, "actual", "Retail", PerKg, 8000),
		o(4, "D", 15, "actual", "Wholesale", PerKg, 100),              // not retail
		o(5, "National Average", 15, "aggregate", "Retail", PerKg, 1), // not observed
		o(6, "E", 15, "forecast", "Retail", PerKg, 1),                 // not observed
		o(7, "F", 15, "actual", "Retail", PerPacket, 1),               // another unit
		o(1, "A", 1, "actual", "Retail", PerKg, 2000),                 // same month, same market
		o(2, "B", 15, "actual", "Retail", PerKg, 9000),                // a month earlier (below)
	}
	obs[len(obs)-1].Date = date(2024, 11, 15)

	got, ok := LatestRetail(obs, "beans-dry-raw", "")
	// December: A's median (2000+3000)/2 = 2500, B 4000, C 8000 → median 4000.
	if !ok || got.UGX != 4000 || got.Markets != 3 || got.Observations != 4 || got.PerUnit != PerKg ||
		!got.Month.Equal(date(2024, 12, 1)) {
		t.Errorf("got %+v", got)
	}
	// FoodKeys set on the observation take precedence over the default map.
	obs[0].FoodKeys = []string{"other-food"}
	if got, _ := LatestRetail(obs, "beans-dry-raw", "A"); got.UGX != 2000 {
		t.Errorf("market A without its relabelled row = %+v, want 2000", got)
	}
	if got, _ := LatestRetail(obs, "", "C"); got.UGX != 8000 {
		t.Errorf(`foodKey "" keeps all rows: %+v`, got)
	}
	if len(RetailSeries(obs, "beans-dry-raw", "")) != 2 {
		t.Error("want two months")
	}
}
