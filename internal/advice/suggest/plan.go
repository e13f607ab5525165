package suggest

import (
	"context"
	"errors"
	"fmt"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"math"
	"slices"
	"strings"
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
	// ProteinGoalShare is the protein aim a budget may buy beyond the minimum: 15 % of
	// energy, the middle of the 10–20 % range for adults (IOM acceptable range 10–35 %).
	ProteinGoalShare = 0.15
	// AnimalSourceGoalG is a serving of fish, meat, eggs or milk a day, the quality goal
	// of the plan (FAO minimum dietary diversity counts flesh foods, eggs and dairy as
	// separate groups; one serving of one of them is the least a varied day holds).
	AnimalSourceGoalG = 100.0
	// FibreMaxG caps fibre: 25 g is the minimum (WHO); far above about 50 g a day of
	// mostly whole starches and beans is bulky and hard to eat, the complaint about the
	// 104 g plans.
	FibreMaxG = 50.0
	// FatMinShare and FatMaxShare: total fat 20–35 % of energy (FAO/WHO, Fats and fatty
	// acids in human nutrition, 2010).
	FatMinShare, FatMaxShare = 0.20, 0.35
	// VegetablesMinG and FruitMinG: WHO's ≥ 400 g of fruit and vegetables a day as five
	// 80 g portions, three of vegetables and two of fruit.
	VegetablesMinG, FruitMinG = 240.0, 160.0
	// GLPerMainMeal and GLPerSnack cap each meal's glycaemic load for people with a
	// glucose condition: 30 + 30 + 30 + 10 keeps the day at 100, under the 120 above which
	// a day's GL is high (Atkinson et al., Diabetes Care 2008; docs/CLINICAL.md).
	GLPerMainMeal = 30.0
	GLPerSnack    = 10.0
	// PlanMaxNodes and PlanDayTimeLimit bound the branch and bound of one day.
	PlanMaxNodes     = 2000
	PlanDayTimeLimit = 150 * time.Millisecond
	// MaxServingsPerFoodDay caps one food at 3 servings (300 g for most) a day and
	// MaxServingsPerFoodMeal at 2 in one meal: portions stay household-sized.
	MaxServingsPerFoodDay  = 3
	MaxServingsPerFoodMeal = 2
	// Variety across a week: a food (in any form) on at most 4 of 7 days.
	MaxDaysPerFood     = 4
	MaxServingsPerWeek = 0
)

// PlanTargets are the figures the plan was built to meet, for the page.
type PlanTargets struct {
	EnergyKcal        float64 `json:"energy_kcal"`
	EnergyMin         float64 `json:"energy_min"`
	EnergyMax         float64 `json:"energy_max"`
	ProteinMinG       float64 `json:"protein_min_g"`
	ProteinGoalG      float64 `json:"protein_goal_g"`
	FibreMinG         float64 `json:"fibre_min_g"`
	FibreMaxG         float64 `json:"fibre_max_g"`
	FatMinShare       float64 `json:"fat_min_share"`
	FatMaxShare       float64 `json:"fat_max_share"`
	VegetablesMinG    float64 `json:"vegetables_min_g"`
	FruitMinG         float64 `json:"fruit_min_g"`
	AnimalSourceGoalG float64 `json:"animal_source_goal_g"`
	SodiumMaxMg       float64 `json:"sodium_max_mg"`
	SugarsMaxShare    float64 `json:"sugars_max_share"`
	// SugarsKnownFoods counts the planned foods whose sugars the table reports; the
	// sugars limit counts only those (0: the limit cannot be checked and is off).
	SugarsKnownFoods  int     `json:"sugars_known_foods"`
	GLPerMeal         float64 `json:"gl_per_meal"` // 0 when no glycaemic cap applies
	GLPerSnack        float64 `json:"gl_per_snack"`
	ReferenceEnergy   bool    `json:"reference_energy"` // the profile lacks what the energy target needs
	CarbSpread        bool    `json:"carb_spread"`      // carbohydrate spread over the meals (people on insulin)
	OnInsulin         bool    `json:"on_insulin"`
	MaxServingsPerDay int     `json:"max_servings_per_day"`
	MaxDaysPerFood    int     `json:"max_days_per_food"`
}

