package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

const (
	dateLayout      = "2006-01-02"
	quickFoods      = 10
	frequentSince   = 90 // days of history the frequent foods come from
	recentLogsShown = 30
)

// diaryDate reads ?date= as a day in the user's zone: today when empty; a date that is
// not a date, in the future or before 2000 is an error for the field.
func diaryDate(s string, loc *time.Location, now time.Time) (time.Time, string) {
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if s == "" {
		return today, ""
	}
	t, err := time.ParseInLocation(dateLayout, s, loc)
	switch {
	case err != nil || len(s) != len(dateLayout):
		return today, "Enter a date like 2025-06-01."
	case t.After(today):
		return today, "That day has not come yet."
	case t.Year() < tracking.EarliestYear:
		return today, "Choose a date from 2000 on."
	}
	return t, ""
}

func mealOptions() []views.Option {
	out := make([]views.Option, len(nutrition.Meals))
	for i, m := range nutrition.Meals {
		out[i] = views.Option{Value: m, Label: nutrition.MealLabel(m)}
	}
	return out
}

// mealNow guesses the meal from the time of day (a default the person can change).
func mealNow(t time.Time) string {
	switch h := t.Hour(); {
	case h >= 5 && h < 11:
		return "breakfast"
	case h >= 11 && h < 16:
		return "lunch"
	case h >= 18 && h < 22:
		return "dinner"
	}
	return "snack"
}

func (s *Server) diaryDay(c *fiber.Ctx) error {
	u := currentUser(c)
	loc := userLoc(u)
	day, problem := diaryDate(c.Query("date"), loc, db.Now())
	if problem != "" {
		return &HTTPError{Status: 400, Msg: problem}
	}
	vm, err := s.diaryVM(c, u, day)
	if err != nil {
		return err
	}
	return s.render(c, 200, views.DiaryPage(s.page(c, "Food diary", "diary"), vm))
}

// diaryVM loads a day: its entries, the quick foods and the saved meals (four queries).
func (s *Server) diaryVM(c *fiber.Ctx, u *db.User, day time.Time) (views.DiaryVM, error) {
	ctx := c.UserContext()
	loc := userLoc(u)
	now := db.Now().In(loc)
	from, to := dayBounds(day, loc)
	rows, err := s.DB.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: from, Until: to})
	if err != nil {
		return views.DiaryVM{}, errInternal(err)
	}
	freq, err := s.DB.ListFrequentFoods(ctx, db.ListFrequentFoodsParams{UserID: u.ID, Since: now.AddDate(0, 0, -frequentSince).UTC(), Lim: quickFoods})
	if err != nil {
		return views.DiaryVM{}, errInternal(err)
	}
	recent, err := s.DB.ListRecentFoods(ctx, db.ListRecentFoodsParams{UserID: u.ID, Lim: recentLogsShown})
	if err != nil {
		return views.DiaryVM{}, errInternal(err)
	}
	saved, err := s.DB.ListSavedMealItems(ctx, u.ID)
	if err != nil {
		return views.DiaryVM{}, errInternal(err)
	}

	vm := views.DiaryVM{Date: day.Format(dateLayout), DateLabel: day.Format("Monday 2 January 2006"),
		Prev: day.AddDate(0, 0, -1).Format(dateLayout), MealOptions: mealOptions(), DefaultMeal: mealNow(now),
		Today: now.Format(dateLayout), Errors: views.Errors{}}
	if next := day.AddDate(0, 0, 1); !next.After(now) {
		vm.Next = next.Format(dateLayout)
	}
	items := diaryItems(rows)
	totals := nutrition.Totals(items)
	vm.Entries = totals.Items
	a := totals.Amounts
	sugars := partialSum(views.Num(a.SugarsG, 0)+" g", totals.SugarsUnknown, totals.Items)
	vm.TotalsText = fmt.Sprintf("%s kcal · carbohydrate %s g · protein %s g · fat %s g · fibre %s g · sugars %s · sodium %s mg",
		views.Num(a.EnergyKcal, 0), views.Num(a.CarbG, 0), views.Num(a.ProteinG, 0), views.Num(a.FatG, 0), views.Num(a.FibreG, 0),
		sugars, views.Num(a.SodiumMg, 0))
	var dvm views.DashboardVM
	fillDayVM(&dvm, u, totals, day)
	vm.Targets, vm.Missing, vm.Cost, vm.Budget, vm.CostOver, vm.Unpriced = dvm.Targets, dvm.Missing, dvm.Cost, dvm.Budget, dvm.CostOver, dvm.Unpriced
	vm.DayGL, vm.DayGLBand, vm.GLNote = dvm.DayGL, dvm.DayGLBand, dvm.GLNote
	if totals.SugarsUnknown > 0 {
		vm.SugarsNote = fmt.Sprintf("Sugars: %d of %d foods have no sugars figure in the food table, so the total is a minimum.",
			totals.SugarsUnknown, totals.Items)
	}
	vm.Meals = diaryMeals(rows, items, totals, loc)
	vm.Quick = quickList(freq, recent)
	if day.Format(dateLayout) != now.Format(dateLayout) {
		vm.QuickWhen = formTime(atDayTime(day, now, loc), loc)
	}
	vm.Saved = savedMeals(saved)
	return vm, nil
}

