package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/views"
)

// statsPeriods are the periods of the statistics page, in days.
var statsPeriods = []int{7, 14, 30, 90}

func (s *Server) recordsStats(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	loc, unit := userLoc(u), userUnit(u)
	now := db.Now().In(loc)
	from, _ := glucose.Window(now, statsPeriods[len(statsPeriods)-1])
	rows, err := s.DB.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: u.ID, Since: from.UTC()})
	if err != nil {
		return errInternal(err)
	}
	a1c, err := s.DB.ListHbA1c(ctx, db.ListHbA1cParams{UserID: u.ID, Lim: 20})
	if err != nil {
		return errInternal(err)
	}
	rs := logbook.Readings(rows, loc)
	vm := views.StatsVM{Unit: string(unit), ShareLabel: glucose.ShareLabel}
	for _, st := range glucose.Summaries(rs, now, statsPeriods) {
		col := statsColumn(st, unit)
		vm.Columns = append(vm.Columns, col)
		if st.GMI != nil {
			vm.LatestGMI = col.GMI
		}
	}
	for _, h := range a1c {
		if h.Hba1cPercent == nil {
			continue
		}
		vm.HbA1c = append(vm.HbA1c, views.HbA1cRow{When: h.RecordedAt.In(loc).Format("2 Jan 2006"),
			Value: glucose.FormatHbA1c(*h.Hba1cPercent), EAG: glucose.Format(glucose.EstimatedAverageGlucose(*h.Hba1cPercent), unit),
			Category: hba1cCategoryLabel(glucose.ClassifyHbA1c(*h.Hba1cPercent))})
	}
	vm.Profile = glucoseChart("stats-chart", rs, now, 14, unit)
	return s.render(c, 200, views.StatsPage(s.page(c, "Glucose statistics", "records"), vm))
}

func hba1cCategoryLabel(c glucose.HbA1cCategory) string {
	switch c {
	case glucose.HbA1cDiabetes:
		return "Diabetes range (≥ 6.5 %)"
	case glucose.HbA1cPrediabetes:
		return "Prediabetes range (5.7–6.4 %)"
	}
	return "Normal (< 5.7 %)"
}

func measureText(m glucose.Measure, unit glucose.Unit) string {
	if !m.OK {
		return "—"
	}
	return glucose.Format(m.Value, unit)
}

func shareText(sh glucose.Share) string {
	if sh.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f %% (%d of %d)", sh.Percent(), sh.Count, sh.N)
}

// statsColumn formats one period; every figure carries the number of readings it rests on.
func statsColumn(st glucose.Stats, unit glucose.Unit) views.StatsColumn {
	col := views.StatsColumn{Days: st.PeriodDays,
		Readings: strconv.Itoa(st.N) + " (" + strconv.Itoa(st.DaysWithData) + " days)",
		Mean:     measureText(st.Mean, unit), SD: measureText(st.SD, unit), Min: measureText(st.Min, unit), Max: measureText(st.Max, unit),
		VeryLow: shareText(st.VeryLow), Low: shareText(st.Low), InRange: shareText(st.InRange), High: shareText(st.High),
		VeryHigh: shareText(st.VeryHigh), GMINote: st.GMINote, GMI: "—"}
	if st.CV.OK {
		stable := "stable"
		if !st.Stable() {
			stable = "unstable"
		}
		col.CV = fmt.Sprintf("%.0f %% (%s)", st.CV.Value, stable)
	} else {
		col.CV = "—"
	}
	if st.Fasting.OK {
		col.Fasting = glucose.Format(st.Fasting.Value, unit) + " (" + strconv.Itoa(st.Fasting.N) + " readings)"
	} else {
		col.Fasting = "—"
	}
	if st.N > 0 {
		col.Hypo = strconv.Itoa(st.HypoEvents.Count)
		col.SevereHypo = strconv.Itoa(st.SevereHypoEvents.Count)
		col.Hyper = strconv.Itoa(st.HyperEvents.Count)
	} else {
		col.Hypo, col.SevereHypo, col.Hyper = "—", "—", "—"
	}
	if st.GMI != nil {
		col.GMI = fmt.Sprintf("%.1f %% (%.0f mmol/mol)", st.GMI.Percent, st.GMI.MmolPerMol)
	}
	return col
}

// glucoseChart draws the last `days` days of readings with the 70–180 mg/dL target band.
func glucoseChart(id string, rs []glucose.Reading, now time.Time, days int, unit glucose.Unit) views.TimeChart {
	from, to := glucose.Window(now, days)
	var vals []views.TimeValue
	inRange := 0
	for _, r := range rs {
		if r.At.Before(from) || !r.At.Before(to) {
			continue
		}
		b := glucose.Classify(r.Mgdl)
		if b == glucose.InRange {
			inRange++
		}
		vals = append(vals, views.TimeValue{At: r.At, V: glucose.FromMgdl(r.Mgdl, unit), Class: "pt-" + b.String(),
			Title: r.At.Format("2 Jan 15:04") + ": " + glucose.Format(r.Mgdl, unit)})
	}
	lo, hi := glucose.FromMgdl(glucose.LowBelowMgdl, unit), glucose.FromMgdl(glucose.HighAboveMgdl, unit)
	ymax := glucose.FromMgdl(300, unit)
	ticks := []float64{glucose.FromMgdl(54, unit), lo, hi, glucose.FromMgdl(250, unit)}
	summary := fmt.Sprintf("%d readings in the last %d days; %d of them in the target range %s.", len(vals), days, inRange,
		glucose.InRange.Label(unit))
	if len(vals) == 0 {
		summary = fmt.Sprintf("No glucose readings in the last %d days.", days)
	}
	return views.NewTimeChart(views.TimeChartSpec{ID: id, Title: fmt.Sprintf("Blood glucose, last %d days (%s)", days, unit),
		Summary: summary, From: from, To: to, YMin: 0, YMax: ymax, YTicks: ticks,
		FormatY: func(v float64) string { return glucose.FormatValue(glucose.ToMgdl(v, unit), unit) },
		BandLo:  &lo, BandHi: &hi, BandLabel: glucose.InRange.Label(unit), XTickEvery: max(days/4, 1), Loc: now.Location()}, vals)
}
