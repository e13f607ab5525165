package glucose

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// ShareLabel names what band shares are for finger-stick data. The consensus asks
// that readings from a meter be reported as shares of readings, never as time in
// range (docs/CLINICAL.md, Glucose ranges).
const ShareLabel = "% of readings"

// CVStablePercent is the coefficient of variation at or below which glucose is
// considered stable (docs/CLINICAL.md, Derived measures; Danne et al., Diabetes Care 2017).
const CVStablePercent = 36.0

// GMI needs enough data. The consensus asks for 14 days of CGM worn ≥ 70 % of the time
// (Battelino 2019). For finger-stick readings we ask for the same period and the same
// share of days, plus a minimum number of readings:
//   - the period covers at least 14 calendar days,
//   - there are readings on at least 10 days (70 % of 14),
//   - there are at least 42 readings (three a day over 14 days).
//
// Even then GMI from a meter is only indicative: people test at chosen moments (on
// waking, before meals), not around the clock.
const (
	GMIMinPeriodDays   = 14
	GMIMinDaysWithData = 10
	GMIMinReadings     = 42
)

// Measure is one figure with the number of readings it rests on. OK is false when
// there were too few readings to compute it (none for a mean, fewer than two for SD).
type Measure struct {
	Value float64
	N     int
	OK    bool
}

// Share is how many of N readings fall in a band.
type Share struct {
	Count int
	N     int
}

// Percent is the share as a percentage of readings (0 when there are none).
func (s Share) Percent() float64 {
	if s.N == 0 {
		return 0
	}
	return float64(s.Count) * 100 / float64(s.N)
}

// AtLeast reports whether the share is ≥ pct %, compared exactly in integers so that
// 1 reading of 100 is exactly 1 %.
func (s Share) AtLeast(pct int) bool { return s.N > 0 && s.Count*100 >= pct*s.N }

// Below reports whether the share is < pct % (false when there are no readings).
func (s Share) Below(pct int) bool { return s.N > 0 && s.Count*100 < pct*s.N }

// Events counts hypo- or hyperglycaemia events among N readings.
type Events struct {
	Count int
	N     int
}

// GMI is the Glucose Management Indicator of a period (Bergenstal 2018).
type GMI struct {
	Percent      float64
	MmolPerMol   float64
	N            int  // readings the mean rests on
	DaysWithData int  // days those readings cover
	Indicative   bool // true for finger-stick data: never a substitute for a lab HbA1c
}

// Stats summarises the readings of one period. All glucose values are mg/dL.
type Stats struct {
	From, To     time.Time // the period, From inclusive, To exclusive
	PeriodDays   int       // calendar days the period touches, in From's time zone
	N            int       // readings in the period
	DaysWithData int       // calendar days with at least one reading

	Mean Measure // mean glucose
	SD   Measure // sample standard deviation (n − 1)
	CV   Measure // coefficient of variation, % (SD ÷ mean × 100)
	Min  Measure
	Max  Measure

	Fasting Measure // mean of readings taken fasting, N = fasting readings

	// Shares of readings in the five consensus bands, and the totals below 70 mg/dL
	// (VeryLow + Low) and above 180 mg/dL (High + VeryHigh).
	VeryLow, Low, InRange, High, VeryHigh Share
	BelowRange, AboveRange                Share

	// Events, as defined in events.go: runs of readings below 70 (HypoEvents), those
	// runs that reached below 54 (SevereHypoEvents), and runs above 180 that reached
	// above 250 (HyperEvents).
	HypoEvents, SevereHypoEvents, HyperEvents Events

	// GMI is nil unless the data meet the GMI rule above; GMINote says why it is
	// missing or, when present, that it is indicative.
	GMI     *GMI
	GMINote string

	// ShareLabel says the shares are "% of readings", not time.
	ShareLabel string
}

// Stable reports whether the coefficient of variation is at or below 36 %.
func (s Stats) Stable() bool { return s.CV.OK && s.CV.Value <= CVStablePercent }

// Share returns the share of readings in band b.
func (s Stats) Share(b Band) Share {
	switch b {
	case VeryLow:
		return s.VeryLow
	case Low:
		return s.Low
	case InRange:
		return s.InRange
	case High:
		return s.High
	case VeryHigh:
		return s.VeryHigh
	}
	return Share{N: s.N}
}

