package handlers

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) goalProgressCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	g, err := s.userGoal(c)
	if err != nil {
		return err
	}
	t := goals.Type(g.GoalType)
	in := tracking.ProgressInput{Value: c.FormValue("value"), Note: c.FormValue("note"), When: c.FormValue("when")}
	out, err := s.book.CreateProgress(ctx, *u, logbook.FromForm, logbook.ProgressIn{Goal: bookGoal(g), Input: in})
	if errs, ok := logbook.Invalid(err); ok {
		f := views.ProgressForm{GoalID: g.ID, Value: in.Value, Note: in.Note, When: in.When,
			Unit: tracking.GoalFormUnit(t, userUnit(u)), Errors: views.Errors(errs)}
		if isHTMX(c) {
			return s.render(c, 422, views.ProgressFormFragment(csrfToken(c), f))
		}
		vm, err := s.goalVM(c, u, g, f)
		if err != nil {
			return err
		}
		return s.render(c, 422, views.GoalPage(s.page(c, vm.Goal.Title, "goals"), vm))
	}
	if err != nil {
		return errInternal(err)
	}
	msg := "Progress saved."
	if out.Completed {
		msg = "Goal reached — well done! It is now marked completed."
	}
	s.setFlash(c, "ok", msg)
	return redirect(c, goalPath(g.ID))
}

// bookGoal is the logbook's view of a goal.
func bookGoal(g db.Goal) logbook.Goal {
	return logbook.Goal{ID: g.ID, Type: g.GoalType, Status: g.Status, Start: g.StartValue, Target: g.TargetValue, TargetDate: g.TargetDate}
}

func goalPath(id int64) string { return "/goals/" + strconv.FormatInt(id, 10) }

func (s *Server) goalProgressDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	pid, err := idParam(c, "pid")
	if err != nil {
		return err
	}
	n, err := s.DB.DeleteGoalProgress(c.UserContext(), db.DeleteGoalProgressParams{ID: pid, GoalID: id, UserID: u.ID})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.setFlash(c, "ok", "Entry deleted.")
	return redirect(c, goalPath(id))
}

func (s *Server) goalStatus(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	g, err := s.userGoal(c)
	if err != nil {
		return err
	}
	id := g.ID
	st := c.FormValue("status")
	if !goals.ValidStatus(st) {
		vm, err := s.goalVM(c, u, g, views.ProgressForm{GoalID: g.ID, Unit: tracking.GoalFormUnit(goals.Type(g.GoalType), userUnit(u))})
		if err != nil {
			return err
		}
		vm.StatusError = "Choose active, completed, paused or abandoned."
		return s.render(c, 422, views.GoalPage(s.page(c, vm.Goal.Title, "goals"), vm))
	}
	now := db.Now()
	var completed = g.CompletedAt
	if st == goals.StatusCompleted && completed == nil {
		completed = &now
	} else if st != goals.StatusCompleted {
		completed = nil
	}
	n, err := s.DB.SetGoalStatus(ctx, db.SetGoalStatusParams{ID: id, UserID: u.ID, Status: st, CompletedAt: completed, UpdatedAt: now})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.setFlash(c, "ok", "Goal is now "+goals.StatusLabel(st)+".")
	return redirect(c, goalPath(id))
}

func (s *Server) goalDelete(c *fiber.Ctx) error {
	return s.deleteByID(c, "Goal deleted.", "/goals", func(ctx context.Context, id int64, u *db.User) error {
		return rowsOrNotFound(s.DB.DeleteGoal(ctx, db.DeleteGoalParams{ID: id, UserID: u.ID}))
	})
}
