package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// recommendationAccept adds a suggestion to the diary (one entry: the serving, its cost,
// now, the suggestion's meal) and records the answer.
func (s *Server) recommendationAccept(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a, err := s.suggest.Accept(c.UserContext(), u.ID, id, db.Now())
	if err != nil {
		return s.answerError(c, err)
	}
	r := a.Rec
	msg := "Added to your diary: " + r.FoodName + ", " + views.Num(r.ServingGrams, 0) + " g at " +
		nutrition.MealLabel(r.MealType) + " today"
	if r.EstimatedCostUgx != nil {
		msg += " (" + views.UGX(*r.EstimatedCostUgx) + ")"
	}
	return s.answered(c, r, msg+".")
}

// recommendationReject records "not now".
func (s *Server) recommendationReject(c *fiber.Ctx) error { return s.reject(c, false) }

// recommendationDislike records "not for me": turned down, and never suggested again.
func (s *Server) recommendationDislike(c *fiber.Ctx) error { return s.reject(c, true) }

func (s *Server) reject(c *fiber.Ctx, notForMe bool) error {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.suggest.Reject(c.UserContext(), u.ID, id, notForMe, db.Now())
	if err != nil {
		return s.answerError(c, err)
	}
	msg := "Noted: " + r.FoodName + " will come up less often."
	if notForMe {
		msg = "Noted: we will not suggest " + r.FoodName + " again. You can undo this at the foot of the page."
	}
	return s.answered(c, r, msg)
}

// answered swaps the card for its answered state (htmx) or goes back to the page.
func (s *Server) answered(c *fiber.Ctx, r db.RecGetRow, msg string) error {
	if !isHTMX(c) {
		s.setFlash(c, "ok", msg)
		return redirect(c, "/recommendations")
	}
	toast(c, msg, "diary-changed")
	it := views.RecItemVM{ID: r.ID, Name: r.FoodName, Reasoning: r.Reasoning, Serving: servingText(r.ServingGrams, ""),
		Cost: "price not known", Meta: recMeta(r.RecType, r.Confidence, r.ModelVersion), Status: r.Status, Message: msg}
	if r.EstimatedCostUgx != nil {
		it.Cost = views.UGX(*r.EstimatedCostUgx)
	}
	return s.render(c, 200, views.RecCard(csrfToken(c), it))
}

func (s *Server) answerError(c *fiber.Ctx, err error) error {
	switch {
	case db.IsNotFound(err):
		return errNotFound()
	case errors.Is(err, suggest.ErrAnswered):
		return &HTTPError{Status: 409, Msg: "You already answered this suggestion.", Cause: err}
	}
	return errInternal(err)
}

// recommendationUndislike lets a food be suggested again.
func (s *Server) recommendationUndislike(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := idParam(c, "food")
	if err != nil {
		return err
	}
	ok, err := s.suggest.Undislike(c.UserContext(), u.ID, id)
	if err != nil {
		return errInternal(err)
	}
	if !ok {
		return errNotFound()
	}
	s.setFlash(c, "ok", "That food may be suggested again.")
	return redirect(c, "/recommendations")
}
