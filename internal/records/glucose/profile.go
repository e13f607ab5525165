package glucose

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// ProfileBucket is one slice of the day in an AGP-style daily profile: the readings
// whose local clock time falls in [StartMinute, EndMinute), pooled over all days.
type ProfileBucket struct {
	StartMinute int    // minutes after midnight, inclusive
	EndMinute   int    // minutes after midnight, exclusive
	Label       string // start time, "06:00"
	N           int    // readings in the bucket; the percentiles are zero when N is 0
	// Percentiles of glucose in mg/dL.
	P5, P25, P50, P75, P95 float64
}

// DailyProfile pools readings by local time of day into buckets of bucketMinutes
// (the last bucket is shorter when the minutes do not divide 1440) and gives the 5th,
// 25th, 50th, 75th and 95th percentiles of each, like the Ambulatory Glucose Profile.
//
// Percentiles use linear interpolation between closest ranks (Hyndman and Fan
// type 7, the default of R and NumPy): for sorted values x[0..n−1] and p in [0, 1],
// h = (n−1)·p and the percentile is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
// With one reading every percentile is that reading. Finger-stick buckets are thin;
// show N beside each bucket and let the chart fade buckets with few readings.
//
// A nil loc means UTC. bucketMinutes must be between 1 and 1440; anything else is a
// programming error and panics.
func DailyProfile(readings []Reading, loc *time.Location, bucketMinutes int) []ProfileBucket {
	if bucketMinutes < 1 || bucketMinutes > 24*60 {
		panic(fmt.Sprintf("glucose: DailyProfile bucketMinutes %d outside 1..1440", bucketMinutes))
	}
	if loc == nil {
		loc = time.UTC
	}
	const day = 24 * 60
	nb := (day + bucketMinutes - 1) / bucketMinutes
	values := make([][]float64, nb)
	for _, r := range readings {
		t := r.At.In(loc)
		i := (t.Hour()*60 + t.Minute()) / bucketMinutes
		values[i] = append(values[i], r.Mgdl)
	}
	out := make([]ProfileBucket, nb)
	for i, v := range values {
		start := i * bucketMinutes
		b := ProfileBucket{
			StartMinute: start,
			EndMinute:   min(start+bucketMinutes, day),
			Label:       fmt.Sprintf("%02d:%02d", start/60, start%60),
			N:           len(v),
		}
		if len(v) > 0 {
			slices.Sort(v)
			b.P5, b.P25, b.P50 = Percentile(v, 0.05), Percentile(v, 0.25), Percentile(v, 0.50)
			b.P75, b.P95 = Percentile(v, 0.75), Percentile(v, 0.95)
		}
		out[i] = b
	}
	return out
}

// Percentile returns the p-quantile (0 ≤ p ≤ 1) of sorted values by linear
// interpolation between closest ranks (type 7). It returns NaN for no values.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	p = min(max(p, 0), 1)
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
