package glucose

import (
	"math"
	"strings"
	"testing"
)

func TestHbA1cConversion(t *testing.T) {
	// IFCC = (NGSP − 2.15) × 10.929 (docs/CLINICAL.md). Whole mmol/mol as labs print them:
	// 6.5 % = 48, 7.0 % = 53, 8.0 % = 64, 10.0 % = 86 mmol/mol.
	tests := []struct{ percent, mmolPerMol float64 }{
		{5.7, 39}, {6.5, 48}, {7.0, 53}, {8.0, 64}, {10.0, 86},
	}
	for _, tt := range tests {
		if got := math.Round(NGSPToIFCC(tt.percent)); got != tt.mmolPerMol {
			t.Errorf("NGSPToIFCC(%v) rounds to %v, want %v", tt.percent, got, tt.mmolPerMol)
		}
		if got := math.Round(IFCCToNGSP(tt.mmolPerMol)*10) / 10; got != tt.percent {
			t.Errorf("IFCCToNGSP(%v) rounds to %v, want %v", tt.mmolPerMol, got, tt.percent)
		}
	}
	near(t, "NGSPToIFCC(7)", NGSPToIFCC(7), 4.85*10.929, 1e-9) // 53.00565
	near(t, "round trip", IFCCToNGSP(NGSPToIFCC(7.3)), 7.3, 1e-12)
	if got := FormatHbA1c(7); got != "7.0 % (53 mmol/mol)" {
		t.Errorf("FormatHbA1c(7) = %q", got)
	}
}

func TestEstimatedAverageGlucose(t *testing.T) {
	// ADAG (Nathan 2008), table 1: HbA1c → eAG in mg/dL.
	table := []struct{ percent, mgdl float64 }{
		{6, 126}, {7, 154}, {8, 183}, {9, 212}, {10, 240}, {11, 269}, {12, 298},
	}
	for _, tt := range table {
		if got := RoundForDisplay(EstimatedAverageGlucose(tt.percent), MgdL); got != tt.mgdl {
			t.Errorf("eAG(%v %%) = %v mg/dL, want %v", tt.percent, got, tt.mgdl)
		}
	}
	// Worked: 28.7 × 7 − 46.7 = 154.2 mg/dL = 8.6 mmol/L.
	near(t, "eAG(7)", EstimatedAverageGlucose(7), 154.2, 1e-9)
	if got := Format(EstimatedAverageGlucose(6), MgdL); got != "126 mg/dL" { // 125.5 on paper
		t.Errorf("eAG(6) = %q, want 126 mg/dL as ADAG prints it", got)
	}
	if got := Format(EstimatedAverageGlucose(7), MmolL); got != "8.6 mmol/L" {
		t.Errorf("eAG(7) in mmol/L = %q, want 8.6 mmol/L", got)
	}
}

func TestGMI(t *testing.T) {
	// Bergenstal 2018, table 1: mean glucose → GMI (%) and GMI (mmol/mol).
	table := []struct{ mean, percent, mmolPerMol float64 }{
		{100, 5.7, 39}, {125, 6.3, 45}, {150, 6.9, 52}, {175, 7.5, 58},
		{200, 8.1, 65}, {250, 9.3, 78}, {300, 10.5, 91}, {350, 11.7, 104},
	}
	for _, tt := range table {
		if got := math.Round(GMIPercent(tt.mean)*10) / 10; got != tt.percent {
			t.Errorf("GMI(%v mg/dL) = %v %%, want %v", tt.mean, got, tt.percent)
		}
		if got := math.Round(GMIMmolPerMol(tt.mean)); got != tt.mmolPerMol {
			t.Errorf("GMI(%v mg/dL) = %v mmol/mol, want %v", tt.mean, got, tt.mmolPerMol)
		}
	}
	// Worked: 3.31 + 0.02392 × 150 = 6.898 %; the two published forms agree to
	// within 0.1 mmol/mol through the IFCC conversion.
	near(t, "GMI(150)", GMIPercent(150), 6.898, 1e-9)
	for mean := 80.0; mean <= 350; mean += 10 {
		near(t, "GMI forms agree", GMIMmolPerMol(mean), NGSPToIFCC(GMIPercent(mean)), 0.1)
	}
}

