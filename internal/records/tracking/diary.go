package tracking

import (
	"encoding/json"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
)

// Measure is a household measure of a food (food_items.measures: [{"label","grams"}]).
type Measure struct {
	Label string  `json:"label"`
	Grams float64 `json:"grams"`
}

// ParseMeasures reads a food's measures column; bad JSON gives none.
func ParseMeasures(raw string) []Measure {
	var ms []Measure
	if json.Unmarshal([]byte(raw), &ms) != nil {
		return nil
	}
	out := ms[:0]
	for _, m := range ms {
		if m.Label != "" && m.Grams > 0 {
			out = append(out, m)
		}
	}
	return out
}

// Portion limits: the database accepts up to 5,000 g and 100 measures per entry.
const (
	PortionMinG   = 1.0
	PortionMaxG   = 5000.0
	QuantityMin   = 0.25
	QuantityMax   = 100.0
	MaxMealsSaved = 200
)

// FoodLogInput is the diary entry form as typed.
type FoodLogInput struct {
	FoodID, Meal, Grams, Measure, Quantity, When string
}

// FoodLog is a checked diary entry: grams is the whole portion.
type FoodLog struct {
	FoodID       int64
	Meal         string
	Grams        float64
	MeasureLabel string
	Quantity     float64
	At           time.Time
}

// Parse checks a diary entry. measures are the chosen food's household measures (nil
// when the food was not found, which the caller reports on "food_id").
func (in FoodLogInput) Parse(measures []Measure, loc *time.Location, now time.Time) (FoodLog, Errors) {
	e := Errors{}
	l := FoodLog{Meal: in.Meal, Quantity: 1}
	id, ok := ParseID(in.FoodID)
	if !ok {
		e["food_id"] = "Choose a food from the search."
	}
	l.FoodID = id
	if !nutrition.ValidMeal(in.Meal) {
		e["meal"] = "Choose breakfast, lunch, dinner or snack."
	}
	if in.Measure != "" {
		var m *Measure
		for i := range measures {
			if measures[i].Label == in.Measure {
				m = &measures[i]
			}
		}
		if m == nil {
			e["measure"] = "Choose one of the measures listed for this food, or grams."
		} else if q := ParseNumber(e, "quantity", in.Quantity, QuantityMin, QuantityMax, "how many", "", true); q != nil {
			l.MeasureLabel, l.Quantity, l.Grams = m.Label, *q, *q*m.Grams
			if l.Grams > PortionMaxG {
				e["quantity"] = "That is more than 5 kg: enter a smaller amount."
			}
		}
	} else if g := ParseNumber(e, "grams", in.Grams, PortionMinG, PortionMaxG, "the amount", "g", true); g != nil {
		l.Grams = *g
	}
	l.At = ParseWhen(e, "when", in.When, loc, now)
	return l, e
}

// SavedMealInput names a meal to save for later.
type SavedMealInput struct{ Name string }

// Parse checks a saved meal's name.
func (in SavedMealInput) Parse() (string, Errors) {
	e := Errors{}
	name := CheckText(e, "name", in.Name, MaxTitle, "Name", true)
	return name, e
}
