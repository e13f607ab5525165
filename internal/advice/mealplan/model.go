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
	KindEnergyMin     ConstraintKind = "energy_min"
	KindEnergyMax     ConstraintKind = "energy_max"
	KindProteinMin    ConstraintKind = "protein_min"
	KindFibreMin      ConstraintKind = "fibre_min"
	KindSodiumMax     ConstraintKind = "sodium_max"
	KindSugarsMax     ConstraintKind = "sugars_max"
	KindBudget        ConstraintKind = "budget"
	KindMealEnergy    ConstraintKind = "meal_energy_share"
	KindMealCarbs     ConstraintKind = "meal_carbs"
	KindMealGL        ConstraintKind = "meal_glycaemic_load"
	KindServingsMeal  ConstraintKind = "servings_per_meal"
	KindServingsDay   ConstraintKind = "servings_per_day"
	KindVariety       ConstraintKind = "week_variety"
	KindFibreMax      ConstraintKind = "fibre_max"
	KindFatShare      ConstraintKind = "fat_energy_share"
	KindVegetablesMin ConstraintKind = "vegetables_min"
	KindFruitMin      ConstraintKind = "fruit_min"
	KindPlate         ConstraintKind = "plate_method"
	KindOneForm       ConstraintKind = "one_form_per_day"
	// Quality goals (soft plans only).
	KindAnimalSource   ConstraintKind = "animal_source_goal"
	KindProteinGoal    ConstraintKind = "protein_goal"
	KindPlanArithmetic ConstraintKind = "plan_arithmetic" // Check only
)

// ErrInvalid wraps input errors (negative costs, unknown meals, …).
var ErrInvalid = errors.New("mealplan: invalid input")

// relaxOrder lists the relaxable kinds in the order the deletion filter
// tries to drop them: structural caps first, so that the explanation
// keeps the targets and limits a person recognises.
var relaxOrder = []ConstraintKind{
	KindServingsDay, KindServingsMeal, KindPlate, KindMealCarbs, KindMealEnergy,
	KindFruitMin, KindVegetablesMin, KindFatShare, KindFibreMax,
	KindSugarsMax, KindSodiumMax, KindEnergyMax, KindMealGL,
	KindProteinMin, KindFibreMin, KindEnergyMin, KindBudget,
}

// DefaultPenalties price one unit of a soft rule's miss in UGX-equivalents,
// per the rule's own unit (kcal, g, mg, UGX, GL). Their order sets what
// gives way first when not everything fits: the quality goals, then the
// shape of the day (plate, meal shares, fruit, vegetables, fat, fibre
// ceiling), then the health limits and minimums, then the budget; the
// energy minimum last. With food costing 0.4–10 UGX per kcal, a budget
// penalty of 30 per UGX keeps a plan within the budget rather than buy a
// gram of vegetables (≈ 2 UGX) worth 8, while 100 per kcal short of the
// energy minimum outweighs what any food costs beyond the budget: a person
// is never planned hungry to save money.
var DefaultPenalties = map[ConstraintKind]float64{
	KindEnergyMin:     100, // per kcal
	KindEnergyMax:     20,  // per kcal
	KindBudget:        30,  // per UGX
	KindProteinMin:    60,  // per g
	KindFibreMin:      40,  // per g
	KindFibreMax:      20,  // per g
	KindSodiumMax:     1,   // per mg
	KindSugarsMax:     10,  // per g (per kcal for the energy-share row)
	KindMealGL:        40,  // per unit of glycaemic load
	KindMealCarbs:     20,  // per g
	KindMealEnergy:    4,   // per kcal
	KindFatShare:      4,   // per kcal from fat
	KindVegetablesMin: 8,   // per g
	KindFruitMin:      8,   // per g
	KindPlate:         4,   // per g
	KindAnimalSource:  15,  // per g
	KindProteinGoal:   10,  // per g
	KindVariety:       300, // per serving of a food beyond its week's allowance
}

func (c Constraints) penalty(k ConstraintKind) float64 {
	if p, ok := c.Penalties[k]; ok {
		return p
	}
	return DefaultPenalties[k]
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
	fat        float64
	grams      float64
	group      Group
	animal     bool
	cap        int // units within the meal
	// slack marks a soft rule's slack: one unit is one unit of the rule's
	// miss, priced at cost. food then indexes past the options.
	slack bool
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
	nFoods   int     // options; variables with food ≥ nFoods are slacks
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
		c.SodiumMaxMg, c.SugarsMaxG, c.SugarsMaxEnergyShare, c.MaxCostUGX, c.MaxGLPerMeal,
		c.FibreMaxG, c.FatMinEnergyShare, c.FatMaxEnergyShare, c.VegetablesMinG, c.FruitMinG,
		c.AnimalSourceMinG, c.ProteinGoalG, c.Plate.VegetableMinShare, c.Plate.ProteinMinShare, c.Plate.StarchMaxShare} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: constraints must be finite and not negative", ErrInvalid)
		}
	}
	for k, p := range c.Penalties {
		if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
			return fmt.Errorf("%w: penalty of %s must be finite and not negative", ErrInvalid, k)
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
		if o.MaxServingsPerMeal < 0 || o.MaxServingsPerDay < 0 {
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
		if o.MaxServingsPerDay > 0 && !m.isRelaxed(KindServingsDay) {
			m.dayCap[f] = min(m.dayCap[f], float64(o.MaxServingsPerDay*perServing))
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
				fat: o.FatG * s, grams: o.ServingGrams * s, group: o.Group, animal: o.AnimalSource,
				cap: min(capMeal, int(math.Ceil(m.dayCap[f]-1e-9))),
			})
		}
	}
	m.nFoods = len(options)
	m.addRows()
	m.costUnit = costUnit(m.vars)
	if c.Soft {
		// Slacks are continuous (a miss is priced exactly), so a soft plan's
		// objective has no granularity.
		m.addSlacks()
		m.costUnit = 0
	}
	return m
}