func TestCheckHbA1c(t *testing.T) {
	if lo, hi := HbA1cLimits(IFCC); lo != 10 || hi != 195 {
		t.Errorf("IFCC limits = %v–%v, want 10–195", lo, hi) // (3−2.15)×10.929 = 9.3; (20−2.15)×10.929 = 195.1
	}
	tests := []struct {
		value   float64
		unit    HbA1cUnit
		percent float64
		problem string
	}{
		{7, NGSP, 7, ""},
		{3, NGSP, 3, ""},
		{20, NGSP, 20, ""},
		{2.9, NGSP, 0, "between 3 and 20 %"},
		{154, NGSP, 0, "between 3 and 20 %"}, // a glucose value in the wrong field
		{53, IFCC, 6.99949, ""},
		{9, IFCC, 0, "between 10 and 195 mmol/mol"},
		{math.NaN(), NGSP, 0, "between"},
	}
	for _, tt := range tests {
		got, problem := CheckHbA1c(tt.value, tt.unit)
		if (problem == "") != (tt.problem == "") || !strings.Contains(problem, tt.problem) {
			t.Errorf("CheckHbA1c(%v, %s) problem = %q, want %q", tt.value, tt.unit, problem, tt.problem)
		}
		if tt.problem == "" {
			near(t, "CheckHbA1c", got, tt.percent, 1e-4)
		}
	}
	if u, ok := ParseHbA1cUnit("mmol/mol"); !ok || u != IFCC {
		t.Error("ParseHbA1cUnit(mmol/mol)")
	}
	if _, ok := ParseHbA1cUnit("mg/dL"); ok {
		t.Error("ParseHbA1cUnit must reject glucose units")
	}
}

func TestClassifyHbA1cAndFasting(t *testing.T) {
	// ADA: HbA1c diabetes ≥ 6.5 %, prediabetes 5.7–6.4 %.
	a1c := []struct {
		percent float64
		want    HbA1cCategory
	}{
		{5.6, HbA1cNormal}, {5.64, HbA1cNormal}, {5.65, HbA1cNormal}, {5.7, HbA1cPrediabetes},
		{6.4, HbA1cPrediabetes}, {6.45, HbA1cPrediabetes}, {6.5, HbA1cDiabetes}, {9, HbA1cDiabetes},
		// The ADA's IFCC cut-offs land where they should: 39 and 48 mmol/mol.
		{IFCCToNGSP(38), HbA1cNormal}, {IFCCToNGSP(39), HbA1cPrediabetes}, {IFCCToNGSP(47), HbA1cPrediabetes}, {IFCCToNGSP(48), HbA1cDiabetes},
	}
	for _, tt := range a1c {
		if got := ClassifyHbA1c(tt.percent); got != tt.want {
			t.Errorf("ClassifyHbA1c(%v) = %s, want %s", tt.percent, got, tt.want)
		}
	}
	// ADA fasting plasma glucose: normal < 100, prediabetes 100–125, diabetes ≥ 126
	// mg/dL; in mmol/L, 5.6 is prediabetes and 7.0 is diabetes.
	fasting := []struct {
		mgdl float64
		want FastingCategory
	}{
		// Unrounded: 99.5 is normal and 125.5 prediabetes (they show as 100 and 126).
		{99, FastingNormal}, {99.5, FastingNormal}, {99.99, FastingNormal}, {100, FastingPrediabetes},
		{125, FastingPrediabetes}, {125.5, FastingPrediabetes}, {126, FastingDiabetes},
		{ToMgdl(5.5, MmolL), FastingNormal}, {ToMgdl(5.6, MmolL), FastingPrediabetes},
		{ToMgdl(6.9, MmolL), FastingPrediabetes}, {ToMgdl(7.0, MmolL), FastingDiabetes},
	}
	for _, tt := range fasting {
		if got := ClassifyFasting(tt.mgdl); got != tt.want {
			t.Errorf("ClassifyFasting(%v) = %s, want %s", tt.mgdl, got, tt.want)
		}
	}
}
