package mealplan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// ErrSearchLimit is returned when the node or time limit ended the search
// before any plan was found, so neither a plan nor infeasibility is known.
var ErrSearchLimit = errors.New("mealplan: search limit reached before any plan was found")

// PlanDay returns the cheapest day that meets every constraint. When no
// such day exists the error is an *InfeasibleError naming the constraint
// that binds.
func PlanDay(options []Option, c Constraints) (Plan, error) {
	if err := validate(options, c); err != nil {
		return Plan{}, err
	}
	options = OneFormPerFamily(options)
	return planDay(options, c, nil, nil, nil)
}

// OneFormPerFamily keeps the first option of each Family (the caller lists
// the preferred form first), so that no day has a food in two forms.
func OneFormPerFamily(options []Option) []Option {
	seen := map[string]bool{}
	out := make([]Option, 0, len(options))
	for _, o := range options {
		if f := o.family(); !seen[f] {
			seen[f] = true
			out = append(out, o)
		}
	}
	return out
}

func (o Option) family() string {
	if o.Family != "" {
		return o.Family
	}
	return o.Key
}

// planDay plans one day; dayCap (hard plans) caps each food's units and
// surcharge (soft plans) adds a cost per unit of each food, which is how
// a soft week prices a food beyond its variety allowance.
//
// start, for soft plans, is a plan to begin the search from (a soft week hands
// each day the day before): it is offered as the first incumbent, so that the
// search, when its limit stops it, is never worse than start.
func planDay(options []Option, c Constraints, dayCap, surcharge []float64, start *Plan) (Plan, error) {
	if !c.Soft {
		if err := mealWithoutFood(options, c); err != nil {
			return Plan{}, err
		}
	}
	m := buildModel(options, c, nil, dayCap)
	if surcharge != nil {
		for j := range m.vars {
			if v := &m.vars[j]; !v.slack {
				v.cost += surcharge[v.food] * m.step
			}
		}
		if !c.Soft {
			m.costUnit = costUnit(m.vars)
		}
	}
	limits := searchLimits{maxNodes: c.MaxNodes}
	if limits.maxNodes == 0 {
		limits.maxNodes = DefaultMaxNodes
	}
	if c.TimeLimit > 0 {
		limits.deadline = time.Now().Add(c.TimeLimit)
	}
	srch := newSearcher(m, limits)
	if start != nil && c.Soft {
		if y, ok := m.unitsOf(*start); ok {
			srch.offer(y)
		}
	}
	res := srch.run()
	if res.x != nil {
		p := m.plan(res)
		if c.Soft {
			for _, v := range Check(p, options, c) {
				if v.Constraint != KindPlanArithmetic {
					p.Relaxed = append(p.Relaxed, v)
				}
			}
		}
		return p, nil
	}
	if c.Soft {
		return Plan{}, fmt.Errorf("%w (%d nodes)", ErrSearchLimit, res.nodes)
	}
	if !res.complete {
		if c.MaxCostUGX > 0 {
			// A budget just under the cheapest plan is hard to disprove; say
			// what is known rather than nothing.
			free := buildModel(options, c, []ConstraintKind{KindBudget}, dayCap)
			if r := search(free, c, false); r.x != nil && r.cost > c.MaxCostUGX {
				return Plan{}, &InfeasibleError{
					Constraint: KindBudget, Conflicts: []ConstraintKind{KindBudget},
					CheapestWithout: r.cost, SearchLimited: true,
					Message: fmt.Sprintf("no plan under %s UGX/day was found before the search limit; the cheapest plan found costs %s UGX",
						formatNumber(c.MaxCostUGX), formatNumber(r.cost)),
				}
			}
		}
		return Plan{}, fmt.Errorf("%w (%d nodes)", ErrSearchLimit, res.nodes)
	}
	return Plan{}, explain(options, c, dayCap, res.rootLPFailed)
}

