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

	// GIKnown is true when GL comes from a published GI. Foods without one
	// carry GL 0 and are left out of glycaemic-load totals, whose coverage
	// (Totals.GLCarbG against Totals.CarbG) says how much carbohydrate the
	// figure covers.
	GIKnown bool

	Meals []MealType // the meals this food suits
	// MaxServingsPerMeal caps this food within one meal; 0 leaves only
	// Constraints.MaxServingsPerMeal.
	MaxServingsPerMeal int
	// MaxServingsPerDay caps this food over the day; 0 leaves only
	// Constraints.MaxServingsPerDay.
	MaxServingsPerDay int

	// Group places the food on the plate (plate method) and counts it
	// towards the day's vegetables or fruit.
	Group Group
	// Family names the food whatever its form (beans boiled, bean stew and
	// dry beans are all "beans"). A day uses one form of a family: PlanDay
	// keeps the first option of each family and drops the others. Week
	// variety counts families. Empty: the key.
	Family string
	// AnimalSource marks fish, meat, eggs and milk (the quality goal
	// Constraints.AnimalSourceMinG).
	AnimalSource bool
}

// Group is a food's place on the plate.
type Group string

// Plate groups. The plate method (American Diabetes Association, "Diabetes
// Plate Method"; Uganda Ministry of Health food-based dietary guidance) fills
// half the plate with non-starchy vegetables, a quarter with protein foods
// and a quarter with starch.
const (
	GroupNone      Group = ""
	GroupVegetable Group = "vegetable" // non-starchy vegetables
	GroupFruit     Group = "fruit"
	GroupProtein   Group = "protein" // legumes, nuts, fish, meat, eggs, milk
	GroupStarch    Group = "starch"  // cereals, roots, tubers, plantain
	GroupFat       Group = "fat"     // cooking oil
)

// PlateRule is the plate method in grams for meals with MealTarget.Plate:
// shares of the weight of the plate's vegetable, protein and starch foods.
// By volume the method is ½ vegetables, ¼ protein, ¼ starch; by weight
// cooked starches and sauces are denser than leafy vegetables, so the
// defaults (DefaultPlate) ask for at least 40 % vegetables, at least 20 %
// protein food and at most 40 % starch.
type PlateRule struct {
	VegetableMinShare float64
	ProteinMinShare   float64
	StarchMaxShare    float64
}

// DefaultPlate is the plate method in grams (see PlateRule).
var DefaultPlate = PlateRule{VegetableMinShare: 0.40, ProteinMinShare: 0.20, StarchMaxShare: 0.40}

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
	// Plate applies Constraints.Plate to this meal.
	Plate bool
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

	// FibreMaxG caps fibre (a day far above the minimum is bulky and, with
	// little fat, hard to eat).
	FibreMaxG float64
	// FatMinEnergyShare and FatMaxEnergyShare keep energy from fat (9 kcal/g,
	// Atwater) within a window, e.g. 0.20–0.35 (WHO/FAO 2008, total fat
	// 20–35 % of energy).
	FatMinEnergyShare, FatMaxEnergyShare float64
	// VegetablesMinG and FruitMinG are the day's minimum grams of
	// non-starchy vegetables and of fruit (WHO: fruit and vegetables
	// ≥ 400 g a day).
	VegetablesMinG, FruitMinG float64
	// Plate is the plate method applied to meals with MealTarget.Plate.
	Plate PlateRule

	// Quality goals a budget may buy: grams of animal-source food and a
	// protein aim above the minimum. Only soft plans use them (see Soft);
	// a plan short of a goal reports it like a relaxed rule.
	AnimalSourceMinG float64
	ProteinGoalG     float64

	// Soft turns every rule into a soft one: a plan always comes back, each
	// unit a rule is missed by costs Penalties[kind] (DefaultPenalties when
	// nil or missing) in the objective, and Plan.Relaxed lists what was
	// missed and by how much. Without Soft the rules are hard and a day that
	// cannot meet them is an *InfeasibleError.
	Soft      bool
	Penalties map[ConstraintKind]float64

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
	FatKcalPerG           = 9.0  // Atwater general factor for fat
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
	// GLCarbG is the carbohydrate of the foods with a published GI: the part
	// of CarbG that GL covers.
	GLCarbG float64
	// VegetablesG, FruitG and AnimalSourceG are grams of those foods.
	VegetablesG   float64
	FruitG        float64
	AnimalSourceG float64
}

// GLCoverage is the share of available carbohydrate whose GI is known
// (0–1); 1 when there is no carbohydrate.
func (t Totals) GLCoverage() float64 {
	if t.CarbG <= 0 {
		return 1
	}
	return min(1, t.GLCarbG/t.CarbG)
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
	// Objective is what the search minimised: the cost, plus, for soft
	// plans, the penalties of the rules missed (in UGX-equivalents).
	// LowerBoundUGX bounds it from below.
	Objective float64
	// Relaxed lists the rules this plan misses and by how much (soft plans
	// only; a hard plan misses none).
	Relaxed []Violation
}

// GapUGX is how much better than this plan (in objective units: UGX,
// plus penalties for soft plans) an optimal plan could be.
func (p Plan) GapUGX() float64 { return p.Objective - p.LowerBoundUGX }

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
	// Relaxed lists the week's variety rules the plan misses (soft plans);
	// each day's own misses are in its Plan.Relaxed.
	Relaxed []Violation
}
