package glucose

import "testing"

func TestClassifyBoundaries(t *testing.T) {
	// Battelino 2019: < 54, 54–69, 70–180, 181–250, > 250 mg/dL, classified on the
	// unrounded value: 69.5 is low and 180.4 is high (issue 15.6).
	tests := []struct {
		mgdl float64
		want Band
	}{
		{20, VeryLow}, {53, VeryLow}, {53.49, VeryLow}, {53.99, VeryLow},
		{54, Low}, {69, Low}, {69.49, Low}, {69.5, Low}, {69.99, Low},
		{70, InRange}, {120, InRange}, {180, InRange}, {180.15, InRange},
		{180.4, High}, {180.5, High}, {181, High}, {250, High}, {250.4, High},
		{250.5, VeryHigh}, {251, VeryHigh}, {600, VeryHigh},
	}
	for _, tt := range tests {
		if got := Classify(tt.mgdl); got != tt.want {
			t.Errorf("Classify(%v) = %s, want %s", tt.mgdl, got, tt.want)
		}
	}
}

func TestClassifyMmolLMatchesPublishedTable(t *testing.T) {
	// Every one-decimal mmol/L entry must land in the band the consensus table prints
	// in mmol/L: < 3.0, 3.0–3.8, 3.9–10.0, 10.1–13.9, > 13.9. Comparing raw mg/dL
	// values would put 10.0 (180.16) in High and 13.9 (250.42) in Very high.
	for tenths := 12; tenths <= 333; tenths++ {
		var want Band
		switch {
		case tenths < 30:
			want = VeryLow
		case tenths <= 38:
			want = Low
		case tenths <= 100:
			want = InRange
		case tenths <= 139:
			want = High
		default:
			want = VeryHigh
		}
		mmol := float64(tenths) / 10
		if got := Classify(ToMgdl(mmol, MmolL)); got != want {
			t.Errorf("%.1f mmol/L classified %s, want %s", mmol, got, want)
		}
	}
}

func TestBandLabels(t *testing.T) {
	tests := []struct {
		b    Band
		u    Unit
		want string
	}{
		{VeryLow, MmolL, "Very low (below 3.0 mmol/L)"},
		{Low, MmolL, "Low (3.0–3.8 mmol/L)"},
		{InRange, MmolL, "In range (3.9–10.0 mmol/L)"},
		{High, MmolL, "High (10.1–13.9 mmol/L)"},
		{VeryHigh, MmolL, "Very high (above 13.9 mmol/L)"},
		{Low, MgdL, "Low (54–69 mg/dL)"},
		{High, MgdL, "High (181–250 mg/dL)"},
		{InRange, "", "In range (3.9–10.0 mmol/L)"},
	}
	for _, tt := range tests {
		if got := tt.b.Label(tt.u); got != tt.want {
			t.Errorf("%s.Label(%s) = %q, want %q", tt.b, tt.u, got, tt.want)
		}
	}
}

func TestContexts(t *testing.T) {
	for _, c := range Contexts {
		got, ok := ParseContext(string(c))
		if !ok || got != c || c.Label() == "" {
			t.Errorf("ParseContext(%q) = %q, %v", c, got, ok)
		}
	}
	if _, ok := ParseContext("lunch"); ok {
		t.Error("ParseContext must reject unknown contexts")
	}
}
