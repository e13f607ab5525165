package glucose

import (
	"math"
	"strconv"
	"strings"
)

// HbA1cUnit is the unit an HbA1c result is reported in.
type HbA1cUnit string

const (
	// NGSP is the DCCT-aligned percentage most Ugandan labs report.
	NGSP HbA1cUnit = "%"
	// IFCC is millimoles of HbA1c per mole of haemoglobin.
	IFCC HbA1cUnit = "mmol/mol"
)

// HbA1c conversion between the NGSP and IFCC scales (docs/CLINICAL.md, Units):
// IFCC mmol/mol = (NGSP % − 2.15) × 10.929.
const (
	hba1cIntercept = 2.15
	hba1cSlope     = 10.929
)

// NGSPToIFCC converts HbA1c in % to mmol/mol.
func NGSPToIFCC(percent float64) float64 { return (percent - hba1cIntercept) * hba1cSlope }

// IFCCToNGSP converts HbA1c in mmol/mol to %.
func IFCCToNGSP(mmolPerMol float64) float64 { return mmolPerMol/hba1cSlope + hba1cIntercept }

// FormatHbA1c renders an HbA1c stored in % as "7.0 % (53 mmol/mol)": labs report the
// percentage to one decimal and mmol/mol as a whole number.
func FormatHbA1c(percent float64) string {
	return strconv.FormatFloat(roundHalfAway(percent*10)/10, 'f', 1, 64) + " % (" +
		strconv.FormatFloat(roundHalfAway(NGSPToIFCC(percent)), 'f', 0, 64) + " mmol/mol)"
}

// EstimatedAverageGlucose returns the ADAG estimated average glucose in mg/dL for an
// HbA1c in % (Nathan et al., Diabetes Care 2008;31:1473): eAG = 28.7 × A1c − 46.7.
// It is an estimate from a lab HbA1c; do not confuse it with GMI, which goes the
// other way (from measured glucose to an HbA1c-like number).
func EstimatedAverageGlucose(percent float64) float64 { return 28.7*percent - 46.7 }

// GMIPercent returns the Glucose Management Indicator in % for a mean glucose in mg/dL
// (Bergenstal et al., Diabetes Care 2018;41:2275): GMI = 3.31 + 0.02392 × mean.
func GMIPercent(meanMgdl float64) float64 { return 3.31 + 0.02392*meanMgdl }

// GMIMmolPerMol returns GMI in mmol/mol for a mean glucose in mg/dL, using the
// published mmol/L form (Bergenstal 2018): GMI = 12.71 + 4.70587 × mean (mmol/L).
func GMIMmolPerMol(meanMgdl float64) float64 {
	return 12.71 + 4.70587*FromMgdl(meanMgdl, MmolL)
}

// Accepted HbA1c entries, in %: wider than anything a living person shows, narrow
// enough to catch a glucose value typed into the HbA1c field.
const (
	HbA1cMinPercent = 3.0
	HbA1cMaxPercent = 20.0
)

// HbA1cLimits returns the accepted range in unit u as shown to the user; mmol/mol
// limits are rounded inwards to whole numbers (10–195 mmol/mol).
func HbA1cLimits(u HbA1cUnit) (lo, hi float64) {
	if u == IFCC {
		return math.Ceil(NGSPToIFCC(HbA1cMinPercent)), math.Floor(NGSPToIFCC(HbA1cMaxPercent))
	}
	return HbA1cMinPercent, HbA1cMaxPercent
}

// ParseHbA1cUnit reads "%", "percent", "ngsp", "mmol/mol" or "ifcc".
func ParseHbA1cUnit(s string) (HbA1cUnit, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "%", "percent", "ngsp", "dcct":
		return NGSP, true
	case "mmol/mol", "mmolmol", "ifcc":
		return IFCC, true
	}
	return "", false
}

// CheckHbA1c validates an HbA1c entered in unit u and returns it in % (the stored
// form), or a plain-language problem.
func CheckHbA1c(value float64, u HbA1cUnit) (percent float64, problem string) {
	if u != IFCC {
		u = NGSP
	}
	lo, hi := HbA1cLimits(u)
	if math.IsNaN(value) || math.IsInf(value, 0) || value < lo || value > hi {
		unit := " %"
		if u == IFCC {
			unit = " mmol/mol"
		}
		return 0, "Please enter an HbA1c between " + strconv.FormatFloat(lo, 'f', -1, 64) +
			" and " + strconv.FormatFloat(hi, 'f', -1, 64) + unit + ", as written on your lab result."
	}
	if u == IFCC {
		return IFCCToNGSP(value), ""
	}
	return value, ""
}

// HbA1cCategory is the ADA diagnostic category of an HbA1c.
type HbA1cCategory string

const (
	HbA1cNormal      HbA1cCategory = "normal"
	HbA1cPrediabetes HbA1cCategory = "prediabetes"
	HbA1cDiabetes    HbA1cCategory = "diabetes"
)

// ClassifyHbA1c applies the ADA Standards of Care cut-offs (docs/CLINICAL.md): diabetes
// ≥ 6.5 % (48 mmol/mol), prediabetes 5.7–6.4 % (39–47 mmol/mol), on the unrounded value:
// 6.45 % is prediabetes; 48 mmol/mol (6.54 %) is diabetes and 47 (6.45 %) is not, as
// the ADA's IFCC cut-offs say. Rounding is for display only.
func ClassifyHbA1c(percent float64) HbA1cCategory {
	p := percent
	switch {
	case p >= 6.5:
		return HbA1cDiabetes
	case p >= 5.7:
		return HbA1cPrediabetes
	}
	return HbA1cNormal
}

// HbA1cTargetPercent is the ADA target for many adults (< 7 %).
const HbA1cTargetPercent = 7.0

// FastingCategory is the ADA category of a fasting plasma glucose.
type FastingCategory string

const (
	FastingNormal      FastingCategory = "normal"
	FastingPrediabetes FastingCategory = "prediabetes"
	FastingDiabetes    FastingCategory = "diabetes"
)

// ClassifyFasting applies the ADA fasting cut-offs (docs/CLINICAL.md): normal < 100
// mg/dL, prediabetes 100–125, diabetes ≥ 126, on the unrounded value like the bands
// (125.5 mg/dL is prediabetes; 7.0 mmol/L, 126.1 mg/dL, is diabetes; 5.6 mmol/L, 100.9
// mg/dL, prediabetes, as the ADA's mmol/L cut-offs say).
func ClassifyFasting(mgdl float64) FastingCategory {
	v := mgdl
	switch {
	case v >= 126:
		return FastingDiabetes
	case v >= 100:
		return FastingPrediabetes
	}
	return FastingNormal
}
