package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) weightCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	in := tracking.WeightInput{Weight: c.FormValue("weight"), When: c.FormValue("when")}
	quick := c.FormValue("quick") == "1"
	w, errs := in.Parse(userLoc(u), db.Now())
	if len(errs) > 0 {
		f := views.WeightForm{Weight: in.Weight, When: in.When, Errors: views.Errors(errs), Quick: quick}
		if isHTMX(c) {
			return s.render(c, 422, views.WeightFormFragment(csrfToken(c), f))
		}
		vm, err := s.weightVM(c, u, f)
		if err != nil {
			return err
		}
		return s.render(c, 422, views.WeightPage(s.page(c, "Weight", "records"), vm))
	}
	now := db.Now()
	err := s.DB.InTx(ctx, func(q db.Queries) error {
		if _, err := q.CreateWeightEntry(ctx, db.CreateWeightEntryParams{Uuid: newUUID(), UserID: u.ID, WeightKg: w.Kg,
			RecordedAt: w.At, CreatedAt: now}); err != nil {
			return err
		}
		// The profile shows the latest weigh-in (and the energy targets use it).
		return q.SyncUserWeight(ctx, db.SyncUserWeightParams{ID: u.ID, UpdatedAt: now})
	})
	if err != nil {
		return errInternal(err)
	}
	if err := s.autoProgress(ctx, u, goals.FromWeight, w.Kg, w.At); err != nil {
		return err
	}
	msg := "Weight saved."
	if isHTMX(c) && quick {
		toast(c, msg, "weight-changed")
		return s.render(c, 200, views.WeightFormFragment(csrfToken(c), views.WeightForm{Quick: true, Saved: msg}))
	}
	s.setFlash(c, "ok", msg)
	return redirect(c, "/weight")
}

func (s *Server) weightDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var n int64
	err = s.DB.InTx(ctx, func(q db.Queries) error {
		var err error
		if n, err = q.DeleteWeightEntry(ctx, db.DeleteWeightEntryParams{ID: id, UserID: u.ID}); err != nil || n == 0 {
			return err
		}
		return q.SyncUserWeight(ctx, db.SyncUserWeightParams{ID: u.ID, UpdatedAt: db.Now()})
	})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.setFlash(c, "ok", "Weigh-in deleted.")
	return redirect(c, "/weight")
}
