package glucose

import (
	"testing"
	"time"
)

// ninetyDays is 90 days × 8 finger-stick readings (720), deterministic values
// spread over every band.
func ninetyDays() []Reading {
	contexts := []Context{Fasting, AfterMeal, BeforeMeal, AfterMeal, BeforeMeal, AfterMeal, Bedtime, Random}
	rs := make([]Reading, 0, 720)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, kampala)
	for d := 0; d < 90; d++ {
		for i := 0; i < 8; i++ {
			k := d*8 + i
			rs = append(rs, Reading{
				At:      start.AddDate(0, 0, d).Add(time.Duration(6*60+i*120) * time.Minute),
				Mgdl:    45 + float64((k*37)%240),
				Context: contexts[i],
			})
		}
	}
	return rs
}

func BenchmarkCompute90Days(b *testing.B) {
	rs := ninetyDays()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, kampala)
	to := from.AddDate(0, 0, 90)
	b.ReportAllocs()
	for b.Loop() {
		if s := Compute(rs, from, to); s.N != 720 {
			b.Fatalf("N = %d", s.N)
		}
	}
}

func BenchmarkDailyProfile90Days(b *testing.B) {
	rs := ninetyDays()
	b.ReportAllocs()
	for b.Loop() {
		DailyProfile(rs, kampala, 60)
	}
}

func TestNinetyDaysFixture(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, kampala)
	s := Compute(ninetyDays(), from, from.AddDate(0, 0, 90))
	if s.N != 720 || s.DaysWithData != 90 || s.PeriodDays != 90 || s.GMI == nil || s.Fasting.N != 90 {
		t.Errorf("90-day fixture: N %d, days %d/%d, GMI %v, fasting %d", s.N, s.DaysWithData, s.PeriodDays, s.GMI, s.Fasting.N)
	}
}
