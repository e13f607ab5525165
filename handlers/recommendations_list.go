package handlers

import (
	"fmt"
	"math"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/views"
)

// recommendationsList shows today's suggestions per meal, each with its explanation.
func (s *Server) recommendationsList(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	res, err := s.suggest.Recommendations(ctx, u, db.Now())
	if err != nil {
		return errInternal(err)
	}
	disliked, err := s.DB.RecListDisliked(ctx, u.ID)
	if err != nil {
		return errInternal(err)
	}
	vm := views.RecsVM{Summary: recSummary(res)}
	for _, m := range res.Meals {
		mv := views.RecMealVM{Meal: m.Meal, Label: nutrition.MealLabel(m.Meal), Note: exclusionNote(m.Excluded, res)}
		for _, it := range m.Items {
			mv.Items = append(mv.Items, recItemVM(it))
		}
		vm.Meals = append(vm.Meals, mv)
	}
	for _, d := range disliked {
		vm.Disliked = append(vm.Disliked, views.DislikedVM{FoodID: d.FoodItemID, Name: d.Name})
	}
	return s.render(c, 200, views.RecommendationsPage(s.page(c, "Suggestions", "recommendations"), vm))
}

// SpentText says what was spent, naming the entries without a price instead of
// counting them as free: "UGX 1,200 spent; 2 items not priced".
func SpentText(spent int64, unpriced int) string {
	items := "items"
	if unpriced == 1 {
		items = "item"
	}
	switch {
	case unpriced == 0:
		return views.UGX(spent) + " spent"
	case spent == 0:
		return fmt.Sprintf("spending not known: %d %s not priced", unpriced, items)
	}
	return fmt.Sprintf("%s spent on priced items; %d %s not priced", views.UGX(spent), unpriced, items)
}

// recSummary says what the suggestions took into account, with the numbers.
func recSummary(res suggest.Suggestions) []string {
	var out []string
	if b := res.Budget; b.DailyUGX != nil {
		out = append(out, fmt.Sprintf("Budget today: %s left of %s (%s).",
			views.UGX(*b.LeftUGX), views.UGX(*b.DailyUGX), SpentText(b.SpentUGX, b.Unpriced)))
	} else {
		out = append(out, "No food budget set: add a monthly budget to your profile to get suggestions within it.")
	}
	if res.EnergyTargetKcal > 0 {
		out = append(out, fmt.Sprintf("Energy: %s of your %s kcal logged today.",
			views.Num(math.Round(res.EnergyTodayKcal), 0), views.Num(math.Round(res.EnergyTargetKcal), 0)))
	} else {
		out = append(out, "Add your height, weight and birth date to your profile for an energy target.")
	}
	if res.GlucoseCaps {
		out = append(out, fmt.Sprintf("For your diabetes: no food with a glycaemic index of %s or more, nor a serving with a glycaemic load of %s or more.",
			views.Num(res.GICap, 0), views.Num(res.GLCap, 0)))
	}
	return out
}

// exclusionNote counts the foods the safety rules removed from a meal.
func exclusionNote(ex map[string]int, res suggest.Suggestions) string {
	var parts []string
	if n := ex[recommend.ReasonGICap] + ex[recommend.ReasonGLCap] + ex[recommend.ReasonUnknownGIHiCarb]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d left out for a high or unknown glycaemic load", n))
	}
	if n := ex[recommend.ReasonOverBudget]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d over the budget left today", n))
	}
	if n := ex[recommend.ReasonDisliked]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d you marked not for you", n))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Foods " + strings.Join(parts, "; ") + "."
}

var recTypeLabel = map[string]string{recommend.TypeRuleBased: "rule based", recommend.TypeHybrid: "rules and your history",
	recommend.TypeMLBased: "mostly your history", "dietitian": "from your dietitian"}

func recMeta(typ string, confidence float64, model string) string {
	s := recTypeLabel[typ] + " · confidence " + views.Pct(100*confidence)
	if model != "" {
		s += " · model " + model
	}
	return s
}

func servingText(grams float64, measure string) string {
	s := views.Num(grams, 0) + " g"
	if measure != "" {
		s += " (" + measure + ")"
	}
	return s
}

func recItemVM(it suggest.Item) views.RecItemVM {
	v := views.RecItemVM{ID: it.RecID, Name: it.Name, LocalNames: firstLocalName(it.LocalNames), Reasoning: it.Reasoning,
		Serving: servingText(it.ServingGrams, it.Measure), Cost: "price not known", MealSuggestion: it.MealSuggestion,
		Meta: recMeta(it.Type, it.Confidence, it.ModelVersion), Status: "pending"}
	if it.PriceKnown {
		v.Cost = views.UGX(it.CostUGX)
		if it.PriceFrom != "" {
			v.CostNote = "estimated from the market price of " + it.PriceFrom
		}
		if note := oldPriceNote(it.PriceOld, it.PriceOn); note != "" {
			v.CostNote = strings.TrimPrefix(v.CostNote+"; "+note, "; ")
		}
	}
	for _, f := range it.Factors {
		v.Factors = append(v.Factors, views.RecFactorVM{Text: f.Text, Good: f.Score >= 0.5})
	}
	return v
}

// firstLocalName turns "Luganda: matooke; Swahili: matoke" into "matooke".
func firstLocalName(s string) string {
	s, _, _ = strings.Cut(s, ";")
	if _, name, ok := strings.Cut(s, ":"); ok {
		s = name
	}
	return strings.TrimSpace(s)
}
