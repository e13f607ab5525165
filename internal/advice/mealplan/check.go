package mealplan

import (
	"fmt"
	"math"
	"slices"
)

// Violation is one constraint a plan breaks.
type Violation struct {
	Constraint ConstraintKind
	Meal       MealType // empty for the whole day
	Key        string   // the food, when one food is at fault
	Message    string
}

// Check verifies a plan against the options and constraints from first
// principles, without the solver: every item's arithmetic, every total,
// and every constraint. An empty result means the plan is valid.
func Check(plan Plan, options []Option, c Constraints) []Violation {
	var out []Violation
	add := func(k ConstraintKind, meal MealType, key, format string, args ...any) {
		out = append(out, Violation{Constraint: k, Meal: meal, Key: key, Message: fmt.Sprintf(format, args...)})
	}
	byKey := map[string]Option{}
	for _, o := range options {
		byKey[o.Key] = o
	}
	step := 1.0
	if c.HalfServings {
		step = 0.5
	}

	var day Totals
	mealTotals := map[MealType]Totals{}
	mealGroups := map[MealType]map[Group]float64{}
	dayServings := map[string]float64{}
	familyKeys := map[string][]string{}
	for _, mp := range plan.Meals {
		if !slices.ContainsFunc(c.Meals, func(t MealTarget) bool { return t.Meal == mp.Meal }) {
			add(KindPlanArithmetic, mp.Meal, "", "%s is not one of the meals to fill", mp.Meal)
			continue
		}
		if _, dup := mealTotals[mp.Meal]; dup {
			add(KindPlanArithmetic, mp.Meal, "", "%s appears twice", mp.Meal)
		}
		var t Totals
		mealServings := map[string]float64{}
		for _, it := range mp.Items {
			o, ok := byKey[it.Key]
			if !ok {
				add(KindPlanArithmetic, mp.Meal, it.Key, "food %q is not among the options", it.Key)
				continue
			}
			if !slices.Contains(o.Meals, mp.Meal) {
				add(KindPlanArithmetic, mp.Meal, it.Key, "%s does not suit %s", o.Name, mp.Meal)
			}
			units := it.Servings / step
			if it.Servings <= 0 || math.Abs(units-math.Round(units)) > 1e-9 {
				add(KindPlanArithmetic, mp.Meal, it.Key, "%s: %v servings is not a positive multiple of %v", o.Name, it.Servings, step)
			}
			if !near(it.Grams, it.Servings*o.ServingGrams) || !near(it.CostUGX, it.Servings*o.CostUGX) {
				add(KindPlanArithmetic, mp.Meal, it.Key, "%s: grams or cost do not match %v servings", o.Name, it.Servings)
			}
			mealServings[it.Key] += it.Servings
			if dayServings[it.Key] == 0 && !slices.Contains(familyKeys[o.family()], it.Key) {
				familyKeys[o.family()] = append(familyKeys[o.family()], it.Key)
			}
			dayServings[it.Key] += it.Servings
			if mealGroups[mp.Meal] == nil {
				mealGroups[mp.Meal] = map[Group]float64{}
			}
			mealGroups[mp.Meal][o.Group] += it.Grams
			switch o.Group {
			case GroupVegetable:
				day.VegetablesG += it.Grams
			case GroupFruit:
				day.FruitG += it.Grams
			}
			if o.AnimalSource {
				day.AnimalSourceG += it.Grams
			}
			t.EnergyKcal += o.EnergyKcal * it.Servings
			t.ProteinG += o.ProteinG * it.Servings
			t.CarbG += o.CarbG * it.Servings
			t.FibreG += o.FibreG * it.Servings
			t.FatG += o.FatG * it.Servings
			t.SugarsG += o.SugarsG * it.Servings
			t.SodiumMg += o.SodiumMg * it.Servings
			t.GL += o.GL * it.Servings
			t.CostUGX += o.CostUGX * it.Servings
		}
		for _, key := range sortedKeys(mealServings) {
			n, o := mealServings[key], byKey[key]
			if o.MaxServingsPerMeal > 0 && n > float64(o.MaxServingsPerMeal)+1e-9 {
				add(KindServingsMeal, mp.Meal, key, "%v servings of %s in %s, above its cap of %d", n, o.Name, mp.Meal, o.MaxServingsPerMeal)
			}
			if c.MaxServingsPerMeal > 0 && n > float64(c.MaxServingsPerMeal)+1e-9 {
				add(KindServingsMeal, mp.Meal, key, "%v servings of %s in %s, above %d per meal", n, o.Name, mp.Meal, c.MaxServingsPerMeal)
			}
		}
		if !totalsNear(t, mp.Totals) {
			add(KindPlanArithmetic, mp.Meal, "", "%s totals do not add up", mp.Meal)
		}
		mealTotals[mp.Meal] = t
		day.EnergyKcal += t.EnergyKcal
		day.ProteinG += t.ProteinG
		day.CarbG += t.CarbG
		day.FibreG += t.FibreG
		day.FatG += t.FatG
		day.SugarsG += t.SugarsG
		day.SodiumMg += t.SodiumMg
		day.GL += t.GL
		day.CostUGX += t.CostUGX
	}
	if !totalsNear(day, plan.Totals) {
		add(KindPlanArithmetic, "", "", "day totals do not add up")
	}
	for _, key := range sortedKeys(dayServings) {
		n, o := dayServings[key], byKey[key]
		if c.MaxServingsPerDay > 0 && n > float64(c.MaxServingsPerDay)+1e-9 {
			add(KindServingsDay, "", key, "%v servings of %s in the day, above %d", n, o.Name, c.MaxServingsPerDay)
		}
		if o.MaxServingsPerDay > 0 && n > float64(o.MaxServingsPerDay)+1e-9 {
			add(KindServingsDay, "", key, "%v servings of %s in the day, above its cap of %d", n, o.Name, o.MaxServingsPerDay)
		}
	}
	for _, fam := range sortedKeys(familyKeys) {
		if keys := familyKeys[fam]; len(keys) > 1 {
			add(KindOneForm, "", keys[0], "%s in %d forms in one day (%v)", fam, len(keys), keys)
		}
	}

	below := func(got, limit float64) bool { return got < limit-tolerance(limit) }
	above := func(got, limit float64) bool { return got > limit+tolerance(limit) }
	if c.EnergyMinKcal > 0 && below(day.EnergyKcal, c.EnergyMinKcal) {
		add(KindEnergyMin, "", "", "energy %.0f kcal is below %.0f", day.EnergyKcal, c.EnergyMinKcal)
	}
	if c.EnergyMaxKcal > 0 && above(day.EnergyKcal, c.EnergyMaxKcal) {
		add(KindEnergyMax, "", "", "energy %.0f kcal is above %.0f", day.EnergyKcal, c.EnergyMaxKcal)
	}
	if c.ProteinMinG > 0 && below(day.ProteinG, c.ProteinMinG) {
		add(KindProteinMin, "", "", "protein %.1f g is below %.1f", day.ProteinG, c.ProteinMinG)
	}
	if c.FibreMinG > 0 && below(day.FibreG, c.FibreMinG) {
		add(KindFibreMin, "", "", "fibre %.1f g is below %.1f", day.FibreG, c.FibreMinG)
	}
	if c.SodiumMaxMg > 0 && above(day.SodiumMg, c.SodiumMaxMg) {
		add(KindSodiumMax, "", "", "sodium %.0f mg is above %.0f", day.SodiumMg, c.SodiumMaxMg)
	}
	if c.SugarsMaxG > 0 && above(day.SugarsG, c.SugarsMaxG) {
		add(KindSugarsMax, "", "", "sugars %.1f g are above %.1f", day.SugarsG, c.SugarsMaxG)
	}
	if s := c.SugarsMaxEnergyShare; s > 0 && above(SugarKcalPerG*day.SugarsG, s*day.EnergyKcal) {
		add(KindSugarsMax, "", "", "sugars give %.0f kcal, above %.0f %% of %.0f kcal", SugarKcalPerG*day.SugarsG, s*100, day.EnergyKcal)
	}
	if c.MaxCostUGX > 0 && above(day.CostUGX, c.MaxCostUGX) {
		add(KindBudget, "", "", "cost %.0f UGX is above the budget of %.0f", day.CostUGX, c.MaxCostUGX)
	}
	if c.FibreMaxG > 0 && above(day.FibreG, c.FibreMaxG) {
		add(KindFibreMax, "", "", "fibre %.1f g is above %.1f", day.FibreG, c.FibreMaxG)
	}
	fatKcal := FatKcalPerG * day.FatG
	if s := c.FatMinEnergyShare; s > 0 && below(fatKcal, s*day.EnergyKcal) {
		add(KindFatShare, "", "", "fat gives %.0f %% of energy, below %.0f %%", 100*fatKcal/math.Max(day.EnergyKcal, 1), s*100)
	}
	if s := c.FatMaxEnergyShare; s > 0 && s < 1 && above(fatKcal, s*day.EnergyKcal) {
		add(KindFatShare, "", "", "fat gives %.0f %% of energy, above %.0f %%", 100*fatKcal/math.Max(day.EnergyKcal, 1), s*100)
	}
	if c.VegetablesMinG > 0 && below(day.VegetablesG, c.VegetablesMinG) {
		add(KindVegetablesMin, "", "", "vegetables %.0f g are below %.0f g", day.VegetablesG, c.VegetablesMinG)
	}
	if c.FruitMinG > 0 && below(day.FruitG, c.FruitMinG) {
		add(KindFruitMin, "", "", "fruit %.0f g is below %.0f g", day.FruitG, c.FruitMinG)
	}
	if c.Soft && c.AnimalSourceMinG > 0 && below(day.AnimalSourceG, c.AnimalSourceMinG) {
		add(KindAnimalSource, "", "", "fish, meat, eggs or milk %.0f g, below the goal of %.0f g", day.AnimalSourceG, c.AnimalSourceMinG)
	}
	if c.Soft && c.ProteinGoalG > 0 && below(day.ProteinG, c.ProteinGoalG) {
		add(KindProteinGoal, "", "", "protein %.1f g, below the goal of %.1f g", day.ProteinG, c.ProteinGoalG)
	}
	for _, mt := range c.Meals {
		t := mealTotals[mt.Meal]
		if mt.EnergyShareMin > 0 && below(t.EnergyKcal, mt.EnergyShareMin*day.EnergyKcal) {
			add(KindMealEnergy, mt.Meal, "", "%s gives %.0f of %.0f kcal, below %.0f %%", mt.Meal, t.EnergyKcal, day.EnergyKcal, mt.EnergyShareMin*100)
		}
		if mt.EnergyShareMax > 0 && above(t.EnergyKcal, mt.EnergyShareMax*day.EnergyKcal) {
			add(KindMealEnergy, mt.Meal, "", "%s gives %.0f of %.0f kcal, above %.0f %%", mt.Meal, t.EnergyKcal, day.EnergyKcal, mt.EnergyShareMax*100)
		}
		if mt.CarbShareMin > 0 && below(t.CarbG, mt.CarbShareMin*day.CarbG) {
			add(KindMealCarbs, mt.Meal, "", "%s has %.1f of %.1f g carbohydrate, below %.0f %%", mt.Meal, t.CarbG, day.CarbG, mt.CarbShareMin*100)
		}
		if mt.CarbShareMax > 0 && above(t.CarbG, mt.CarbShareMax*day.CarbG) {
			add(KindMealCarbs, mt.Meal, "", "%s has %.1f of %.1f g carbohydrate, above %.0f %%", mt.Meal, t.CarbG, day.CarbG, mt.CarbShareMax*100)
		}
		if mt.CarbMinG > 0 && below(t.CarbG, mt.CarbMinG) {
			add(KindMealCarbs, mt.Meal, "", "%s has %.1f g carbohydrate, below %.1f", mt.Meal, t.CarbG, mt.CarbMinG)
		}
		if mt.CarbMaxG > 0 && above(t.CarbG, mt.CarbMaxG) {
			add(KindMealCarbs, mt.Meal, "", "%s has %.1f g carbohydrate, above %.1f", mt.Meal, t.CarbG, mt.CarbMaxG)
		}
		capGL := c.MaxGLPerMeal
		if mt.MaxGL > 0 {
			capGL = mt.MaxGL
		}
		if capGL > 0 && above(t.GL, capGL) {
			add(KindMealGL, mt.Meal, "", "%s has glycaemic load %.1f, above %.1f", mt.Meal, t.GL, capGL)
		}
		if mt.Plate {
			g := mealGroups[mt.Meal]
			plate := g[GroupVegetable] + g[GroupProtein] + g[GroupStarch]
			pr := c.Plate
			if pr.VegetableMinShare > 0 && below(g[GroupVegetable], pr.VegetableMinShare*plate) {
				add(KindPlate, mt.Meal, "", "%s: vegetables %.0f of %.0f g on the plate, below %.0f %%", mt.Meal, g[GroupVegetable], plate, pr.VegetableMinShare*100)
			}
			if pr.ProteinMinShare > 0 && below(g[GroupProtein], pr.ProteinMinShare*plate) {
				add(KindPlate, mt.Meal, "", "%s: protein foods %.0f of %.0f g on the plate, below %.0f %%", mt.Meal, g[GroupProtein], plate, pr.ProteinMinShare*100)
			}
			if pr.StarchMaxShare > 0 && pr.StarchMaxShare < 1 && above(g[GroupStarch], pr.StarchMaxShare*plate) {
				add(KindPlate, mt.Meal, "", "%s: starch %.0f of %.0f g on the plate, above %.0f %%", mt.Meal, g[GroupStarch], plate, pr.StarchMaxShare*100)
			}
		}
	}
	return out
}

