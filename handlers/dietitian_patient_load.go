package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

// AGP periods the patient view offers; 14 days is the consensus minimum for an AGP.
var careAgpPeriods = []int{14, 30, 90}

// patientData is what the patient view and the report read, a fixed number of queries.
type patientData struct {
	readings []glucose.Reading // the last 90 days
	last     time.Time
	hba1c    []db.CareListHbA1cRow
	records  []db.DiabetesRecord
	diary    []care.DiaryItem
	weights  []db.CareListWeightsRow
	goals    []db.CareListGoalsRow
	recs     []db.CareListRecommendationsRow
	notes    []db.CareListNotesRow
}

// careDiaryDays is how many days of diary the patient view and the report show.
const careDiaryDays = 14

func (s *Server) loadPatient(ctx context.Context, p *linkedPatient, now time.Time) (*patientData, error) {
	// What the patient recorded (readings, records, diary, weights) is read through db.Read:
	// the replica when it keeps up. Goals, recommendations and notes, which the dietitian
	// writes on this page, stay on the primary.
	d := &patientData{}
	local := now.In(p.Loc)
	if p.Shares.Has(care.ShareGlucose) {
		from, to := glucose.Window(local, 90)
		rows, err := s.DB.Read().CareListGlucose(ctx, db.CareListGlucoseParams{UserID: p.ID, FromAt: from.UTC(), ToAt: to.UTC()})
		if err != nil {
			return nil, fmt.Errorf("patient %d: readings: %w", p.ID, err)
		}
		for _, r := range rows {
			if r.GlucoseMgdl == nil {
				continue
			}
			rd := glucose.Reading{At: r.RecordedAt, Mgdl: *r.GlucoseMgdl}
			if r.GlucoseContext != nil {
				rd.Context = glucose.Context(*r.GlucoseContext)
			}
			d.readings = append(d.readings, rd)
		}
		if len(d.readings) > 0 {
			d.last = d.readings[len(d.readings)-1].At
		} else {
			recs, err := s.DB.Read().CareListRecords(ctx, db.CareListRecordsParams{UserID: p.ID, FromAt: time.Unix(0, 0), ToAt: to.UTC(), Lim: 1})
			if err != nil {
				return nil, fmt.Errorf("patient %d: latest record: %w", p.ID, err)
			}
			if len(recs) > 0 && recs[0].RecordType == "glucose" {
				d.last = recs[0].RecordedAt
			}
		}
		if d.hba1c, err = s.DB.CareListHbA1c(ctx, db.CareListHbA1cParams{UserID: p.ID, Lim: 8}); err != nil {
			return nil, fmt.Errorf("patient %d: HbA1c: %w", p.ID, err)
		}
		rf, _ := glucose.Window(local, 14)
		if d.records, err = s.DB.Read().CareListRecords(ctx, db.CareListRecordsParams{UserID: p.ID, FromAt: rf.UTC(), ToAt: to.UTC(), Lim: 60}); err != nil {
			return nil, fmt.Errorf("patient %d: records: %w", p.ID, err)
		}
	}
	if p.Shares.Has(care.ShareDiary) {
		from, to := glucose.Window(local, careDiaryDays)
		rows, err := s.DB.Read().CareListDiary(ctx, db.CareListDiaryParams{UserID: p.ID, FromAt: from.UTC(), ToAt: to.UTC()})
		if err != nil {
			return nil, fmt.Errorf("patient %d: diary: %w", p.ID, err)
		}
		for _, r := range rows {
			d.diary = append(d.diary, care.DiaryItem{At: r.ConsumedAt, Meal: r.MealType, Grams: r.Grams, CostUGX: r.CostUgx,
				GI: r.GlycaemicIndex, FoodName: r.Name, Per100: care.Nutrients{EnergyKcal: r.EnergyKcal, CarbG: r.CarbG,
					ProteinG: r.ProteinG, FatG: r.FatG, FibreG: r.FibreG, SugarsG: careDeref(r.SugarsG), SodiumMg: r.SodiumMg},
				SugarsUnknown: r.SugarsG == nil})
		}
	}
	if p.Shares.Has(care.ShareWeight) {
		from, to := glucose.Window(local, 90)
		var err error
		if d.weights, err = s.DB.Read().CareListWeights(ctx, db.CareListWeightsParams{UserID: p.ID, FromAt: from.UTC(), ToAt: to.UTC()}); err != nil {
			return nil, fmt.Errorf("patient %d: weights: %w", p.ID, err)
		}
	}
	var err error
	if p.Shares.Has(care.ShareGoals) {
		if d.goals, err = s.DB.CareListGoals(ctx, p.ID); err != nil {
			return nil, fmt.Errorf("patient %d: goals: %w", p.ID, err)
		}
	}
	if d.recs, err = s.DB.CareListRecommendations(ctx, db.CareListRecommendationsParams{UserID: p.ID, IncludeApp: 0, Lim: 20}); err != nil {
		return nil, fmt.Errorf("patient %d: recommendations: %w", p.ID, err)
	}
	if d.notes, err = s.DB.CareListNotes(ctx, db.CareListNotesParams{PatientID: p.ID, Lim: 30}); err != nil {
		return nil, fmt.Errorf("patient %d: notes: %w", p.ID, err)
	}
	return d, nil
}

