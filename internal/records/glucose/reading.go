package glucose

import (
	"time"

	"github.com/zoe-nutritech/zoe/internal/i18n"
)

// Context says when a reading was taken relative to meals and sleep.
type Context string

const (
	Fasting    Context = "fasting"
	BeforeMeal Context = "before_meal"
	AfterMeal  Context = "after_meal"
	Bedtime    Context = "bedtime"
	Random     Context = "random"
)

// Contexts lists every context in the order a form offers them.
var Contexts = []Context{Fasting, BeforeMeal, AfterMeal, Bedtime, Random}

// ParseContext returns the context named s, or false.
func ParseContext(s string) (Context, bool) {
	for _, c := range Contexts {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

// Label is the plain-English name of the context for forms and tables.
func (c Context) Label() string {
	switch c {
	case Fasting:
		return "Fasting (on waking)"
	case BeforeMeal:
		return "Before a meal"
	case AfterMeal:
		return "After a meal"
	case Bedtime:
		return "Bedtime"
	}
	return "Any other time"
}

// Reading is one finger-stick glucose measurement, stored in mg/dL.
type Reading struct {
	At      time.Time
	Mgdl    float64
	Context Context
}

// Band is one of the five glucose ranges of the International Consensus on Time in
// Range (Battelino et al., Diabetes Care 2019;42:1593).
type Band int

const (
	VeryLow  Band = iota // < 54 mg/dL (< 3.0 mmol/L), level 2 hypoglycaemia
	Low                  // 54–69 mg/dL (3.0–3.8 mmol/L), level 1 hypoglycaemia
	InRange              // 70–180 mg/dL (3.9–10.0 mmol/L)
	High                 // 181–250 mg/dL (10.1–13.9 mmol/L), level 1 hyperglycaemia
	VeryHigh             // > 250 mg/dL (> 13.9 mmol/L), level 2 hyperglycaemia
)

// Band limits in mg/dL (Battelino 2019, table 1; docs/CLINICAL.md, Glucose ranges).
const (
	VeryLowBelowMgdl  = 54  // very low: < 54
	LowBelowMgdl      = 70  // low: < 70 (54–69); in range starts here
	HighAboveMgdl     = 180 // high: > 180 (181–250); in range ends here
	VeryHighAboveMgdl = 250 // very high: > 250
)

// The limits Classify compares unrounded values with, in mg/dL.
//
// The consensus prints its bands twice, in whole mg/dL (54–69, 70–180, 181–250) and in
// tenths of mmol/L (3.0–3.8, 3.9–10.0, 10.1–13.9), and the two columns do not meet
// exactly: 10.0 mmol/L is 180.16 mg/dL and 13.9 mmol/L is 250.42 mg/dL. The lower
// limits are the mg/dL ones (3.0 and 3.9 mmol/L, 54.05 and 70.26 mg/dL, are above
// them); the upper limits are the mmol/L ones converted, so that a reading typed as
// 10.0 mmol/L is in range and 13.9 mmol/L is high, as the mmol/L table says, while
// every whole mg/dL value lands where the mg/dL table puts it (180 in range, 181 high,
// 250 high, 251 very high). Values are never rounded first: 69.5 mg/dL is low and
// 180.4 mg/dL is high (rounding is for display only, docs/CLINICAL.md, Units).
const (
	VeryLowLimitMgdl  = float64(VeryLowBelowMgdl) // below this: very low
	LowLimitMgdl      = float64(LowBelowMgdl)     // below this: low
	HighLimitMgdl     = 10.0 * MgdlPerMmolL       // above this (180.16): high
	VeryHighLimitMgdl = 13.9 * MgdlPerMmolL       // above this (250.42): very high
)

// Classify puts a reading, in unrounded mg/dL, into its consensus band.
func Classify(mgdl float64) Band {
	switch {
	case mgdl < VeryLowLimitMgdl:
		return VeryLow
	case mgdl < LowLimitMgdl:
		return Low
	case mgdl <= HighLimitMgdl:
		return InRange
	case mgdl <= VeryHighLimitMgdl:
		return High
	}
	return VeryHigh
}

// Bands lists the five bands from lowest to highest.
var Bands = []Band{VeryLow, Low, InRange, High, VeryHigh}

// String is the band's stable code.
func (b Band) String() string {
	switch b {
	case VeryLow:
		return "very_low"
	case Low:
		return "low"
	case InRange:
		return "in_range"
	case High:
		return "high"
	case VeryHigh:
		return "very_high"
	}
	return "unknown"
}

// bandLimitText holds the band limits as the consensus table prints them, in each
// unit (Battelino 2019, table 1). The mmol/L column is not a rounding of the mg/dL
// one (181 mg/dL rounds to 10.0 mmol/L, the table says 10.1), so it is spelled out.
var bandLimitText = map[Unit][6]string{
	MgdL:  {"54", "69", "70", "180", "181", "250"},
	MmolL: {"3.0", "3.8", "3.9", "10.0", "10.1", "13.9"},
}

// Label names the band with its limits in unit u, e.g. "In range (3.9–10.0 mmol/L)".
func (b Band) Label(u Unit) string { return b.LabelIn(i18n.For(i18n.English), u) }

// LabelIn is Label in the localizer's language (catalogue keys glucose.band.*).
func (b Band) LabelIn(l *i18n.Localizer, u Unit) string {
	if !u.Valid() {
		u = DefaultUnit
	}
	t, unit := bandLimitText[u], " "+string(u)
	switch b {
	case VeryLow:
		return l.T("glucose.band.verylow", "Limit", t[0]+unit)
	case Low:
		return l.T("glucose.band.low", "Range", t[0]+"–"+t[1]+unit)
	case InRange:
		return l.T("glucose.band.inrange", "Range", t[2]+"–"+t[3]+unit)
	case High:
		return l.T("glucose.band.high", "Range", t[4]+"–"+t[5]+unit)
	case VeryHigh:
		return l.T("glucose.band.veryhigh", "Limit", t[5]+unit)
	}
	return l.T("glucose.band.unknown")
}

// rangeText is the target range in unit u: "3.9–10.0 mmol/L" or "70–180 mg/dL".
func rangeText(u Unit) string {
	if !u.Valid() {
		u = DefaultUnit
	}
	t := bandLimitText[u]
	return t[2] + "–" + t[3] + " " + string(u)
}

// thresholdText is a band limit as the table prints it: index 0 (54), 2 (70),
// 3 (180) or 5 (250).
func thresholdText(i int, u Unit) string {
	if !u.Valid() {
		u = DefaultUnit
	}
	return bandLimitText[u][i] + " " + string(u)
}
