package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// dashboardDays is the glucose window of the home page (the 14-day in-range bar and chart).
const dashboardDays = 14

// dashboard is the patient's home page: today's diary against the targets, glucose,
// goals and quick-add forms. Three queries whatever the amount of data.
func (s *Server) dashboard(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	loc := userLoc(u)
	now := db.Now().In(loc)

	from, to := dayBounds(now, loc)
	diary, err := s.DB.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: from, Until: to})
	if err != nil {
		return errInternal(err)
	}
	card, err := s.glucoseCard(ctx, u, now)
	if err != nil {
		return err
	}
	active, err := s.DB.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: u.ID, OnlyActive: true})
	if err != nil {
		return errInternal(err)
	}

	vm := views.DashboardVM{FirstName: u.FirstName, DateLabel: now.Format("Mon 2 Jan"), Glucose: card, Contexts: contextOptions()}
	vm.GlucoseForm = blankRecordForm(u, "glucose")
	vm.GlucoseForm.Quick = true
	vm.WeightForm = views.WeightForm{Quick: true}
	day := nutrition.Totals(diaryItems(diary))
	fillDayVM(&vm, u, day, now)
	for _, g := range active {
		vm.Goals = append(vm.Goals, goalRow(g.ID, g.GoalType, g.Title, g.Status, g.StartValue, g.TargetValue, g.TargetDate, g.LatestValue, userUnit(u)))
	}
	return s.render(c, 200, views.Dashboard(s.page(c, "Home", "home"), vm))
}

// fillDayVM sets today's totals, targets, cost and glycaemic load.
func fillDayVM(vm *views.DashboardVM, u *db.User, day nutrition.DayTotals, now time.Time) {
	vm.Entries = day.Items
	if t, ok := nutrition.ComputeTargets(suggest.ProfileOf(u), now); ok {
		vm.Targets = targetRows(nutrition.Compare(day, t))
		vm.TargetNotes = t.Notes
	} else {
		vm.Missing = strings.Join(suggest.ProfileOf(u).Missing(), ", ")
	}
	vm.Cost = views.UGX(day.Cost.UGX)
	vm.Unpriced = day.Cost.Unpriced
	if u.MonthlyBudgetUgx != nil {
		b := nutrition.DailyBudget(*u.MonthlyBudgetUgx, now)
		vm.Budget, vm.CostOver = views.UGX(b), day.Cost.UGX > b
	}
	if day.GL.Known() {
		vm.DayGL = views.Num(day.GL.Value, 0)
		vm.DayGLBand = string(nutrition.DayGLBand(day.GL.Value))
		if !day.GL.Complete() {
			vm.GLNote = fmt.Sprintf("(%d of %d foods have a published GI)", day.GL.Items, day.GL.Items+day.GL.Unknown)
		}
	}
}

func targetRows(cs []nutrition.Comparison) []views.TargetRow {
	out := make([]views.TargetRow, len(cs))
	for i, c := range cs {
		prefix := ""
		switch c.Kind {
		case nutrition.Minimum:
			prefix = "at least "
		case nutrition.Maximum:
			prefix = "under "
		}
		out[i] = views.TargetRow{Label: c.Label, Value: views.Num(c.Value, c.Decimals) + " " + c.Unit,
			Target: prefix + views.Num(c.Target, c.Decimals) + " " + c.Unit, Pct: c.Percent(), Status: c.Status()}
		out[i].Value = partialSum(out[i].Value, c.Without, c.Items)
	}
	return out
}

// diaryItems turns diary rows into the nutrition package's items.
func diaryItems(rows []db.ListDiaryBetweenRow) []nutrition.Item {
	out := make([]nutrition.Item, len(rows))
	for i, r := range rows {
		out[i] = nutrition.Item{Meal: r.MealType, Grams: r.Grams, GI: r.GlycaemicIndex, CostUGX: r.CostUgx,
			Per100g: nutrition.Amounts{EnergyKcal: r.EnergyKcal, CarbG: r.CarbG, ProteinG: r.ProteinG, FatG: r.FatG,
				FibreG: r.FibreG, SugarsG: deref(r.SugarsG), SodiumMg: r.SodiumMg},
			SugarsUnknown: r.SugarsG == nil}
	}
	return out
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// glucoseCard builds the glucose summary from the last 14 days (one query).
func (s *Server) glucoseCard(ctx context.Context, u *db.User, now time.Time) (views.GlucoseCard, error) {
	loc, unit := userLoc(u), userUnit(u)
	from, to := glucose.Window(now, dashboardDays)
	rows, err := s.DB.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: u.ID, Since: from.UTC()})
	if err != nil {
		return views.GlucoseCard{}, errInternal(err)
	}
	rs := logbook.Readings(rows, loc)
	var card views.GlucoseCard
	if tr, ok := glucose.LatestTrend(rs); ok {
		b := glucose.Classify(tr.Latest.Mgdl)
		card.HasLatest = true
		card.Latest = glucose.Format(tr.Latest.Mgdl, unit)
		card.When = i18n.Date(ctx, tr.Latest.At, "Mon 2 Jan, 15:04") + " · " + i18n.Text(ctx, tr.Latest.Context.Label())
		card.BandClass, card.BandLabel = "band-"+b.String(), b.LabelIn(i18n.From(ctx), unit)
		card.Arrow = tr.Direction.Arrow()
		if b == glucose.VeryLow || b == glucose.Low {
			f := glucose.FeedbackIn(i18n.From(ctx), tr.Latest.Mgdl, unit, u.DiabetesType)
			card.LowAdvice = feedbackVM(&f)
		}
		if tr.Direction == glucose.Unknown {
			card.TrendText = "No trend: " + tr.Reason + " " + glucose.TrendRule()
		} else {
			card.TrendText = fmt.Sprintf("Trend: %s, %s (from %d readings within %d hours).", tr.Direction,
				glucose.FormatRate(tr.PerHour, unit), tr.N, int(glucose.TrendLookback.Hours()))
		}
	}
	st := glucose.Compute(rs, from, to)
	if st.N == 0 {
		card.InRangeText = i18n.T(ctx, "home.noreadings")
	} else {
		shares := make([]float64, len(glucose.Bands))
		classes := make([]string, len(glucose.Bands))
		labels := make([]string, len(glucose.Bands))
		for i, b := range glucose.Bands {
			sh := st.Share(b)
			shares[i], classes[i] = sh.Percent(), b.String()
			labels[i] = i18n.T(ctx, "glucose.stack.label", "Band", b.LabelIn(i18n.From(ctx), unit), "Pct", fmt.Sprintf("%.0f", sh.Percent()), "Count", sh.Count)
		}
		card.InRange = views.Stack(shares, classes, labels)
		card.InRangeText = i18n.T(ctx, "glucose.inrange.text", "InRange", fmt.Sprintf("%.0f", st.InRange.Percent()),
			"Count", st.InRange.Count, "N", st.N, "Below", fmt.Sprintf("%.0f", st.BelowRange.Percent()),
			"Above", fmt.Sprintf("%.0f", st.AboveRange.Percent()))
	}
	card.Chart = glucoseChart("glucose-chart", rs, now, dashboardDays, unit)
	return card, nil
}

// dashboardGlucose answers the glucose card alone (htmx refresh after a quick add).
func (s *Server) dashboardGlucose(c *fiber.Ctx) error {
	u := currentUser(c)
	card, err := s.glucoseCard(c.UserContext(), u, db.Now().In(userLoc(u)))
	if err != nil {
		return err
	}
	c.Vary("HX-Request")
	return s.render(c, 200, views.GlucoseCardFragment(card))
}