// Compute summarises the readings taken in [from, to). Readings may come in any
// order; calendar days are counted in from's time zone, so pass times in the user's
// zone. The result never refers to the input slice.
func Compute(readings []Reading, from, to time.Time) Stats {
	loc := from.Location()
	st := Stats{From: from, To: to, PeriodDays: periodDays(from, to), ShareLabel: ShareLabel}

	in := make([]Reading, 0, len(readings))
	sorted := true
	for _, r := range readings {
		if r.At.Before(from) || !r.At.Before(to) {
			continue
		}
		if n := len(in); n > 0 && r.At.Before(in[n-1].At) {
			sorted = false
		}
		in = append(in, r)
	}
	if !sorted {
		slices.SortStableFunc(in, func(a, b Reading) int { return a.At.Compare(b.At) })
	}
	n := len(in)
	st.N = n
	st.VeryLow, st.Low, st.InRange, st.High, st.VeryHigh = Share{N: n}, Share{N: n}, Share{N: n}, Share{N: n}, Share{N: n}
	st.BelowRange, st.AboveRange = Share{N: n}, Share{N: n}
	st.HypoEvents, st.SevereHypoEvents, st.HyperEvents = Events{N: n}, Events{N: n}, Events{N: n}
	if n == 0 {
		st.GMINote = "No readings in this period."
		return st
	}

	var sum, fastingSum float64
	var fastingN int
	lo, hi := in[0].Mgdl, in[0].Mgdl
	var lastDay struct {
		y int
		m time.Month
		d int
	}
	for _, r := range in {
		sum += r.Mgdl
		lo, hi = min(lo, r.Mgdl), max(hi, r.Mgdl)
		if r.Context == Fasting {
			fastingSum += r.Mgdl
			fastingN++
		}
		switch Classify(r.Mgdl) {
		case VeryLow:
			st.VeryLow.Count++
		case Low:
			st.Low.Count++
		case InRange:
			st.InRange.Count++
		case High:
			st.High.Count++
		case VeryHigh:
			st.VeryHigh.Count++
		}
		// Sorted by instant, so local calendar days never go backwards.
		if y, m, d := r.At.In(loc).Date(); d != lastDay.d || m != lastDay.m || y != lastDay.y {
			st.DaysWithData++
			lastDay.y, lastDay.m, lastDay.d = y, m, d
		}
	}
	st.BelowRange.Count = st.VeryLow.Count + st.Low.Count
	st.AboveRange.Count = st.High.Count + st.VeryHigh.Count

	mean := sum / float64(n)
	st.Mean = Measure{Value: mean, N: n, OK: true}
	st.Min = Measure{Value: lo, N: n, OK: true}
	st.Max = Measure{Value: hi, N: n, OK: true}
	st.SD = Measure{N: n}
	st.CV = Measure{N: n}
	if n >= 2 {
		// Two passes: exact enough for glucose values and simple to check by hand.
		var ss float64
		for _, r := range in {
			d := r.Mgdl - mean
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(n-1))
		st.SD = Measure{Value: sd, N: n, OK: true}
		if mean > 0 {
			st.CV = Measure{Value: sd / mean * 100, N: n, OK: true}
		}
	}
	st.Fasting = Measure{N: fastingN}
	if fastingN > 0 {
		st.Fasting = Measure{Value: fastingSum / float64(fastingN), N: fastingN, OK: true}
	}

	hypo, severe, hyper := countEvents(in)
	st.HypoEvents.Count, st.SevereHypoEvents.Count, st.HyperEvents.Count = hypo, severe, hyper

	st.GMI, st.GMINote = gmiFor(st)
	return st
}

// gmiFor applies the GMI rule (see GMIMinPeriodDays) and explains the outcome.
func gmiFor(st Stats) (*GMI, string) {
	switch {
	case st.PeriodDays < GMIMinPeriodDays:
		return nil, "GMI needs a period of at least " + strconv.Itoa(GMIMinPeriodDays) +
			" days; this one has " + strconv.Itoa(st.PeriodDays) + ". Mean glucose is shown instead."
	case st.DaysWithData < GMIMinDaysWithData:
		return nil, "GMI needs readings on at least " + strconv.Itoa(GMIMinDaysWithData) +
			" days; there are readings on " + strconv.Itoa(st.DaysWithData) + ". Mean glucose is shown instead."
	case st.N < GMIMinReadings:
		return nil, "GMI needs at least " + strconv.Itoa(GMIMinReadings) +
			" readings; there are " + strconv.Itoa(st.N) + ". Mean glucose is shown instead."
	}
	g := &GMI{
		Percent:      GMIPercent(st.Mean.Value),
		MmolPerMol:   GMIMmolPerMol(st.Mean.Value),
		N:            st.N,
		DaysWithData: st.DaysWithData,
		Indicative:   true,
	}
	return g, "Indicative only: from " + strconv.Itoa(st.N) + " finger-stick readings on " +
		strconv.Itoa(st.DaysWithData) + " days, not from a CGM. It does not replace a lab HbA1c."
}

// civilDay numbers the calendar day of t in loc (days since 1970-01-01 in that zone).
func civilDay(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// periodDays counts the calendar days, in from's zone, that [from, to) touches.
func periodDays(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	loc := from.Location()
	return civilDay(to.Add(-time.Nanosecond), loc) - civilDay(from, loc) + 1
}

// Window returns the period of the last `days` calendar days ending with today, in
// now's time zone: from midnight days−1 days ago up to (not including) tomorrow's
// midnight. A 7-day window is today and the six days before it.
func Window(now time.Time, days int) (from, to time.Time) {
	if days < 1 {
		days = 1
	}
	y, m, d := now.Date()
	loc := now.Location()
	return time.Date(y, m, d-days+1, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// PreviousWindow returns the `days` calendar days just before Window(now, days), for
// comparing one period with the one before it.
func PreviousWindow(now time.Time, days int) (from, to time.Time) {
	if days < 1 {
		days = 1
	}
	y, m, d := now.Date()
	loc := now.Location()
	return time.Date(y, m, d-2*days+1, 0, 0, 0, 0, loc), time.Date(y, m, d-days+1, 0, 0, 0, 0, loc)
}

// Summaries computes Stats for each period length (e.g. 7, 14, 30, 90 days) ending
// today, in the order given.
func Summaries(readings []Reading, now time.Time, periods []int) []Stats {
	out := make([]Stats, len(periods))
	for i, days := range periods {
		from, to := Window(now, days)
		out[i] = Compute(readings, from, to)
	}
	return out
}