// patientVM formats a patient's data for the dietitian (also used by the report).
func patientVM(p *linkedPatient, d *patientData, unit glucose.Unit, viewerLoc *time.Location, now time.Time, agpDays int) views.PatientViewVM {
	local := now.In(p.Loc)
	vm := views.PatientViewVM{ID: p.ID, LinkID: p.LinkID, Name: careDisplayName(p.FirstName, p.LastName, p.Username), Username: p.Username,
		SharesSummary: p.Shares.Summary(), Shares: map[string]bool{}, Tags: p.Tags, Reviewed: "Never", Unit: string(unit),
		FlagPeriod: care.DefaultPeriod, AGPDays: agpDays, AGPOptions: careAgpPeriods}
	for k, v := range p.Shares {
		vm.Shares[string(k)] = v
	}
	if p.LastReviewedAt != nil {
		vm.Reviewed = p.LastReviewedAt.In(viewerLoc).Format("2 Jan 2006")
	}
	vm.Facts = careProfileFacts(p, local)

	// Flags: the roster rules on this patient alone.
	var weights []care.WeightPoint
	for _, w := range d.weights {
		weights = append(weights, care.WeightPoint{At: w.RecordedAt, Kg: w.WeightKg})
	}
	var a1c []glucose.HbA1cResult
	for _, h := range d.hba1c {
		if h.Hba1cPercent != nil {
			a1c = append(a1c, glucose.HbA1cResult{At: h.RecordedAt, Percent: *h.Hba1cPercent})
		}
	}
	spendFrom, spendTo := glucose.Window(local, care.DefaultPeriod)
	var spent int64
	for _, it := range d.diary {
		if it.CostUGX != nil && !it.At.Before(spendFrom) && it.At.Before(spendTo) {
			spent += *it.CostUGX
		}
	}
	e := care.Evaluate(care.Patient{ID: p.ID, Username: p.Username, Shares: p.Shares, Loc: p.Loc, BirthDate: p.BirthDate,
		MonthlyUGX: p.MonthlyBudgetUgx, Readings: d.readings, LastReading: d.last, HbA1c: a1c, Weights: weights, SpentUGX: spent},
		now, care.DefaultPeriod, unit, spendFrom, spendTo)
	for _, f := range e.Flags {
		vm.Flags = append(vm.Flags, views.FlagVM{Code: f.Code, Label: f.Label, Detail: f.Detail, Severity: f.Severity})
	}

	if p.Shares.Has(care.ShareGlucose) {
		for _, st := range glucose.Summaries(d.readings, local, []int{7, 14, 30, 90}) {
			vm.Stats = append(vm.Stats, careStatsCol(st, unit))
		}
		from, to := glucose.Window(local, agpDays)
		var inAGP []glucose.Reading
		for _, r := range d.readings {
			if !r.At.Before(from) && r.At.Before(to) {
				inAGP = append(inAGP, r)
			}
		}
		vm.AGP = views.NewAGPChart(glucose.DailyProfile(inAGP, p.Loc, 60), unit, agpDays, len(inAGP))
		rf, rt := glucose.Window(local, 14)
		vm.Readings = views.NewReadingsChart(d.readings, rf, rt, unit)
		for _, h := range d.hba1c {
			if h.Hba1cPercent != nil {
				vm.HbA1c = append(vm.HbA1c, views.CareFact{Label: h.RecordedAt.In(p.Loc).Format("2 Jan 2006"), Value: glucose.FormatHbA1c(*h.Hba1cPercent)})
			}
		}
		for _, r := range d.records {
			vm.Records = append(vm.Records, careRecordVM(r, unit, p.Loc))
		}
	}
	if p.Shares.Has(care.ShareDiary) {
		from, to := glucose.Window(local, careDiaryDays)
		days := care.ByDay(d.diary, from, to, p.Loc)
		for i := len(days) - 1; i >= 0; i-- {
			vm.Diary = append(vm.Diary, careDiaryDayVM(days[i], p.Loc))
		}
		avg, n := care.Average(days)
		vm.DiaryAverage = careDiaryDayVM(care.Day{Totals: avg}, p.Loc)
		vm.DiaryAverage.Date = "Average of " + strconv.Itoa(n) + " logged days"
		vm.DiaryDaysLogs = n
	}
	if p.Shares.Has(care.ShareWeight) {
		for i := len(d.weights) - 1; i >= 0; i-- {
			w := d.weights[i]
			vm.Weights = append(vm.Weights, views.CareFact{Label: w.RecordedAt.In(p.Loc).Format("2 Jan 2006"), Value: views.Num(w.WeightKg, 1) + " kg"})
		}
		if len(d.weights) >= 2 {
			delta := d.weights[len(d.weights)-1].WeightKg - d.weights[0].WeightKg
			vm.WeightChange = careSigned(delta, 1) + " kg over " + strconv.Itoa(len(d.weights)) + " weigh-ins in 90 days"
		}
	}
	for _, g := range d.goals {
		vm.Goals = append(vm.Goals, careGoalVM(g, unit, p.Loc))
	}
	for _, r := range d.recs {
		vm.Recs = append(vm.Recs, careRecVM(r, viewerLoc))
	}
	for _, n := range d.notes {
		vm.Notes = append(vm.Notes, views.CareNoteVM{Body: n.Body, Author: n.AuthorUsername, When: n.CreatedAt.In(viewerLoc).Format("2 Jan 2006 15:04")})
	}
	return vm
}

