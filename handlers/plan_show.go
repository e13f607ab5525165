package handlers

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/input"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

// planShow is the best healthy day (or week) of local foods for the patient, with an
// optional daily budget cap (?cap=UGX) and ?days=1|7.
func (s *Server) planShow(c *fiber.Ctx) error {
	u := currentUser(c)
	now := db.Now()
	vm := views.PlanVM{Days: 1, Cap: strings.TrimSpace(c.Query("cap"))}
	if c.Query("days") == "7" {
		vm.Days = 7
	}
	if u.MonthlyBudgetUgx != nil {
		vm.BudgetHint = "Your food budget is " + views.UGX(nutrition.DailyBudget(*u.MonthlyBudgetUgx, now.In(userLoc(u)))) + " a day."
	}
	var capUGX *int64
	if vm.Cap != "" {
		n, err := input.Int(strings.ReplaceAll(vm.Cap, ",", ""), 100, 1_000_000)
		if err != nil {
			vm.CapError = "Enter a whole number of shillings between 100 and 1,000,000, or leave it empty."
			return s.render(c, 422, views.PlanPage(s.page(c, "Meal plan", "plan"), vm))
		}
		capUGX = &n
	}
	res, err := s.suggest.Plan(c.UserContext(), u, now, vm.Days, capUGX)
	if errors.Is(err, suggest.ErrNoPricedFoods) {
		// A fresh install without price data (found by the route fuzzer: it was a 500).
		vm.Notes = []string{"No food prices are recorded yet, so no plan can be made. An administrator can import or record prices."}
		return s.render(c, 200, views.PlanPage(s.page(c, "Meal plan", "plan"), vm))
	}
	if err != nil {
		return errInternal(err)
	}
	fillPlanVM(&vm, res)
	return s.render(c, 200, views.PlanPage(s.page(c, "Meal plan", "plan"), vm))
}

