// Package mealplan plans the cheapest day (or week) of meals that meets a
// person's nutrition targets, from a list of candidate foods with prices in
// UGX.
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
