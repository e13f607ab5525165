package suggest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
)

// Planner figures.
const (
	// ReferenceEnergyKcal stands in for the energy target when the profile lacks height,
	// weight or birth date: the 2,000 kcal adult reference of Codex nutrition labelling.
	ReferenceEnergyKcal = 2000.0
	// EnergyTolerance is how far the plan's energy may sit from the target (± 10 %).
	EnergyTolerance = 0.10
	// ProteinPerKg is the safe protein intake for adults, 0.83 g per kg body weight a
	// day (WHO/FAO/UNU, Protein and amino acid requirements in human nutrition, 2007).
	ProteinPerKg = 0.83
	// ReferenceProteinG is the minimum without a weight: the 50 g Codex labelling reference.
	ReferenceProteinG = 50.0
	// GLPerMainMeal and GLPerSnack cap each meal's glycaemic load for people with a
	// glucose condition: 30 + 30 + 30 + 10 keeps the day at 100, under the 120 above which
	// a day's GL is high (Atkinson et al., Diabetes Care 2008; CLINICAL.md).
	GLPerMainMeal = 30.0
	GLPerSnack    = 10.0
	// PlanMaxNodes and PlanDayTimeLimit bound the branch and bound of one day.
	PlanMaxNodes     = 2000
	PlanDayTimeLimit = 150 * time.Millisecond
	// Variety across a week: a food on at most 6 of 7 days, at most 18 servings a week
	// (with few priced foods and the diabetes caps, tighter rules often leave no week).
	MaxDaysPerFood     = 6
	MaxServingsPerWeek = 18
)

// PlanTargets are the figures the plan was built to meet, for the page.
type PlanTargets struct {
	EnergyKcal        float64
	EnergyMin         float64
	EnergyMax         float64
	ProteinMinG       float64
	FibreMinG         float64
	SodiumMaxMg       float64
	SugarsMaxShare    float64
	GLPerMeal         float64 // 0 when no glycaemic cap applies
	GLPerSnack        float64
	ReferenceEnergy   bool // the profile lacks what the energy target needs
	CarbSpread        bool
	MaxServingsPerDay int
}

// PlanInputs builds the planner's options (priced foods, one serving each) and
// constraints from the user's profile. capUGX is an optional daily budget cap.
func PlanInputs(foods []Food, u *db.User, now time.Time, capUGX *int64) ([]mealplan.Option, mealplan.Constraints, PlanTargets) {
	var opts []mealplan.Option
	for _, f := range foods {
		if o, ok := f.PlanOption(); ok {
			opts = append(opts, o)
		}
	}
	t := PlanTargets{FibreMinG: mealplan.WHOFibreMinG, SodiumMaxMg: mealplan.WHOSodiumMaxMg,
		SugarsMaxShare: mealplan.WHOFreeSugarsMaxShare, ProteinMinG: ReferenceProteinG, MaxServingsPerDay: 3}
	t.EnergyKcal = EnergyTarget(u, now)
	if t.EnergyKcal <= 0 {
		t.EnergyKcal, t.ReferenceEnergy = ReferenceEnergyKcal, true
	}
	if u.WeightKg != nil {
		t.ProteinMinG = ProteinPerKg * *u.WeightKg
	}
	t.EnergyMin, t.EnergyMax = t.EnergyKcal*(1-EnergyTolerance), t.EnergyKcal*(1+EnergyTolerance)
	c := mealplan.Constraints{
		EnergyMinKcal: t.EnergyMin, EnergyMaxKcal: t.EnergyMax,
		ProteinMinG: t.ProteinMinG, FibreMinG: t.FibreMinG, SodiumMaxMg: t.SodiumMaxMg,
		SugarsMaxEnergyShare: t.SugarsMaxShare,
		MaxServingsPerMeal:   2, MaxServingsPerDay: t.MaxServingsPerDay, HalfServings: true,
		MaxDaysPerFood: MaxDaysPerFood, MaxServingsPerWeek: MaxServingsPerWeek,
		// Bounded search so the page answers promptly on a small server: the plan is then
		// the best found, and the page shows how far from the proven bound it may be.
		MaxNodes: PlanMaxNodes, TimeLimit: PlanDayTimeLimit,
		// The share of the day's energy per meal: a conventional split, not a clinical limit.
		Meals: []mealplan.MealTarget{
			{Meal: mealplan.Breakfast, EnergyShareMin: 0.20, EnergyShareMax: 0.30},
			{Meal: mealplan.Lunch, EnergyShareMin: 0.30, EnergyShareMax: 0.40},
			{Meal: mealplan.Dinner, EnergyShareMin: 0.25, EnergyShareMax: 0.35},
			{Meal: mealplan.Snack, EnergyShareMax: 0.15},
		},
	}
	if nutrition.HasDiabetes(u.DiabetesType) || u.PrimaryGoal == "glucose_control" {
		// Carbohydrate spread over the day rather than in one meal (ADA Standards of Care
		// 2024, section 5: a consistent pattern of carbohydrate intake), each meal under a
		// glycaemic-load cap.
		t.GLPerMeal, t.GLPerSnack, t.CarbSpread = GLPerMainMeal, GLPerSnack, true
		c.MaxGLPerMeal = GLPerMainMeal
		shares := [][2]float64{{0.15, 0.35}, {0.25, 0.45}, {0.20, 0.40}, {0, 0.20}}
		for i := range c.Meals {
			c.Meals[i].CarbShareMin, c.Meals[i].CarbShareMax = shares[i][0], shares[i][1]
		}
		c.Meals[3].MaxGL = GLPerSnack
	}
	if capUGX != nil {
		c.MaxCostUGX = float64(*capUGX)
	}
	return opts, c, t
}