func search(m *model, c Constraints, stopAtFirst bool) searchResult {
	limits := searchLimits{maxNodes: c.MaxNodes, stopAtFirst: stopAtFirst}
	if limits.maxNodes == 0 {
		limits.maxNodes = DefaultMaxNodes
	}
	if c.TimeLimit > 0 {
		limits.deadline = time.Now().Add(c.TimeLimit)
	}
	return newSearcher(m, limits).run()
}

// rootLP solves the model's linear relaxation only.
func rootLP(m *model) (cost float64, feasible bool) {
	res := newSearcher(m, searchLimits{maxNodes: 1}).run()
	return res.rootLPCost, !res.rootLPFailed
}

// unitsOf turns a plan back into the model's units (slacks zero); ok is
// false when the plan uses a food or meal the model has no variable for.
func (m *model) unitsOf(p Plan) ([]int, bool) {
	y := make([]int, len(m.vars))
	for _, mp := range p.Meals {
		mi := slices.IndexFunc(m.cons.Meals, func(t MealTarget) bool { return t.Meal == mp.Meal })
		for _, it := range mp.Items {
			j := slices.IndexFunc(m.vars, func(v varInfo) bool {
				return !v.slack && v.meal == mi && m.options[v.food].Key == it.Key
			})
			if j < 0 {
				return nil, false
			}
			y[j] += int(math.Round(it.Servings / m.step))
		}
	}
	return y, true
}

// plan turns a search result into the Plan a person reads.
func (m *model) plan(res searchResult) Plan {
	p := Plan{Optimal: res.complete, LowerBoundUGX: res.lowerBound, Nodes: res.nodes, Objective: res.cost}
	for mi, mt := range m.cons.Meals {
		mp := MealPlan{Meal: mt.Meal}
		for j, v := range m.vars {
			if v.slack || v.meal != mi || res.x[j] == 0 {
				continue
			}
			o := m.options[v.food]
			servings := float64(res.x[j]) * m.step
			mp.Items = append(mp.Items, Item{
				Key: o.Key, Name: o.Name, Servings: servings,
				Grams: servings * o.ServingGrams, CostUGX: servings * o.CostUGX,
			})
			mp.Totals.add(o, servings)
		}
		p.Meals = append(p.Meals, mp)
		p.Totals.addTotals(mp.Totals)
	}
	return p
}

func (t *Totals) add(o Option, servings float64) {
	t.EnergyKcal += o.EnergyKcal * servings
	t.ProteinG += o.ProteinG * servings
	t.CarbG += o.CarbG * servings
	t.FibreG += o.FibreG * servings
	t.FatG += o.FatG * servings
	t.SugarsG += o.SugarsG * servings
	t.SodiumMg += o.SodiumMg * servings
	t.GL += o.GL * servings
	t.CostUGX += o.CostUGX * servings
	if o.GIKnown {
		t.GLCarbG += o.CarbG * servings
	}
	switch o.Group {
	case GroupVegetable:
		t.VegetablesG += o.ServingGrams * servings
	case GroupFruit:
		t.FruitG += o.ServingGrams * servings
	}
	if o.AnimalSource {
		t.AnimalSourceG += o.ServingGrams * servings
	}
}

func (t *Totals) addTotals(o Totals) {
	t.EnergyKcal += o.EnergyKcal
	t.ProteinG += o.ProteinG
	t.CarbG += o.CarbG
	t.FibreG += o.FibreG
	t.FatG += o.FatG
	t.SugarsG += o.SugarsG
	t.SodiumMg += o.SodiumMg
	t.GL += o.GL
	t.CostUGX += o.CostUGX
	t.GLCarbG += o.GLCarbG
	t.VegetablesG += o.VegetablesG
	t.FruitG += o.FruitG
	t.AnimalSourceG += o.AnimalSourceG
}

