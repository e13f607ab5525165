package glucose

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// Flag is one reason to look at a patient first on a dietitian's roster. Other
// packages (weight change, food budget) raise their own flags with the same type.
type Flag struct {
	Code     string // stable identifier, e.g. "very_low"
	Label    string // short words for a roster chip
	Detail   string // the numbers behind the flag, in the clinician's unit
	Severity int    // SeverityInfo, SeverityWarning or SeverityUrgent
}

// Flag severities, highest first on a roster.
const (
	SeverityInfo    = 1
	SeverityWarning = 2
	SeverityUrgent  = 3
)

// Flag codes raised by this package.
const (
	FlagVeryLow      = "very_low"
	FlagLow          = "low"
	FlagVeryHigh     = "very_high"
	FlagHigh         = "high"
	FlagInRangeLow   = "in_range_low"
	FlagInRangeDrop  = "in_range_drop"
	FlagLittleData   = "little_data"
	FlagNoRecentData = "no_recent_data"
	FlagHbA1cRising  = "hba1c_rising"
)

// TriageOptions tunes the rules to a patient.
type TriageOptions struct {
	// Unit the clinician reads glucose in; the default is mmol/L.
	Unit Unit
	// OlderOrHighRisk applies the consensus targets for older or high-risk people
	// (Battelino 2019): in range > 50 %, below 70 mg/dL < 1 %, above 250 mg/dL < 10 %.
	OlderOrHighRisk bool
}

// Triage thresholds, in % of readings, from the consensus targets (Battelino 2019)
// as Tidepool's clinic dashboard applies them (docs/CLINICAL.md, Triage). A target of
// "< x %" is flagged at ≥ x %; a target of "> x %" is flagged below x %.
const (
	TriageVeryLowPercent      = 1  // < 54 mg/dL
	TriageLowPercent          = 4  // < 70 mg/dL
	TriageVeryHighPercent     = 5  // > 250 mg/dL
	TriageHighPercent         = 25 // > 180 mg/dL
	TriageInRangePercent      = 70 // 70–180 mg/dL
	TriageInRangeDropPoints   = 15 // fall from the previous period
	OlderLowPercent           = 1  // < 70 mg/dL, older or high-risk
	OlderVeryHighPercent      = 10 // > 250 mg/dL, older or high-risk
	OlderInRangePercent       = 50 // 70–180 mg/dL, older or high-risk
	EnoughDataReadingsPerDay  = 1  // "too little data": fewer readings than days...
	EnoughDataDaysWithDataPct = 50 // ...or readings on fewer than half the days
)

// EnoughData reports whether a period has enough readings for the percentage rules
// to mean something: on average at least one reading a day and readings on at least
// half of the days. For 14 days: at least 14 readings on at least 7 days.
func EnoughData(s Stats) bool {
	return s.N > 0 && s.N >= EnoughDataReadingsPerDay*s.PeriodDays &&
		s.DaysWithData*100 >= EnoughDataDaysWithDataPct*s.PeriodDays
}

// Triage applies the fixed roster rules to a period's statistics and, for the
// in-range drop, the period before it. Each flag's Detail carries the numbers it
// rests on. Flags come most severe first. A period with no readings gets only the
// "too little data" flag; with too little data the other rules still run (a single
// very low reading matters) but the drop rule needs enough data in both periods.
func Triage(current, previous Stats, opts TriageOptions) []Flag {
	u := opts.Unit
	if !u.Valid() {
		u = DefaultUnit
	}
	var flags []Flag
	if !EnoughData(current) {
		flags = append(flags, Flag{
			Code: FlagLittleData, Label: "Too little data", Severity: SeverityInfo,
			Detail: readingsText(current.N) + " on " + strconv.Itoa(current.DaysWithData) + " of " +
				strconv.Itoa(current.PeriodDays) + " days (needs at least " +
				strconv.Itoa(EnoughDataReadingsPerDay*current.PeriodDays) + " readings on " +
				strconv.Itoa(ceilDiv(EnoughDataDaysWithDataPct*current.PeriodDays, 100)) + " days)",
		})
	}
	if current.N == 0 {
		return flags
	}

	share := func(code, label string, sev int, s Share, where string, limit int) {
		flags = append(flags, Flag{Code: code, Label: label, Severity: sev,
			Detail: percentText(s) + " of " + readingsText(s.N) + " " + where +
				" (target under " + strconv.Itoa(limit) + " %)"})
	}

	if current.VeryLow.AtLeast(TriageVeryLowPercent) {
		share(FlagVeryLow, "Very low readings", SeverityUrgent, current.VeryLow,
			"below "+thresholdText(0, u), TriageVeryLowPercent)
	}
	lowLimit, veryHighLimit, inRangeLimit := TriageLowPercent, TriageVeryHighPercent, TriageInRangePercent
	if opts.OlderOrHighRisk {
		lowLimit, veryHighLimit, inRangeLimit = OlderLowPercent, OlderVeryHighPercent, OlderInRangePercent
	}
	if current.BelowRange.AtLeast(lowLimit) {
		share(FlagLow, "Low readings", SeverityWarning, current.BelowRange,
			"below "+thresholdText(2, u), lowLimit)
	}
	if current.VeryHigh.AtLeast(veryHighLimit) {
		share(FlagVeryHigh, "Very high readings", SeverityWarning, current.VeryHigh,
			"above "+thresholdText(5, u), veryHighLimit)
	}
	// The consensus sets no above-180 target for older or high-risk people.
	if !opts.OlderOrHighRisk && current.AboveRange.AtLeast(TriageHighPercent) {
		share(FlagHigh, "High readings", SeverityInfo, current.AboveRange,
			"above "+thresholdText(3, u), TriageHighPercent)
	}
	if current.InRange.Below(inRangeLimit) {
		flags = append(flags, Flag{Code: FlagInRangeLow, Label: "Few readings in range",
			Severity: SeverityInfo,
			Detail: percentText(current.InRange) + " of " + readingsText(current.N) + " in " +
				rangeText(u) + " (target over " + strconv.Itoa(inRangeLimit) + " %)"})
	}
	if EnoughData(current) && EnoughData(previous) && inRangeDropped(previous.InRange, current.InRange) {
		flags = append(flags, Flag{Code: FlagInRangeDrop, Label: "In range fell", Severity: SeverityWarning,
			Detail: "Readings in range fell from " + percentText(previous.InRange) + " of " +
				readingsText(previous.N) + " to " + percentText(current.InRange) + " of " +
				readingsText(current.N) + ", " + pointsText(previous.InRange.Percent()-current.InRange.Percent()) +
				" points (flagged at " + strconv.Itoa(TriageInRangeDropPoints) + ")"})
	}
	SortFlags(flags)
	return flags
}