// addSlacks gives every row a continuous slack variable priced at its
// kind's penalty: coef·x − s ≤ rhs. A slack touches only its own row, so
// the lazy rows of the search leave it at zero until its row binds. Each
// slack is its own pseudo-food (for the day caps the search keeps per
// food), with no cap. The search never branches on a slack: once the foods
// are whole, the LP's slacks are exactly the rows' misses.
func (m *model) addSlacks() {
	first := len(m.vars)
	for i := range m.rows {
		m.foodVars = append(m.foodVars, []int{len(m.vars)})
		m.dayCap = append(m.dayCap, unlimitedUnits)
		m.vars = append(m.vars, varInfo{food: m.nFoods + i, meal: m.rows[i].meal,
			cost: m.cons.penalty(m.rows[i].kind), cap: unlimitedUnits, slack: true})
	}
	for i := range m.rows {
		coef := make([]float64, len(m.vars))
		copy(coef, m.rows[i].coef)
		coef[first+i] = -1
		m.rows[i].coef = coef
	}
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
	if on(KindFibreMax, c.FibreMaxG) {
		m.row(KindFibreMax, -1, c.FibreMaxG, func(v varInfo) float64 { return v.fibre })
	}
	if on(KindFatShare, c.FatMinEnergyShare) {
		lo := c.FatMinEnergyShare
		m.row(KindFatShare, -1, 0, func(v varInfo) float64 { return lo*v.energy - FatKcalPerG*v.fat })
	}
	if on(KindFatShare, c.FatMaxEnergyShare) && c.FatMaxEnergyShare < 1 {
		hi := c.FatMaxEnergyShare
		m.row(KindFatShare, -1, 0, func(v varInfo) float64 { return FatKcalPerG*v.fat - hi*v.energy })
	}
	groupGrams := func(g Group) func(v varInfo) float64 {
		return func(v varInfo) float64 {
			if v.group == g {
				return v.grams
			}
			return 0
		}
	}
	if on(KindVegetablesMin, c.VegetablesMinG) {
		veg := groupGrams(GroupVegetable)
		m.row(KindVegetablesMin, -1, -c.VegetablesMinG, func(v varInfo) float64 { return -veg(v) })
	}
	if on(KindFruitMin, c.FruitMinG) {
		fruit := groupGrams(GroupFruit)
		m.row(KindFruitMin, -1, -c.FruitMinG, func(v varInfo) float64 { return -fruit(v) })
	}
	if c.Soft && on(KindAnimalSource, c.AnimalSourceMinG) {
		m.row(KindAnimalSource, -1, -c.AnimalSourceMinG, func(v varInfo) float64 {
			if v.animal {
				return -v.grams
			}
			return 0
		})
	}
	if c.Soft && on(KindProteinGoal, c.ProteinGoalG) {
		m.row(KindProteinGoal, -1, -c.ProteinGoalG, func(v varInfo) float64 { return -v.protein })
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
		if mt.Plate && !m.isRelaxed(KindPlate) {
			m.plateRows(mi)
		}
	}
}

// plateRows applies the plate method to meal mi in grams: with P the
// grams of the meal's vegetable, protein and starch foods, vegetables ≥
// a·P, protein foods ≥ b·P, starch ≤ c·P.
func (m *model) plateRows(mi int) {
	pr := m.cons.Plate
	onPlate := func(v varInfo) float64 {
		if v.meal == mi && (v.group == GroupVegetable || v.group == GroupProtein || v.group == GroupStarch) {
			return v.grams
		}
		return 0
	}
	of := func(g Group, v varInfo) float64 {
		if v.meal == mi && v.group == g {
			return v.grams
		}
		return 0
	}
	if pr.VegetableMinShare > 0 {
		m.row(KindPlate, mi, 0, func(v varInfo) float64 { return pr.VegetableMinShare*onPlate(v) - of(GroupVegetable, v) })
	}
	if pr.ProteinMinShare > 0 {
		m.row(KindPlate, mi, 0, func(v varInfo) float64 { return pr.ProteinMinShare*onPlate(v) - of(GroupProtein, v) })
	}
	if pr.StarchMaxShare > 0 && pr.StarchMaxShare < 1 {
		m.row(KindPlate, mi, 0, func(v varInfo) float64 { return of(GroupStarch, v) - pr.StarchMaxShare*onPlate(v) })
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
		return c.MaxServingsPerDay > 0 || slices.ContainsFunc(options, func(o Option) bool { return o.MaxServingsPerDay > 0 })
	case KindFibreMax:
		return c.FibreMaxG > 0
	case KindFatShare:
		return c.FatMinEnergyShare > 0 || (c.FatMaxEnergyShare > 0 && c.FatMaxEnergyShare < 1)
	case KindVegetablesMin:
		return c.VegetablesMinG > 0
	case KindFruitMin:
		return c.FruitMinG > 0
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
		case KindPlate:
			if mt.Plate {
				return true
			}
		}
	}
	return false
}
