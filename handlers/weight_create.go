package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) weightCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	in := tracking.WeightInput{Weight: c.FormValue("weight"), When: c.FormValue("when")}
	quick := c.FormValue("quick") == "1"
	_, err := s.book.CreateWeight(c.UserContext(), *u, logbook.FromForm, in)
	if errs, ok := logbook.Invalid(err); ok {
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
	if err != nil {
		return errInternal(err)
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
	return s.deleteByID(c, "Weigh-in deleted.", "/weight", func(ctx context.Context, id int64, u *db.User) error {
		return bookErr(s.book.DeleteWeight(ctx, *u, logbook.FromForm, id))
	})
}