// diaryMeals groups the day's entries by meal, every meal shown (empty ones too).
func diaryMeals(rows []db.ListDiaryBetweenRow, items []nutrition.Item, totals nutrition.DayTotals, loc *time.Location) []views.DiaryMeal {
	byMeal := map[string]*views.DiaryMeal{}
	var out []views.DiaryMeal
	for _, m := range nutrition.Meals {
		out = append(out, views.DiaryMeal{Key: m, Label: nutrition.MealLabel(m), Energy: "0 kcal", Carb: "0 g", Cost: views.UGX(0)})
	}
	for i := range out {
		byMeal[out[i].Key] = &out[i]
	}
	for _, mt := range totals.Meals {
		m := byMeal[mt.Meal]
		m.Energy = views.Num(mt.Amounts.EnergyKcal, 0) + " kcal"
		m.Carb = views.Num(mt.Amounts.CarbG, 0) + " g"
		m.Cost = views.UGX(mt.Cost.UGX)
		if mt.GL.Known() {
			m.GL, m.GLBand = views.Num(mt.GL.Value, 0), string(nutrition.GLBand(mt.GL.Value))
		}
	}
	for i, r := range rows {
		it := items[i]
		a := it.Amounts()
		e := views.DiaryEntry{ID: r.ID, FoodID: r.FoodItemID, Time: r.ConsumedAt.In(loc).Format("15:04"), Food: r.FoodName,
			Amount: amountText(r.Grams, r.MeasureLabel, r.Quantity), Energy: views.Num(a.EnergyKcal, 0) + " kcal",
			Carb: views.Num(a.CarbG, 0) + " g", GL: "—", Cost: "—"}
		if gl := it.GL(); gl != nil {
			e.GL = views.Num(*gl, 0)
		}
		if r.CostUgx != nil {
			e.Cost = views.UGX(*r.CostUgx)
		}
		if m := byMeal[r.MealType]; m != nil {
			m.Entries = append(m.Entries, e)
		}
	}
	return out
}

func amountText(grams float64, measure string, qty float64) string {
	if measure == "" {
		return views.Num(grams, 0) + " g"
	}
	return views.Num(qty, 2) + " × " + measure + " (" + views.Num(grams, 0) + " g)"
}

// quickList puts the most frequent foods first, then other recent ones, without repeats.
func quickList(freq []db.ListFrequentFoodsRow, recent []db.ListRecentFoodsRow) []views.QuickFood {
	seen := map[int64]bool{}
	var out []views.QuickFood
	for _, f := range freq {
		if len(out) >= quickFoods {
			break
		}
		seen[f.ID] = true
		out = append(out, withUsualAmount(views.QuickFood{ID: f.ID, Name: f.Name, Hint: fmt.Sprintf("logged %d× lately", f.Times)}, recent))
	}
	for _, r := range recent {
		if len(out) >= quickFoods {
			break
		}
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		out = append(out, withUsualAmount(views.QuickFood{ID: r.ID, Name: r.Name, Hint: "recent"}, recent))
	}
	return out
}

func savedMeals(rows []db.ListSavedMealItemsRow) []views.SavedMealVM {
	var out []views.SavedMealVM
	var names []string
	var kcal float64
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].Foods = strings.Join(names, ", ")
			out[len(out)-1].Energy = views.Num(kcal, 0) + " kcal"
		}
	}
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].ID != r.MealID {
			flush()
			out = append(out, views.SavedMealVM{ID: r.MealID, Name: r.MealName, Meal: nutrition.MealLabel(r.MealType)})
			names, kcal = nil, 0
		}
		names = append(names, r.FoodName+" "+amountText(r.Grams, r.MeasureLabel, r.Quantity))
		kcal += r.EnergyKcal * r.Grams / 100
	}
	flush()
	return out
}

// withUsualAmount gives a quick food the amount of its latest entry, so "Log" repeats it.
func withUsualAmount(q views.QuickFood, recent []db.ListRecentFoodsRow) views.QuickFood {
	m, qty, grams, ok := usualAmount(recent, q.ID)
	if !ok {
		return q
	}
	q.Measure, q.Qty, q.Grams = m, qty, grams
	if m != "" {
		q.AmountLabel = qty + " × " + m
	} else {
		q.AmountLabel = grams + " g"
	}
	return q
}
