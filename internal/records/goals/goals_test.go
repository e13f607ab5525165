package goals

import (
	"math"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

func TestMeasureDecreasing(t *testing.T) {
	// Lose weight from 90 to 80 kg: at 87 kg, 3 of 10 kg = 30 %.
	g := Goal{Type: LoseWeight, Start: 90, Target: 80}
	cases := []struct {
		cur, pct, raw float64
		reached       bool
	}{
		{90, 0, 0, false},
		{87, 30, 30, false},
		{92, 0, -20, false}, // gained 2 kg: moving away
		{80, 100, 100, true},
		{79, 100, 110, true},
	}
	for _, c := range cases {
		p := Measure(g, c.cur)
		if math.Abs(p.Percent-c.pct) > 1e-9 || math.Abs(p.Raw-c.raw) > 1e-9 || p.Reached != c.reached || p.Direction != Decrease {
			t.Errorf("at %v: %+v, want %v %% raw %v reached %v", c.cur, p, c.pct, c.raw, c.reached)
		}
	}
	// HbA1c 9.0 → 7.0 %: at 8.5 %, 25 %.
	if p := Measure(Goal{Type: HbA1c, Start: 9, Target: 7}, 8.5); math.Abs(p.Percent-25) > 1e-9 || p.Direction != Decrease {
		t.Errorf("HbA1c: %+v", p)
	}
}

func TestMeasureIncreasing(t *testing.T) {
	// Time in range from 40 to 70 %: at 52 %, 12 of 30 points = 40 %.
	g := Goal{Type: TimeInRange, Start: 40, Target: 70}
	if p := Measure(g, 52); math.Abs(p.Percent-40) > 1e-9 || p.Reached || p.Direction != Increase {
		t.Errorf("TIR 52: %+v", p)
	}
	if p := Measure(g, 35); p.Percent != 0 || p.Raw >= 0 {
		t.Errorf("TIR 35: %+v", p)
	}
	if p := Measure(g, 71); p.Percent != 100 || !p.Reached {
		t.Errorf("TIR 71: %+v", p)
	}
	// Gain weight 50 → 55 kg: 51.5 kg is 30 %.
	if p := Measure(Goal{Type: GainWeight, Start: 50, Target: 55}, 51.5); math.Abs(p.Percent-30) > 1e-9 {
		t.Errorf("gain: %+v", p)
	}
	// Daily carbohydrate has no fixed direction: it follows start → target.
	if d := DirectionOf(DailyCarbs, 300, 200); d != Decrease {
		t.Errorf("carbs 300→200: %v", d)
	}
	if d := DirectionOf(DailyCarbs, 100, 150); d != Increase {
		t.Errorf("carbs 100→150: %v", d)
	}
}

func TestMaintainAndCompletion(t *testing.T) {
	day := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	g := Goal{Type: MaintainWeight, Start: 70, Target: 70, TargetDate: &day}
	// ±3 % of 70 kg is ±2.1 kg.
	if p := Measure(g, 72.1); p.Percent != 100 {
		t.Errorf("72.1 kg: %+v", p)
	}
	if p := Measure(g, 72.2); p.Percent != 0 {
		t.Errorf("72.2 kg: %+v", p)
	}
	if Complete(g, 70, day.AddDate(0, 0, -1)) {
		t.Error("maintain completed before its date")
	}
	if !Complete(g, 70.5, day) {
		t.Error("maintain not completed on its date within the band")
	}
	lose := Goal{Type: LoseWeight, Start: 90, Target: 80}
	if Complete(lose, 80.1, day) || !Complete(lose, 80, day) {
		t.Error("lose completion")
	}
}

func TestGlucoseValue(t *testing.T) {
	loc := time.UTC
	now := time.Date(2025, 6, 14, 20, 0, 0, 0, loc)
	var rs []glucose.Reading
	// 14 days: a fasting 110 mg/dL and an after-meal 200 mg/dL each day → 50 % in range.
	for d := 0; d < 14; d++ {
		day := now.AddDate(0, 0, -d)
		rs = append(rs, glucose.Reading{At: day.Add(-12 * time.Hour), Mgdl: 110, Context: glucose.Fasting},
			glucose.Reading{At: day.Add(-6 * time.Hour), Mgdl: 200, Context: glucose.AfterMeal})
	}
	from, to := glucose.Window(now, GlucoseWindowDays)
	st := glucose.Compute(rs, from, to)
	if v, ok := GlucoseValue(TimeInRange, st); !ok || math.Abs(v-50) > 1e-9 {
		t.Errorf("TIR = %v %v", v, ok)
	}
	if v, ok := GlucoseValue(FastingGlucose, st); !ok || math.Abs(v-110) > 1e-9 {
		t.Errorf("fasting = %v %v", v, ok)
	}
	few := glucose.Compute(rs[:4], from, to)
	if _, ok := GlucoseValue(TimeInRange, few); ok {
		t.Error("TIR from 4 readings")
	}
	if SourceOf(LoseWeight) != FromWeight || SourceOf(HbA1c) != FromHbA1c || SourceOf(DailyBudget) != FromNothing {
		t.Error("sources")
	}
}