func careProfileFacts(p *linkedPatient, local time.Time) []views.CareFact {
	f := []views.CareFact{{Label: "Diabetes", Value: accounts.Label(accounts.DiabetesTypes, p.DiabetesType)}, {Label: "Main goal", Value: accounts.Label(accounts.PrimaryGoals, p.PrimaryGoal)}}
	if p.BirthDate != nil {
		f = append(f, views.CareFact{Label: "Age", Value: strconv.Itoa(nutrition.Age(*p.BirthDate, local))})
	}
	if p.Gender != nil {
		f = append(f, views.CareFact{Label: "Sex", Value: *p.Gender})
	}
	if p.HeightCm != nil {
		f = append(f, views.CareFact{Label: "Height", Value: views.Num(*p.HeightCm, 0) + " cm"})
	}
	if p.WeightKg != nil && p.Shares.Has(care.ShareWeight) {
		f = append(f, views.CareFact{Label: "Weight (profile)", Value: views.Num(*p.WeightKg, 1) + " kg"})
		if p.HeightCm != nil {
			bmi := nutrition.BMI(*p.WeightKg, *p.HeightCm)
			f = append(f, views.CareFact{Label: "BMI", Value: views.Num(bmi, 1) + " (" + nutrition.BMICategory(bmi) + ")"})
		}
	}
	if p.ActivityLevel != nil {
		f = append(f, views.CareFact{Label: "Activity", Value: *p.ActivityLevel})
	}
	if p.MonthlyBudgetUgx != nil {
		f = append(f, views.CareFact{Label: "Food budget", Value: views.UGX(*p.MonthlyBudgetUgx) + " a month"})
	}
	f = append(f, views.CareFact{Label: "Time zone", Value: p.TimeZone})
	return f
}

