package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// diaryWeek shows the seven days ending on ?date= with their totals and trends (one query).
func (s *Server) diaryWeek(c *fiber.Ctx) error {
	u := currentUser(c)
	loc := userLoc(u)
	now := db.Now().In(loc)
	end, problem := diaryDate(c.Query("date"), loc, db.Now())
	if problem != "" {
		return &HTTPError{Status: 400, Msg: problem}
	}
	start := end.AddDate(0, 0, -6)
	since, _ := dayBounds(start, loc)
	_, until := dayBounds(end, loc)
	rows, err := s.DB.ListDiaryBetween(c.UserContext(), db.ListDiaryBetweenParams{UserID: u.ID, Since: since, Until: until})
	if err != nil {
		return errInternal(err)
	}
	byDay := make([][]nutrition.Item, 7)
	index := map[string]int{}
	for k := 0; k < 7; k++ {
		index[start.AddDate(0, 0, k).Format(dateLayout)] = k
	}
	items := diaryItems(rows)
	for i, r := range rows {
		if k, ok := index[r.ConsumedAt.In(loc).Format(dateLayout)]; ok {
			byDay[k] = append(byDay[k], items[i])
		}
	}
	vm := views.WeekVM{From: start.Format("2 Jan"), To: end.Format("2 Jan 2006"), Prev: start.AddDate(0, 0, -1).Format(dateLayout)}
	if next := end.AddDate(0, 0, 7); !next.After(now) {
		vm.Next = next.Format(dateLayout)
	} else if !end.Equal(dayStart(now)) {
		vm.Next = now.Format(dateLayout)
	}
	var energy, cost []views.BarValue
	var sumKcal float64
	var sumCost int64
	logged := 0
	targets, hasTargets := nutrition.ComputeTargets(suggest.ProfileOf(u), now)
	var budget int64
	for k := 0; k < 7; k++ {
		d := start.AddDate(0, 0, k)
		t := nutrition.Totals(byDay[k])
		wd := views.WeekDay{Date: d.Format(dateLayout), Label: i18n.Date(c.UserContext(), d, "Mon 2 Jan"), Entries: t.Items,
			Energy: views.Num(t.Amounts.EnergyKcal, 0) + " kcal", Carb: views.Num(t.Amounts.CarbG, 0) + " g", Cost: views.UGX(t.Cost.UGX), GL: "—"}
		if t.GL.Known() {
			wd.GL = views.Num(t.GL.Value, 0) + " (" + string(nutrition.DayGLBand(t.GL.Value)) + ")"
		}
		vm.Days = append(vm.Days, wd)
		ec, cc := "", ""
		if hasTargets && t.Amounts.EnergyKcal > targets.EnergyKcal*1.1 {
			ec = "over"
		}
		if u.MonthlyBudgetUgx != nil {
			budget = nutrition.DailyBudget(*u.MonthlyBudgetUgx, d)
			if t.Cost.UGX > budget {
				cc = "over"
			}
		}
		energy = append(energy, views.BarValue{Label: i18n.Date(c.UserContext(), d, "Mon"), Value: views.Num(t.Amounts.EnergyKcal, 0), V: t.Amounts.EnergyKcal, Class: ec})
		cost = append(cost, views.BarValue{Label: i18n.Date(c.UserContext(), d, "Mon"), Value: views.Num(float64(t.Cost.UGX)/1000, 1) + "k", V: float64(t.Cost.UGX), Class: cc})
		if t.Items > 0 {
			logged++
			sumKcal += t.Amounts.EnergyKcal
			sumCost += t.Cost.UGX
		}
	}
	var tKcal float64
	energySummary := "Energy each day, kcal."
	if hasTargets {
		tKcal = targets.EnergyKcal
		energySummary = fmt.Sprintf("Energy each day against your target of %s kcal.", views.Num(tKcal, 0))
	}
	vm.EnergyChart = views.NewBarChart("week-energy", "Energy per day (kcal)", energySummary, energy, tKcal, "target")
	costSummary := "Food cost each day in thousands of UGX."
	if budget > 0 {
		costSummary = fmt.Sprintf("Food cost each day against your daily budget of %s.", views.UGX(budget))
	}
	vm.CostChart = views.NewBarChart("week-cost", "Cost per day (UGX)", costSummary, cost, float64(budget), "budget")
	if logged > 0 {
		vm.Summary = fmt.Sprintf("%d of 7 days logged; on those days on average %s kcal and %s.", logged,
			views.Num(sumKcal/float64(logged), 0), views.UGX(sumCost/int64(logged)))
	} else {
		vm.Summary = "Nothing logged this week."
	}
	return s.render(c, 200, views.WeekPage(s.page(c, "Week", "diary"), vm))
}
