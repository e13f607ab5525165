package handlers

import (
	"context"
	"fmt"
	"math/bits"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/safe"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// careHba1cLookback bounds the HbA1c history the roster reads: two results a year apart are
// the oldest comparison that still says something about current control.
const careHba1cLookback = 2 * 365 * 24 * time.Hour

// loadRoster evaluates every patient actively linked to the dietitian with a constant
// number of queries (patients, glucose counted by band for the period and the one before,
// latest reading, HbA1c, weights, spending), whatever the number of patients.
func (s *Server) loadRoster(ctx context.Context, dietitian *db.User, unit glucose.Unit, period int, now time.Time) ([]care.Entry, error) {
	// Glucose is counted by band in SQL over the period and the one before it, both in
	// whole days of the dietitian's zone (patients are in Uganda: one zone in practice).
	dloc := timezone.Of(dietitian.TimeZone)
	curFrom, curTo := glucose.Window(now.In(dloc), period)
	prevFrom, _ := glucose.PreviousWindow(now.In(dloc), period)
	// The six reads are independent: run them side by side on the pool. The five aggregates
	// are heavy reads that the replica serves when it keeps up (db.Read); the patient list
	// stays on the primary so a link accepted a moment ago shows at once.
	var (
		rows    []db.CareRosterPatientsRow
		sums    []db.CareRosterGlucoseSummaryRow
		last    []db.CareRosterLastGlucoseRow
		a1c     []db.CareRosterHbA1cRow
		weights []db.CareRosterWeightsRow
		spent   []db.CareRosterSpendingRow
	)
	g, gctx := safe.WithContext(ctx) // a panic in one query is an error, not the end of the process
	g.Go(func() (err error) {
		rows, err = s.DB.CareRosterPatients(gctx, dietitian.ID)
		return careWrap(err, "patients")
	})
	g.Go(func() (err error) {
		sums, err = s.DB.Read().CareRosterGlucoseSummary(gctx, db.CareRosterGlucoseSummaryParams{CurFrom: curFrom.UTC(),
			Day0Unix: prevFrom.Unix(), PrevFrom: prevFrom.UTC(), CurTo: curTo.UTC(), DietitianID: dietitian.ID})
		return careWrap(err, "glucose summary")
	})
	g.Go(func() (err error) {
		last, err = s.DB.Read().CareRosterLastGlucose(gctx, dietitian.ID)
		return careWrap(err, "latest readings")
	})
	g.Go(func() (err error) {
		a1c, err = s.DB.Read().CareRosterHbA1c(gctx, db.CareRosterHbA1cParams{FromAt: now.Add(-careHba1cLookback), DietitianID: dietitian.ID})
		return careWrap(err, "HbA1c")
	})
	g.Go(func() (err error) {
		weights, err = s.DB.Read().CareRosterWeights(gctx, db.CareRosterWeightsParams{
			FromAt: now.Add(-(care.WeightWindowDays + 1) * 24 * time.Hour), ToAt: now.Add(24 * time.Hour), DietitianID: dietitian.ID})
		return careWrap(err, "weights")
	})
	g.Go(func() (err error) {
		// Spending is summed in SQL over the same period.
		spent, err = s.DB.Read().CareRosterSpending(gctx, db.CareRosterSpendingParams{FromAt: curFrom.UTC(), ToAt: curTo.UTC(), DietitianID: dietitian.ID})
		return careWrap(err, "spending")
	})
	if err := g.Wait(); err != nil {
		return nil, err
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
			Loc: timezone.Of(r.TimeZone), BirthDate: r.BirthDate, MonthlyUGX: r.MonthlyBudgetUgx}
	}

	summaries := make([][2]care.Counts, len(patients))
	masks := make([][2]uint64, len(patients))
	for _, r := range sums {
		i, ok := idx[r.UserID]
		if !ok {
			continue
		}
		w := 1 // the previous period
		if r.Cur == 1 {
			w = 0
		}
		care.AddBand(&summaries[i][w], int(r.Band), int(r.N), r.SumMgdl)
		masks[i][w] |= uint64(r.Days)
	}
	for i := range patients {
		for w := range 2 {
			summaries[i][w].Days = bits.OnesCount64(masks[i][w])
		}
		patients[i].Summary = &summaries[i]
		patients[i].SummaryFrom, patients[i].SummaryTo = curFrom, curTo
	}
	for _, r := range last {
		if i, ok := idx[r.PatientID]; ok {
			patients[i].LastReading = r.RecordedAt
		}
	}
	for _, r := range a1c {
		if i, ok := idx[r.UserID]; ok && r.Hba1cPercent != nil {
			patients[i].HbA1c = append(patients[i].HbA1c, glucose.HbA1cResult{At: r.RecordedAt, Percent: *r.Hba1cPercent})
		}
	}
	for _, r := range weights {
		if i, ok := idx[r.UserID]; ok {
			patients[i].Weights = append(patients[i].Weights, care.WeightPoint{At: r.RecordedAt, Kg: r.WeightKg})
		}
	}
	for _, r := range spent {
		if i, ok := idx[r.UserID]; ok {
			patients[i].SpentUGX = r.SpentUgx
		}
	}
	entries := make([]care.Entry, len(patients))
	for i, p := range patients {
		entries[i] = care.Evaluate(p, now, period, unit, curFrom, curTo)
	}
	return entries, nil
}

func careWrap(err error, what string) error {
	if err != nil {
		return fmt.Errorf("roster: %s: %w", what, err)
	}
	return nil
}