func careStatsCol(st glucose.Stats, u glucose.Unit) views.CareStatsColVM {
	dash := "—"
	c := views.CareStatsColVM{Title: strconv.Itoa(st.PeriodDays) + " days", N: strconv.Itoa(st.N),
		Days: strconv.Itoa(st.DaysWithData) + " of " + strconv.Itoa(st.PeriodDays),
		Mean: dash, SD: dash, CV: dash, GMI: dash, GMINote: st.GMINote, Fasting: dash,
		VeryLow: dash, Low: dash, InRange: dash, High: dash, VeryHigh: dash,
		Hypos: strconv.Itoa(st.HypoEvents.Count), Severe: strconv.Itoa(st.SevereHypoEvents.Count)}
	if st.Mean.OK {
		c.Mean = glucose.Format(st.Mean.Value, u)
	}
	if st.SD.OK {
		c.SD = glucose.Format(st.SD.Value, u)
	}
	if st.CV.OK {
		c.CV = views.Num(st.CV.Value, 0) + " %"
		if st.Stable() {
			c.CV += " (stable)"
		}
	}
	if st.GMI != nil {
		c.GMI = views.Num(st.GMI.Percent, 1) + " % (indicative)"
	}
	if st.Fasting.OK {
		c.Fasting = glucose.Format(st.Fasting.Value, u) + " (" + strconv.Itoa(st.Fasting.N) + ")"
	}
	if st.N > 0 {
		c.VeryLow, c.Low, c.InRange = views.Pct(st.VeryLow.Percent()), views.Pct(st.Low.Percent()), views.Pct(st.InRange.Percent())
		c.High, c.VeryHigh = views.Pct(st.High.Percent()), views.Pct(st.VeryHigh.Percent())
	}
	return c
}

func careRecordVM(r db.DiabetesRecord, u glucose.Unit, loc *time.Location) views.CareRecordVM {
	v := views.CareRecordVM{When: r.RecordedAt.In(loc).Format("2 Jan 15:04"), Notes: r.Notes}
	v.Kind, v.Value = recordText(r, u)
	return v
}

func careDiaryDayVM(d care.Day, loc *time.Location) views.CareDiaryDayVM {
	t := d.Totals
	v := views.CareDiaryDayVM{Date: d.Date.Format("Mon 2 Jan"), Energy: views.Num(t.EnergyKcal, 0), Carb: views.Num(t.CarbG, 0),
		Protein: views.Num(t.ProteinG, 0), Fat: views.Num(t.FatG, 0), Fibre: views.Num(t.FibreG, 0),
		Sugars: partialSum(views.Num(t.SugarsG, 0), t.ItemsNoSugars, t.Items),
		Sodium: views.Num(t.SodiumMg, 0), GL: partialSum(views.Num(t.GlycaemicLoad, 0), t.ItemsNoGI, t.Items),
		Cost: partialSum(views.UGX(t.CostUGX), t.ItemsNoPrice, t.Items)}
	for _, it := range d.Items {
		p := it.Portion()
		v.Items = append(v.Items, views.CareDiaryItemVM{Time: it.At.In(loc).Format("15:04"), Meal: nutrition.MealLabel(it.Meal),
			Food: it.FoodName, Grams: views.Num(it.Grams, 0) + " g", Energy: views.Num(p.EnergyKcal, 0), Carb: views.Num(p.CarbG, 0)})
	}
	return v
}

// partialSum shows a day's total that leaves out items whose figure is not known: "not
// known" when none has one, "at least …" when some lack it, never a silent 0.
func partialSum(total string, unknown, items int) string {
	switch {
	case items == 0 || unknown == 0:
		return total
	case unknown >= items:
		return "not known"
	default:
		return "≥ " + total
	}
}

func careGoalVM(g db.CareListGoalsRow, u glucose.Unit, loc *time.Location) views.CareGoalVM {
	t := goals.Type(g.GoalType)
	val := func(x float64) string {
		if t == goals.FastingGlucose {
			return glucose.Format(x, u)
		}
		return views.Num(tracking.FromStored(t, x, u), 1) + " " + g.Unit
	}
	v := views.CareGoalVM{Title: g.Title, Target: val(g.TargetValue), Start: val(g.StartValue), Status: g.Status, By: "the patient"}
	if g.SetByUsername != "" && g.SetBy != nil && *g.SetBy != 0 {
		v.By = g.SetByUsername
	}
	if g.TargetDate != nil {
		v.Due = g.TargetDate.Format("2 Jan 2006")
	}
	return v
}

func careSigned(v float64, decimals int) string {
	s := views.Num(v, decimals)
	if v > 0 {
		return "+" + s
	}
	return s
}

func careDeref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
