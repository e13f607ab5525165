package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/care"
	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/glucose"
)

// careHba1cLookback bounds the HbA1c history the roster reads: two results a year apart are
// the oldest comparison that still says something about current control.
const careHba1cLookback = 2 * 365 * 24 * time.Hour

// loadRoster evaluates every patient actively linked to the dietitian with a constant
// number of queries (patients, readings of the last FetchDays days, latest reading,
// HbA1c, weights, spending), whatever the number of patients.
func (s *Server) loadRoster(ctx context.Context, dietitian *db.User, unit glucose.Unit, period int, now time.Time) ([]care.Entry, error) {
	rows, err := s.DB.CareRosterPatients(ctx, dietitian.ID)
	if err != nil {
		return nil, fmt.Errorf("roster: patients: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	idx := make(map[int64]int, len(rows))
	patients := make([]care.Patient, len(rows))
	for i, r := range rows {
		idx[r.ID] = i
		patients[i] = care.Patient{ID: r.ID, Username: r.Username, Name: careDisplayName(r.FirstName, r.LastName, ""),
			Tags: care.ParseTags(r.Tags), LastReviewed: r.LastReviewedAt, Shares: care.ParseShares(r.Shares),
			Loc: careZone(r.TimeZone), BirthDate: r.BirthDate, MonthlyUGX: r.MonthlyBudgetUgx}
	}
	// A day of margin either side covers every patient's time zone.
	fetchFrom := now.Add(-time.Duration(care.FetchDays(period)) * 24 * time.Hour)
	fetchTo := now.Add(24 * time.Hour)
	readings, err := s.DB.CareRosterGlucose(ctx, db.CareRosterGlucoseParams{FromAt: fetchFrom, ToAt: fetchTo, DietitianID: dietitian.ID})
	if err != nil {
		return nil, fmt.Errorf("roster: readings: %w", err)
	}
	// Count first so that each patient's slice is allocated once.
	counts := make([]int, len(rows))
	for _, r := range readings {
		if i, ok := idx[r.UserID]; ok && r.GlucoseMgdl != nil {
			counts[i]++
		}
	}
	for i := range patients {
		patients[i].Readings = make([]glucose.Reading, 0, counts[i])
	}
	for _, r := range readings {
		if i, ok := idx[r.UserID]; ok && r.GlucoseMgdl != nil {
			patients[i].Readings = append(patients[i].Readings, glucose.Reading{At: r.RecordedAt, Mgdl: *r.GlucoseMgdl})
		}
	}
	last, err := s.DB.CareRosterLastGlucose(ctx, dietitian.ID)
	if err != nil {
		return nil, fmt.Errorf("roster: latest readings: %w", err)
	}
	for _, r := range last {
		if i, ok := idx[r.PatientID]; ok {
			patients[i].LastReading = r.RecordedAt
		}
	}
	a1c, err := s.DB.CareRosterHbA1c(ctx, db.CareRosterHbA1cParams{FromAt: now.Add(-careHba1cLookback), DietitianID: dietitian.ID})
	if err != nil {
		return nil, fmt.Errorf("roster: HbA1c: %w", err)
	}
	for _, r := range a1c {
		if i, ok := idx[r.UserID]; ok && r.Hba1cPercent != nil {
			patients[i].HbA1c = append(patients[i].HbA1c, glucose.HbA1cResult{At: r.RecordedAt, Percent: *r.Hba1cPercent})
		}
	}
	weights, err := s.DB.CareRosterWeights(ctx, db.CareRosterWeightsParams{
		FromAt: now.Add(-(care.WeightWindowDays + 1) * 24 * time.Hour), ToAt: fetchTo, DietitianID: dietitian.ID})
	if err != nil {
		return nil, fmt.Errorf("roster: weights: %w", err)
	}
	for _, r := range weights {
		if i, ok := idx[r.UserID]; ok {
			patients[i].Weights = append(patients[i].Weights, care.WeightPoint{At: r.RecordedAt, Kg: r.WeightKg})
		}
	}
	// Spending is summed in SQL over the period in the dietitian's time zone.
	spendFrom, spendTo := glucose.Window(now.In(careZone(dietitian.TimeZone)), period)
	spent, err := s.DB.CareRosterSpending(ctx, db.CareRosterSpendingParams{FromAt: spendFrom.UTC(), ToAt: spendTo.UTC(), DietitianID: dietitian.ID})
	if err != nil {
		return nil, fmt.Errorf("roster: spending: %w", err)
	}
	for _, r := range spent {
		if i, ok := idx[r.UserID]; ok {
			patients[i].SpentUGX = r.SpentUgx
		}
	}
	entries := make([]care.Entry, len(patients))
	for i, p := range patients {
		entries[i] = care.Evaluate(p, now, period, unit, spendFrom, spendTo)
	}
	return entries, nil
}