func fillPlanVM(vm *views.PlanVM, res suggest.PlanResult) {
	t := res.Targets
	vm.Targets = []string{
		fmt.Sprintf("Energy %s–%s kcal (your target %s kcal ± 10 %%)", num0(t.EnergyMin), num0(t.EnergyMax), num0(t.EnergyKcal)),
		fmt.Sprintf("Protein at least %s g, aiming at %s g; a serving (%s g) of fish, meat, eggs or milk when the budget allows",
			num0(t.ProteinMinG), num0(t.ProteinGoalG), num0(t.AnimalSourceGoalG)),
		fmt.Sprintf("Fibre %s–%s g, fat %s–%s of energy, sodium under %s mg (WHO)",
			num0(t.FibreMinG), num0(t.FibreMaxG), views.Pct(100*t.FatMinShare), views.Pct(100*t.FatMaxShare),
			views.Num(t.SodiumMaxMg, 0)),
		sugarsTarget(t),
		fmt.Sprintf("At least %s g of vegetables and %s g of fruit", num0(t.VegetablesMinG), num0(t.FruitMinG)),
		"Lunch and supper on the plate method: at least 40 % of the plate's weight vegetables, 20 % protein food, at most 40 % starch",
		fmt.Sprintf("Whole household portions: at most 2 of a food in a meal and %d in a day, one form of a food a day", t.MaxServingsPerDay),
	}
	if t.GLPerMeal > 0 {
		vm.Targets = append(vm.Targets, fmt.Sprintf("For your diabetes: glycaemic load at most %s per main meal and %s per snack (counted over the foods with a published GI)",
			num0(t.GLPerMeal), num0(t.GLPerSnack)))
	}
	if t.CarbSpread {
		vm.Targets = append(vm.Targets, "On insulin: carbohydrate spread over the meals")
	}
	if res.Days > 1 {
		vm.Targets = append(vm.Targets, fmt.Sprintf("Variety: a food, in any form, on at most %d days of the week", t.MaxDaysPerFood))
	}
	if t.ReferenceEnergy {
		vm.Notes = append(vm.Notes, "Your profile lacks height, weight or birth date, so the plan aims at the 2,000 kcal adult reference.")
	}
	vm.Notes = append(vm.Notes, fmt.Sprintf("Planned from the %d ready-to-eat foods with a market price; costs of cooked foods are estimated from the price of what they are made from.", res.Options))
	regional, national, region := 0, 0, ""
	for _, f := range res.Foods {
		if !planned(res, f.ID) {
			continue
		}
		if f.PriceRegion != "" {
			regional, region = regional+1, f.PriceRegion
		} else {
			national++
		}
	}
	if regional > 0 {
		vm.Notes = append(vm.Notes, fmt.Sprintf("Costs use %s region prices for %d of the planned foods and national prices for the other %d.",
			region, regional, national))
	}
	var old []string
	for _, f := range res.Foods {
		if f.PriceOld && f.PriceOn != nil && planned(res, f.ID) {
			old = append(old, f.Name+" ("+f.PriceOn.Format("January 2006")+")")
		}
	}
	if len(old) > 0 {
		slices.Sort(old)
		vm.Notes = append(vm.Notes, fmt.Sprintf("Costed with prices older than %d days, the newest there are: %s.",
			int(pricereports.OldAfter.Hours()/24), strings.Join(old, ", ")))
	}
	for _, r := range res.Relaxed {
		msg := r.Message
		if r.Day > 0 && res.Days > 1 {
			msg = "Day " + strconv.Itoa(r.Day) + ": " + msg
		}
		vm.Relaxed = append(vm.Relaxed, msg)
	}
	if len(res.Plans) == 0 {
		return
	}
	vm.Cost = views.UGX(int64(math.Round(res.CostUGX)))
	if res.Days > 1 {
		vm.Cost += " for " + strconv.Itoa(res.Days) + " days"
	}
	if res.CapUGX != nil {
		vm.Bound = "(the best plan found within " + views.UGX(*res.CapUGX) + " a day)"
	} else {
		vm.Bound = "(the best plan found; no budget cap)"
	}
	for i, p := range res.Plans {
		d := views.PlanDayVM{Label: "Your day", Cost: views.UGX(int64(math.Round(p.Totals.CostUGX))), Totals: totalsText(p.Totals)}
		if res.Days > 1 {
			d.Label = "Day " + strconv.Itoa(i+1)
		}
		for _, m := range p.Meals {
			if len(m.Items) == 0 {
				continue
			}
			mv := views.PlanMealVM{Meal: string(m.Meal), Label: nutrition.MealLabel(string(m.Meal)),
				Cost: views.UGX(int64(math.Round(m.Totals.CostUGX))), Totals: strings.Join(totalsText(m.Totals), " · ")}
			for _, it := range m.Items {
				f := res.Foods[it.Key]
				mv.Items = append(mv.Items, views.PlanItemVM{FoodID: f.ID, Name: it.Name, LocalNames: firstLocalName(f.LocalNames),
					Amount: servingsText(it.Servings, f.Measure) + " · " + views.Num(it.Grams, 0) + " g",
					Grams:  strconv.FormatFloat(it.Grams, 'f', -1, 64), Cost: views.UGX(int64(math.Round(it.CostUGX))),
					PriceNote: oldPriceNote(f.PriceOld, f.PriceOn)})
			}
			d.Meals = append(d.Meals, mv)
		}
		vm.Plan = append(vm.Plan, d)
	}
}

// sugarsTarget says how sugars are limited, or that they cannot be: the food tables
// do not report sugars, and unknown is not zero.
func sugarsTarget(t suggest.PlanTargets) string {
	if t.SugarsKnownFoods == 0 || t.SugarsMaxShare == 0 {
		return "Sugars: not known for these foods (the food tables do not report them), so the plan cannot limit them"
	}
	return fmt.Sprintf("Sugars under %s of energy (WHO), counted over the %d foods that report them",
		views.Pct(100*t.SugarsMaxShare), t.SugarsKnownFoods)
}

