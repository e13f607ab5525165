package handlers

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// onDay moves t to the same clock time on day (in loc), never later than now.
func onDay(t, day, now time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	y, m, d := day.In(loc).Date()
	out := time.Date(y, m, d, lt.Hour(), lt.Minute(), lt.Second(), 0, loc)
	if out.After(now) {
		out = now
	}
	return out.UTC()
}

// diaryCopy copies a previous day (or one meal of it) into another day.
func (s *Server) diaryCopy(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	loc := userLoc(u)
	now := db.Now()
	to, problemTo := diaryDate(c.FormValue("to"), loc, now)
	from, problem := diaryDate(c.FormValue("from"), loc, now)
	if c.FormValue("from") == "" {
		problem = "Choose the day to copy."
	}
	meal := c.FormValue("meal")
	if problem == "" && problemTo == "" && from.Equal(to) && meal == "" {
		problem = "Choose another day than this one."
	}
	if problemTo != "" {
		problem = problemTo
	}
	if meal != "" && !nutrition.ValidMeal(meal) {
		problem = "Choose breakfast, lunch, dinner or snack."
	}
	var rows []db.ListDiaryBetweenRow
	if problem == "" {
		since, until := dayBounds(from, loc)
		var err error
		if rows, err = s.DB.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: since, Until: until}); err != nil {
			return errInternal(err)
		}
		var logs []logbook.Copied
		for _, r := range rows {
			if meal == "" || r.MealType == meal {
				logs = append(logs, logbook.Copied{FoodID: r.FoodItemID, Meal: r.MealType, Measure: r.MeasureLabel, Grams: r.Grams,
					Qty: r.Quantity, At: onDay(r.ConsumedAt, to, now, loc)})
			}
		}
		if len(logs) == 0 {
			problem = "Nothing was logged on " + from.Format("2 Jan 2006") + " to copy."
		} else {
			n, err := s.book.CopyFoodLogs(ctx, *u, logbook.FromForm, logs)
			if err != nil {
				return errInternal(err)
			}
			s.setFlash(c, "ok", "Copied "+strconv.Itoa(n)+" entries.")
			return redirect(c, "/diary?date="+to.Format(dateLayout))
		}
	}
	vm, err := s.diaryVM(c, u, to)
	if err != nil {
		return err
	}
	vm.Errors["from"] = problem
	return s.render(c, 422, views.DiaryPage(s.page(c, "Food diary", "diary"), vm))
}
