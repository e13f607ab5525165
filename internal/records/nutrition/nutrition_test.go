package nutrition

import (
	"math"
	"testing"
	"time"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f", what, got, want)
	}
}

func ptr[T any](v T) *T { return &v }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestAge(t *testing.T) {
	b := date(1990, 6, 15)
	for _, c := range []struct {
		now  time.Time
		want int
	}{{date(2025, 6, 14), 34}, {date(2025, 6, 15), 35}, {date(2025, 12, 1), 35}} {
		if got := Age(b, c.now); got != c.want {
			t.Errorf("Age on %v = %d, want %d", c.now, got, c.want)
		}
	}
}

func TestRestingEnergyWorkedExamples(t *testing.T) {
	// Man 70 kg, 175 cm, 30 y: 700 + 1093.75 − 150 + 5 = 1648.75 kcal/day.
	near(t, "man", RestingEnergy("male", 70, 175, 30), 1648.75, 1e-9)
	// Woman 60 kg, 160 cm, 40 y: 600 + 1000 − 200 − 161 = 1239 kcal/day.
	near(t, "woman", RestingEnergy("female", 60, 160, 40), 1239, 1e-9)
	// Other: midpoint constant −78: 600 + 1000 − 200 − 78 = 1322.
	near(t, "other", RestingEnergy("", 60, 160, 40), 1322, 1e-9)
}

func TestTargetsMaintainModerateMan(t *testing.T) {
	p := Profile{Sex: "male", BirthDate: ptr(date(1995, 1, 1)), HeightCm: ptr(175.0), WeightKg: ptr(70.0),
		Activity: "moderate", DiabetesType: "none", Goal: "maintain_weight"}
	tg, ok := ComputeTargets(p, date(2025, 6, 1)) // age 30
	if !ok {
		t.Fatal("targets not computed")
	}
	near(t, "needs", tg.NeedsKcal, 1648.75*1.55, 1e-9) // 2555.5625
	near(t, "energy", tg.EnergyKcal, 2555.5625, 1e-9)
	near(t, "carb 55 %", tg.CarbG, 2555.5625*0.55/4, 1e-9) // 351.39 g
	near(t, "protein 15 %", tg.ProteinG, 2555.5625*0.15/4, 1e-9)
	near(t, "fat 30 %", tg.FatG, 2555.5625*0.30/9, 1e-9)
	near(t, "sugars < 10 %", tg.SugarsMaxG, 2555.5625*0.10/4, 1e-9) // 63.9 g
	if tg.FibreMinG != 25 || tg.SodiumMaxMg != 2000 {
		t.Errorf("fibre %v sodium %v", tg.FibreMinG, tg.SodiumMaxMg)
	}
}

func TestTargetsLossDeficitAndFloors(t *testing.T) {
	now := date(2025, 6, 1)
	man := Profile{Sex: "male", BirthDate: ptr(date(1995, 1, 1)), HeightCm: ptr(175.0), WeightKg: ptr(70.0),
		Activity: "moderate", Goal: "lose_weight"}
	tg, _ := ComputeTargets(man, now)
	near(t, "man loses 500", tg.EnergyKcal, 2055.5625, 1e-9)
	if tg.FloorApplied {
		t.Error("floor applied to 2,056 kcal")
	}

	// Woman 60 kg, 160 cm, 40 y, sedentary: needs 1239 × 1.2 = 1486.8; − 500 = 986.8,
	// below the 1,200 kcal floor for women → 1,200.
	woman := Profile{Sex: "female", BirthDate: ptr(date(1985, 1, 1)), HeightCm: ptr(160.0), WeightKg: ptr(60.0),
		Activity: "sedentary", Goal: "lose_weight", DiabetesType: "type2"}
	tg, _ = ComputeTargets(woman, now)
	near(t, "woman floor", tg.EnergyKcal, 1200, 1e-9)
	if !tg.FloorApplied {
		t.Error("floor not reported")
	}
	// Diabetes: 45 % carbohydrate, 25 % protein.
	near(t, "carb 45 %", tg.CarbG, 1200*0.45/4, 1e-9) // 135 g
	near(t, "protein 25 %", tg.ProteinG, 1200*0.25/4, 1e-9)

	// Same woman with the sex not given: the higher, men's floor (1,500) applies.
	woman.Sex = ""
	tg, _ = ComputeTargets(woman, now)
	near(t, "unknown sex floor", tg.EnergyKcal, 1500, 1e-9)

	// A floor never lifts the target above the person's needs: 45 kg, 150 cm, 70 y,
	// sedentary woman needs 876.5 × 1.2 = 1051.8 kcal.
	small := Profile{Sex: "female", BirthDate: ptr(date(1955, 1, 1)), HeightCm: ptr(150.0), WeightKg: ptr(45.0), Goal: "lose_weight"}
	tg, _ = ComputeTargets(small, now)
	near(t, "small woman", tg.EnergyKcal, 1051.8, 1e-9)
	if len(tg.Notes) == 0 {
		t.Error("no note that activity was assumed")
	}
}

