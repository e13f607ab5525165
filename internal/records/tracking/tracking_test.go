package tracking

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

var (
	kampala, _ = time.LoadLocation("Africa/Kampala")
	now        = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC) // 12:00 in Kampala
)

func TestParseWhen(t *testing.T) {
	e := Errors{}
	got := ParseWhen(e, "when", "2025-06-01T07:30", kampala, now)
	if len(e) > 0 || !got.Equal(time.Date(2025, 6, 1, 4, 30, 0, 0, time.UTC)) {
		t.Fatalf("got %v %v", got, e)
	}
	if got := ParseWhen(e, "when", "", kampala, now); !got.Equal(now) {
		t.Errorf("empty = %v", got)
	}
	for _, bad := range []string{"2025-06-01T18:00", "2999-01-01T00:00", "1999-12-31T23:00", "yesterday", "2025-13-01T00:00", strings.Repeat("1", 40)} {
		e := Errors{}
		ParseWhen(e, "when", bad, kampala, now)
		if e["when"] == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestRecordParse(t *testing.T) {
	r, e := RecordInput{Type: RecGlucose, Glucose: "6,1", Context: "fasting", When: "2025-06-01T07:00"}.Parse(glucose.MmolL, kampala, now)
	if len(e) > 0 || math.Abs(*r.GlucoseMgdl-6.1*glucose.MgdlPerMmolL) > 1e-9 || *r.Context != "fasting" {
		t.Fatalf("glucose: %+v %v", r, e)
	}
	r, e = RecordInput{Type: RecHbA1c, HbA1c: "53", HbA1cUnit: "mmol/mol"}.Parse(glucose.MmolL, kampala, now)
	if len(e) > 0 || math.Abs(*r.HbA1cPercent-(53/10.929+2.15)) > 1e-9 {
		t.Fatalf("hba1c: %+v %v", r, e)
	}
	bad := []struct {
		in    RecordInput
		field string
	}{
		{RecordInput{Type: "blood"}, "type"},
		{RecordInput{Type: RecGlucose, Glucose: "700"}, "glucose"},
		{RecordInput{Type: RecGlucose, Glucose: "abc"}, "glucose"},
		{RecordInput{Type: RecGlucose, Glucose: "6", Context: "lunchtime"}, "context"},
		{RecordInput{Type: RecInsulin, InsulinType: "Rapid", InsulinUnits: "0"}, "insulin_units"},
		{RecordInput{Type: RecInsulin, InsulinType: "Rapid", InsulinUnits: "150"}, "insulin_units"},
		{RecordInput{Type: RecInsulin, InsulinUnits: "4"}, "insulin_type"},
		{RecordInput{Type: RecHbA1c, HbA1c: "25"}, "hba1c"},
		{RecordInput{Type: RecHbA1c, HbA1c: "7", HbA1cUnit: "g"}, "hba1c_unit"},
		{RecordInput{Type: RecMedication, MedicationName: strings.Repeat("m", 101)}, "medication_name"},
		{RecordInput{Type: RecNote, Notes: strings.Repeat("n", 1001)}, "notes"},
		{RecordInput{Type: RecNote, Notes: "ok\x00"}, "notes"},
		{RecordInput{Type: RecSymptom}, "notes"},
		{RecordInput{Type: RecNote, Notes: "x", When: "2030-01-01T00:00"}, "when"},
	}
	for _, b := range bad {
		if _, e := b.in.Parse(glucose.MgdL, kampala, now); e[b.field] == "" {
			t.Errorf("%+v: no message on %s (%v)", b.in, b.field, e)
		}
	}
}

func TestGoalParse(t *testing.T) {
	today := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	g, e := GoalInput{Type: "fasting_glucose", Start: "8.0", Target: "6.0", TargetDate: "2025-09-01"}.Parse(glucose.MmolL, today, nil)
	if len(e) > 0 || math.Abs(g.Target-6*glucose.MgdlPerMmolL) > 1e-9 || g.Unit != "mg/dL" || g.Title != goals.FastingGlucose.Label() {
		t.Fatalf("fasting: %+v %v", g, e)
	}
	cur := 92.0
	g, e = GoalInput{Type: "lose_weight", Target: "85"}.Parse(glucose.MmolL, today, &cur)
	if len(e) > 0 || g.Start != 92 {
		t.Fatalf("start from records: %+v %v", g, e)
	}
	for _, c := range []struct {
		in    GoalInput
		field string
	}{
		{GoalInput{Type: "lose_weight", Start: "80", Target: "85"}, "target"},
		{GoalInput{Type: "lose_weight", Target: "85"}, "start"},
		{GoalInput{Type: "hba1c", Start: "9", Target: "1"}, "target"},
		{GoalInput{Type: "hba1c", Start: "9", Target: "7", TargetDate: "2024-01-01"}, "target_date"},
		{GoalInput{Type: "hba1c", Start: "9", Target: "7", TargetDate: "2099-01-01"}, "target_date"},
		{GoalInput{Type: "hba1c", Start: "9", Target: "7", Title: strings.Repeat("t", 81)}, "title"},
		{GoalInput{Type: "dance"}, "type"},
	} {
		if _, e := c.in.Parse(glucose.MmolL, today, nil); e[c.field] == "" {
			t.Errorf("%+v: no message on %s (%v)", c.in, c.field, e)
		}
	}
}

func TestFoodLogParse(t *testing.T) {
	ms := ParseMeasures(`[{"label":"1 cup","grams":158},{"label":"","grams":3}]`)
	if len(ms) != 1 {
		t.Fatalf("measures %v", ms)
	}
	l, e := FoodLogInput{FoodID: "12", Meal: "lunch", Measure: "1 cup", Quantity: "1.5"}.Parse(ms, kampala, now)
	if len(e) > 0 || l.Grams != 237 || l.Quantity != 1.5 || l.MeasureLabel != "1 cup" {
		t.Fatalf("measure: %+v %v", l, e)
	}
	l, e = FoodLogInput{FoodID: "12", Meal: "snack", Grams: "80"}.Parse(ms, kampala, now)
	if len(e) > 0 || l.Grams != 80 || l.Quantity != 1 {
		t.Fatalf("grams: %+v %v", l, e)
	}
	for _, c := range []struct {
		in    FoodLogInput
		field string
	}{
		{FoodLogInput{FoodID: "x", Meal: "lunch", Grams: "80"}, "food_id"},
		{FoodLogInput{FoodID: "1", Meal: "brunch", Grams: "80"}, "meal"},
		{FoodLogInput{FoodID: "1", Meal: "lunch", Grams: "0"}, "grams"},
		{FoodLogInput{FoodID: "1", Meal: "lunch", Grams: "6000"}, "grams"},
		{FoodLogInput{FoodID: "1", Meal: "lunch", Measure: "1 bucket", Quantity: "1"}, "measure"},
		{FoodLogInput{FoodID: "1", Meal: "lunch", Measure: "1 cup", Quantity: "101"}, "quantity"},
		{FoodLogInput{FoodID: "1", Meal: "lunch", Measure: "1 cup", Quantity: "40"}, "quantity"},
		{FoodLogInput{FoodID: "1", Meal: "lunch", Grams: "80", When: "2026-01-01T00:00"}, "when"},
	} {
		if _, e := c.in.Parse(ms, kampala, now); e[c.field] == "" {
			t.Errorf("%+v: no message on %s (%v)", c.in, c.field, e)
		}
	}
}

func TestWeightAndProgress(t *testing.T) {
	if w, e := (WeightInput{Weight: "72,5"}).Parse(kampala, now); len(e) > 0 || w.Kg != 72.5 {
		t.Errorf("weight %+v %v", w, e)
	}
	for _, s := range []string{"", "5", "400", "heavy"} {
		if _, e := (WeightInput{Weight: s}).Parse(kampala, now); e["weight"] == "" {
			t.Errorf("weight %q accepted", s)
		}
	}
	p, e := ProgressInput{Value: "7.5"}.Parse(goals.FastingGlucose, glucose.MmolL, kampala, now)
	if len(e) > 0 || math.Abs(p.Value-7.5*glucose.MgdlPerMmolL) > 1e-9 {
		t.Errorf("progress %+v %v", p, e)
	}
	if _, e := (ProgressInput{Value: "101"}).Parse(goals.TimeInRange, glucose.MmolL, kampala, now); e["value"] == "" {
		t.Error("TIR 101 accepted")
	}
}
