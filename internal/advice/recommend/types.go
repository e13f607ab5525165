package recommend

// DiabetesType is the user's glucose condition as recorded in their profile.
type DiabetesType string

// Diabetes types.
const (
	DiabetesNone        DiabetesType = "none"
	DiabetesType1       DiabetesType = "type1"
	DiabetesType2       DiabetesType = "type2"
	DiabetesPrediabetes DiabetesType = "prediabetes"
	DiabetesGestational DiabetesType = "gestational"
)

// HasGlucoseCondition reports whether the glycaemic hard caps apply. Every
// recorded condition counts, prediabetes included: the caps only remove
// high-GI or high-GL servings, which is safe advice for all of them.
func (d DiabetesType) HasGlucoseCondition() bool {
	switch d {
	case DiabetesType1, DiabetesType2, DiabetesPrediabetes, DiabetesGestational:
		return true
	}
	return false
}

// Goal is the user's primary goal.
type Goal string

// Goals.
const (
	GoalLoseWeight     Goal = "lose_weight"
	GoalGainWeight     Goal = "gain_weight"
	GoalMaintainWeight Goal = "maintain_weight"
	GoalGlucoseControl Goal = "glucose_control"
)

// MealType is the meal a recommendation is for.
type MealType string

// Meal types.
const (
	MealBreakfast MealType = "breakfast"
	MealLunch     MealType = "lunch"
	MealDinner    MealType = "dinner"
	MealSnack     MealType = "snack"
)

// Food is one candidate food with its nutrients for one serving.
type Food struct {
	Key      string
	Name     string
	Category string

	ServingGrams float64
	EnergyKcal   float64
	ProteinG     float64
	CarbsG       float64 // available carbohydrate
	FibreG       float64
	FatG         float64
	SugarsG      float64
	SodiumMg     float64
	// SugarsUnknown: the food table does not report sugars; SugarsG is then 0 and
	// means nothing. The rules leave sugars out of the score and say "not known".
	SugarsUnknown bool

	// GI is the glycaemic index (glucose = 100); nil when not known.
	GI *float64
	// GLPerServing is the glycaemic load of one serving; nil means "derive it
	// from GI and available carbohydrate" (and unknown when GI is unknown too).
	GLPerServing *float64
	// PriceUGX is the price of one serving; nil when not known.
	PriceUGX *int64
	// MealTypes the food suits; empty means any meal.
	MealTypes []MealType
}

// SuitsMeal reports whether the food may be offered for meal m.
func (f Food) SuitsMeal(m MealType) bool {
	if len(f.MealTypes) == 0 || m == "" {
		return true
	}
	for _, t := range f.MealTypes {
		if t == m {
			return true
		}
	}
	return false
}

// GL returns the glycaemic load of one serving and whether it is known.
// GL = GI × available carbohydrate (g) ÷ 100 (docs/CLINICAL.md, Food).
func (f Food) GL() (float64, bool) {
	if f.GLPerServing != nil {
		return *f.GLPerServing, true
	}
	if f.GI != nil {
		return *f.GI * f.CarbsG / 100, true
	}
	return 0, false
}

// EnergyDensity is kcal per gram of the serving (0 when the serving weight is unknown).
func (f Food) EnergyDensity() float64 {
	if f.ServingGrams <= 0 {
		return 0
	}
	return f.EnergyKcal / f.ServingGrams
}

// DayTotals is what the user has logged so far today.
type DayTotals struct {
	EnergyKcal float64
	CarbsG     float64
	SugarsG    float64
	FibreG     float64
	ProteinG   float64
	FatG       float64
	SodiumMg   float64
	GL         float64 // sum of the glycaemic loads logged today
}

// Feedback counts a user's answers to earlier recommendations of one food.
type Feedback struct {
	Accepted int
	Rejected int
}

// UserContext is everything about the user the ranking needs.
type UserContext struct {
	UserID           string
	Diabetes         DiabetesType
	Goal             Goal
	EnergyTargetKcal float64 // daily target; 0 when not set
	// BudgetLeftUGX is what is left of today's food budget; nil when the user
	// has not set a budget.
	BudgetLeftUGX *int64
	Today         DayTotals
	Disliked      []string            // food keys
	RecentCounts  map[string]int      // food key → times logged recently
	Feedback      map[string]Feedback // food key → answers to recommendations
}

// GlucoseFocus reports whether glycaemic factors should weigh heavily: the
// user has a glucose condition or chose glucose control as their goal.
func (u UserContext) GlucoseFocus() bool {
	return u.Diabetes.HasGlucoseCondition() || u.Goal == GoalGlucoseControl
}

// historyEvents counts the signals the learned model can personalise on.
func (u UserContext) historyEvents() int {
	n := 0
	for _, c := range u.RecentCounts {
		n += c
	}
	for _, fb := range u.Feedback {
		n += fb.Accepted + fb.Rejected
	}
	return n
}

// Request asks for the best foods for one user and one meal.
type Request struct {
	User     UserContext
	MealType MealType
	Foods    []Food // candidates
	Limit    int    // how many to return; 0 means DefaultLimit
}

// DefaultLimit is how many recommendations Rank returns when Request.Limit is 0.
const DefaultLimit = 5

// Recommendation types.
const (
	TypeRuleBased = "rule_based" // rules only: no usable model or too little data for the user
	TypeHybrid    = "hybrid"     // rule score and model probability, rules weigh more
	TypeMLBased   = "ml_based"   // the model weighs more than the rules (enough user history)
)

// Factor is one reason behind a score, with the input number it came from.
type Factor struct {
	Name   string  // stable identifier, e.g. "gi", "fibre", "budget"
	Value  float64 // the input number (GI, grams, UGX, ...), unrounded
	Score  float64 // 0–1, higher is better for this user
	Weight float64 // the weight of this factor in the rule score
	Text   string  // plain-language phrase with the number, e.g. "GI 38 (low)"
}

// Recommendation is one ranked food with its explanation.
type Recommendation struct {
	FoodKey          string
	FoodName         string
	Type             string  // TypeRuleBased, TypeHybrid or TypeMLBased
	Score            float64 // 0–1
	RuleScore        float64 // 0–1
	ModelProbability float64 // 0–1; 0 when the model was not used
	Confidence       float64 // 0–1
	Reasoning        string
	Factors          []Factor // sorted by contribution, strongest first
	ServingGrams     float64
	EstimatedCostUGX int64 // 0 when the price is not known (see PriceKnown)
	PriceKnown       bool
	MealSuggestion   string
	ModelVersion     string // "v0003"; empty for rule-based recommendations
	FeaturesUsed     []string
}

// Exclusion says why a candidate was removed by a hard rule.
type Exclusion struct {
	FoodKey string
	Reason  string // ReasonDisliked, ReasonGICap, ...
	Text    string
}

// Exclusion reasons.
const (
	ReasonDisliked        = "disliked"
	ReasonMealType        = "meal_type"
	ReasonGICap           = "gi_cap"
	ReasonGLCap           = "gl_cap"
	ReasonUnknownGIHiCarb = "unknown_gi_high_carb"
	ReasonOverBudget      = "over_budget"
)

// Result is the ranked list plus what the hard rules removed.
type Result struct {
	Recommendations []Recommendation
	Excluded        []Exclusion
	Type            string // the type of the list (all items share it)
	ModelVersion    string
}
