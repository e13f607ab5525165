package glucose

import (
	"math"
	"strconv"
	"time"
)

// Direction is where glucose is heading.
type Direction string

const (
	Rising  Direction = "rising"
	Falling Direction = "falling"
	Steady  Direction = "steady"
	Unknown Direction = "unknown" // too few recent readings to tell
)

// Arrow is a compact symbol for the direction; pair it with words for screen readers.
func (d Direction) Arrow() string {
	switch d {
	case Rising:
		return "↗"
	case Falling:
		return "↘"
	case Steady:
		return "→"
	}
	return ""
}

// How the trend of the latest readings is read from finger-stick data:
//   - take the latest reading and every reading in the TrendLookback before it;
//   - with at least TrendMinReadings of them spanning at least TrendMinSpan, the rate
//     is the least-squares slope through them in mg/dL per hour;
//   - the direction is steady while the rate stays within ±TrendSteadyMgdlPerHour,
//     otherwise rising or falling.
//
// Two finger-sticks are not a trend: ISO 15197:2013 lets each reading be off by up to
// ±15 mg/dL (or ±15 % above 100 mg/dL), so the difference of two readings 70 minutes
// apart can be −25 mg/dL per hour with glucose unchanged. Three readings within three
// hours are the least that lets a fitted slope stand above one reading's error and
// still describe the last meal and its after-meal test; a reading from before that
// says nothing about where glucose is heading now. 18.01559 mg/dL is 1 mmol/L: a
// change of less than 1 mmol/L in an hour is reported as steady. Ten minutes keeps a
// quick retest (same drop of blood, a second strip) from producing a wild rate while
// keeping the 15-minute recheck of the rule of 15.
const (
	TrendLookback          = 3 * time.Hour
	TrendMinReadings       = 3
	TrendMinSpan           = 10 * time.Minute
	TrendSteadyMgdlPerHour = MgdlPerMmolL
)

// TrendRule says in words when a trend is shown, for the pages that show one.
func TrendRule() string {
	return "A trend is shown only from " + strconv.Itoa(TrendMinReadings) + " or more readings within " +
		strconv.Itoa(int(TrendLookback.Hours())) + " hours."
}

// Trend is the latest reading with where glucose is heading.
type Trend struct {
	Latest    Reading
	Direction Direction
	PerHour   float64       // rate of change, mg/dL per hour (0 when Unknown)
	N         int           // readings the trend rests on, the latest included
	Span      time.Duration // time from the oldest of them to the latest
	Reason    string        // why the direction is Unknown; empty otherwise
}

// LatestTrend returns the latest reading and its trend. ok is false when there are
// no readings at all. Readings may come in any order.
func LatestTrend(readings []Reading) (t Trend, ok bool) {
	if len(readings) == 0 {
		return Trend{}, false
	}
	latest := readings[0]
	for _, r := range readings[1:] {
		if r.At.After(latest.At) {
			latest = r
		}
	}
	t = Trend{Latest: latest, Direction: Unknown}

	// Least squares with time in hours relative to the latest reading.
	since := latest.At.Add(-TrendLookback)
	var n, sx, sy, sxx, sxy float64
	oldest := latest.At
	for _, r := range readings {
		if r.At.Before(since) || r.At.After(latest.At) {
			continue
		}
		x := r.At.Sub(latest.At).Hours()
		n++
		sx += x
		sy += r.Mgdl
		sxx += x * x
		sxy += x * r.Mgdl
		if r.At.Before(oldest) {
			oldest = r.At
		}
	}
	t.N = int(n)
	t.Span = latest.At.Sub(oldest)
	switch {
	case t.N < TrendMinReadings:
		readings := " readings"
		if t.N == 1 {
			readings = " reading"
		}
		t.Reason = "Only " + strconv.Itoa(t.N) + readings + " in the " + strconv.Itoa(int(TrendLookback.Hours())) +
			" hours up to the latest; a trend needs " + strconv.Itoa(TrendMinReadings) + "."
		return t, true
	case t.Span < TrendMinSpan:
		t.Reason = "The readings are less than " + strconv.Itoa(int(TrendMinSpan.Minutes())) +
			" minutes apart."
		return t, true
	}
	den := n*sxx - sx*sx
	if den == 0 { // all readings at one instant; excluded by TrendMinSpan, kept for safety
		t.Reason = "The readings were all taken at the same time."
		return t, true
	}
	t.PerHour = (n*sxy - sx*sy) / den
	// The 1e-9 absorbs floating-point error in the slope, so a change of exactly
	// 1 mmol/L in an hour is steady however it was computed.
	switch limit := TrendSteadyMgdlPerHour + 1e-9; {
	case t.PerHour > limit:
		t.Direction = Rising
	case t.PerHour < -limit:
		t.Direction = Falling
	default:
		t.Direction = Steady
	}
	return t, true
}

// FormatRate renders a rate in mg/dL per hour in unit u with its sign, e.g.
// "+1.2 mmol/L per hour" or "−22 mg/dL per hour".
func FormatRate(perHour float64, u Unit) string {
	if !u.Valid() {
		u = DefaultUnit
	}
	v := RoundForDisplay(FromMgdl(perHour, u), u)
	digits := 1
	if u == MgdL {
		digits = 0
	}
	sign := "+"
	if v < 0 {
		sign = "−"
	} else if v == 0 {
		sign = ""
	}
	return sign + strconv.FormatFloat(math.Abs(v), 'f', digits, 64) + " " + string(u) + " per hour"
}
