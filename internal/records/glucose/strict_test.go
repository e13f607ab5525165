package glucose

import "testing"

// TestParseEntryOnlyPlainDecimals: Go's ParseFloat reads "0x1p3" as 8 and "1_0" as 10; a
// glucose reading is only ever a plain decimal (a comma as the decimal mark is fine).
func TestParseEntryOnlyPlainDecimals(t *testing.T) {
	for _, s := range []string{"0x1p3", "1_0", "Inf", "NaN", "1e1", "+Inf", "0x8"} {
		if v, problem := ParseEntry(s, MmolL); problem == "" {
			t.Errorf("ParseEntry(%q) accepted as %v mg/dL", s, v)
		}
	}
	if v, problem := ParseEntry("6,1", MmolL); problem != "" || v < 109 || v > 111 {
		t.Errorf("ParseEntry(6,1) = %v, %q", v, problem)
	}
}
