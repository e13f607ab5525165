package mealplan

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// InfeasibleError says that no plan meets the constraints, and which ones
// conflict.
type InfeasibleError struct {
	// Constraint is the one the message is about: the budget when it is
	// part of the conflict, otherwise the first unmet target.
	Constraint ConstraintKind
	// Conflicts is a minimal set of constraint kinds that cannot be met
	// together: dropping any one of them (with the rest of the day's
	// constraints kept) lets this set be met.
	Conflicts []ConstraintKind
	Message   string
	// CheapestWithout is the cost of the cheapest plan once Constraint is
	// dropped; 0 when even that has no plan.
	CheapestWithout float64
	// Day is the 1-based day of PlanWeek that failed; 0 for PlanDay.
	Day int
	// SearchLimited is set when the node or time limit, not a proof, ended
	// the search: no plan within the budget was found, but one may exist.
	SearchLimited bool
}

func (e *InfeasibleError) Error() string {
	if e.Day > 0 {
		return fmt.Sprintf("day %d: %s", e.Day, e.Message)
	}
	return e.Message
}

// explainNodes caps each feasibility test of the deletion filter.
const explainNodes = 100

// explain finds which constraints bind, by a deletion filter over the
// constraint kinds (Chinneck and Dravnieks, ORSA J. Computing 1991): each
// kind in turn is dropped for good if the rest stays infeasible. What
// remains is a minimal conflicting set. When the LP relaxation itself is
// infeasible, the LP decides each test (exact and fast); otherwise the
// integer search does.
func explain(options []Option, c Constraints, dayCap []float64, lpInfeasible bool) error {
	kinds := presentKinds(options, c)
	// Each integer test stops at its first plan; a test that finds none
	// within explainNodes nodes counts as infeasible, which keeps an
	// explanation to about a second on 200 foods.
	oracle := c
	oracle.MaxNodes = min(cmp.Or(c.MaxNodes, DefaultMaxNodes), explainNodes)
	infeasible := func(keep []ConstraintKind) bool {
		var relaxed []ConstraintKind
		for _, k := range kinds {
			if !slices.Contains(keep, k) {
				relaxed = append(relaxed, k)
			}
		}
		m := buildModel(options, c, relaxed, dayCap)
		if lpInfeasible {
			_, ok := rootLP(m)
			return !ok
		}
		return search(m, oracle, true).x == nil
	}
	conflict := slices.Clone(kinds)
	for _, k := range kinds {
		trial := slices.DeleteFunc(slices.Clone(conflict), func(x ConstraintKind) bool { return x == k })
		if infeasible(trial) {
			conflict = trial
		}
	}
	e := &InfeasibleError{Conflicts: conflict}
	if len(conflict) == 0 {
		e.Message = "no combination of the foods offered can be planned"
		return e
	}
	// The budget when it binds, else the first unmet target, else the
	// first limit.
	e.Constraint = conflict[0]
	for _, k := range []ConstraintKind{KindBudget, KindEnergyMin, KindProteinMin, KindFibreMin} {
		if slices.Contains(conflict, k) {
			e.Constraint = k
			break
		}
	}
	without := buildModel(options, c, []ConstraintKind{e.Constraint}, dayCap)
	if res := search(without, c, false); res.x != nil {
		e.CheapestWithout = res.cost
	}
	e.Message = describe(c, conflict, e.Constraint, e.CheapestWithout)
	return e
}

