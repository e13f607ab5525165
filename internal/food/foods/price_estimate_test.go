package foods

import "testing"

func TestEstimateCookedPrices(t *testing.T) {
	p := func(v float64) *float64 { return &v }
	in := []PriceInput{
		{Key: "beans-dry-raw", ProteinG: 21.6, CarbG: 40.6, FibreG: 23.5, PricePerKg: p(3600)},
		{Key: "beans-boiled", ProteinG: 8.0, CarbG: 15.5, FibreG: 8.1},
		{Key: "maize-flour-sifted", ProteinG: 8.3, CarbG: 72.3, FibreG: 3.0, PricePerKg: p(2600)},
		{Key: "posho", ProteinG: 2.5, CarbG: 22, FibreG: 2},
		{Key: "chicken-fried", ProteinG: 25, CarbG: 0, FibreG: 0}, // nothing priced to come from
		{Key: "milk-raw", ProteinG: 3.2, CarbG: 4.7, PricePerKg: p(2000)},
	}
	got := EstimateCookedPrices(in)
	if len(got) != 2 {
		t.Fatalf("estimates: %+v", got)
	}
	// Boiled beans: 31.6 g dry matter from 85.7 g per 100 g dry: 3,600 × 0.3687 = 1,327.
	if got[0].Index != 1 || got[0].From != 0 || got[0].PricePerKg != 1327 {
		t.Errorf("beans: %+v", got[0])
	}
	// Posho from sifted maize flour: 26.5 / 83.6 × 2,600 = 824.
	if got[1].Index != 3 || got[1].From != 2 || got[1].PricePerKg != 824 {
		t.Errorf("posho: %+v", got[1])
	}
}
