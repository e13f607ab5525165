package glucose

import (
	"math"
	"testing"
	"time"
)

func TestPercentileType7(t *testing.T) {
	// Sorted 100, 110, 120, 130, 140; h = (n − 1)·p = 4p.
	v := []float64{100, 110, 120, 130, 140}
	tests := []struct{ p, want float64 }{
		{0.05, 102}, // h = 0.2: 100 + 0.2 × 10
		{0.25, 110}, // h = 1
		{0.50, 120}, // h = 2
		{0.75, 130}, // h = 3
		{0.95, 138}, // h = 3.8: 130 + 0.8 × 10
		{0, 100}, {1, 140},
	}
	for _, tt := range tests {
		near(t, "percentile", Percentile(v, tt.p), tt.want, 1e-9)
	}
	// Even count: median of 100, 110, 130, 170 is 120 (h = 1.5).
	near(t, "even median", Percentile([]float64{100, 110, 130, 170}, 0.5), 120, 1e-9)
	near(t, "single", Percentile([]float64{99}, 0.95), 99, 0)
	if !math.IsNaN(Percentile(nil, 0.5)) {
		t.Error("no values must give NaN")
	}
}

func TestDailyProfile(t *testing.T) {
	// Five readings between 06:10 and 06:50 in Kampala on different days, one at
	// 23:59, and one at 00:00.
	var rs []Reading
	for i, v := range []float64{130, 100, 140, 120, 110} { // unsorted on purpose
		rs = append(rs, Reading{At: time.Date(2026, 3, 2+i, 6, 10+10*i, 0, 0, kampala), Mgdl: v})
	}
	rs = append(rs,
		Reading{At: time.Date(2026, 3, 2, 23, 59, 0, 0, kampala), Mgdl: 150},
		Reading{At: time.Date(2026, 3, 3, 0, 0, 0, 0, kampala), Mgdl: 90},
	)
	p := DailyProfile(rs, kampala, 60)
	if len(p) != 24 {
		t.Fatalf("%d buckets, want 24", len(p))
	}
	six := p[6]
	if six.Label != "06:00" || six.StartMinute != 360 || six.EndMinute != 420 || six.N != 5 {
		t.Fatalf("06:00 bucket = %+v", six)
	}
	for _, c := range []struct{ got, want float64 }{{six.P5, 102}, {six.P25, 110}, {six.P50, 120}, {six.P75, 130}, {six.P95, 138}} {
		near(t, "06:00 percentile", c.got, c.want, 1e-9)
	}
	if p[23].N != 1 || p[23].P50 != 150 || p[0].N != 1 || p[0].P5 != 90 || p[12].N != 0 || p[12].P50 != 0 {
		t.Errorf("23:00 %+v, 00:00 %+v, 12:00 %+v", p[23], p[0], p[12])
	}
	// The same instants seen in UTC fall three hours earlier.
	if utc := DailyProfile(rs, nil, 60); utc[3].N != 5 || utc[6].N != 0 {
		t.Errorf("UTC profile: 03:00 has %d, 06:00 has %d; want 5 and 0", utc[3].N, utc[6].N)
	}
}

func TestDailyProfileBuckets(t *testing.T) {
	tests := []struct{ minutes, buckets, lastEnd, lastStart int }{
		{15, 96, 1440, 1425},
		{45, 32, 1440, 1395},
		{1440, 1, 1440, 0},
		{7, 206, 1440, 1435}, // 1440 = 205 × 7 + 5: the last bucket is 5 minutes
	}
	for _, tt := range tests {
		p := DailyProfile(nil, time.UTC, tt.minutes)
		last := p[len(p)-1]
		if len(p) != tt.buckets || last.EndMinute != tt.lastEnd || last.StartMinute != tt.lastStart {
			t.Errorf("%d-minute buckets: %d, last %d–%d", tt.minutes, len(p), last.StartMinute, last.EndMinute)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("bucketMinutes 0 must panic")
		}
	}()
	DailyProfile(nil, time.UTC, 0)
}