// mealWithoutFood reports a meal that must carry energy but that no
// offered food suits: the plainest infeasibility, named directly.
func mealWithoutFood(options []Option, c Constraints) error {
	if c.EnergyMinKcal <= 0 {
		return nil
	}
	for _, mt := range c.Meals {
		if mt.EnergyShareMin <= 0 {
			continue
		}
		if !slices.ContainsFunc(options, func(o Option) bool { return slices.Contains(o.Meals, mt.Meal) }) {
			return &InfeasibleError{
				Constraint: KindMealEnergy,
				Conflicts:  []ConstraintKind{KindMealEnergy, KindEnergyMin},
				Message: fmt.Sprintf("no food offered suits %s, which must give at least %s %% of the day's energy",
					mt.Meal, formatNumber(mt.EnergyShareMin*100)),
			}
		}
	}
	return nil
}

// PlanWeek plans days days, respecting the week's variety rules
// (Constraints.MaxDaysPerFood, Constraints.MaxServingsPerWeek).
//
// Days are planned one after another, each the cheapest day given what the
// earlier days used up. Planning the week as one programme would let
// gonum's dense simplex face seven times the rows, which it cannot solve in
// time; the sequential plan is an upper bound, and WeekPlan.LowerBoundUGX
// says how far from the best week it can be.
func PlanWeek(options []Option, c Constraints, days int) (WeekPlan, error) {
	if err := validate(options, c); err != nil {
		return WeekPlan{}, err
	}
	if days < 1 {
		return WeekPlan{}, fmt.Errorf("%w: days must be at least 1", ErrInvalid)
	}
	if c.Soft {
		return planWeekSoft(OneFormPerFamily(options), c, days)
	}
	perServing := 1.0
	if c.HalfServings {
		perServing = 2
	}
	variety := c.MaxDaysPerFood > 0 || c.MaxServingsPerWeek > 0
	usedUnits := make([]float64, len(options))
	daysUsed := make([]int, len(options))
	var week WeekPlan
	for d := 1; d <= days; d++ {
		var caps []float64
		if variety {
			caps = make([]float64, len(options))
			for f := range options {
				caps[f] = unlimitedUnits
				if c.MaxServingsPerWeek > 0 {
					caps[f] = float64(c.MaxServingsPerWeek)*perServing - usedUnits[f]
				}
				if c.MaxDaysPerFood > 0 && daysUsed[f] >= c.MaxDaysPerFood {
					caps[f] = 0
				}
			}
		}
		p, err := planDay(options, c, caps, nil, nil)
		if err != nil {
			return week, weekError(options, c, d, err, variety)
		}
		week.Days = append(week.Days, p)
		week.CostUGX += p.Totals.CostUGX
		for _, mp := range p.Meals {
			for _, it := range mp.Items {
				f := slices.IndexFunc(options, func(o Option) bool { return o.Key == it.Key })
				usedUnits[f] += it.Servings * perServing
			}
		}
		for f, o := range options {
			if planUses(p, o.Key) {
				daysUsed[f]++
			}
		}
	}
	// Two valid bounds: the LP one below, and days × the first day's proven
	// bound (the first day is planned with nothing used up yet, so any day
	// of any feasible week is a feasible first day).
	week.LowerBoundUGX = math.Max(weekLowerBound(options, c, days), float64(days)*week.Days[0].LowerBoundUGX)
	week.LowerBoundUGX = math.Min(week.LowerBoundUGX, week.CostUGX)
	return week, nil
}

