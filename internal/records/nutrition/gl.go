package nutrition

import "math"

// Level is a low / medium / high rating.
type Level string

const (
	LevelLow     Level = "low"
	LevelMedium  Level = "medium"
	LevelHigh    Level = "high"
	LevelUnknown Level = "unknown"
)

// GlycaemicLoad of a portion: GI × available carbohydrate (g) ÷ 100 (docs/CLINICAL.md,
// Food; Atkinson et al., International Tables of Glycemic Index, Diabetes Care 2008).
func GlycaemicLoad(gi, availableCarbG float64) float64 { return gi * availableCarbG / 100 }

// GIBand rates a glycaemic index (glucose = 100): low ≤ 55, medium 56–69, high ≥ 70
// (Atkinson 2008/2021). The index is compared at whole-number resolution, as published.
func GIBand(gi float64) Level { return wholeBand(gi, 55, 69) }

// GLBand rates the glycaemic load of a portion or a meal: low ≤ 10, medium 11–19,
// high ≥ 20 (docs/CLINICAL.md). The bands are stated in whole numbers, so the load is
// rounded first (10.4 is low, 10.5 medium).
func GLBand(gl float64) Level { return wholeBand(gl, 10, 19) }

// DayGLBand rates a day's total glycaemic load: low < 80, medium 80–120, high > 120
// (docs/CLINICAL.md), compared after rounding to a whole number.
func DayGLBand(gl float64) Level { return wholeBand(gl, 79, 120) }

// wholeBand rounds v to a whole number, as the published bands are stated, and rates it:
// low up to lowMax, medium up to mediumMax, high above.
func wholeBand(v, lowMax, mediumMax float64) Level {
	switch v = math.Round(v); {
	case v <= lowMax:
		return LevelLow
	case v <= mediumMax:
		return LevelMedium
	}
	return LevelHigh
}

// Load is a glycaemic load summed over items, with how many items it covers: foods
// without a published GI have no load and are counted apart, never as zero.
type Load struct {
	Value   float64
	Items   int // items with a known GI
	Unknown int // items without a GI
}

// Known reports whether at least one item has a load.
func (l Load) Known() bool { return l.Items > 0 }

// Complete reports whether every item had a GI.
func (l Load) Complete() bool { return l.Unknown == 0 }

func (l *Load) add(gl *float64) {
	if gl == nil {
		l.Unknown++
		return
	}
	l.Value += *gl
	l.Items++
}