// inRangeDropped compares prev% − cur% ≥ 15 points exactly, in integers:
// 100·(prev.Count·cur.N − cur.Count·prev.N) ≥ 15·prev.N·cur.N.
func inRangeDropped(prev, cur Share) bool {
	if prev.N == 0 || cur.N == 0 {
		return false
	}
	return 100*(prev.Count*cur.N-cur.Count*prev.N) >= TriageInRangeDropPoints*prev.N*cur.N
}

// SortFlags orders flags most severe first, keeping the rule order among equals.
func SortFlags(flags []Flag) {
	slices.SortStableFunc(flags, func(a, b Flag) int { return b.Severity - a.Severity })
}

// NoRecentDataAfter is how long without a reading before a patient is flagged.
const NoRecentDataAfter = 3 * 24 * time.Hour

// NoRecentData flags a patient whose last reading is older than maxAge (use
// NoRecentDataAfter). A zero last means no reading was ever logged.
func NoRecentData(last, now time.Time, maxAge time.Duration) (Flag, bool) {
	f := Flag{Code: FlagNoRecentData, Label: "No recent readings", Severity: SeverityWarning}
	if last.IsZero() {
		f.Detail = "No glucose reading logged yet"
		return f, true
	}
	age := now.Sub(last)
	if age <= maxAge {
		return Flag{}, false
	}
	days := int(age / (24 * time.Hour))
	f.Detail = "Last reading " + strconv.Itoa(days) + " days ago, on " +
		last.In(now.Location()).Format("2 Jan 2006") + " (flagged after " +
		strconv.Itoa(int(maxAge/(24*time.Hour))) + " days)"
	return f, true
}

// HbA1cResult is one lab HbA1c, stored in %.
type HbA1cResult struct {
	At      time.Time
	Percent float64
}

// HbA1cRiseFlagPoints is the rise between the two latest results that raises a flag:
// 0.5 percentage points (about 5.5 mmol/mol). This is the app's fixed rule, chosen
// to be larger than the usual lab-to-lab variation of a single result; it is not a
// consensus figure.
const HbA1cRiseFlagPoints = 0.5

// HbA1cRising flags a rise of at least HbA1cRiseFlagPoints from the previous lab
// result to the latest. History may come in any order; it needs two results.
func HbA1cRising(history []HbA1cResult) (Flag, bool) {
	if len(history) < 2 {
		return Flag{}, false
	}
	h := slices.Clone(history)
	slices.SortStableFunc(h, func(a, b HbA1cResult) int { return a.At.Compare(b.At) })
	prev, last := h[len(h)-2], h[len(h)-1]
	// Compare at the one-decimal resolution labs report, so 7.0 → 7.5 counts.
	rise := math.Round(last.Percent*10) - math.Round(prev.Percent*10)
	if rise < HbA1cRiseFlagPoints*10 {
		return Flag{}, false
	}
	detail := "HbA1c " + FormatHbA1c(last.Percent) + " on " + last.At.Format("2 Jan 2006") +
		", up from " + FormatHbA1c(prev.Percent) + " on " + prev.At.Format("2 Jan 2006")
	if math.Round(last.Percent*10) >= HbA1cTargetPercent*10 {
		detail += "; above the usual target of under 7 %"
	}
	return Flag{Code: FlagHbA1cRising, Label: "HbA1c rising", Severity: SeverityWarning, Detail: detail}, true
}

func readingsText(n int) string {
	if n == 1 {
		return "1 reading"
	}
	return strconv.Itoa(n) + " readings"
}

// percentText rounds a share to a whole percent for a sentence, e.g. "6 %".
func percentText(s Share) string {
	return strconv.FormatFloat(math.Round(s.Percent()), 'f', 0, 64) + " %"
}

func pointsText(p float64) string { return strconv.FormatFloat(math.Round(p), 'f', 0, 64) }

func ceilDiv(a, b int) int { return (a + b - 1) / b }
