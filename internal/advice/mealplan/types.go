package mealplan

import "time"

// MealType names an eating occasion.
type MealType string

// The meals a day can be built from.
const (
	Breakfast MealType = "breakfast"
	Lunch     MealType = "lunch"
	Dinner    MealType = "dinner"
	Snack     MealType = "snack"
)

// Option is one candidate food, described per serving.
type Option struct {
	Key          string
	Name         string
	ServingGrams float64
	CostUGX      float64 // per serving

	EnergyKcal float64
	ProteinG   float64
	CarbG      float64 // available carbohydrate
	FibreG     float64
	FatG       float64
	SugarsG    float64
	SodiumMg   float64
	// GL is the glycaemic load of one serving (GI × available carbohydrate
	// ÷ 100, Atkinson et al., Diabetes Care 2008). 0 when the GI is unknown,
	// so such foods do not count towards a meal's glycaemic-load cap.
	GL float64

	Meals []MealType // the meals this food suits
	// MaxServingsPerMeal caps this food within one meal; 0 leaves only
	// Constraints.MaxServingsPerMeal.
	MaxServingsPerMeal int
}

// MealTarget is one meal to fill and the windows it must respect.
// Shares are fractions of the day's total (0.25 = 25 %); a zero maximum
// means no upper bound. A meal whose EnergyShareMin is 0 may stay empty.
type MealTarget struct {
	Meal MealType

	EnergyShareMin, EnergyShareMax float64
	// Carbohydrate spread: this meal's share of the day's available
	// carbohydrate, and/or absolute grams.
	CarbShareMin, CarbShareMax float64
	CarbMinG, CarbMaxG         float64
	// MaxGL overrides Constraints.MaxGLPerMeal for this meal when > 0.
	MaxGL float64
}

// Constraints describe a healthy day (and, for PlanWeek, a week's variety).
// A zero value switches a bound off.
type Constraints struct {
	EnergyMinKcal, EnergyMaxKcal float64
	ProteinMinG                  float64
	FibreMinG                    float64
	SodiumMaxMg                  float64
	SugarsMaxG                   float64
	// SugarsMaxEnergyShare caps energy from sugars (4 kcal/g, Atwater) as a
	// fraction of the day's energy, e.g. WHOFreeSugarsMaxShare. Options
	// carry total sugars, so this is stricter than WHO's free-sugars limit.
	SugarsMaxEnergyShare float64
	// MaxCostUGX is a daily budget cap.
	MaxCostUGX float64

	Meals []MealTarget
	// MaxGLPerMeal caps each meal's glycaemic load.
	MaxGLPerMeal float64
	// MaxServingsPerMeal and MaxServingsPerDay cap one food's servings
	// within a meal and within a day.
	MaxServingsPerMeal int
	MaxServingsPerDay  int
	// HalfServings lets the planner choose servings in steps of 0.5
	// instead of whole servings. Caps stay counted in servings.
	HalfServings bool

	// Week variety, used by PlanWeek only: a food on at most
	// MaxDaysPerFood days, and at most MaxServingsPerWeek servings a week.
	MaxDaysPerFood     int
	MaxServingsPerWeek int

	// Search limits for branch and bound. MaxNodes 0 means DefaultMaxNodes.
	// TimeLimit 0 means none; a time limit makes the result depend on the
	// machine's speed, the node limit does not.
	MaxNodes  int
	TimeLimit time.Duration
}

// DefaultMaxNodes is the branch-and-bound node limit when
// Constraints.MaxNodes is 0.
const DefaultMaxNodes = 250

// Published limits callers can use when filling Constraints.
const (
	WHOFibreMinG          = 25   // adults ≥ 25 g dietary fibre/day (WHO)
	WHOSodiumMaxMg        = 2000 // sodium < 2,000 mg/day (WHO)
	WHOFreeSugarsMaxShare = 0.10 // free sugars < 10 % of energy (WHO)
	HighGLPerMeal         = 20   // glycaemic load ≥ 20 is high (Atkinson et al. 2008)
	SugarKcalPerG         = 4.0  // Atwater general factor for carbohydrate
	unlimitedUnits        = 1 << 20
)

// Totals sums nutrients and cost.
type Totals struct {
	EnergyKcal float64
	ProteinG   float64
	CarbG      float64
	FibreG     float64
	FatG       float64
	SugarsG    float64
	SodiumMg   float64
	GL         float64
	CostUGX    float64
}

// Item is one food in a meal.
type Item struct {
	Key      string
	Name     string
	Servings float64
	Grams    float64
	CostUGX  float64
}

// MealPlan is one meal of a plan.
type MealPlan struct {
	Meal   MealType
	Items  []Item
	Totals Totals
}

// Plan is one day.
type Plan struct {
	Meals  []MealPlan
	Totals Totals
	// Optimal is true when branch and bound proved no cheaper plan exists.
	// When a node or time limit stopped the search it is false, and
	// LowerBoundUGX says how cheap a plan could at best be: the gap is
	// Totals.CostUGX − LowerBoundUGX.
	Optimal       bool
	LowerBoundUGX float64
	Nodes         int // branch-and-bound nodes explored
}

// GapUGX is how much cheaper than this plan an optimal plan could be.
func (p Plan) GapUGX() float64 { return p.Totals.CostUGX - p.LowerBoundUGX }

// WeekPlan is a sequence of day plans.
type WeekPlan struct {
	Days    []Plan
	CostUGX float64
	// LowerBoundUGX bounds the cheapest possible week from below: the
	// larger of days × the first day's proven bound and days × the LP bound
	// of a day with every food's weekly allowance spread evenly. The gap to
	// CostUGX comes from planning the days one after another, from
	// integrality and from node limits.
	LowerBoundUGX float64
}
