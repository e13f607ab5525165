package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

const weightHistory = 200

func (s *Server) weightList(c *fiber.Ctx) error {
	u := currentUser(c)
	vm, err := s.weightVM(c, u, views.WeightForm{When: formTime(db.Now(), userLoc(u))})
	if err != nil {
		return err
	}
	return s.render(c, 200, views.WeightPage(s.page(c, "Weight", "records"), vm))
}

func (s *Server) weightVM(c *fiber.Ctx, u *db.User, form views.WeightForm) (views.WeightVM, error) {
	loc := userLoc(u)
	rows, err := s.DB.ListWeightEntries(c.UserContext(), db.ListWeightEntriesParams{UserID: u.ID, Lim: weightHistory})
	if err != nil {
		return views.WeightVM{}, errInternal(err)
	}
	vm := views.WeightVM{Form: form}
	for i, r := range rows {
		row := views.WeightRow{ID: r.ID, When: showTime(r.RecordedAt, loc), Kg: views.Num(r.WeightKg, 1) + " kg"}
		if i+1 < len(rows) {
			d := r.WeightKg - rows[i+1].WeightKg
			row.Delta = fmt.Sprintf("%+.1f kg", d)
		}
		vm.Rows = append(vm.Rows, row)
	}
	if len(rows) > 0 {
		vm.Latest = views.Num(rows[0].WeightKg, 1) + " kg"
		if u.HeightCm != nil {
			b := nutrition.BMI(rows[0].WeightKg, *u.HeightCm)
			vm.BMI = fmt.Sprintf("BMI %.1f (%s, WHO)", b, nutrition.BMICategory(b))
		}
	}
	vm.Chart = weightChart(rows, loc)
	return vm, nil
}

// weightChart draws the weigh-ins (newest first in rows) over their whole span.
func weightChart(rows []db.WeightEntry, loc *time.Location) views.TimeChart {
	spec := views.TimeChartSpec{ID: "weight-chart", Title: "Weight (kg)", Line: true, Loc: loc,
		FormatY: func(v float64) string { return views.Num(v, 0) }}
	if len(rows) == 0 {
		now := db.Now()
		spec.From, spec.To, spec.YMin, spec.YMax = now.AddDate(0, 0, -30), now, 40, 100
		spec.Summary = "No weigh-ins yet."
		spec.XTickEvery = 10
		return views.NewTimeChart(spec, nil)
	}
	lo, hi := rows[0].WeightKg, rows[0].WeightKg
	vals := make([]views.TimeValue, len(rows))
	for i, r := range rows {
		lo, hi = min(lo, r.WeightKg), max(hi, r.WeightKg)
		vals[len(rows)-1-i] = views.TimeValue{At: r.RecordedAt, V: r.WeightKg, Title: views.Num(r.WeightKg, 1) + " kg"}
	}
	first, last := rows[len(rows)-1], rows[0]
	y0, m0, d0 := first.RecordedAt.In(loc).Date()
	spec.From = time.Date(y0, m0, d0, 0, 0, 0, 0, loc)
	spec.To = last.RecordedAt.In(loc).AddDate(0, 0, 1)
	days := int(spec.To.Sub(spec.From).Hours() / 24)
	spec.XTickEvery = max(days/4, 1)
	spec.YMin, spec.YMax = float64(int(lo)-2), float64(int(hi)+3)
	step := max(float64(int((spec.YMax-spec.YMin)/4)), 1)
	for v := spec.YMin; v <= spec.YMax; v += step {
		spec.YTicks = append(spec.YTicks, v)
	}
	spec.Summary = fmt.Sprintf("%d weigh-ins from %s (%s kg) to %s (%s kg); lowest %s kg, highest %s kg.", len(rows),
		first.RecordedAt.In(loc).Format("2 Jan 2006"), views.Num(first.WeightKg, 1), last.RecordedAt.In(loc).Format("2 Jan 2006"),
		views.Num(last.WeightKg, 1), views.Num(lo, 1), views.Num(hi, 1))
	return views.NewTimeChart(spec, vals)
}