// CheckWeek checks every day with Check, the week's variety rules and the
// week's total cost.
func CheckWeek(week WeekPlan, options []Option, c Constraints) []Violation {
	var out []Violation
	days := map[string]int{}
	servings := map[string]float64{}
	total := 0.0
	fam := func(key string) string { return familyOf(options, key) }
	for d, p := range week.Days {
		for _, v := range Check(p, options, c) {
			v.Message = fmt.Sprintf("day %d: %s", d+1, v.Message)
			out = append(out, v)
		}
		seen := map[string]bool{}
		for _, mp := range p.Meals {
			for _, it := range mp.Items {
				servings[fam(it.Key)] += it.Servings
				if !seen[fam(it.Key)] {
					seen[fam(it.Key)] = true
					days[fam(it.Key)]++
				}
			}
		}
		total += p.Totals.CostUGX
	}
	fat := map[string]bool{}
	for _, o := range options {
		if o.Group == GroupFat {
			fat[o.family()] = true
		}
	}
	for _, key := range sortedKeys(servings) {
		if fat[key] {
			continue // cooking oil is not a food the week's variety counts
		}
		if c.MaxDaysPerFood > 0 && days[key] > c.MaxDaysPerFood {
			out = append(out, Violation{Constraint: KindVariety, Key: key,
				Message: fmt.Sprintf("%s on %d days, above %d", key, days[key], c.MaxDaysPerFood)})
		}
		if c.MaxServingsPerWeek > 0 && servings[key] > float64(c.MaxServingsPerWeek)+1e-9 {
			out = append(out, Violation{Constraint: KindVariety, Key: key,
				Message: fmt.Sprintf("%v servings of %s in the week, above %d", servings[key], key, c.MaxServingsPerWeek)})
		}
	}
	if !near(total, week.CostUGX) {
		out = append(out, Violation{Constraint: KindPlanArithmetic, Message: "week cost does not add up"})
	}
	return out
}

// tolerance absorbs floating-point rounding in sums, not real excess.
func tolerance(limit float64) float64 { return 1e-6 * math.Max(1, math.Abs(limit)) }

func near(a, b float64) bool { return math.Abs(a-b) <= tolerance(b) }

func totalsNear(a, b Totals) bool {
	return near(a.EnergyKcal, b.EnergyKcal) && near(a.ProteinG, b.ProteinG) && near(a.CarbG, b.CarbG) &&
		near(a.FibreG, b.FibreG) && near(a.FatG, b.FatG) && near(a.SugarsG, b.SugarsG) &&
		near(a.SodiumMg, b.SodiumMg) && near(a.GL, b.GL) && near(a.CostUGX, b.CostUGX)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
