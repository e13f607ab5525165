package mealplan

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ConstraintKind names a group of constraints: the unit the planner
// relaxes when explaining infeasibility and the unit Check reports.
type ConstraintKind string

// Constraint kinds.
const (
	KindEnergyMin      ConstraintKind = "energy_min"
	KindEnergyMax      ConstraintKind = "energy_max"
	KindProteinMin     ConstraintKind = "protein_min"
	KindFibreMin       ConstraintKind = "fibre_min"
	KindSodiumMax      ConstraintKind = "sodium_max"
	KindSugarsMax      ConstraintKind = "sugars_max"
	KindBudget         ConstraintKind = "budget"
	KindMealEnergy     ConstraintKind = "meal_energy_share"
	KindMealCarbs      ConstraintKind = "meal_carbs"
	KindMealGL         ConstraintKind = "meal_glycaemic_load"
	KindServingsMeal   ConstraintKind = "servings_per_meal"
	KindServingsDay    ConstraintKind = "servings_per_day"
	KindVariety        ConstraintKind = "week_variety"
	KindPlanArithmetic ConstraintKind = "plan_arithmetic" // Check only
)

// ErrInvalid wraps input errors (negative costs, unknown meals, …).
var ErrInvalid = errors.New("mealplan: invalid input")

// relaxOrder lists the relaxable kinds in the order the deletion filter
// tries to drop them: structural caps first, so that the explanation
// keeps the targets and limits a person recognises.
var relaxOrder = []ConstraintKind{
	KindServingsDay, KindServingsMeal, KindMealCarbs, KindMealEnergy,
	KindSugarsMax, KindSodiumMax, KindEnergyMax, KindMealGL,
	KindProteinMin, KindFibreMin, KindEnergyMin, KindBudget,
}

// nutrients per unit (one serving, or half a serving) of a variable.
type varInfo struct {
	food, meal int
	cost       float64
	energy     float64
	protein    float64
	carb       float64
	fibre      float64
	sugars     float64
	sodium     float64
	gl         float64
	cap        int // units within the meal
}

type modelRow struct {
	kind ConstraintKind
	meal int // index into Constraints.Meals, -1 for the day
	coef []float64
	rhs  float64 // coef·x ≤ rhs
}

// model is the integer programme of one day in "units" (servings or half
// servings): minimise cost·x, rows·x ≤ rhs, 0 ≤ x ≤ cap, Σ_meals x_f ≤ dayCap_f.
type model struct {
	options  []Option
	cons     Constraints
	step     float64 // servings per unit
	vars     []varInfo
	foodVars [][]int
	dayCap   []float64 // units per food per day
	rows     []modelRow
	relaxed  []ConstraintKind
	costUnit float64 // every plan's cost is a multiple of this, or 0
}

func (m *model) isRelaxed(k ConstraintKind) bool { return slices.Contains(m.relaxed, k) }

func validate(options []Option, c Constraints) error {
	if len(c.Meals) == 0 {
		return fmt.Errorf("%w: no meals to fill", ErrInvalid)
	}
	seen := map[MealType]bool{}
	for _, mt := range c.Meals {
		if seen[mt.Meal] {
			return fmt.Errorf("%w: meal %q listed twice", ErrInvalid, mt.Meal)
		}
		seen[mt.Meal] = true
		for _, v := range []float64{mt.EnergyShareMin, mt.EnergyShareMax, mt.CarbShareMin, mt.CarbShareMax} {
			if v < 0 || v > 1 || math.IsNaN(v) {
				return fmt.Errorf("%w: %s: shares must lie between 0 and 1", ErrInvalid, mt.Meal)
			}
		}
		if mt.CarbMinG < 0 || mt.CarbMaxG < 0 || mt.MaxGL < 0 {
			return fmt.Errorf("%w: %s: negative limit", ErrInvalid, mt.Meal)
		}
	}
	for _, v := range []float64{c.EnergyMinKcal, c.EnergyMaxKcal, c.ProteinMinG, c.FibreMinG,
		c.SodiumMaxMg, c.SugarsMaxG, c.SugarsMaxEnergyShare, c.MaxCostUGX, c.MaxGLPerMeal} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: constraints must be finite and not negative", ErrInvalid)
		}
	}
	if c.MaxServingsPerMeal < 0 || c.MaxServingsPerDay < 0 || c.MaxDaysPerFood < 0 ||
		c.MaxServingsPerWeek < 0 || c.MaxNodes < 0 {
		return fmt.Errorf("%w: negative servings, days or node limit", ErrInvalid)
	}
	keys := map[string]bool{}
	for _, o := range options {
		if o.Key == "" {
			return fmt.Errorf("%w: food %q has no key", ErrInvalid, o.Name)
		}
		if keys[o.Key] {
			return fmt.Errorf("%w: food key %q listed twice", ErrInvalid, o.Key)
		}
		keys[o.Key] = true
		if !(o.ServingGrams > 0) {
			return fmt.Errorf("%w: food %q: serving size must be positive", ErrInvalid, o.Key)
		}
		for _, v := range []float64{o.CostUGX, o.EnergyKcal, o.ProteinG, o.CarbG, o.FibreG,
			o.FatG, o.SugarsG, o.SodiumMg, o.GL} {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: food %q: cost and nutrients must be finite and not negative", ErrInvalid, o.Key)
			}
		}
		if o.MaxServingsPerMeal < 0 {
			return fmt.Errorf("%w: food %q: negative servings cap", ErrInvalid, o.Key)
		}
	}
	return nil
}