// PlanFood is what the plan page shows about a planned food.
type PlanFood struct {
	ID         int64
	Name       string
	LocalNames string
	Measure    string
	Serving    float64
}

// PlanResult is a day or week plan, or why none fits.
type PlanResult struct {
	Days    int
	CapUGX  *int64
	Plans   []mealplan.Plan
	CostUGX float64
	// LowerBoundUGX: no plan can cost less (the week's bound, or the day's when the
	// search stopped before proving the plan cheapest).
	LowerBoundUGX float64
	Optimal       bool
	Infeasible    string // the planner's explanation when no plan fits
	Binding       string // the constraint kind that binds
	Targets       PlanTargets
	Foods         map[string]PlanFood
	Options       int
	// VarietyRelaxed: the week's variety rules were dropped because the search found
	// no week under them in its time.
	VarietyRelaxed bool
}

// ErrTooManyDays rejects plans longer than a week.
var ErrTooManyDays = errors.New("suggest: plans cover 1 to 7 days")

// Plan returns the cheapest day (days = 1) or week (days = 7) for the user, cached
// until their profile or the prices change. No plan is not an error: the result says
// which constraint binds.
func (s *Service) Plan(ctx context.Context, u *db.User, now time.Time, days int, capUGX *int64) (PlanResult, error) {
	if days < 1 || days > 7 {
		return PlanResult{}, ErrTooManyDays
	}
	capKey := "none"
	if capUGX != nil {
		capKey = idString(*capUGX)
	}
	key := fmt.Sprintf("suggest.plan|%s|%d|%d|%s", now.In(Location(u)).Format("2006-01-02"), u.UpdatedAt.UnixNano(), days, capKey)
	return cache.GetOrLoadIn(ctx, s.Cache, "meal_plan", []string{FoodsNamespace, UserNamespace(u.ID)}, key, s.TTL,
		func(ctx context.Context) (PlanResult, error) {
			foods, err := s.Foods(ctx)
			if err != nil {
				return PlanResult{}, err
			}
			return BuildPlan(foods, u, now, days, capUGX)
		})
}