func TestTargetsGainAndMissing(t *testing.T) {
	p := Profile{Sex: "female", BirthDate: ptr(date(1985, 1, 1)), HeightCm: ptr(160.0), WeightKg: ptr(60.0),
		Activity: "light", Goal: "gain_weight"}
	tg, _ := ComputeTargets(p, date(2025, 6, 1))
	near(t, "gain", tg.EnergyKcal, 1239*1.375+400, 1e-9)

	p.HeightCm = nil
	if _, ok := ComputeTargets(p, date(2025, 6, 1)); ok {
		t.Error("targets without height")
	}
	if m := p.Missing(); len(m) != 1 || m[0] != "height" {
		t.Errorf("missing = %v", m)
	}
}

func TestGlycaemicLoadAndBands(t *testing.T) {
	// 150 g boiled white rice, 28 g available carbohydrate per 100 g, GI 73:
	// 42 g carbohydrate × 73 ÷ 100 = 30.66 → high.
	gl := GlycaemicLoad(73, 42)
	near(t, "rice GL", gl, 30.66, 1e-9)
	cases := []struct {
		gl   float64
		want Level
	}{{10, LevelLow}, {10.4, LevelLow}, {10.5, LevelMedium}, {19.4, LevelMedium}, {19.5, LevelHigh}, {30.66, LevelHigh}}
	for _, c := range cases {
		if got := GLBand(c.gl); got != c.want {
			t.Errorf("GLBand(%v) = %s, want %s", c.gl, got, c.want)
		}
	}
	for _, c := range []struct {
		gl   float64
		want Level
	}{{79.4, LevelLow}, {80, LevelMedium}, {120, LevelMedium}, {120.6, LevelHigh}} {
		if got := DayGLBand(c.gl); got != c.want {
			t.Errorf("DayGLBand(%v) = %s, want %s", c.gl, got, c.want)
		}
	}
	for _, c := range []struct {
		gi   float64
		want Level
	}{{55, LevelLow}, {56, LevelMedium}, {69, LevelMedium}, {70, LevelHigh}} {
		if got := GIBand(c.gi); got != c.want {
			t.Errorf("GIBand(%v) = %s, want %s", c.gi, got, c.want)
		}
	}
}

func TestDailyBudgetAndCost(t *testing.T) {
	if got := DailyBudget(300000, date(2025, 4, 10)); got != 10000 {
		t.Errorf("April: %d", got)
	}
	if got := DailyBudget(300000, date(2024, 2, 10)); got != 10345 { // 300,000 ÷ 29 = 10,344.8
		t.Errorf("February 2024: %d", got)
	}
	if got := DailyBudget(300000, date(2025, 2, 10)); got != 10714 { // ÷ 28 = 10,714.3
		t.Errorf("February 2025: %d", got)
	}
	if got := DailyBudget(310000, date(2025, 1, 31)); got != 10000 {
		t.Errorf("January: %d", got)
	}
	if got := CostUGX(150, 4000); got != 600 {
		t.Errorf("150 g at 4,000/kg = %d", got)
	}
	if got := CostUGX(333, 2500); got != 833 { // 832.5 → 833
		t.Errorf("333 g at 2,500/kg = %d", got)
	}
	if CostUGX(100, 0) != 0 {
		t.Error("no price must cost 0")
	}
}

