package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

const progressShown = 100

func (s *Server) goalShow(c *fiber.Ctx) error {
	u := currentUser(c)
	g, err := s.userGoal(c)
	if err != nil {
		return err
	}
	f := views.ProgressForm{GoalID: g.ID, When: formTime(db.Now(), userLoc(u)),
		Unit: tracking.GoalFormUnit(goals.Type(g.GoalType), userUnit(u))}
	vm, err := s.goalVM(c, u, g, f)
	if err != nil {
		return err
	}
	return s.render(c, 200, views.GoalPage(s.page(c, vm.Goal.Title, "goals"), vm))
}

func (s *Server) goalVM(c *fiber.Ctx, u *db.User, g db.Goal, f views.ProgressForm) (views.GoalPageVM, error) {
	entries, err := s.DB.ListGoalProgress(c.UserContext(), db.ListGoalProgressParams{GoalID: g.ID, UserID: u.ID, Lim: progressShown})
	if err != nil {
		return views.GoalPageVM{}, errInternal(err)
	}
	unit, loc := userUnit(u), userLoc(u)
	var latest *float64
	if len(entries) > 0 {
		latest = &entries[0].Value
	}
	vm := views.GoalPageVM{Goal: goalRow(g.ID, g.GoalType, g.Title, g.Status, g.StartValue, g.TargetValue, g.TargetDate, latest, unit),
		Form: f, Statuses: statusOptions()}
	for _, e := range entries {
		vm.Entries = append(vm.Entries, views.ProgressRow{ID: e.ID, When: showTime(e.RecordedAt, loc),
			Value: goalValue(goals.Type(g.GoalType), e.Value, unit), Note: e.Note, Source: e.Source})
	}
	return vm, nil
}
