package tracking

import "testing"

func TestParseNumberOnlyPlainDecimals(t *testing.T) {
	for _, s := range []string{"0x1p3", "1_0", "Inf", "NaN", "1e1", "  -Inf"} {
		e := Errors{}
		if v := ParseNumber(e, "w", s, -1e9, 1e9, "the weight", "kg", true); v != nil || e["w"] == "" {
			t.Errorf("ParseNumber(%q) = %v, errors %v", s, v, e)
		}
	}
	e := Errors{}
	if v := ParseNumber(e, "w", "72,5", 20, 350, "the weight", "kg", true); v == nil || *v != 72.5 {
		t.Errorf("ParseNumber(72,5) = %v %v", v, e)
	}
}