// BuildPlan plans days for the user from foods (no cache, no database).
func BuildPlan(foods []Food, u *db.User, now time.Time, days int, capUGX *int64) (PlanResult, error) {
	opts, c, t := PlanInputs(foods, u, now, capUGX)
	res := PlanResult{Days: days, CapUGX: capUGX, Targets: t, Foods: map[string]PlanFood{}, Options: len(opts)}
	for _, f := range foods {
		if _, ok := f.PlanOption(); ok {
			res.Foods[f.Key] = PlanFood{ID: f.ID, Name: f.Name, LocalNames: f.LocalNames, Measure: f.Measure, Serving: f.ServingGrams}
		}
	}
	var err error
	if days == 1 {
		var p mealplan.Plan
		p, err = mealplan.PlanDay(opts, c)
		if err == nil {
			res.Plans, res.CostUGX, res.LowerBoundUGX, res.Optimal = []mealplan.Plan{p}, p.Totals.CostUGX, p.LowerBoundUGX, p.Optimal
		}
	} else {
		var w mealplan.WeekPlan
		w, err = mealplan.PlanWeek(opts, c, days)
		if errors.Is(err, mealplan.ErrSearchLimit) {
			c.MaxDaysPerFood, c.MaxServingsPerWeek = 0, 0
			w, err = mealplan.PlanWeek(opts, c, days)
			res.VarietyRelaxed = err == nil
		}
		if err == nil {
			res.Plans, res.CostUGX, res.LowerBoundUGX = w.Days, w.CostUGX, w.LowerBoundUGX
		}
	}
	var inf *mealplan.InfeasibleError
	switch {
	case err == nil:
	case errors.As(err, &inf):
		res.Plans, res.Infeasible, res.Binding = nil, inf.Error(), string(inf.Constraint)
	case errors.Is(err, mealplan.ErrSearchLimit):
		res.Plans, res.Infeasible = nil, "The planner could not settle on a plan in the time it has. Try again with a higher budget cap."
	default:
		return PlanResult{}, fmt.Errorf("suggest: plan: %w", err)
	}
	return res, nil
}

// LogItem is one food of a planned meal to add to the diary.
type LogItem struct {
	FoodID int64
	Grams  float64
}

// ErrBadMeal rejects a meal that cannot be logged (unknown meal type, no items, bad
// amounts, or a food that is not in the catalogue).
var ErrBadMeal = errors.New("suggest: this meal cannot be logged")

// LogMeal adds the foods of one meal to the user's diary in one transaction, each with
// its cost at today's price, and returns how many entries it made.
func (s *Service) LogMeal(ctx context.Context, userID int64, meal string, items []LogItem, now time.Time) (int, error) {
	if !nutrition.ValidMeal(meal) || len(items) == 0 || len(items) > 20 {
		return 0, ErrBadMeal
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		if it.FoodID <= 0 || !(it.Grams > 0 && it.Grams <= 5000) {
			return 0, ErrBadMeal
		}
		ids = append(ids, it.FoodID)
	}
	err := s.DB.InTx(ctx, func(q db.Queries) error {
		rows, err := q.RecGetFoodForLog(ctx, ids)
		if err != nil {
			return fmt.Errorf("suggest: foods of the meal: %w", err)
		}
		price := make(map[int64]db.RecGetFoodForLogRow, len(rows))
		for _, r := range rows {
			price[r.ID] = r
		}
		for _, it := range items {
			r, ok := price[it.FoodID]
			if !ok {
				return ErrBadMeal
			}
			var cost *int64
			if r.PriceUgx != nil && r.PerUnit != nil && *r.PerUnit == "kg" {
				c := nutrition.CostUGX(it.Grams, *r.PriceUgx)
				cost = &c
			}
			if _, err := q.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: newUUID(), UserID: userID, FoodItemID: it.FoodID,
				MealType: meal, Grams: it.Grams, MeasureLabel: "from the meal plan", Quantity: 1, CostUgx: cost,
				ConsumedAt: now, CreatedAt: now}); err != nil {
				return fmt.Errorf("suggest: log planned meal: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.invalidate(ctx, userID)
	return len(items), nil
}