func num0(v float64) string { return views.Num(math.Round(v), 0) }

func totalsText(t mealplan.Totals) []string {
	out := []string{num0(t.EnergyKcal) + " kcal", num0(t.CarbG) + " g carbohydrate", num0(t.ProteinG) + " g protein",
		views.Num(t.FibreG, 1) + " g fibre", num0(t.SodiumMg) + " mg sodium"}
	if t.EnergyKcal > 0 {
		out = append(out, "fat "+views.Pct(100*9*t.FatG/t.EnergyKcal)+" of energy")
	}
	return append(out, num0(t.VegetablesG)+" g vegetables", num0(t.FruitG)+" g fruit", GLText(t))
}

// GLText is the glycaemic load over the foods with a published GI and the share of
// carbohydrate it covers: "GL 23 over 80 % of carbohydrate".
func GLText(t mealplan.Totals) string {
	switch {
	case t.CarbG <= 0:
		return "GL 0"
	case t.GLCarbG <= 0:
		return "GL not known (no food here has a published GI)"
	case t.GLCoverage() >= 0.995:
		return "GL " + num0(t.GL)
	}
	return "GL " + num0(t.GL) + " over " + views.Pct(100*t.GLCoverage()) + " of carbohydrate"
}

// servingsText writes 1.5 servings as "1½ servings (of 1 cup)".
func servingsText(n float64, measure string) string {
	whole, half := math.Floor(n), n-math.Floor(n) >= 0.5
	s := ""
	if whole > 0 {
		s = strconv.Itoa(int(whole))
	}
	if half {
		s += "½"
	}
	unit := " servings"
	if n == 1 || n == 0.5 {
		unit = " serving"
	}
	s += unit
	if measure != "" {
		s += " (" + measure + " each)"
	}
	return s
}

// planLog adds one planned meal to the diary, all its foods in one transaction.
func (s *Server) planLog(c *fiber.Ctx) error {
	u := currentUser(c)
	meal := c.FormValue("meal")
	var items []suggest.LogItem
	foods, grams := formValues(c, "food"), formValues(c, "grams")
	if len(foods) != len(grams) {
		return &HTTPError{Status: 400, Msg: "That meal could not be read."}
	}
	for i := range foods {
		id, ok := input.ID(foods[i])
		g, err := input.DecimalIn(grams[i], 0, tracking.PortionMaxG)
		if !ok || err != nil {
			return &HTTPError{Status: 400, Msg: "That meal could not be read."}
		}
		items = append(items, suggest.LogItem{FoodID: id, Grams: g})
	}
	n, err := s.suggest.LogMeal(c.UserContext(), u.ID, meal, items, db.Now())
	if errors.Is(err, suggest.ErrBadMeal) {
		return &HTTPError{Status: 400, Msg: "That meal could not be logged.", Cause: err}
	}
	if err != nil {
		return errInternal(err)
	}
	msg := fmt.Sprintf("%s logged: %d foods added to today's diary.", nutrition.MealLabel(meal), n)
	if !isHTMX(c) {
		s.setFlash(c, "ok", msg)
		return redirect(c, "/diary")
	}
	toast(c, msg, "diary-changed")
	return s.render(c, 200, views.PlanLogged(msg))
}

// formValues returns every value of a repeated form field.
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	for k, v := range c.Request().PostArgs().All() {
		if string(k) == name {
			out = append(out, string(v))
		}
	}
	return out
}

// oldPriceNote says beside a planned or suggested food that its cost uses an old price.
func oldPriceNote(old bool, on *time.Time) string {
	if !old || on == nil {
		return ""
	}
	return "price from " + on.Format("January 2006") + ", old"
}

// planned reports whether a food is in some meal of the plan.
func planned(res suggest.PlanResult, id int64) bool {
	for _, p := range res.Plans {
		for _, m := range p.Meals {
			for _, it := range m.Items {
				if res.Foods[it.Key].ID == id {
					return true
				}
			}
		}
	}
	return false
}
