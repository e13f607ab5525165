package handlers

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// newLog is an entry to insert (copied or from a saved meal).
type newLog struct {
	FoodID        int64
	Meal, Measure string
	Grams, Qty    float64
	At            time.Time
}

// insertLogs adds entries in one transaction, each costed at its food's current price per kg
// (one query for all the prices).
func (s *Server) insertLogs(ctx context.Context, userID int64, logs []newLog) error {
	ids := make([]int64, 0, len(logs))
	seen := map[int64]bool{}
	for _, l := range logs {
		if !seen[l.FoodID] {
			seen[l.FoodID] = true
			ids = append(ids, l.FoodID)
		}
	}
	cards, err := s.DB.ListFoodCardsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	pricePerKg := map[int64]float64{}
	for _, c := range cards {
		if c.PriceUgx != nil && c.PerUnit != nil && *c.PerUnit == "kg" {
			pricePerKg[c.ID] = *c.PriceUgx
		}
	}
	now := db.Now()
	return s.DB.InTx(ctx, func(q db.Queries) error {
		for _, l := range logs {
			var cost *int64
			if p, ok := pricePerKg[l.FoodID]; ok {
				v := nutrition.CostUGX(l.Grams, p)
				cost = &v
			}
			if _, err := q.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: newUUID(), UserID: userID, FoodItemID: l.FoodID,
				MealType: l.Meal, Grams: l.Grams, MeasureLabel: l.Measure, Quantity: l.Qty, CostUgx: cost, ConsumedAt: l.At,
				CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
}

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
		var logs []newLog
		for _, r := range rows {
			if meal == "" || r.MealType == meal {
				logs = append(logs, newLog{FoodID: r.FoodItemID, Meal: r.MealType, Measure: r.MeasureLabel, Grams: r.Grams,
					Qty: r.Quantity, At: onDay(r.ConsumedAt, to, now, loc)})
			}
		}
		if len(logs) == 0 {
			problem = "Nothing was logged on " + from.Format("2 Jan 2006") + " to copy."
		} else {
			if err := s.insertLogs(ctx, u.ID, logs); err != nil {
				return errInternal(err)
			}
			s.setFlash(c, "ok", "Copied "+strconv.Itoa(len(logs))+" entries.")
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
