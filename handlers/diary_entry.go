package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

const pickerResults = 8

// diarySearch is the food picker: the catalogue's search, as an htmx fragment or a page.
func (s *Server) diarySearch(c *fiber.Ctx) error {
	u := currentUser(c)
	q := strings.TrimSpace(c.Query("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	date, meal := c.Query("date"), c.Query("meal")
	if _, problem := diaryDate(date, userLoc(u), db.Now()); problem != "" {
		date = ""
	}
	if !nutrition.ValidMeal(meal) {
		meal = ""
	}
	var foods []views.QuickFood
	if q != "" {
		res, err := s.Catalog.Search(c.UserContext(), catalog.Query{ViewerID: u.ID, Text: q, PerPage: pickerResults})
		if err != nil {
			return errInternal(err)
		}
		for _, card := range res.Cards {
			foods = append(foods, views.QuickFood{ID: card.ID, Name: card.Name, Hint: pickerHint(card.LocalNames)})
		}
	}
	c.Vary("HX-Request")
	if isHTMX(c) {
		return s.render(c, 200, views.PickerResults(foods, date, meal, q))
	}
	return s.render(c, 200, views.PickerPage(s.page(c, "Find a food", "diary"), foods, date, meal, q))
}

func pickerHint(s string) string {
	names := catalog.LocalNameList(s)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// logForm prepares the entry form for a food card.
func logForm(card catalog.Card, meals []views.Option) views.FoodLogForm {
	f := views.FoodLogForm{FoodID: card.ID, FoodName: card.Name, Meals: meals, Qty: "1"}
	if len(card.Measures) > 0 {
		f.Measure = card.Measures[0].Label
		for _, m := range card.Measures {
			f.Measures = append(f.Measures, views.Option{Value: m.Label, Label: "× " + m.Label + " (" + views.Num(m.Grams, 0) + " g)"})
			if m.Basis != "" {
				f.Bases = append(f.Bases, m.Label+" = "+views.Num(m.Grams, 0)+" g: "+m.Basis)
			}
		}
		f.Measures = append(f.Measures, views.Option{Value: "", Label: "grams"})
	}
	if cost, ok := card.ServingCostUGX(1000); ok {
		f.PriceNote = "Current price " + views.UGX(cost) + " a kg: the entry's cost is worked out from it now."
	} else {
		f.PriceNote = "No price per kg is known for this food: the entry will have no cost."
	}
	return f
}

// foodCard finds a food the user may log; any other id is a 404.
func (s *Server) foodCard(c *fiber.Ctx, u *db.User, raw string) (catalog.Card, error) {
	id, ok := tracking.ParseID(raw)
	if !ok {
		return catalog.Card{}, errNotFound()
	}
	card, err := s.Catalog.Food(c.UserContext(), u.ID, id)
	if err != nil {
		return card, getOrNotFound(err)
	}
	return card, nil
}

func (s *Server) diaryAddShow(c *fiber.Ctx) error {
	u := currentUser(c)
	card, err := s.foodCard(c, u, c.Query("food"))
	if err != nil {
		return err
	}
	loc := userLoc(u)
	now := db.Now().In(loc)
	day, problem := diaryDate(c.Query("date"), loc, db.Now())
	if problem != "" {
		day = now
	}
	f := logForm(card, mealOptions())
	recent, err := s.DB.ListRecentFoods(c.UserContext(), db.ListRecentFoodsParams{UserID: u.ID, Lim: recentLogsShown})
	if err != nil {
		return errInternal(err)
	}
	if m, q, g, ok := usualAmount(recent, card.ID); ok && (m == "" || hasMeasure(card, m)) {
		f.Measure, f.Qty, f.Grams = m, q, g
	}
	f.Meal = c.Query("meal")
	if !nutrition.ValidMeal(f.Meal) {
		f.Meal = mealNow(now)
	}
	f.Date = day.Format(dateLayout)
	f.When = formTime(atDayTime(day, now, loc), loc)
	return s.render(c, 200, views.FoodLogPage(s.page(c, "Log "+card.Name, "diary"), f))
}

// atDayTime is the current clock time on day (never later than now).
func atDayTime(day, now time.Time, loc *time.Location) time.Time {
	y, m, d := day.In(loc).Date()
	t := time.Date(y, m, d, now.Hour(), now.Minute(), 0, 0, loc)
	if t.After(now) {
		return now
	}
	return t
}

// foodLogInput reads the entry form. Its one amount field is how many of the chosen
// measure, or grams when no measure is chosen; "quantity" and "grams" are still read from
// clients that send them.
func foodLogInput(c *fiber.Ctx) tracking.FoodLogInput {
	in := tracking.FoodLogInput{FoodID: c.FormValue("food_id"), Meal: c.FormValue("meal"), Grams: c.FormValue("grams"),
		Measure: c.FormValue("measure"), Quantity: c.FormValue("quantity"), When: c.FormValue("when")}
	if amount, ok := formValue(c, "amount"); ok {
		if in.Measure != "" {
			in.Quantity = amount
		} else {
			in.Grams = amount
		}
	}
	return in
}

// formValue is a posted field and whether the form had it at all.
func formValue(c *fiber.Ctx, name string) (string, bool) {
	if c.Request().PostArgs().Has(name) {
		return c.FormValue(name), true
	}
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		if v, ok := mf.Value[name]; ok && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

// usualAmount is the amount of the latest entry of a food among recent entries: what
// the patient usually has of it.
func usualAmount(recent []db.ListRecentFoodsRow, foodID int64) (measure, qty, grams string, ok bool) {
	for _, r := range recent {
		if r.ID == foodID {
			return r.MeasureLabel, views.Num(r.Quantity, 2), views.Num(r.Grams, 0), true
		}
	}
	return "", "", "", false
}

// answerLogForm re-renders the entry form with its messages (422).
func (s *Server) answerLogForm(c *fiber.Ctx, f views.FoodLogForm) error {
	if isHTMX(c) {
		return s.render(c, 422, views.FoodLogFormFragment(csrfToken(c), f))
	}
	return s.render(c, 422, views.FoodLogPage(s.page(c, "Log "+f.FoodName, "diary"), f))
}

func refill(f *views.FoodLogForm, in tracking.FoodLogInput, errs tracking.Errors, loc *time.Location) {
	f.Meal, f.Grams, f.Measure, f.Qty, f.When, f.Errors = in.Meal, in.Grams, in.Measure, in.Quantity, in.When, views.Errors(errs)
	// The one amount field answers for both ways of giving an amount.
	for _, k := range []string{"quantity", "grams"} {
		if msg, ok := f.Errors[k]; ok {
			f.Errors["amount"] = msg
			delete(f.Errors, k)
		}
	}
	f.Date = db.Now().In(loc).Format(dateLayout)
	if t, err := time.ParseInLocation(tracking.DateTimeLayout, in.When, loc); err == nil {
		f.Date = t.Format(dateLayout)
	}
}

func (s *Server) diaryCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	loc := userLoc(u)
	in := foodLogInput(c)
	out, err := s.book.CreateFoodLog(c.UserContext(), *u, logbook.FromForm, logbook.FoodLogIn{Input: in})
	if errs, ok := logbook.Invalid(err); ok {
		var card catalog.Card
		if id, ok := tracking.ParseID(in.FoodID); ok {
			if card, err = s.Catalog.Food(c.UserContext(), u.ID, id); err != nil && !db.IsNotFound(err) {
				return errInternal(err)
			}
		}
		f := logForm(card, mealOptions())
		refill(&f, in, errs, loc)
		return s.answerLogForm(c, f)
	}
	if err != nil {
		return errInternal(err)
	}
	s.setFlash(c, "ok", out.FoodName+" added to "+strings.ToLower(nutrition.MealLabel(out.Entry.Meal))+".")
	return redirect(c, "/diary?date="+out.Entry.At.In(loc).Format(dateLayout))
}

func (s *Server) diaryEditShow(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, err := s.entryForm(c, u, id)
	if err != nil {
		return err
	}
	return s.render(c, 200, views.FoodLogPage(s.page(c, "Edit "+f.FoodName, "diary"), f))
}

// entryForm is a stored entry's page: its form filled in, and its photos.
func (s *Server) entryForm(c *fiber.Ctx, u *db.User, id int64) (views.FoodLogForm, error) {
	r, card, err := s.userFoodLog(c.UserContext(), u, id)
	if err != nil {
		return views.FoodLogForm{}, err
	}
	loc := userLoc(u)
	f := logForm(card, mealOptions())
	f.ID, f.Meal, f.Grams, f.Measure, f.Qty = r.ID, r.MealType, views.Num(r.Grams, 1), r.MeasureLabel, views.Num(r.Quantity, 2)
	f.When, f.Date = formTime(r.ConsumedAt, loc), r.ConsumedAt.In(loc).Format(dateLayout)
	if f.Photos, err = s.entryPhotosVM(c, u, id, card.Name); err != nil {
		return f, err
	}
	return f, nil
}

func (s *Server) diaryUpdate(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	loc := userLoc(u)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := foodLogInput(c)
	out, err := s.book.UpdateFoodLog(ctx, *u, logbook.FromForm, id, logbook.FoodLogIn{Input: in})
	if errs, ok := logbook.Invalid(err); ok {
		_, card, err := s.userFoodLog(ctx, u, id)
		if err != nil {
			return err
		}
		f := logForm(card, mealOptions())
		f.ID = id
		refill(&f, in, errs, loc)
		if f.Photos, err = s.entryPhotosVM(c, u, id, card.Name); err != nil {
			return err
		}
		return s.answerLogForm(c, f)
	}
	if err := bookErr(err); err != nil {
		return err
	}
	s.setFlash(c, "ok", "Entry updated.")
	return redirect(c, "/diary?date="+out.Entry.At.In(loc).Format(dateLayout))
}

func (s *Server) diaryDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	// The entry's photo rows go with it (foreign key); their files after it.
	var pics []string
	if s.album != nil {
		if pics, err = s.album.EntryPhotos(c.UserContext(), u.ID, id); err != nil {
			return errInternal(err)
		}
	}
	at, err := s.book.DeleteFoodLog(c.UserContext(), *u, logbook.FromForm, id)
	if err := bookErr(err); err != nil {
		return err
	}
	if len(pics) > 0 {
		s.album.RemoveFiles(u.ID, pics)
	}
	s.setFlash(c, "ok", "Entry deleted.")
	return redirect(c, "/diary?date="+at.In(userLoc(u)).Format(dateLayout))
}

// hasMeasure reports whether a food still has a household measure of that label.
func hasMeasure(card catalog.Card, label string) bool {
	for _, m := range card.Measures {
		if m.Label == label {
			return true
		}
	}
	return false
}