// buildModel turns options and constraints into the day's integer
// programme, leaving out the constraint kinds listed in relaxed.
// extraDayCap, when non-nil, further caps each food's units for the day
// (PlanWeek passes what is left of the week's allowance).
func buildModel(options []Option, c Constraints, relaxed []ConstraintKind, extraDayCap []float64) *model {
	m := &model{options: options, cons: c, step: 1, relaxed: relaxed}
	if c.HalfServings {
		m.step = 0.5
	}
	perServing := int(math.Round(1 / m.step))
	m.foodVars = make([][]int, len(options))
	m.dayCap = make([]float64, len(options))
	for f, o := range options {
		capMeal := unlimitedUnits
		if !m.isRelaxed(KindServingsMeal) {
			if o.MaxServingsPerMeal > 0 {
				capMeal = o.MaxServingsPerMeal * perServing
			}
			if c.MaxServingsPerMeal > 0 {
				capMeal = min(capMeal, c.MaxServingsPerMeal*perServing)
			}
		}
		m.dayCap[f] = unlimitedUnits
		if c.MaxServingsPerDay > 0 && !m.isRelaxed(KindServingsDay) {
			m.dayCap[f] = float64(c.MaxServingsPerDay * perServing)
		}
		if extraDayCap != nil && !m.isRelaxed(KindVariety) {
			m.dayCap[f] = min(m.dayCap[f], extraDayCap[f])
		}
		if m.dayCap[f] <= 0 || capMeal == 0 {
			continue
		}
		for mi, mt := range c.Meals {
			if !slices.Contains(o.Meals, mt.Meal) {
				continue
			}
			s := m.step
			m.foodVars[f] = append(m.foodVars[f], len(m.vars))
			m.vars = append(m.vars, varInfo{
				food: f, meal: mi, cost: o.CostUGX * s,
				energy: o.EnergyKcal * s, protein: o.ProteinG * s, carb: o.CarbG * s,
				fibre: o.FibreG * s, sugars: o.SugarsG * s, sodium: o.SodiumMg * s, gl: o.GL * s,
				cap: min(capMeal, int(math.Ceil(m.dayCap[f]-1e-9))),
			})
		}
	}
	m.costUnit = costUnit(m.vars)
	m.addRows()
	return m
}