func TestDayTotalsWorkedExample(t *testing.T) {
	posho := Amounts{EnergyKcal: 120, CarbG: 25, ProteinG: 2.5, FatG: 0.6, FibreG: 1.5, SugarsG: 0.2, SodiumMg: 2}
	beans := Amounts{EnergyKcal: 110, CarbG: 14, ProteinG: 7.5, FatG: 0.5, FibreG: 6, SugarsG: 0.3, SodiumMg: 240}
	tea := Amounts{EnergyKcal: 40, CarbG: 7, ProteinG: 1, FatG: 1, SugarsG: 7, SodiumMg: 20}
	items := []Item{
		{Meal: "lunch", Grams: 300, Per100g: posho, GI: ptr(70.0), CostUGX: ptr(int64(900))},
		{Meal: "lunch", Grams: 200, Per100g: beans, GI: ptr(30.0), CostUGX: ptr(int64(1200))},
		{Meal: "breakfast", Grams: 250, Per100g: tea, CostUGX: nil, SugarsUnknown: true},
	}
	d := Totals(items)
	if d.Items != 3 || len(d.Meals) != 2 || d.Meals[0].Meal != "breakfast" || d.Meals[1].Meal != "lunch" {
		t.Fatalf("meals = %+v", d.Meals)
	}
	// Energy: 360 + 220 + 100 = 680 kcal; carbohydrate 75 + 28 + 17.5 = 120.5 g.
	near(t, "energy", d.Amounts.EnergyKcal, 680, 1e-9)
	near(t, "carb", d.Amounts.CarbG, 120.5, 1e-9)
	near(t, "sodium", d.Amounts.SodiumMg, 6+480+50, 1e-9)
	// GL: posho 70 × 75 / 100 = 52.5; beans 30 × 28 / 100 = 8.4; tea has no GI.
	near(t, "lunch GL", d.Meals[1].GL.Value, 60.9, 1e-9)
	if d.Meals[0].GL.Known() || d.Meals[0].GL.Unknown != 1 {
		t.Errorf("breakfast GL = %+v", d.Meals[0].GL)
	}
	near(t, "day GL", d.GL.Value, 60.9, 1e-9)
	if d.GL.Items != 2 || d.GL.Unknown != 1 || d.GL.Complete() {
		t.Errorf("day GL = %+v", d.GL)
	}
	if d.Cost.UGX != 2100 || d.Cost.Unpriced != 1 {
		t.Errorf("cost = %+v", d.Cost)
	}
	if d.Meals[1].Cost.UGX != 2100 || d.Meals[0].Cost.Unpriced != 1 {
		t.Errorf("meal costs = %+v / %+v", d.Meals[0].Cost, d.Meals[1].Cost)
	}
	if d.SugarsUnknown != 1 {
		t.Errorf("sugars unknown = %d", d.SugarsUnknown)
	}
	if Totals(nil).Items != 0 {
		t.Error("empty day")
	}
}

func TestCompareStatuses(t *testing.T) {
	tg := Targets{EnergyKcal: 2000, CarbG: 250, ProteinG: 75, FatG: 66, FibreMinG: 25, SugarsMaxG: 50, SodiumMaxMg: 2000}
	cs := Compare(DayTotals{Amounts: Amounts{EnergyKcal: 2300, CarbG: 200, FibreG: 10, SugarsG: 51, SodiumMg: 1999}}, tg)
	got := map[string]string{}
	for _, c := range cs {
		got[c.Key] = c.Status()
	}
	want := map[string]string{"energy": "over", "carb": "ok", "fibre": "low", "sugars": "over", "sodium": "ok"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	near(t, "energy %", cs[0].Percent(), 115, 1e-9)

	// Sugars that some foods do not report: under the limit is not known, over it still is.
	for _, c := range []struct {
		sugars float64
		want   string
	}{{40, "unknown"}, {51, "over"}} {
		day := DayTotals{Amounts: Amounts{SugarsG: c.sugars}, Items: 3, SugarsUnknown: 1}
		for _, cmp := range Compare(day, tg) {
			if cmp.Key == "sugars" && (cmp.Status() != c.want || cmp.Without != 1 || cmp.Items != 3) {
				t.Errorf("%g g sugars with 1 of 3 foods unknown: %s (%d of %d), want %s", c.sugars, cmp.Status(), cmp.Without, cmp.Items, c.want)
			}
		}
	}
}

func TestBMI(t *testing.T) {
	b := BMI(70, 175) // 22.86
	near(t, "bmi", b, 22.857, 1e-3)
	if BMICategory(b) != "normal" || BMICategory(18.4) != "underweight" || BMICategory(29.9) != "overweight" || BMICategory(30) != "obese" {
		t.Error("BMI categories")
	}
}
