package assistant

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is what Data returns (wrapped or not) when a food or record
// does not exist; the assistant answers "I don't have that" instead of failing.
var ErrNotFound = errors.New("assistant: not found")

// Data answers the assistant's questions about foods and about the user. An
// implementation is scoped to one user: either build one per request (New is
// cheap) or read the user from ctx.
type Data interface {
	// FoodFacts returns the nutrition of a food per 100 g and its household
	// measures.
	FoodFacts(ctx context.Context, foodKey string) (FoodFacts, error)
	// CheaperAlternatives returns up to limit foods of a similar kind that
	// cost less than foodKey, cheapest first.
	CheaperAlternatives(ctx context.Context, foodKey string, limit int) ([]Alternative, error)
	// FoodsWithinBudget returns up to limit meal options for the meal type
	// (empty: any) costing at most budgetUGX.
	FoodsWithinBudget(ctx context.Context, budgetUGX int, meal MealType, limit int) ([]BudgetOption, error)
	// GlucoseStats summarises the user's readings in the period, in the
	// user's unit.
	GlucoseStats(ctx context.Context, p Period) (GlucoseStats, error)
	// Spending totals what the user spent on food in the period.
	Spending(ctx context.Context, p Period) (Spending, error)
	// GoalProgress reports the user's current goals.
	GoalProgress(ctx context.Context) (GoalProgress, error)
	// GlucoseUnit is the user's preferred unit.
	GlucoseUnit(ctx context.Context) (GlucoseUnit, error)
	// Diary lists the user's food diary entries in the period, oldest first.
	Diary(ctx context.Context, p Period) ([]DiaryItem, error)
	// Readings lists the user's glucose readings in the period, oldest first.
	Readings(ctx context.Context, p Period) ([]GlucoseAt, error)
	// Catalogue lists every published food with its nutrients and current
	// price, for lists, rankings and alternatives.
	Catalogue(ctx context.Context) ([]CatalogFood, error)
	// Health returns the user's latest lab HbA1c results and weigh-ins.
	Health(ctx context.Context) (Health, error)
}

// Health holds the user's latest HbA1c results and weights, newest first.
type Health struct {
	HbA1c  []Dated `json:"hba1c,omitempty"`  // %
	Weight []Dated `json:"weight,omitempty"` // kg
}

// Dated is one recorded value.
type Dated struct {
	At    time.Time `json:"at"`
	Value float64   `json:"value"`
}

// DiaryItem is one food diary entry with the nutrients of the amount logged.
type DiaryItem struct {
	At    time.Time `json:"at"`
	Meal  MealType  `json:"meal"`
	Key   string    `json:"key,omitempty"`
	Name  string    `json:"name"`
	Grams float64   `json:"grams"`
	// Nutrients of the logged amount (not per 100 g).
	Nutrients Nutrients `json:"nutrients"`
	// CostUGX is nil when the entry has no price.
	CostUGX *int `json:"cost_ugx,omitempty"`
}

// GlucoseAt is one glucose reading: Value in the user's unit, MgDL for the bands.
type GlucoseAt struct {
	At    time.Time `json:"at"`
	Value float64   `json:"value"`
	MgDL  float64   `json:"mgdl"`
}

// CatalogFood is one food of the catalogue for rankings.
type CatalogFood struct {
	Key, Name, LocalName, Category string
	Per100g                        Nutrients
	GI                             int     // 0 when not published
	ServingG                       float64 // the usual serving, 0 when unknown
	PriceUGXPerKg                  float64 // 0 when not priced per kg
}

// Nutrients are amounts per 100 g (energy in kcal, the rest in grams unless
// the name says mg).
type Nutrients struct {
	EnergyKcal float64 `json:"energy_kcal"`
	CarbsG     float64 `json:"carbs_g"` // available carbohydrate
	ProteinG   float64 `json:"protein_g"`
	FatG       float64 `json:"fat_g"`
	FibreG     float64 `json:"fibre_g"`
	SugarsG    float64 `json:"sugars_g"`
	// SugarsKnown is false when the food table does not report sugars (SugarsG is then
	// 0 and must never be shown as a value).
	SugarsKnown bool    `json:"sugars_known,omitempty"`
	IronMg      float64 `json:"iron_mg"`
	CalciumMg   float64 `json:"calcium_mg"`
	SodiumMg    float64 `json:"sodium_mg"`
	// VitaminCMg and PotassiumMg are 0 when the table reports none.
	VitaminCMg  float64 `json:"vitamin_c_mg,omitempty"`
	PotassiumMg float64 `json:"potassium_mg,omitempty"`
}

