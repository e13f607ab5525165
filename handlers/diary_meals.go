package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

// savedMealCreate saves one meal of a day as a reusable meal.
func (s *Server) savedMealCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	loc := userLoc(u)
	day, problem := diaryDate(c.FormValue("date"), loc, db.Now())
	if problem != "" {
		return &HTTPError{Status: 400, Msg: problem}
	}
	meal := c.FormValue("meal")
	if !nutrition.ValidMeal(meal) {
		return &HTTPError{Status: 400, Msg: "Choose breakfast, lunch, dinner or snack."}
	}
	name, errs := tracking.SavedMealInput{Name: c.FormValue("name")}.Parse()
	since, until := dayBounds(day, loc)
	rows, err := s.DB.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: since, Until: until})
	if err != nil {
		return errInternal(err)
	}
	var items []db.ListDiaryBetweenRow
	for _, r := range rows {
		if r.MealType == meal {
			items = append(items, r)
		}
	}
	if len(items) == 0 && len(errs) == 0 {
		errs["name"] = "This meal has no entries to save."
	}
	if len(errs) > 0 {
		vm, err := s.diaryVM(c, u, day)
		if err != nil {
			return err
		}
		vm.Errors["name-"+meal] = errs["name"]
		return s.render(c, 422, views.DiaryPage(s.page(c, "Food diary", "diary"), vm))
	}
	now := db.Now()
	err = s.DB.InTx(ctx, func(q db.Queries) error {
		m, err := q.CreateSavedMeal(ctx, db.CreateSavedMealParams{Uuid: newUUID(), UserID: u.ID, Name: name, MealType: meal, CreatedAt: now})
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := q.AddSavedMealItem(ctx, db.AddSavedMealItemParams{SavedMealID: m.ID, FoodItemID: it.FoodItemID, Grams: it.Grams,
				MeasureLabel: it.MeasureLabel, Quantity: it.Quantity}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return errInternal(err)
	}
	s.setFlash(c, "ok", "Saved “"+name+"”: log it from Saved meals in one step.")
	return redirect(c, "/diary?date="+day.Format(dateLayout))
}

// mealClock is the time a saved meal is logged at on a past day.
var mealClock = map[string]int{"breakfast": 8, "lunch": 13, "dinner": 19, "snack": 16}

// savedMealLog logs every food of a saved meal on a day in one step.
func (s *Server) savedMealLog(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	loc := userLoc(u)
	m, err := byID(c, func(ctx context.Context, id int64, u *db.User) (db.SavedMeal, error) {
		return s.DB.GetSavedMeal(ctx, db.GetSavedMealParams{ID: id, UserID: u.ID})
	})
	if err != nil {
		return err
	}
	now := db.Now()
	day, problem := diaryDate(c.FormValue("date"), loc, now)
	if problem != "" {
		vm, err := s.diaryVM(c, u, day)
		if err != nil {
			return err
		}
		vm.Errors["saved"] = problem
		return s.render(c, 422, views.DiaryPage(s.page(c, "Food diary", "diary"), vm))
	}
	items, err := s.DB.ListSavedMealItemsFor(ctx, db.ListSavedMealItemsForParams{ID: m.ID, UserID: u.ID})
	if err != nil {
		return errInternal(err)
	}
	at := now
	if y, mo, d := now.In(loc).Date(); !day.Equal(time.Date(y, mo, d, 0, 0, 0, 0, loc)) {
		y, mo, d := day.Date()
		at = time.Date(y, mo, d, mealClock[m.MealType], 0, 0, 0, loc).UTC()
	}
	logs := make([]logbook.Copied, len(items))
	for i, it := range items {
		logs[i] = logbook.Copied{FoodID: it.FoodItemID, Meal: m.MealType, Measure: it.MeasureLabel, Grams: it.Grams, Qty: it.Quantity, At: at}
	}
	if _, err := s.book.CopyFoodLogs(ctx, *u, logbook.FromForm, logs); err != nil {
		return errInternal(err)
	}
	s.setFlash(c, "ok", "Logged “"+m.Name+"”.")
	return redirect(c, "/diary?date="+day.Format(dateLayout))
}

func (s *Server) savedMealDelete(c *fiber.Ctx) error {
	return s.deleteByID(c, "Saved meal deleted.", "/diary", func(ctx context.Context, id int64, u *db.User) error {
		return rowsOrNotFound(s.DB.DeleteSavedMeal(ctx, db.DeleteSavedMealParams{ID: id, UserID: u.ID}))
	})
}
