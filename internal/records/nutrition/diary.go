package nutrition

// Amounts are nutrient amounts: per 100 g for a food, or for a portion, a meal or a day.
type Amounts struct {
	EnergyKcal float64
	CarbG      float64 // available carbohydrate
	ProteinG   float64
	FatG       float64
	FibreG     float64
	SugarsG    float64
	SodiumMg   float64
}

// Scale multiplies every amount by k.
func (a Amounts) Scale(k float64) Amounts {
	return Amounts{a.EnergyKcal * k, a.CarbG * k, a.ProteinG * k, a.FatG * k, a.FibreG * k, a.SugarsG * k, a.SodiumMg * k}
}

// Add returns the sum of two amounts.
func (a Amounts) Add(b Amounts) Amounts {
	return Amounts{a.EnergyKcal + b.EnergyKcal, a.CarbG + b.CarbG, a.ProteinG + b.ProteinG, a.FatG + b.FatG,
		a.FibreG + b.FibreG, a.SugarsG + b.SugarsG, a.SodiumMg + b.SodiumMg}
}

// Meal types of the diary, in the order of a day.
var Meals = []string{"breakfast", "lunch", "dinner", "snack"}

// MealLabel is the display name of a meal type.
func MealLabel(m string) string {
	switch m {
	case "breakfast":
		return "Breakfast"
	case "lunch":
		return "Lunch"
	case "dinner":
		return "Dinner"
	case "snack":
		return "Snacks"
	}
	return m
}

// ValidMeal reports whether m is a meal type.
func ValidMeal(m string) bool {
	for _, x := range Meals {
		if x == m {
			return true
		}
	}
	return false
}

// Item is one diary entry: grams of a food with its per-100 g values, its GI (nil when
// none is published) and its cost as stored at log time (nil when no price was known).
type Item struct {
	Meal    string
	Grams   float64
	Per100g Amounts
	GI      *float64
	CostUGX *int64
	// SugarsUnknown marks a food whose table reports no sugars: its zero is not counted
	// as "sugar-free", and the day says how many foods lacked the figure.
	SugarsUnknown bool
}

// Amounts are the nutrients in the portion.
func (it Item) Amounts() Amounts { return it.Per100g.Scale(it.Grams / 100) }

// GL is the portion's glycaemic load, nil without a GI.
func (it Item) GL() *float64 {
	if it.GI == nil {
		return nil
	}
	gl := GlycaemicLoad(*it.GI, it.Per100g.CarbG*it.Grams/100)
	return &gl
}

// Cost is money spent, with how many items had no price.
type Cost struct {
	UGX      int64
	Unpriced int
}

// MealTotals sums one meal.
type MealTotals struct {
	Meal    string
	Items   int
	Amounts Amounts
	GL      Load
	Cost    Cost
}

// DayTotals sums a diary day, per meal (in the order of Meals, only meals with
// entries) and for the whole day.
type DayTotals struct {
	Meals         []MealTotals
	Items         int
	Amounts       Amounts
	GL            Load
	Cost          Cost
	SugarsUnknown int // items without a sugars figure
}

// Totals adds up the items of a day.
func Totals(items []Item) DayTotals {
	byMeal := make(map[string]*MealTotals, len(Meals))
	var d DayTotals
	for _, it := range items {
		m := byMeal[it.Meal]
		if m == nil {
			m = &MealTotals{Meal: it.Meal}
			byMeal[it.Meal] = m
		}
		a, gl := it.Amounts(), it.GL()
		m.Items++
		m.Amounts = m.Amounts.Add(a)
		m.GL.add(gl)
		d.Items++
		d.Amounts = d.Amounts.Add(a)
		d.GL.add(gl)
		if it.SugarsUnknown {
			d.SugarsUnknown++
		}
		if it.CostUGX == nil {
			m.Cost.Unpriced++
			d.Cost.Unpriced++
		} else {
			m.Cost.UGX += *it.CostUGX
			d.Cost.UGX += *it.CostUGX
		}
	}
	for _, name := range Meals {
		if m := byMeal[name]; m != nil {
			d.Meals = append(d.Meals, *m)
		}
	}
	return d
}

// Kind says how an amount relates to its target.
type Kind int

const (
	Aim     Kind = iota // get close to the target (energy, macronutrients)
	Minimum             // reach at least the target (fibre)
	Maximum             // stay below the target (sugars, sodium, cost)
)

// Comparison is an amount set against its target.
type Comparison struct {
	Key, Label, Unit string
	Value, Target    float64
	Kind             Kind
	Decimals         int
	// Without of Items foods of the day have no figure for this amount: Value is then a
	// minimum, and "not known" when no food has one.
	Without, Items int
}

// Partial reports whether some foods have no figure for this amount.
func (c Comparison) Partial() bool { return c.Without > 0 }

// Percent of the target reached (0 when the target is 0).
func (c Comparison) Percent() float64 {
	if c.Target <= 0 {
		return 0
	}
	return c.Value * 100 / c.Target
}

// Status is "ok", "low" or "over": over a maximum, or more than 10 % over an aim;
// below a minimum. An aim not yet reached during the day is simply "ok".
// A partial amount below a maximum is "unknown": the foods without a figure may carry it over.
func (c Comparison) Status() string {
	switch c.Kind {
	case Maximum:
		if c.Value > c.Target {
			return "over"
		}
		if c.Partial() {
			return "unknown"
		}
	case Minimum:
		if c.Value < c.Target {
			return "low"
		}
	case Aim:
		if c.Value > c.Target*1.10 {
			return "over"
		}
	}
	return "ok"
}

// Compare sets a day's amounts against the targets, in display order. Sugars are partial
// when some of the day's foods have no sugars figure.
func Compare(d DayTotals, t Targets) []Comparison {
	a := d.Amounts
	cs := []Comparison{
		{Key: "energy", Label: "Energy", Unit: "kcal", Value: a.EnergyKcal, Target: t.EnergyKcal, Kind: Aim},
		{Key: "carb", Label: "Carbohydrate", Unit: "g", Value: a.CarbG, Target: t.CarbG, Kind: Aim},
		{Key: "protein", Label: "Protein", Unit: "g", Value: a.ProteinG, Target: t.ProteinG, Kind: Aim},
		{Key: "fat", Label: "Fat", Unit: "g", Value: a.FatG, Target: t.FatG, Kind: Aim},
		{Key: "fibre", Label: "Fibre", Unit: "g", Value: a.FibreG, Target: t.FibreMinG, Kind: Minimum},
		{Key: "sugars", Label: "Sugars", Unit: "g", Value: a.SugarsG, Target: t.SugarsMaxG, Kind: Maximum, Without: d.SugarsUnknown},
		{Key: "sodium", Label: "Sodium", Unit: "mg", Value: a.SodiumMg, Target: t.SodiumMaxMg, Kind: Maximum},
	}
	for i := range cs {
		cs[i].Items = d.Items
	}
	return cs
}
