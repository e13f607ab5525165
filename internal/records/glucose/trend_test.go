package glucose

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestLatestTrend(t *testing.T) {
	base := at(5, 12, 0)
	r := func(minutes int, mgdl float64) Reading {
		return Reading{At: base.Add(time.Duration(minutes) * time.Minute), Mgdl: mgdl, Context: Random}
	}
	tests := []struct {
		name     string
		readings []Reading
		dir      Direction
		perHour  float64
		n        int
		reason   string
	}{
		// 108 → 126 → 144 mg/dL over one hour: +36 mg/dL (+2.0 mmol/L) per hour.
		{"rising", []Reading{r(0, 108), r(30, 126), r(60, 144)}, Rising, 36, 3, ""},
		// 180 → 160 → 140 in 30 minutes: −80 mg/dL per hour.
		{"falling", []Reading{r(0, 180), r(15, 160), r(30, 140)}, Falling, -80, 3, ""},
		// 0, 1, 2 h at 100, 110, 130: x̄ = 1, ȳ = 113.3, Σ(x−x̄)(y−ȳ) = 30, Σ(x−x̄)² = 2,
		// slope 15 mg/dL per hour, under 1 mmol/L (18.02 mg/dL) per hour: steady.
		{"least squares, steady", []Reading{r(0, 100), r(60, 110), r(120, 130)}, Steady, 15, 3, ""},
		// Rule of 15: 60 → 75 → 90 mg/dL on two rechecks 15 minutes apart.
		{"rechecks after treating a low", []Reading{r(0, 60), r(15, 75), r(30, 90)}, Rising, 60, 3, ""},
		// Exactly 1 mmol/L in an hour is still steady.
		{"steady at the threshold", []Reading{r(0, 100), r(30, 100+MgdlPerMmolL/2), r(60, 100+MgdlPerMmolL)}, Steady, MgdlPerMmolL, 3, ""},
		// Issue 15.6: two finger-sticks 70 minutes apart are no trend (it used to say
		// "falling, −8.0 mmol/L per hour").
		{"two finger-sticks are no trend", []Reading{r(0, 250), r(70, 118)}, Unknown, 0, 2, "a trend needs 3"},
		// The reading 4 hours earlier is outside the 3-hour look-back.
		{"old reading ignored", []Reading{r(-240, 300), r(-30, 90), r(0, 100)}, Unknown, 0, 2, "a trend needs 3"},
		{"one reading", []Reading{r(0, 100)}, Unknown, 0, 1, "a trend needs 3"},
		{"too close together", []Reading{r(0, 100), r(2, 120), r(5, 140)}, Unknown, 0, 3, "less than 10 minutes"},
		// Input order does not matter; the latest is found by time.
		{"unordered", []Reading{r(60, 144), r(-300, 40), r(0, 108), r(30, 126)}, Rising, 36, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := LatestTrend(tt.readings)
			if !ok {
				t.Fatal("no trend for non-empty readings")
			}
			if got.Direction != tt.dir || math.Abs(got.PerHour-tt.perHour) > 1e-9 || got.N != tt.n || !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("trend = %s %.3f/h over %d (%q); want %s %.3f/h over %d (%q)",
					got.Direction, got.PerHour, got.N, got.Reason, tt.dir, tt.perHour, tt.n, tt.reason)
			}
			if (tt.dir == Unknown) != (got.Reason != "") {
				t.Errorf("Reason %q must be set exactly when the direction is unknown", got.Reason)
			}
		})
	}
	if _, ok := LatestTrend(nil); ok {
		t.Error("LatestTrend(nil) must report no reading")
	}
	got, _ := LatestTrend([]Reading{r(0, 108), r(30, 126), r(60, 144)})
	if got.Latest.Mgdl != 144 || got.Span != time.Hour {
		t.Errorf("latest %v span %v, want 144 and 1h", got.Latest.Mgdl, got.Span)
	}
}

func TestFormatRate(t *testing.T) {
	tests := []struct {
		perHour float64
		u       Unit
		want    string
	}{
		{36, MmolL, "+2.0 mmol/L per hour"},
		{-80, MmolL, "−4.4 mmol/L per hour"}, // 80 ÷ 18.01559 = 4.44
		{-80, MgdL, "−80 mg/dL per hour"},
		{0.2, MgdL, "0 mg/dL per hour"},
	}
	for _, tt := range tests {
		if got := FormatRate(tt.perHour, tt.u); got != tt.want {
			t.Errorf("FormatRate(%v, %s) = %q, want %q", tt.perHour, tt.u, got, tt.want)
		}
	}
	if Rising.Arrow() != "↗" || Falling.Arrow() != "↘" || Steady.Arrow() != "→" || Unknown.Arrow() != "" {
		t.Error("arrows")
	}
}