// costUnit finds the largest u such that every variable's cost is a whole
// multiple of u (costs read to 1/100 UGX): every plan's cost is then a
// multiple of u too, so an LP bound of 1,201 UGX with u = 50 means no plan
// below 1,250. 0 when costs are not in hundredths.
func costUnit(vars []varInfo) float64 {
	g := int64(0)
	for _, v := range vars {
		x := v.cost * 100
		r := math.Round(x)
		if math.Abs(x-r) > 1e-6*math.Max(1, x) || r > 1e15 {
			return 0
		}
		g = gcd(g, int64(r))
	}
	if g == 0 {
		return 0
	}
	return float64(g) / 100
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (m *model) row(kind ConstraintKind, meal int, rhs float64, coef func(v varInfo) float64) {
	r := modelRow{kind: kind, meal: meal, rhs: rhs, coef: make([]float64, len(m.vars))}
	for j, v := range m.vars {
		r.coef[j] = coef(v)
	}
	m.rows = append(m.rows, r)
}

func (m *model) addRows() {
	c := m.cons
	on := func(k ConstraintKind, v float64) bool { return v > 0 && !m.isRelaxed(k) }
	if on(KindEnergyMin, c.EnergyMinKcal) {
		m.row(KindEnergyMin, -1, -c.EnergyMinKcal, func(v varInfo) float64 { return -v.energy })
	}
	if on(KindEnergyMax, c.EnergyMaxKcal) {
		m.row(KindEnergyMax, -1, c.EnergyMaxKcal, func(v varInfo) float64 { return v.energy })
	}
	if on(KindProteinMin, c.ProteinMinG) {
		m.row(KindProteinMin, -1, -c.ProteinMinG, func(v varInfo) float64 { return -v.protein })
	}
	if on(KindFibreMin, c.FibreMinG) {
		m.row(KindFibreMin, -1, -c.FibreMinG, func(v varInfo) float64 { return -v.fibre })
	}
	if on(KindSodiumMax, c.SodiumMaxMg) {
		m.row(KindSodiumMax, -1, c.SodiumMaxMg, func(v varInfo) float64 { return v.sodium })
	}
	if on(KindSugarsMax, c.SugarsMaxG) {
		m.row(KindSugarsMax, -1, c.SugarsMaxG, func(v varInfo) float64 { return v.sugars })
	}
	if on(KindSugarsMax, c.SugarsMaxEnergyShare) {
		share := c.SugarsMaxEnergyShare
		m.row(KindSugarsMax, -1, 0, func(v varInfo) float64 { return SugarKcalPerG*v.sugars - share*v.energy })
	}
	if on(KindBudget, c.MaxCostUGX) {
		m.row(KindBudget, -1, c.MaxCostUGX, func(v varInfo) float64 { return v.cost })
	}
	// A meal's share window: lo·dayTotal ≤ mealTotal ≤ hi·dayTotal.
	share := func(kind ConstraintKind, mi int, lo, hi float64, val func(varInfo) float64) {
		if lo > 0 {
			m.row(kind, mi, 0, func(v varInfo) float64 {
				if v.meal == mi {
					return (lo - 1) * val(v)
				}
				return lo * val(v)
			})
		}
		if hi > 0 && hi < 1 {
			m.row(kind, mi, 0, func(v varInfo) float64 {
				if v.meal == mi {
					return (1 - hi) * val(v)
				}
				return -hi * val(v)
			})
		}
	}
	inMeal := func(mi int, val func(varInfo) float64) func(varInfo) float64 {
		return func(v varInfo) float64 {
			if v.meal == mi {
				return val(v)
			}
			return 0
		}
	}
	energy := func(v varInfo) float64 { return v.energy }
	carb := func(v varInfo) float64 { return v.carb }
	gl := func(v varInfo) float64 { return v.gl }
	for mi, mt := range c.Meals {
		if !m.isRelaxed(KindMealEnergy) {
			share(KindMealEnergy, mi, mt.EnergyShareMin, mt.EnergyShareMax, energy)
		}
		if !m.isRelaxed(KindMealCarbs) {
			share(KindMealCarbs, mi, mt.CarbShareMin, mt.CarbShareMax, carb)
			if mt.CarbMinG > 0 {
				m.row(KindMealCarbs, mi, -mt.CarbMinG, inMeal(mi, func(v varInfo) float64 { return -v.carb }))
			}
			if mt.CarbMaxG > 0 {
				m.row(KindMealCarbs, mi, mt.CarbMaxG, inMeal(mi, carb))
			}
		}
		if capGL := mealGLCap(c, mi); capGL > 0 && !m.isRelaxed(KindMealGL) {
			m.row(KindMealGL, mi, capGL, inMeal(mi, gl))
		}
	}
}

func mealGLCap(c Constraints, mi int) float64 {
	if g := c.Meals[mi].MaxGL; g > 0 {
		return g
	}
	return c.MaxGLPerMeal
}

// presentKinds lists the relaxable kinds these constraints actually use,
// in relaxOrder.
func presentKinds(options []Option, c Constraints) []ConstraintKind {
	var out []ConstraintKind
	for _, k := range relaxOrder {
		if kindPresent(options, c, k) {
			out = append(out, k)
		}
	}
	return out
}

func kindPresent(options []Option, c Constraints, k ConstraintKind) bool {
	switch k {
	case KindEnergyMin:
		return c.EnergyMinKcal > 0
	case KindEnergyMax:
		return c.EnergyMaxKcal > 0
	case KindProteinMin:
		return c.ProteinMinG > 0
	case KindFibreMin:
		return c.FibreMinG > 0
	case KindSodiumMax:
		return c.SodiumMaxMg > 0
	case KindSugarsMax:
		return c.SugarsMaxG > 0 || c.SugarsMaxEnergyShare > 0
	case KindBudget:
		return c.MaxCostUGX > 0
	case KindServingsMeal:
		return c.MaxServingsPerMeal > 0 || slices.ContainsFunc(options, func(o Option) bool { return o.MaxServingsPerMeal > 0 })
	case KindServingsDay:
		return c.MaxServingsPerDay > 0
	}
	for mi, mt := range c.Meals {
		switch k {
		case KindMealEnergy:
			if mt.EnergyShareMin > 0 || (mt.EnergyShareMax > 0 && mt.EnergyShareMax < 1) {
				return true
			}
		case KindMealCarbs:
			if mt.CarbShareMin > 0 || (mt.CarbShareMax > 0 && mt.CarbShareMax < 1) || mt.CarbMinG > 0 || mt.CarbMaxG > 0 {
				return true
			}
		case KindMealGL:
			if mealGLCap(c, mi) > 0 {
				return true
			}
		}
	}
	return false
}
