package glucose

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// kampala is East Africa Time (UTC+3, no daylight saving).
var kampala = time.FixedZone("EAT", 3*60*60)

func at(day, hour, minute int) time.Time {
	return time.Date(2026, 3, day, hour, minute, 0, 0, kampala)
}

// handExample is eight readings over three days, with every figure worked out by
// hand in TestComputeHandExample.
func handExample() []Reading {
	return []Reading{
		{at(2, 6, 30), 100, Fasting},
		{at(2, 12, 0), 65, BeforeMeal},
		{at(2, 14, 0), 50, AfterMeal},
		{at(3, 6, 30), 120, Fasting},
		{at(3, 13, 0), 190, AfterMeal},
		{at(3, 15, 0), 260, Random},
		{at(3, 21, 30), 140, Bedtime},
		{at(4, 6, 30), 95, Fasting},
	}
}

func TestComputeHandExample(t *testing.T) {
	readings := append(handExample(),
		Reading{at(1, 23, 59), 300, Random}, // before the period
		Reading{at(9, 0, 0), 40, Random},    // at its exclusive end
	)
	from, to := at(2, 0, 0), at(9, 0, 0)
	s := Compute(readings, from, to)

	if s.N != 8 || s.PeriodDays != 7 || s.DaysWithData != 3 {
		t.Fatalf("N=%d period=%d days with data=%d, want 8, 7, 3", s.N, s.PeriodDays, s.DaysWithData)
	}
	// Sum = 100+65+50+120+190+260+140+95 = 1020; mean = 1020 / 8 = 127.5.
	if !s.Mean.OK || s.Mean.Value != 127.5 || s.Mean.N != 8 {
		t.Errorf("mean = %+v, want 127.5 over 8", s.Mean)
	}
	// Deviations −77.5, −62.5, −27.5, −7.5, 62.5, 132.5, 12.5, −32.5; squares sum to
	// 33400; sample variance 33400 / 7 = 4771.43; SD 69.0755; CV 69.0755 / 127.5 = 54.18 %.
	near(t, "SD", s.SD.Value, 69.0755, 1e-4)
	near(t, "CV", s.CV.Value, 54.1769, 1e-4)
	if s.SD.N != 8 || s.CV.N != 8 || s.Stable() {
		t.Errorf("SD/CV rest on %d/%d readings, stable=%v; want 8, 8, false (CV > 36 %%)", s.SD.N, s.CV.N, s.Stable())
	}
	if s.Min.Value != 50 || s.Max.Value != 260 {
		t.Errorf("min/max = %v/%v, want 50/260", s.Min.Value, s.Max.Value)
	}
	// Fasting: (100 + 120 + 95) / 3 = 105 over 3 readings.
	if s.Fasting.Value != 105 || s.Fasting.N != 3 {
		t.Errorf("fasting = %+v, want 105 over 3", s.Fasting)
	}
	// Bands: 50 | 65 | 100, 120, 140, 95 | 190 | 260.
	want := map[Band]Share{VeryLow: {1, 8}, Low: {1, 8}, InRange: {4, 8}, High: {1, 8}, VeryHigh: {1, 8}}
	for b, w := range want {
		if got := s.Share(b); got != w {
			t.Errorf("%s = %+v, want %+v", b, got, w)
		}
	}
	if s.InRange.Percent() != 50 || s.VeryLow.Percent() != 12.5 {
		t.Errorf("in range %v %%, very low %v %%; want 50, 12.5", s.InRange.Percent(), s.VeryLow.Percent())
	}
	if s.BelowRange != (Share{2, 8}) || s.AboveRange != (Share{2, 8}) {
		t.Errorf("below %+v above %+v, want 2 of 8 each", s.BelowRange, s.AboveRange)
	}
	// 65 → 50 is one low run reaching below 54; 190 → 260 one high run reaching above 250.
	if s.HypoEvents != (Events{1, 8}) || s.SevereHypoEvents != (Events{1, 8}) || s.HyperEvents != (Events{1, 8}) {
		t.Errorf("events hypo %+v level 2 %+v hyper %+v, want 1 of 8 each", s.HypoEvents, s.SevereHypoEvents, s.HyperEvents)
	}
	if s.GMI != nil || !strings.Contains(s.GMINote, "at least 14 days") {
		t.Errorf("GMI = %+v, note %q; want none for a 7-day period", s.GMI, s.GMINote)
	}
	if s.ShareLabel != "% of readings" {
		t.Errorf("ShareLabel = %q", s.ShareLabel)
	}
}

