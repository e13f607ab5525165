package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

func goalTypeOptions() []views.Option {
	out := make([]views.Option, len(goals.Types))
	for i, t := range goals.Types {
		out[i] = views.Option{Value: string(t), Label: t.Label()}
	}
	return out
}

func statusOptions() []views.Option {
	out := make([]views.Option, len(goals.Statuses))
	for i, s := range goals.Statuses {
		out[i] = views.Option{Value: s, Label: goals.StatusLabel(s)}
	}
	return out
}

// goalValue shows a stored goal value in the user's units.
func goalValue(t goals.Type, v float64, unit glucose.Unit) string {
	switch t {
	case goals.FastingGlucose:
		return glucose.Format(v, unit)
	case goals.TimeInRange:
		return fmt.Sprintf("%.0f %% of readings", v)
	case goals.HbA1c:
		return fmt.Sprintf("%.1f %%", v)
	case goals.DailyCarbs:
		return views.Num(v, 0) + " g a day"
	case goals.DailyBudget:
		return views.UGX(int64(v+0.5)) + " a day"
	}
	return views.Num(v, 1) + " kg"
}

// goalRow computes a goal's progress from its latest value (nil: none yet).
func goalRow(id int64, typ, title, status string, start, target float64, date *time.Time, latest *float64, unit glucose.Unit) views.GoalRow {
	t := goals.Type(typ)
	r := views.GoalRow{ID: id, Title: title, TypeLabel: t.Label(), Status: status, StatusLabel: goals.StatusLabel(status)}
	if r.Title == "" {
		r.Title = t.Label()
	}
	now := "no progress recorded yet"
	if latest != nil {
		p := goals.Measure(goalOf(typ, start, target, date), *latest)
		r.Percent, r.Away = p.Percent, p.Raw < 0
		now = goalValue(t, *latest, unit) + " now"
	}
	r.Progress = now + " · started " + goalValue(t, start, unit) + " · target " + goalValue(t, target, unit)
	if status == goals.StatusCompleted {
		r.Percent = 100
	}
	if date != nil {
		r.Due = "Target date " + date.Format("2 Jan 2006")
	}
	switch goals.SourceOf(t) {
	case goals.FromWeight:
		r.Auto = "Filled in from your weigh-ins."
	case goals.FromHbA1c:
		r.Auto = "Filled in from your HbA1c results."
	case goals.FromGlucose:
		r.Auto = fmt.Sprintf("Filled in daily from your last %d days of readings.", goals.GlucoseWindowDays)
	}
	return r
}

func blankGoalForm(u *db.User) views.NewGoalForm {
	return views.NewGoalForm{Type: string(goals.LoseWeight), Types: goalTypeOptions(), GlucoseUnit: string(userUnit(u))}
}

func (s *Server) goalsList(c *fiber.Ctx) error {
	u := currentUser(c)
	vm, err := s.goalsVM(c, u, blankGoalForm(u))
	if err != nil {
		return err
	}
	return s.render(c, 200, views.GoalsPage(s.page(c, "Goals", "goals"), vm))
}

func (s *Server) goalsVM(c *fiber.Ctx, u *db.User, f views.NewGoalForm) (views.GoalsVM, error) {
	rows, err := s.DB.ListGoalsWithLatest(c.UserContext(), db.ListGoalsWithLatestParams{UserID: u.ID, OnlyActive: false})
	if err != nil {
		return views.GoalsVM{}, errInternal(err)
	}
	vm := views.GoalsVM{Form: f}
	for _, g := range rows {
		vm.Goals = append(vm.Goals, goalRow(g.ID, g.GoalType, g.Title, g.Status, g.StartValue, g.TargetValue, g.TargetDate, g.LatestValue, userUnit(u)))
	}
	return vm, nil
}

// currentValue is the latest value the records give for a goal type (the default start).
func (s *Server) currentValue(c *fiber.Ctx, u *db.User, t goals.Type) (*float64, error) {
	ctx := c.UserContext()
	switch goals.SourceOf(t) {
	case goals.FromWeight:
		return u.WeightKg, nil
	case goals.FromHbA1c:
		rows, err := s.DB.ListHbA1c(ctx, db.ListHbA1cParams{UserID: u.ID, Lim: 1})
		if err != nil || len(rows) == 0 {
			return nil, err
		}
		return rows[0].Hba1cPercent, nil
	case goals.FromGlucose:
		loc := userLoc(u)
		from, to := glucose.Window(db.Now().In(loc), goals.GlucoseWindowDays)
		rows, err := s.DB.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: u.ID, Since: from.UTC()})
		if err != nil {
			return nil, err
		}
		if v, ok := goals.GlucoseValue(t, glucose.Compute(logbook.Readings(rows, loc), from, to)); ok {
			return &v, nil
		}
	}
	return nil, nil
}

func (s *Server) goalCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	in := tracking.GoalInput{Type: c.FormValue("type"), Title: c.FormValue("title"), Start: c.FormValue("start"),
		Target: c.FormValue("target"), TargetDate: c.FormValue("target_date")}
	var cur *float64
	if t := goals.Type(in.Type); t.Valid() {
		var err error
		if cur, err = s.currentValue(c, u, t); err != nil {
			return errInternal(err)
		}
	}
	g, errs := in.Parse(userUnit(u), localNow(u), cur)
	if len(errs) > 0 {
		f := blankGoalForm(u)
		f.Type, f.Title, f.Start, f.Target, f.TargetDate, f.Errors = in.Type, in.Title, in.Start, in.Target, in.TargetDate, views.Errors(errs)
		if isHTMX(c) {
			return s.render(c, 422, views.GoalFormFragment(csrfToken(c), f))
		}
		vm, err := s.goalsVM(c, u, f)
		if err != nil {
			return err
		}
		return s.render(c, 422, views.GoalsPage(s.page(c, "Goals", "goals"), vm))
	}
	now := db.Now()
	_, err := s.DB.CreateGoal(ctx, db.CreateGoalParams{UserID: u.ID, GoalType: string(g.Type), Title: g.Title, TargetValue: g.Target,
		StartValue: g.Start, Unit: g.Unit, TargetDate: g.TargetDate, SetBy: &u.ID, CreatedAt: now})
	if err != nil {
		return errInternal(err)
	}
	s.setFlash(c, "ok", "Goal saved.")
	return redirect(c, "/goals")
}
