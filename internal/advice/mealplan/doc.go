// Package mealplan plans a day (or week) of meals from a list of candidate
// foods with prices in UGX: either the cheapest day that meets every rule
// (hard rules, the default), or, with Constraints.Soft, the best day that
// trades cost against every rule and quality goal and always comes back.
//
// # Soft plans: a healthy day that always comes back
//
// With Soft, each row (energy window, protein and fibre minimums, fibre
// ceiling, fat 20–35 % of energy, vegetables and fruit minimums, the plate
// method at main meals, carbohydrate spread, glycaemic-load caps, sodium,
// sugars, budget, and the quality goals: animal-source food and a protein
// aim) gets a continuous slack priced at Penalties[kind] (DefaultPenalties)
// per unit of miss. The objective is cost plus penalties, so a plan always
// exists; Plan.Relaxed (from Check, independent of the solver) says which
// rules it misses and by how much. The penalties rank the rules: the quality
// goals give way first, the energy minimum last, and the budget sits above
// the health rules, so a low budget costs vegetables and fish before money,
// and a higher budget buys them back. The objective is no longer the cost,
// so a soft plan is "the best found", never "the cheapest".
//
// Servings, the per-food caps, and one form per Family a day (PlanDay keeps
// the first option of each family) stay hard. A soft week prices a food
// beyond its variety allowance (MaxDaysPerFood, MaxServingsPerWeek, counted
// by family) at Penalties[KindVariety] per serving instead of removing it,
// and WeekPlan.Relaxed names the foods that went beyond.
//
// The search never branches on slacks: once the servings are whole, the LP's
// slacks are the exact misses. WriteLP writes the same programme for an
// independent MIP solver; the tests solve small days with CBC and require
// the planner's plans to be optimal or within their reported gap.
//
// # Model
//
// One integer variable per (food, meal) pair the food suits counts the
// servings of that food in that meal. Servings are whole by default;
// Constraints.HalfServings switches to steps of half a serving (the
// variables then count half servings, and caps stay in servings). A caller
// wanting other portion steps sets ServingGrams and the per-serving values
// to that portion. The cost of the day is minimised subject to:
//
//   - day energy between a minimum and a maximum, protein and fibre
//     minimums, sodium and sugars maximums (sugars in grams and/or as a
//     share of energy at 4 kcal/g), an optional daily budget;
//   - per meal: an energy-share window, a carbohydrate spread (share of the
//     day's carbohydrate and/or absolute grams), a glycaemic-load cap;
//   - per food: at most N servings in a meal and M in a day.
//
// Share windows are linear: lo·dayTotal ≤ mealTotal ≤ hi·dayTotal.
//
// # Solver
//
// The LP relaxations are solved with gonum's dense simplex
// (gonum.org/v1/gonum/optimize/convex/lp.Simplex); integrality comes from
// our own branch and bound (branch.go): best-first once a plan is known
// (depth-first, nearer rounding first, before), pseudocost branching,
// bounds raised to the next attainable cost when all costs share a common
// unit, a rounding-and-repair heuristic (single-unit moves, then unit
// exchanges) for early plans, and lazy rows so each LP stays small (see
// solveLP for how starting bases are handed to gonum).
//
// The search stops at Constraints.MaxNodes (default DefaultMaxNodes) nodes
// or Constraints.TimeLimit. Plan.Optimal then is false and
// Plan.LowerBoundUGX is the proven bound: no plan costs less, so
// Plan.GapUGX() is the most a better search could save. With integer
// servings the LP relaxation is weak (on the synthetic 200-food days its
// bound is about half the optimum), so the gap mostly reflects the bound,
// not the plan: over eight synthetic 200-food days the default limit left
// gaps of 4–37 % (mean 22 %), while longer runs (3,000–5,000 nodes) found
// the same plan in most of the days checked, and at most 12 % cheaper.
// Small cases (up to a few dozen foods) are usually proven optimal. The
// node limit keeps results deterministic; a time limit does not.
//
// # Infeasibility
//
// When no plan exists PlanDay returns *InfeasibleError. A deletion filter
// over constraint kinds finds a minimal set that cannot hold together and
// words it, e.g. "no plan under 1,500 UGX/day reaches 2,000 kcal; the
// cheapest is 1,830 UGX". When the LP relaxation is already infeasible the
// LP decides each test exactly; otherwise each test is a search capped at
// explainNodes nodes, and one that finds no plan counts as infeasible. A
// budget the search could not disprove within its limit is reported with
// InfeasibleError.SearchLimited set and the cheapest plan found.
//
// # Week
//
// PlanWeek plans day after day, each the cheapest given what earlier days
// used of each food's weekly allowance (MaxDaysPerFood, MaxServingsPerWeek),
// and reports a lower bound for the whole week beside the total.
//
// # Checking
//
// Check and CheckWeek verify a plan from first principles without the
// solver; the tests use them on every plan the solver returns, and a brute
// force over small cases confirms no cheaper plan exists.
package mealplan
