package glucose

import (
	"math"
	"strings"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", what, got, want, tol)
	}
}

func TestConversions(t *testing.T) {
	// 1 mmol/L = 18.01559 mg/dL (docs/CLINICAL.md, Units).
	tests := []struct {
		mmol, mgdl float64
	}{
		{1, 18.01559},
		{5.5, 99.085745}, // 5.5 × 18.01559
		{10, 180.1559},   // top of range in mmol/L
		{3.9, 70.260801}, // bottom of range in mmol/L
		{5.550748, 100},  // 100 ÷ 18.01559
		{9.991346, 180},  // 180 ÷ 18.01559
		{13.876870, 250}, // 250 ÷ 18.01559
		{33.304488, 600}, // 600 ÷ 18.01559
	}
	for _, tt := range tests {
		near(t, "ToMgdl", ToMgdl(tt.mmol, MmolL), tt.mgdl, 1e-4)
		near(t, "FromMgdl", FromMgdl(tt.mgdl, MmolL), tt.mmol, 1e-5)
		near(t, "round trip", FromMgdl(ToMgdl(tt.mmol, MmolL), MmolL), tt.mmol, 1e-12)
		if ToMgdl(tt.mgdl, MgdL) != tt.mgdl || FromMgdl(tt.mgdl, MgdL) != tt.mgdl {
			t.Errorf("mg/dL to mg/dL must be the identity for %v", tt.mgdl)
		}
	}
	// An unknown unit is treated as the default, mmol/L.
	near(t, "unknown unit", ToMgdl(5.5, Unit("x")), 99.085745, 1e-4)
}

func TestFormat(t *testing.T) {
	tests := []struct {
		mgdl float64
		unit Unit
		want string
	}{
		{110, MmolL, "6.1 mmol/L"}, // 6.1058
		{110, MgdL, "110 mg/dL"},
		{99.5, MgdL, "100 mg/dL"},   // half rounds away from zero
		{99.49, MgdL, "99 mg/dL"},   // only for display
		{180, MmolL, "10.0 mmol/L"}, // 9.9913 keeps its trailing zero
		{70, MmolL, "3.9 mmol/L"},   // 3.8855
		{54, MmolL, "3.0 mmol/L"},   // 2.9974
		{250, MmolL, "13.9 mmol/L"}, // 13.8769
		{110, Unit(""), "6.1 mmol/L"},
	}
	for _, tt := range tests {
		if got := Format(tt.mgdl, tt.unit); got != tt.want {
			t.Errorf("Format(%v, %q) = %q, want %q", tt.mgdl, tt.unit, got, tt.want)
		}
	}
	if got := FormatValue(110, MmolL); got != "6.1" {
		t.Errorf("FormatValue = %q, want 6.1", got)
	}
	// What a mmol/L user types is what they see again after storing mg/dL.
	for tenths := 12; tenths <= 333; tenths++ {
		typed := float64(tenths) / 10
		want := strings.TrimSuffix(Format(ToMgdl(typed, MmolL), MmolL), " mmol/L")
		if got := FormatValue(ToMgdl(typed, MmolL), MmolL); got != want || math.Abs(RoundForDisplay(FromMgdl(ToMgdl(typed, MmolL), MmolL), MmolL)-typed) > 1e-9 {
			t.Fatalf("%.1f mmol/L shows as %s after a round trip", typed, got)
		}
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in   string
		want Unit
		ok   bool
	}{
		{"mmol/L", MmolL, true},
		{" mmol/l ", MmolL, true},
		{"MMOL", MmolL, true},
		{"mg/dL", MgdL, true},
		{"mg / dl", MgdL, true},
		{"mgdl", MgdL, true},
		{"", "", false},
		{"g/L", "", false},
	}
	for _, tt := range tests {
		got, err := ParseUnit(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseUnit(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if !MmolL.Valid() || !MgdL.Valid() || Unit("mmol").Valid() {
		t.Error("Valid must accept exactly the two units")
	}
}

func TestEntryLimits(t *testing.T) {
	lo, hi := EntryLimits(MmolL)
	if lo != 1.2 || hi != 33.3 {
		t.Fatalf("mmol/L limits = %v–%v, want 1.2–33.3", lo, hi)
	}
	// Rounded inwards: both shown limits are inside 20–600 mg/dL.
	if ToMgdl(lo, MmolL) < EntryMinMgdl || ToMgdl(hi, MmolL) > EntryMaxMgdl {
		t.Errorf("mmol/L limits %v–%v fall outside 20–600 mg/dL", lo, hi)
	}
	if lo, hi := EntryLimits(MgdL); lo != 20 || hi != 600 {
		t.Errorf("mg/dL limits = %v–%v, want 20–600", lo, hi)
	}
}

func TestCheckEntry(t *testing.T) {
	tests := []struct {
		value   float64
		unit    Unit
		ok      bool
		mgdl    float64
		message string // substring of the problem
	}{
		{6.1, MmolL, true, 109.895, ""},
		{1.2, MmolL, true, 21.619, ""},
		{33.3, MmolL, true, 599.919, ""},
		{1.1, MmolL, false, 0, "between 1.2 and 33.3 mmol/L"},
		{33.4, MmolL, false, 0, "between 1.2 and 33.3 mmol/L"},
		{110, MmolL, false, 0, "looks like mg/dL"},
		{0, MmolL, false, 0, "LO or HI"},
		{20, MgdL, true, 20, ""},
		{600, MgdL, true, 600, ""},
		{19.9, MgdL, false, 0, "between 20 and 600 mg/dL"},
		{601, MgdL, false, 0, "between 20 and 600 mg/dL"},
		{6.1, MgdL, false, 0, "looks like mmol/L"},
		{math.NaN(), MgdL, false, 0, "as a number"},
	}
	for _, tt := range tests {
		mgdl, problem := CheckEntry(tt.value, tt.unit)
		if (problem == "") != tt.ok || !strings.Contains(problem, tt.message) {
			t.Errorf("CheckEntry(%v, %s) problem = %q, want ok=%v containing %q", tt.value, tt.unit, problem, tt.ok, tt.message)
		}
		if tt.ok {
			near(t, "CheckEntry mg/dL", mgdl, tt.mgdl, 1e-3)
		}
	}
}

func TestParseEntry(t *testing.T) {
	if mgdl, p := ParseEntry(" 6,1 ", MmolL); p != "" || math.Abs(mgdl-109.895) > 1e-3 {
		t.Errorf("ParseEntry(6,1) = %v, %q", mgdl, p)
	}
	if _, p := ParseEntry("", MmolL); !strings.Contains(p, "enter your glucose") {
		t.Errorf("empty entry problem = %q", p)
	}
	if _, p := ParseEntry("six", MgdL); !strings.Contains(p, "for example 110") {
		t.Errorf("non-number problem = %q", p)
	}
	if _, p := ParseEntry("700", MgdL); !strings.Contains(p, "between 20 and 600 mg/dL") {
		t.Errorf("out of range problem = %q", p)
	}
}