// planWeekSoft plans a soft week day after day. A food whose family has
// reached its days (MaxDaysPerFood) or servings (MaxServingsPerWeek) costs
// Penalties[KindVariety] more per serving on the following days, so the
// week turns to other foods where it can and keeps one (and says so) where
// nothing else fits. The week's bound is the sum of the days' bounds on
// their objectives, as planned one after another.
func planWeekSoft(options []Option, c Constraints, days int) (WeekPlan, error) {
	daysUsed := map[string]int{}
	servings := map[string]float64{}
	var week WeekPlan
	for d := 1; d <= days; d++ {
		surcharge := make([]float64, len(options))
		for f, o := range options {
			fam := o.family()
			if o.Group == GroupFat {
				continue // cooking oil goes into many dishes; variety is about foods
			}
			if (c.MaxDaysPerFood > 0 && daysUsed[fam] >= c.MaxDaysPerFood) ||
				(c.MaxServingsPerWeek > 0 && servings[fam] >= float64(c.MaxServingsPerWeek)) {
				surcharge[f] = c.penalty(KindVariety)
			}
		}
		var start *Plan
		if len(week.Days) > 0 {
			start = &week.Days[len(week.Days)-1]
		}
		p, err := planDay(options, c, nil, surcharge, start)
		if err != nil {
			return week, fmt.Errorf("day %d: %w", d, err)
		}
		week.Days = append(week.Days, p)
		week.CostUGX += p.Totals.CostUGX
		week.LowerBoundUGX += p.LowerBoundUGX
		seen := map[string]bool{}
		for _, mp := range p.Meals {
			for _, it := range mp.Items {
				fam := familyOf(options, it.Key)
				servings[fam] += it.Servings
				if !seen[fam] {
					seen[fam] = true
					daysUsed[fam]++
				}
			}
		}
	}
	for _, v := range CheckWeek(week, options, c) {
		if v.Constraint == KindVariety {
			week.Relaxed = append(week.Relaxed, v)
		}
	}
	return week, nil
}

func familyOf(options []Option, key string) string {
	for _, o := range options {
		if o.Key == key {
			return o.family()
		}
	}
	return key
}

func planUses(p Plan, key string) bool {
	for _, mp := range p.Meals {
		for _, it := range mp.Items {
			if it.Key == key {
				return true
			}
		}
	}
	return false
}

// weekLowerBound is days × the LP bound of one day in which each food gets
// an even share of its weekly allowance: averaging the days of any
// feasible week gives such a day, at the week's average cost.
func weekLowerBound(options []Option, c Constraints, days int) float64 {
	full := buildModel(options, c, nil, nil)
	caps := make([]float64, len(options))
	for f := range options {
		dayMax := 0.0
		for _, j := range full.foodVars[f] {
			dayMax += float64(full.vars[j].cap)
		}
		caps[f] = math.Min(dayMax, full.dayCap[f])
		if c.MaxDaysPerFood > 0 && c.MaxDaysPerFood < days {
			caps[f] *= float64(c.MaxDaysPerFood) / float64(days)
		}
		if c.MaxServingsPerWeek > 0 {
			caps[f] = math.Min(caps[f], float64(c.MaxServingsPerWeek)/full.step/float64(days))
		}
	}
	m := buildModel(options, c, nil, caps)
	cost, ok := rootLP(m)
	if !ok {
		return 0
	}
	lb := cost * float64(days)
	if u := m.costUnit; u > 0 {
		lb = math.Ceil((lb-1e-6*math.Max(1, lb))/u) * u
	}
	return lb
}

// weekError names the variety rules when they, not the day's own
// constraints, stop day d from being planned.
func weekError(options []Option, c Constraints, d int, err error, variety bool) error {
	var inf *InfeasibleError
	if !errors.As(err, &inf) {
		return fmt.Errorf("day %d: %w", d, err)
	}
	if d > 1 && variety {
		if p, dayErr := planDay(options, c, nil, nil, nil); dayErr == nil {
			return &InfeasibleError{
				Constraint: KindVariety, Conflicts: []ConstraintKind{KindVariety}, Day: d,
				CheapestWithout: p.Totals.CostUGX,
				Message: fmt.Sprintf("%s leave too few foods for day %d; without them the day would cost %s UGX",
					varietyPhrase(c), d, formatNumber(p.Totals.CostUGX)),
			}
		}
	}
	inf.Day = d
	return inf
}

func varietyPhrase(c Constraints) string {
	days := plural(c.MaxDaysPerFood, "day", "days")
	servings := plural(c.MaxServingsPerWeek, "serving", "servings")
	switch {
	case c.MaxDaysPerFood > 0 && c.MaxServingsPerWeek > 0:
		return fmt.Sprintf("the variety rules (a food on at most %s and %s a week)", days, servings)
	case c.MaxDaysPerFood > 0:
		return fmt.Sprintf("the variety rules (a food on at most %s a week)", days)
	default:
		return fmt.Sprintf("the variety rules (at most %s of a food a week)", servings)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
