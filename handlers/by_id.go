package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// byID loads the signed-in user's row named by the route's :id with get: a malformed id,
// or a row that is missing or someone else's, is a 404.
func byID[T any](c *fiber.Ctx, get func(ctx context.Context, id int64, u *db.User) (T, error)) (T, error) {
	id, err := idParam(c, "id")
	if err != nil {
		var zero T
		return zero, err
	}
	row, err := get(c.UserContext(), id, currentUser(c))
	if err != nil {
		return row, getOrNotFound(err)
	}
	return row, nil
}

// deleteByID deletes the signed-in user's row named by the route's :id with del, which
// answers the error to return (a row that is missing or someone else's is a 404); then msg
// is flashed and the browser sent to next.
func (s *Server) deleteByID(c *fiber.Ctx, msg, next string, del func(ctx context.Context, id int64, u *db.User) error) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := del(c.UserContext(), id, currentUser(c)); err != nil {
		return err
	}
	s.setFlash(c, "ok", msg)
	return redirect(c, next)
}

// userGoal is the signed-in user's goal named by :id.
func (s *Server) userGoal(c *fiber.Ctx) (db.Goal, error) {
	return byID(c, func(ctx context.Context, id int64, u *db.User) (db.Goal, error) {
		return s.DB.GetGoal(ctx, db.GetGoalParams{ID: id, UserID: u.ID})
	})
}

// userRecord is the signed-in user's diabetes record named by :id.
func (s *Server) userRecord(c *fiber.Ctx) (db.DiabetesRecord, error) {
	return byID(c, func(ctx context.Context, id int64, u *db.User) (db.DiabetesRecord, error) {
		return s.DB.GetDiabetesRecord(ctx, db.GetDiabetesRecordParams{ID: id, UserID: u.ID})
	})
}

// shownFood is the food named by :id as the signed-in user sees it (404 when it is not
// there or not theirs to see).
func (s *Server) shownFood(c *fiber.Ctx) (catalog.Card, error) {
	return byID(c, func(ctx context.Context, id int64, u *db.User) (catalog.Card, error) {
		return s.Catalog.Food(ctx, u.ID, id)
	})
}

// userFoodLog is the user's diary entry id and its food's card; a 404 when either is
// missing or the entry is someone else's.
func (s *Server) userFoodLog(ctx context.Context, u *db.User, id int64) (db.GetFoodLogRow, catalog.Card, error) {
	r, err := s.DB.GetFoodLog(ctx, db.GetFoodLogParams{ID: id, UserID: u.ID})
	if err != nil {
		return r, catalog.Card{}, getOrNotFound(err)
	}
	card, err := s.Catalog.Food(ctx, u.ID, r.FoodItemID)
	if err != nil {
		return r, card, getOrNotFound(err)
	}
	return r, card, nil
}