func TestComputeOrderAndInputUntouched(t *testing.T) {
	sorted := handExample()
	shuffled := []Reading{sorted[5], sorted[0], sorted[7], sorted[2], sorted[4], sorted[1], sorted[6], sorted[3]}
	keep := slices.Clone(shuffled)
	a := Compute(sorted, at(2, 0, 0), at(9, 0, 0))
	b := Compute(shuffled, at(2, 0, 0), at(9, 0, 0))
	// Events depend on order: shuffled input must be sorted before counting.
	if a.HypoEvents != b.HypoEvents || a.HyperEvents != b.HyperEvents || a.DaysWithData != b.DaysWithData || a.Mean != b.Mean {
		t.Errorf("shuffled input gives %+v/%+v/%d, sorted %+v/%+v/%d", b.HypoEvents, b.HyperEvents, b.DaysWithData, a.HypoEvents, a.HyperEvents, a.DaysWithData)
	}
	if !slices.Equal(keep, shuffled) {
		t.Error("Compute reordered its input")
	}
}

func TestComputeEmptyAndSingle(t *testing.T) {
	s := Compute(nil, at(2, 0, 0), at(16, 0, 0))
	if s.N != 0 || s.Mean.OK || s.SD.OK || s.GMI != nil || s.InRange.Percent() != 0 || s.InRange.Below(70) {
		t.Errorf("empty period gave %+v", s)
	}
	one := Compute([]Reading{{at(3, 7, 0), 110, Fasting}}, at(2, 0, 0), at(16, 0, 0))
	if !one.Mean.OK || one.Mean.Value != 110 || one.SD.OK || one.SD.N != 1 || one.CV.OK {
		t.Errorf("one reading: mean %+v SD %+v CV %+v; SD and CV need two", one.Mean, one.SD, one.CV)
	}
}

func TestDaysWithDataUseTheCallersZone(t *testing.T) {
	// 20:00 UTC is 23:00 in Kampala on 2 March; 22:00 UTC is 01:00 on 3 March.
	rs := []Reading{
		{time.Date(2026, 3, 2, 20, 0, 0, 0, time.UTC), 100, Random},
		{time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC), 100, Random},
	}
	if got := Compute(rs, at(1, 0, 0), at(5, 0, 0)).DaysWithData; got != 2 {
		t.Errorf("days with data in Kampala = %d, want 2", got)
	}
	utcFrom := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if got := Compute(rs, utcFrom, utcFrom.AddDate(0, 0, 4)).DaysWithData; got != 1 {
		t.Errorf("days with data in UTC = %d, want 1", got)
	}
}

// daily makes perDay readings on each of days consecutive days from 2 March,
// cycling through values.
func daily(days, perDay int, values ...float64) []Reading {
	var rs []Reading
	for d := 0; d < days; d++ {
		for i := 0; i < perDay; i++ {
			rs = append(rs, Reading{
				At:      time.Date(2026, 3, 2+d, 7+i*(14/max(perDay, 1)), 0, 0, 0, kampala),
				Mgdl:    values[(d*perDay+i)%len(values)],
				Context: Random,
			})
		}
	}
	return rs
}