// Measure is a household measure of a food ("finger" of matooke ≈ 100 g).
type Measure struct {
	Unit  string  `json:"unit"` // canonical unit as the NLU writes it: finger, cup, plate, piece, ...
	Grams float64 `json:"grams"`
	Label string  `json:"label,omitempty"` // as shown: "1 medium finger"
}

// FoodFacts is what the assistant knows about one food.
type FoodFacts struct {
	Key       string    `json:"key"`
	Name      string    `json:"name"`
	LocalName string    `json:"local_name,omitempty"`
	Per100g   Nutrients `json:"per_100g"`
	// GI is the glycaemic index (glucose = 100), 0 when unknown.
	GI            int       `json:"gi,omitempty"`
	Measures      []Measure `json:"measures,omitempty"`
	PriceUGXPerKg float64   `json:"price_ugx_per_kg,omitempty"` // 0 when unknown
}

// MeasureGrams returns the grams in one unit of a household measure.
func (f FoodFacts) MeasureGrams(unit string) (float64, bool) {
	for _, m := range f.Measures {
		if m.Unit == unit && m.Grams > 0 {
			return m.Grams, true
		}
	}
	return 0, false
}

// DisplayName is "Matooke (plantain)" style: the name and, when different,
// the local name.
func (f FoodFacts) DisplayName() string {
	if f.LocalName != "" && f.LocalName != f.Name {
		return f.Name + " (" + f.LocalName + ")"
	}
	if f.Name == "" {
		return f.Key
	}
	return f.Name
}

// Alternative is a cheaper food.
type Alternative struct {
	Key           string  `json:"key"`
	Name          string  `json:"name"`
	PriceUGXPerKg float64 `json:"price_ugx_per_kg"`
	Note          string  `json:"note,omitempty"` // e.g. "similar protein"
}

// BudgetOption is a meal that fits a budget.
type BudgetOption struct {
	Title   string   `json:"title"`
	Foods   []string `json:"foods"` // display names
	CostUGX int      `json:"cost_ugx"`
	Note    string   `json:"note,omitempty"` // e.g. "low GI"
}

// GlucoseStats summarises readings, values in Unit. Percentages are shares of
// readings (finger-stick data), not time.
type GlucoseStats struct {
	Unit       GlucoseUnit `json:"unit"`
	Count      int         `json:"count"`
	Mean       float64     `json:"mean"`
	Min        float64     `json:"min"`
	Max        float64     `json:"max"`
	PctInRange float64     `json:"pct_in_range"` // 70–180 mg/dL
	PctBelow   float64     `json:"pct_below"`    // < 70 mg/dL
	PctAbove   float64     `json:"pct_above"`    // > 180 mg/dL
}

// Spending is what the user spent on food.
type Spending struct {
	TotalUGX int         `json:"total_ugx"`
	Entries  int         `json:"entries"`
	Top      []SpendItem `json:"top,omitempty"`
	// BudgetUGX is the user's budget for the same period, 0 when none.
	BudgetUGX int `json:"budget_ugx,omitempty"`
	// Unpriced counts the entries that have no price (not in TotalUGX).
	Unpriced int `json:"unpriced,omitempty"`
	// MonthlyBudgetUGX is the user's monthly food budget, 0 when none.
	MonthlyBudgetUGX int `json:"monthly_budget_ugx,omitempty"`
}

// SpendItem is one food and what it cost in the period.
type SpendItem struct {
	Name string `json:"name"`
	UGX  int    `json:"ugx"`
}

// GoalProgress lists the user's goals.
type GoalProgress struct {
	Goals []Goal `json:"goals"`
}

// Goal is one goal with where the user stands.
type Goal struct {
	Name    string  `json:"name"` // "Calories today", "Readings in range this week"
	Current float64 `json:"current"`
	Target  float64 `json:"target"`
	Unit    string  `json:"unit"` // "kcal", "%", "UGX"
	OnTrack bool    `json:"on_track"`
	// Type is the goal type (goals.Type: lose_weight, hba1c, time_in_range, ...).
	Type string `json:"type,omitempty"`
	// Percent is the progress from the start value toward the target, when
	// HasProgress.
	Percent     float64 `json:"percent,omitempty"`
	HasProgress bool    `json:"has_progress,omitempty"`
}