// describe words a conflict, e.g. "no plan under 1,500 UGX/day reaches
// 2,000 kcal; the cheapest is 1,830 UGX".
func describe(c Constraints, conflict []ConstraintKind, primary ConstraintKind, cheapestWithout float64) string {
	var targets, limits []string
	for _, k := range []ConstraintKind{KindEnergyMin, KindProteinMin, KindFibreMin} {
		if slices.Contains(conflict, k) {
			targets = append(targets, targetPhrase(c, k))
		}
	}
	for _, k := range conflict {
		if k != KindBudget && !slices.Contains([]ConstraintKind{KindEnergyMin, KindProteinMin, KindFibreMin}, k) {
			limits = append(limits, limitPhrase(c, k))
		}
	}
	var b strings.Builder
	if primary == KindBudget {
		fmt.Fprintf(&b, "no plan under %s UGX/day", formatNumber(c.MaxCostUGX))
		if len(targets) > 0 {
			b.WriteString(" reaches " + joinAnd(targets))
		}
		if len(limits) > 0 {
			b.WriteString(" within " + joinAnd(limits))
		}
		if len(targets) == 0 && len(limits) == 0 {
			b.WriteString(" meets the day's constraints")
		}
		if cheapestWithout > 0 {
			fmt.Fprintf(&b, "; the cheapest is %s UGX", formatNumber(cheapestWithout))
		}
		return b.String()
	}
	if len(targets) > 0 {
		b.WriteString("no combination of the foods offered reaches " + joinAnd(targets))
		if len(limits) > 0 {
			b.WriteString(" within " + joinAnd(limits))
		}
	} else {
		b.WriteString("no combination of the foods offered keeps to " + joinAnd(limits))
	}
	if cheapestWithout > 0 {
		fmt.Fprintf(&b, "; without %s the cheapest plan costs %s UGX", kindNoun(primary), formatNumber(cheapestWithout))
	}
	return b.String()
}

func targetPhrase(c Constraints, k ConstraintKind) string {
	switch k {
	case KindEnergyMin:
		return formatNumber(c.EnergyMinKcal) + " kcal"
	case KindProteinMin:
		return formatNumber(c.ProteinMinG) + " g protein"
	default:
		return formatNumber(c.FibreMinG) + " g fibre"
	}
}

func limitPhrase(c Constraints, k ConstraintKind) string {
	switch k {
	case KindEnergyMax:
		return "the energy maximum of " + formatNumber(c.EnergyMaxKcal) + " kcal"
	case KindSodiumMax:
		return "the sodium limit of " + formatNumber(c.SodiumMaxMg) + " mg"
	case KindSugarsMax:
		switch {
		case c.SugarsMaxG > 0 && c.SugarsMaxEnergyShare > 0:
			return fmt.Sprintf("the sugars limits (%s g, %s %% of energy)", formatNumber(c.SugarsMaxG), formatNumber(c.SugarsMaxEnergyShare*100))
		case c.SugarsMaxG > 0:
			return "the sugars limit of " + formatNumber(c.SugarsMaxG) + " g"
		default:
			return "sugars under " + formatNumber(c.SugarsMaxEnergyShare*100) + " % of energy"
		}
	case KindMealGL:
		caps := map[float64]bool{}
		for mi := range c.Meals {
			if g := mealGLCap(c, mi); g > 0 {
				caps[g] = true
			}
		}
		if len(caps) == 1 {
			for g := range caps {
				return "the glycaemic-load cap of " + formatNumber(g) + " per meal"
			}
		}
		return "each meal's glycaemic-load cap"
	case KindMealEnergy:
		return "each meal's share of the day's energy"
	case KindMealCarbs:
		return "each meal's carbohydrate limits"
	case KindServingsMeal:
		if c.MaxServingsPerMeal > 0 {
			return fmt.Sprintf("at most %d servings of a food per meal", c.MaxServingsPerMeal)
		}
		return "each food's servings cap per meal"
	case KindServingsDay:
		return fmt.Sprintf("at most %d servings of a food per day", c.MaxServingsPerDay)
	case KindBudget:
		return formatNumber(c.MaxCostUGX) + " UGX/day"
	}
	return string(k)
}

func kindNoun(k ConstraintKind) string {
	switch k {
	case KindEnergyMin:
		return "the energy target"
	case KindProteinMin:
		return "the protein target"
	case KindFibreMin:
		return "the fibre target"
	case KindEnergyMax:
		return "the energy maximum"
	case KindSodiumMax:
		return "the sodium limit"
	case KindSugarsMax:
		return "the sugars limit"
	case KindMealGL:
		return "the glycaemic-load cap"
	case KindMealEnergy:
		return "the meals' energy shares"
	case KindMealCarbs:
		return "the meals' carbohydrate limits"
	case KindServingsMeal:
		return "the servings cap per meal"
	case KindServingsDay:
		return "the servings cap per day"
	}
	return string(k)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// formatNumber writes v with thousands separators, as whole units unless
// it has a visible fraction (then one decimal): 1830 → "1,830", 12.5 → "12.5".
func formatNumber(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if math.Abs(v-math.Round(v)) < 0.05 {
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
