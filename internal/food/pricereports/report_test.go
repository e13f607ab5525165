package pricereports

import (
	"strings"
	"testing"
	"time"
)

var (
	now      = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	kampala  = time.FixedZone("EAT", 3*3600)
	measures = []Measure{{Label: "1 cup", Grams: 180}, {Label: "1 medium finger", Grams: 120}}
)

func TestCheckConvertsUnits(t *testing.T) {
	tests := []struct {
		name          string
		d             Draft
		grams, perKg  float64
		perUnit, flag string
	}{
		{"kilograms", Draft{Quantity: "2", Unit: "kg", PriceUGX: "7,000"}, 2000, 3500, "kg", ""},
		{"grams", Draft{Quantity: "500", Unit: "g", PriceUGX: "2000"}, 500, 4000, "kg", ""},
		{"litre", Draft{Quantity: "1", Unit: "l", PriceUGX: "9000"}, 1000, 9000, "l", ""},
		{"household measure", Draft{Quantity: "3", Unit: "measure:1 cup", PriceUGX: "1500"}, 540, 2778, "kg", ""},
		{"piece from the food's measures", Draft{Quantity: "5", Unit: "piece", PriceUGX: "1000"}, 600, 1667, "kg", ""},
		{"heap weighed by the reporter", Draft{Quantity: "1", Unit: "heap", WeightG: "1500", PriceUGX: "3000"}, 1500, 2000, "kg", ""},
		{"far price confirmed", Draft{Quantity: "1", Unit: "kg", PriceUGX: "20000", Confirm: true}, 1000, 20000, "kg", "5 times the current price"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.d.Date = "2026-12-03"
			r, errs := tt.d.Check("Matooke", measures, &Current{UGX: 4000, PerUnit: "kg"}, now, kampala)
			if len(errs) > 0 {
				t.Fatalf("errors %v", errs)
			}
			if r.Grams != tt.grams || r.UnitPriceUGX != tt.perKg || r.PerUnit != tt.perUnit || !strings.Contains(r.Flag, tt.flag) {
				t.Fatalf("got %v g, UGX %v per %s, flag %q", r.Grams, r.UnitPriceUGX, r.PerUnit, r.Flag)
			}
			if tt.flag == "" && r.Flag != "" {
				t.Fatalf("unexpected flag %q", r.Flag)
			}
		})
	}
}

func TestCheckRefusesWithAMessagePerField(t *testing.T) {
	tests := []struct {
		name  string
		d     Draft
		field string
		msg   string
	}{
		{"no price", Draft{Unit: "kg"}, "price_ugx", "Enter what you paid"},
		{"fractional shillings", Draft{Unit: "kg", PriceUGX: "12.5"}, "price_ugx", "whole shillings"},
		{"price too small", Draft{Unit: "kg", PriceUGX: "10"}, "price_ugx", "at least UGX 50"},
		{"quantity not a number", Draft{Quantity: "two", Unit: "kg", PriceUGX: "3000"}, "quantity", "as a number"},
		{"quantity zero", Draft{Quantity: "0", Unit: "kg", PriceUGX: "3000"}, "quantity", "above 0"},
		{"over 100 kg", Draft{Quantity: "200", Unit: "kg", PriceUGX: "3000"}, "quantity", "100 kilograms"},
		{"unknown unit", Draft{Unit: "sack", PriceUGX: "3000"}, "unit", "Choose grams"},
		{"unknown measure", Draft{Unit: "measure:1 basin", PriceUGX: "3000"}, "unit", "from the list"},
		{"heap of unknown weight", Draft{Unit: "heap", PriceUGX: "3000"}, "weight_g", "what a heap of Matooke weighs"},
		{"bunch with a bad weight", Draft{Unit: "bunch", WeightG: "lots", PriceUGX: "3000"}, "weight_g", "in grams"},
		{"future", Draft{Unit: "kg", PriceUGX: "3000", Date: "2026-12-04"}, "date", "future"},
		{"older than a year", Draft{Unit: "kg", PriceUGX: "3000", Date: "2025-11-01"}, "date", "last year"},
		{"no date", Draft{Unit: "kg", PriceUGX: "3000", Date: "yesterday"}, "date", "YYYY-MM-DD"},
		{"impossibly cheap", Draft{Quantity: "50", Unit: "kg", PriceUGX: "1000"}, "price_ugx", "UGX 20 per kg, below any market price"},
		{"impossibly dear", Draft{Quantity: "10", Unit: "g", PriceUGX: "5000"}, "price_ugx", "above any market price"},
		{"far price not confirmed", Draft{Unit: "kg", PriceUGX: "1000"}, "confirm", "UGX 1,000 per kg is a quarter of the current price of UGX 4,000 per kg"},
		{"place too long", Draft{Unit: "kg", PriceUGX: "3000", Place: strings.Repeat("x", 81)}, "place", "80 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.d.Date == "" {
				tt.d.Date = "2026-12-03"
			}
			_, errs := tt.d.Check("Matooke", measures, &Current{UGX: 4000, PerUnit: "kg"}, now, kampala)
			if !strings.Contains(errs[tt.field], tt.msg) {
				t.Fatalf("errors %v, want %s: ~%q", errs, tt.field, tt.msg)
			}
		})
	}
}

func TestSourceRoundTripAndWords(t *testing.T) {
	for _, tt := range []struct {
		s     Source
		words string
	}{
		{Source{Market: true}, "WFP market data"},
		{Source{Reports: 4, Reporters: 3}, "4 user reports from 3 people"},
		{Source{Market: true, Reports: 1, Reporters: 1}, "WFP market data and 1 user report"},
		{Source{Reports: 3, Reporters: 3, Demo: true}, "3 user reports (includes demo data from synthetic accounts)"},
	} {
		if got := ParseSource(tt.s.String()); got != tt.s {
			t.Errorf("%q read back as %+v", tt.s.String(), got)
		}
		if got := tt.s.Describe(); got != tt.words {
			t.Errorf("%+v: %q, want %q", tt.s, got, tt.words)
		}
	}
	if s := ParseSource("import,market_survey"); !s.Market || s.Reports != 0 {
		t.Errorf("old source: %+v", s)
	}
	if !IsOld(now.AddDate(0, -7, 0), now) || IsOld(now.AddDate(0, -5, 0), now) {
		t.Error("IsOld")
	}
}
