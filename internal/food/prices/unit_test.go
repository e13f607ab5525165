package prices

import (
	"math"
	"testing"
)

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in        string
		canonical string
		per       string
		size      float64
	}{
		// Units of the Uganda file.
		{"KG", "KG", PerKg, 1},
		{"L", "L", PerLitre, 1},
		{"Unit", "Unit", PerItem, 1},
		{"Packet", "Packet", PerPacket, 1}, // a packet's content is not published: no conversion
		{"Pair", "Pair", PerItem, 2},       // a pair is two items
		// Units of newer and other-country WFP files.
		{"100 KG", "100 KG", PerKg, 100},
		{"50 KG", "50 KG", PerKg, 50},
		{"90 KG", "90 KG", PerKg, 90},
		{"3.5 KG", "3.5 KG", PerKg, 3.5},
		{"G", "G", PerKg, 0.001},
		{"100 G", "100 G", PerKg, 0.1},
		{"400 G", "400 G", PerKg, 0.4},
		{"ML", "ML", PerLitre, 0.001},
		{"500 ML", "500 ML", PerLitre, 0.5},
		{"MT", "MT", PerKg, 1000},
		{"Dozen", "Dozen", PerItem, 12},
		{"30 Unit", "30 Unit", PerItem, 30},
		// Spelling variants read to the same canonical unit.
		{" kg ", "KG", PerKg, 1},
		{"100kg", "100 KG", PerKg, 100},
		{"100  Kg", "100 KG", PerKg, 100},
		{"1 KG", "KG", PerKg, 1},
		{"unit", "Unit", PerItem, 1},
	}
	for _, tt := range tests {
		u, err := ParseUnit(tt.in)
		if err != nil {
			t.Errorf("ParseUnit(%q): %v", tt.in, err)
			continue
		}
		if u.Canonical != tt.canonical || u.Per != tt.per || math.Abs(u.Size-tt.size) > 1e-12*tt.size {
			t.Errorf("ParseUnit(%q) = %+v, want %s per %s × %g", tt.in, u, tt.canonical, tt.per, tt.size)
		}
	}
	for _, bad := range []string{"", "Bunch", "Heap", "KGS", "0 KG", "-5 KG", "1.2.3 KG", ". KG", "50", "Cuartilla"} {
		if u, err := ParseUnit(bad); err == nil {
			t.Errorf("ParseUnit(%q) = %+v, want an error", bad, u)
		}
	}
}

func TestPricePerUnit(t *testing.T) {
	tests := []struct {
		unit  string
		price float64
		want  float64
	}{
		{"KG", 4250, 4250},
		{"100 KG", 120000, 1200}, // a 100 kg bag at 120,000 is 1,200 a kilo
		{"3.5 KG", 7000, 2000},   // 3.5 kg tin
		{"500 G", 3000, 6000},    // half a kilo
		{"100 G", 500, 5000},     // 100 g sachet
		{"500 ML", 1500, 3000},   // half a litre
		{"Pair", 3000, 1500},     // two batteries
		{"Dozen", 6000, 500},     // twelve items
		{"Packet", 4500, 4500},   // stays per packet
	}
	for _, tt := range tests {
		u, err := ParseUnit(tt.unit)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.PricePer(tt.price); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s at %v = %v per %s, want %v", tt.unit, tt.price, got, u.Per, tt.want)
		}
	}
}