func TestGMIRule(t *testing.T) {
	from, to := at(2, 0, 0), at(16, 0, 0) // 14 days
	tests := []struct {
		name     string
		readings []Reading
		from, to time.Time
		note     string // substring of GMINote when GMI is nil; "" when present
	}{
		{"14 days, 3 a day", daily(14, 3, 120, 150, 180), from, to, ""},
		{"41 readings", daily(14, 3, 120, 150, 180)[1:], from, to, "at least 42 readings; there are 41"},
		{"10 days, 5 a day", daily(10, 5, 120, 150, 180, 150, 150), from, to, ""},
		{"9 days, 5 a day", daily(9, 5, 120, 150, 180, 150, 150), from, to, "at least 10 days; there are readings on 9"},
		{"7-day period", daily(7, 8, 150), from, at(9, 0, 0), "at least 14 days; this one has 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Compute(tt.readings, tt.from, tt.to)
			if tt.note != "" {
				if s.GMI != nil || !strings.Contains(s.GMINote, tt.note) {
					t.Errorf("GMI %+v, note %q; want none with %q", s.GMI, s.GMINote, tt.note)
				}
				return
			}
			if s.GMI == nil {
				t.Fatalf("GMI missing: %s", s.GMINote)
			}
			// Mean 150 mg/dL → GMI 6.898 % and 51.9 mmol/mol (Bergenstal 2018: 6.9 %, 52).
			near(t, "mean", s.Mean.Value, 150, 1e-9)
			near(t, "GMI %", s.GMI.Percent, 6.898, 1e-9)
			if math.Round(s.GMI.MmolPerMol) != 52 || !s.GMI.Indicative || s.GMI.N != s.N {
				t.Errorf("GMI = %+v", *s.GMI)
			}
			if !strings.Contains(s.GMINote, "Indicative") {
				t.Errorf("GMI note %q must say it is indicative", s.GMINote)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	now := time.Date(2026, 3, 9, 15, 4, 0, 0, kampala)
	from, to := Window(now, 7)
	if !from.Equal(at(3, 0, 0)) || !to.Equal(at(10, 0, 0)) {
		t.Errorf("Window(7) = %v – %v, want 3 Mar 00:00 – 10 Mar 00:00", from, to)
	}
	if got := periodDays(from, to); got != 7 {
		t.Errorf("period days = %d, want 7", got)
	}
	pf, pt := PreviousWindow(now, 7)
	if !pf.Equal(time.Date(2026, 2, 24, 0, 0, 0, 0, kampala)) || !pt.Equal(from) {
		t.Errorf("PreviousWindow(7) = %v – %v, want 24 Feb – 3 Mar", pf, pt)
	}
	// Across the end of February: 14 days ending 9 March start on 24 February.
	if f, _ := Window(now, 14); !f.Equal(time.Date(2026, 2, 24, 0, 0, 0, 0, kampala)) {
		t.Errorf("Window(14) starts %v", f)
	}
}

func TestSummaries(t *testing.T) {
	now := time.Date(2026, 4, 30, 20, 0, 0, 0, kampala)
	// One reading a day at 08:00 for the 100 days up to and including 30 April.
	var rs []Reading
	for d := 0; d < 100; d++ {
		rs = append(rs, Reading{time.Date(2026, 4, 30-d, 8, 0, 0, 0, kampala), 100 + float64(d%3), Fasting})
	}
	got := Summaries(rs, now, []int{7, 14, 30, 90})
	for i, days := range []int{7, 14, 30, 90} {
		if got[i].PeriodDays != days || got[i].N != days || got[i].DaysWithData != days || got[i].Fasting.N != days {
			t.Errorf("%d-day summary: period %d, N %d, days %d, fasting %d", days, got[i].PeriodDays, got[i].N, got[i].DaysWithData, got[i].Fasting.N)
		}
	}
	if got[0].GMI != nil || got[1].GMI != nil || got[3].GMI == nil {
		t.Error("GMI: none at 7 and 14 days of one reading a day, present at 90 days")
	}
}