// PlanProfile is what the plan needs beyond the user row.
type PlanProfile struct {
	// OnInsulin: the person takes insulin (type 1, or insulin logged in the last 90
	// days); their carbohydrate is spread over the meals.
	OnInsulin bool
}

// PlanInputs builds the planner's options (priced foods ready to eat, one serving each,
// one form per food) and constraints from the user's profile. capUGX is an optional
// daily budget cap. Every rule is soft: the planner always returns a day and names the
// rules it could not keep.
func PlanInputs(foods []Food, u *db.User, now time.Time, capUGX *int64, pp PlanProfile) ([]mealplan.Option, mealplan.Constraints, PlanTargets) {
	cooked := cookedStems(foods)
	var opts []mealplan.Option
	sugarsKnown := map[string]bool{}
	for _, f := range foods {
		if !ReadyToEat(f, cooked) && !strings.HasPrefix(f.Key, "milk-") {
			continue
		}
		if o, ok := f.PlanOption(); ok {
			opts = append(opts, o)
			sugarsKnown[o.Key] = f.SugarsKnown
		}
	}
	// One form per food a day: the form with a published GI first, then table order.
	first := map[string]int{}
	for i, o := range opts {
		if _, ok := first[o.Family]; !ok {
			first[o.Family] = i
		}
	}
	slices.SortStableFunc(opts, func(a, b mealplan.Option) int {
		if c := first[a.Family] - first[b.Family]; c != 0 {
			return c
		}
		switch {
		case a.GIKnown && !b.GIKnown:
			return -1
		case b.GIKnown && !a.GIKnown:
			return 1
		}
		return 0
	})
	opts = mealplan.OneFormPerFamily(opts)
	nSugars := 0
	for _, o := range opts {
		if sugarsKnown[o.Key] {
			nSugars++
		}
	}

	t := PlanTargets{FibreMinG: mealplan.WHOFibreMinG, FibreMaxG: FibreMaxG, SodiumMaxMg: mealplan.WHOSodiumMaxMg,
		SugarsMaxShare: mealplan.WHOFreeSugarsMaxShare, ProteinMinG: ReferenceProteinG,
		MaxServingsPerDay: MaxServingsPerFoodDay, FatMinShare: FatMinShare, FatMaxShare: FatMaxShare,
		VegetablesMinG: VegetablesMinG, FruitMinG: FruitMinG, AnimalSourceGoalG: AnimalSourceGoalG,
		MaxDaysPerFood: MaxDaysPerFood}
	t.SugarsKnownFoods = nSugars
	if nSugars == 0 {
		// No planned food reports sugars (neither KE18 nor WA19 does): a limit over them
		// would hold for every plan, as if they had none. Not known, so not planned on.
		t.SugarsMaxShare = 0
	}
	t.EnergyKcal = EnergyTarget(u, now)
	if t.EnergyKcal <= 0 {
		t.EnergyKcal, t.ReferenceEnergy = ReferenceEnergyKcal, true
	}
	if u.WeightKg != nil {
		t.ProteinMinG = ProteinPerKg * *u.WeightKg
	}
	t.ProteinGoalG = math.Max(t.ProteinMinG, ProteinGoalShare*t.EnergyKcal/4)
	t.EnergyMin, t.EnergyMax = t.EnergyKcal*(1-EnergyTolerance), t.EnergyKcal*(1+EnergyTolerance)
	c := mealplan.Constraints{
		EnergyMinKcal: t.EnergyMin, EnergyMaxKcal: t.EnergyMax,
		ProteinMinG: t.ProteinMinG, FibreMinG: t.FibreMinG, FibreMaxG: t.FibreMaxG, SodiumMaxMg: t.SodiumMaxMg,
		SugarsMaxEnergyShare: t.SugarsMaxShare,
		FatMinEnergyShare:    t.FatMinShare, FatMaxEnergyShare: t.FatMaxShare,
		VegetablesMinG: t.VegetablesMinG, FruitMinG: t.FruitMinG, Plate: mealplan.DefaultPlate,
		AnimalSourceMinG: t.AnimalSourceGoalG, ProteinGoalG: t.ProteinGoalG, Soft: true,
		MaxServingsPerMeal: MaxServingsPerFoodMeal, MaxServingsPerDay: t.MaxServingsPerDay,
		MaxDaysPerFood: MaxDaysPerFood, MaxServingsPerWeek: MaxServingsPerWeek,
		// Bounded search so the page answers promptly on a small server: the plan is then
		// the best found, and the page shows how far from the proven bound it may be.
		MaxNodes: PlanMaxNodes, TimeLimit: PlanDayTimeLimit,
		// The share of the day's energy per meal: a conventional split, not a clinical
		// limit. Lunch and supper follow the plate method.
		Meals: []mealplan.MealTarget{
			{Meal: mealplan.Breakfast, EnergyShareMin: 0.20, EnergyShareMax: 0.30},
			{Meal: mealplan.Lunch, EnergyShareMin: 0.30, EnergyShareMax: 0.40, Plate: true},
			{Meal: mealplan.Dinner, EnergyShareMin: 0.25, EnergyShareMax: 0.35, Plate: true},
			{Meal: mealplan.Snack, EnergyShareMax: 0.15},
		},
	}
	t.OnInsulin = pp.OnInsulin || u.DiabetesType == "type1"
	if nutrition.HasDiabetes(u.DiabetesType) || u.PrimaryGoal == "glucose_control" {
		// Each meal under a glycaemic-load cap, counted over the foods with a published GI.
		t.GLPerMeal, t.GLPerSnack = GLPerMainMeal, GLPerSnack
		c.MaxGLPerMeal = GLPerMainMeal
		c.Meals[3].MaxGL = GLPerSnack
	}
	if t.OnInsulin {
		// Carbohydrate spread over the day rather than in one meal, so that meal-time
		// insulin meets a consistent amount (ADA Standards of Care 2024, section 5: a
		// consistent pattern of carbohydrate intake for people on fixed insulin doses).
		t.CarbSpread = true
		shares := [][2]float64{{0.15, 0.35}, {0.25, 0.45}, {0.20, 0.40}, {0, 0.20}}
		for i := range c.Meals {
			c.Meals[i].CarbShareMin, c.Meals[i].CarbShareMax = shares[i][0], shares[i][1]
		}
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
	GIKnown    bool // the food has a published GI
	// PriceOn is the date of the price the plan costed the food with; PriceOld says it is
	// older than pricereports.OldAfter, which the plan says beside the item.
	PriceOn  *time.Time
	PriceOld bool
	// PriceRegion is the region whose price was used; "" for the national price.
	PriceRegion string
}

// PlanResult is a day or week plan and the rules it could not keep.
type PlanResult struct {
	Days   int
	CapUGX *int64
	Plans  []mealplan.Plan
	// CostUGX is the plan's cost. Every planned food has a price, so no item is
	// left out of it.
	CostUGX float64
	// Objective and LowerBound: the search minimised cost plus the penalties of the
	// rules missed; no plan scores below LowerBound, so Objective − LowerBound is the
	// most a longer search could gain (in UGX-equivalents).
	Objective  float64
	LowerBound float64
	Optimal    bool
	// Relaxed lists what the plan misses, per day and for the week (variety).
	Relaxed []Relaxation
	Targets PlanTargets
	Foods   map[string]PlanFood
	Options int
}

// Relaxation is one rule a plan misses and by how much.
type Relaxation struct {
	Day     int    // 1-based; 0 for the week
	Rule    string // the mealplan.ConstraintKind
	Meal    string // empty for the whole day
	Message string // "fruit 0 g is below 160 g"
}

// ErrTooManyDays rejects plans longer than a week.
var ErrTooManyDays = errors.New("suggest: plans cover 1 to 7 days")

// ErrNoPricedFoods: no food has a price yet (no price data imported or recorded), so no
// plan within a budget can be made.
var ErrNoPricedFoods = errors.New("suggest: plan: no priced food to plan with")

// insulinWindow is how far back a logged insulin dose marks the person as on insulin.
const insulinWindow = 90 * 24 * time.Hour

// Profile reads what the plan needs beyond the user row: whether the person is on
// insulin (type 1, or an insulin record in the last 90 days).
func (s *Service) Profile(ctx context.Context, u *db.User, now time.Time) (PlanProfile, error) {
	if u.DiabetesType == "type1" {
		return PlanProfile{OnInsulin: true}, nil
	}
	kind := "insulin"
	rows, err := s.DB.ListDiabetesRecords(ctx, db.ListDiabetesRecordsParams{UserID: u.ID, RecordType: &kind,
		Before: now.Add(time.Minute), Lim: 1})
	if err != nil {
		return PlanProfile{}, fmt.Errorf("suggest: insulin records: %w", err)
	}
	return PlanProfile{OnInsulin: len(rows) > 0 && rows[0].RecordedAt.After(now.Add(-insulinWindow))}, nil
}

// Plan returns the best day (days = 1) or week (days = 7) for the user, cached until
// their profile or the prices change. A plan always comes back; the result says which
// rules it could not keep.
func (s *Service) Plan(ctx context.Context, u *db.User, now time.Time, days int, capUGX *int64) (PlanResult, error) {
	if days < 1 || days > 7 {
		return PlanResult{}, ErrTooManyDays
	}
	pp, err := s.Profile(ctx, u, now)
	if err != nil {
		return PlanResult{}, err
	}
	capKey := "none"
	if capUGX != nil {
		capKey = idString(*capUGX)
	}
	key := fmt.Sprintf("suggest.plan2|%s|%d|%d|%s|%t", now.In(Location(u)).Format("2006-01-02"), u.UpdatedAt.UnixNano(), days, capKey, pp.OnInsulin)
	return cache.GetOrLoadIn(ctx, s.Cache, "meal_plan", []string{FoodsNamespace, UserNamespace(u.ID)}, key, s.TTL,
		func(ctx context.Context) (PlanResult, error) {
			foods, err := s.FoodsFor(ctx, u.PriceRegion)
			if err != nil {
				return PlanResult{}, err
			}
			return BuildPlan(foods, u, now, days, capUGX, pp)
		})
}

// BuildPlan plans days for the user from foods (no cache, no database).
func BuildPlan(foods []Food, u *db.User, now time.Time, days int, capUGX *int64, pp PlanProfile) (PlanResult, error) {
	if days < 1 || days > 7 {
		return PlanResult{}, ErrTooManyDays
	}
	opts, c, t := PlanInputs(foods, u, now, capUGX, pp)
	res := PlanResult{Days: days, CapUGX: capUGX, Targets: t, Foods: map[string]PlanFood{}, Options: len(opts)}
	for _, f := range foods {
		res.Foods[f.Key] = PlanFood{ID: f.ID, Name: f.Name, LocalNames: f.LocalNames, Measure: f.Measure, Serving: f.ServingGrams,
			GIKnown: f.GI != nil, PriceOn: f.PriceOn, PriceOld: f.PriceOld(now), PriceRegion: f.PriceRegion}
	}
	for _, o := range opts {
		pf := res.Foods[o.Key]
		if pf.Serving != o.ServingGrams { // oil is planned by the tablespoon
			pf.Serving, pf.Measure = o.ServingGrams, "1 tablespoon"
		}
		res.Foods[o.Key] = pf
	}
	if len(opts) == 0 {
		return res, ErrNoPricedFoods
	}
	w, err := mealplan.PlanWeek(opts, c, days)
	if err != nil {
		return PlanResult{}, fmt.Errorf("suggest: plan: %w", err)
	}
	res.Plans, res.CostUGX, res.LowerBound = w.Days, w.CostUGX, w.LowerBoundUGX
	res.Optimal = true
	for d, p := range w.Days {
		res.Objective += p.Objective
		res.Optimal = res.Optimal && p.Optimal
		for _, v := range p.Relaxed {
			res.Relaxed = append(res.Relaxed, Relaxation{Day: d + 1, Rule: string(v.Constraint), Meal: string(v.Meal), Message: v.Message})
		}
	}
	for _, v := range w.Relaxed {
		res.Relaxed = append(res.Relaxed, Relaxation{Rule: string(v.Constraint), Message: v.Message})
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
			if c, ok := foods.CostUGX(r.PriceUgx, r.PerUnit, r.Category, r.Slug, it.Grams); ok {
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
