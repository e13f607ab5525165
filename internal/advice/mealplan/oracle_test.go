package mealplan

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// cbcObjective solves the LP file with CBC (Debian's coinor-cbc) and returns the
// optimal objective; ok is false when CBC finds the programme infeasible.
func cbcObjective(t *testing.T, lp []byte) (float64, bool) {
	t.Helper()
	dir := t.TempDir()
	model, sol := filepath.Join(dir, "day.lp"), filepath.Join(dir, "day.sol")
	if err := os.WriteFile(model, lp, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("cbc", model, "-sec", "60", "-ratio", "0", "-allowableGap", "1e-7", "-solve", "-solu", sol).CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	b, err := os.ReadFile(sol)
	if err != nil {
		t.Fatalf("cbc wrote no solution: %v\n%s", err, out)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	switch {
	case strings.HasPrefix(first, "Optimal"):
	case strings.HasPrefix(first, "Infeasible"), strings.Contains(first, "infeasible"):
		return 0, false
	default:
		t.Fatalf("cbc did not prove optimality: %q", first)
	}
	i := strings.LastIndex(first, "objective value")
	v, err := strconv.ParseFloat(strings.TrimSpace(first[i+len("objective value"):]), 64)
	if err != nil {
		t.Fatalf("cbc solution line %q: %v", first, err)
	}
	return v, true
}

func requireCBC(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("cbc"); err != nil {
		if os.Getenv("ZOE_REQUIRE_SERVICES") == "1" {
			t.Fatal("cbc (coinor-cbc) is required in CI (.ci/run installs it) but not found")
		}
		t.Skip("cbc not installed (apt-get install -y coinor-cbc)")
	}
}

// softInstance is a random day with every rule of a healthy day, soft.
func softInstance(seed uint64, n int) ([]Option, Constraints) {
	r := rand.New(rand.NewPCG(seed, 11))
	foods := syntheticFoods(n, seed)
	groups := []Group{GroupVegetable, GroupFruit, GroupProtein, GroupStarch, GroupStarch, GroupFat}
	for i := range foods {
		foods[i].Group = groups[r.IntN(len(groups))]
		foods[i].Family = fmt.Sprintf("fam-%d", i/2) // pairs of forms
		foods[i].AnimalSource = foods[i].Group == GroupProtein && r.IntN(2) == 0
		foods[i].GIKnown = foods[i].GL > 0
		if foods[i].Group == GroupVegetable {
			foods[i].Meals = []MealType{Lunch, Dinner}
		}
		if foods[i].Group == GroupFruit {
			foods[i].Meals = []MealType{Breakfast, Snack}
		}
	}
	e := math.Round(1400 + 1400*r.Float64())
	c := Constraints{
		EnergyMinKcal: 0.9 * e, EnergyMaxKcal: 1.1 * e, ProteinMinG: 50, ProteinGoalG: 0.15 * e / 4,
		FibreMinG: 25, FibreMaxG: 50, SodiumMaxMg: 2000, SugarsMaxEnergyShare: 0.10,
		FatMinEnergyShare: 0.20, FatMaxEnergyShare: 0.35, VegetablesMinG: 240, FruitMinG: 160,
		AnimalSourceMinG: 100, Plate: DefaultPlate, MaxServingsPerMeal: 2, MaxServingsPerDay: 3, Soft: true,
		MaxGLPerMeal: 30,
		Meals: []MealTarget{
			{Meal: Breakfast, EnergyShareMin: 0.20, EnergyShareMax: 0.30, CarbShareMin: 0.15, CarbShareMax: 0.35},
			{Meal: Lunch, EnergyShareMin: 0.30, EnergyShareMax: 0.40, Plate: true, CarbShareMin: 0.25, CarbShareMax: 0.45},
			{Meal: Dinner, EnergyShareMin: 0.25, EnergyShareMax: 0.35, Plate: true, CarbShareMin: 0.20, CarbShareMax: 0.40},
			{Meal: Snack, EnergyShareMax: 0.15, MaxGL: 10},
		},
	}
	if r.IntN(2) == 0 {
		c.MaxCostUGX = math.Round(2000 + 8000*r.Float64())
	}
	return foods, c
}

// TestPlansAgainstCBC solves small days with the planner's branch and bound and with
// CBC, an independent MIP solver, on the same programme (WriteLP). A plan the planner
// calls optimal must match CBC's optimum; any plan must lie within its reported gap:
// CBC's optimum ≥ the planner's lower bound, and the planner's objective ≥ CBC's.
func TestPlansAgainstCBC(t *testing.T) {
	requireCBC(t)
	type instance struct {
		name    string
		options []Option
		cons    Constraints
	}
	var cases []instance
	for seed := uint64(1); seed <= 6; seed++ {
		o, c := smallInstance(seed, false)
		cases = append(cases, instance{fmt.Sprintf("hard-small-%d", seed), o, c})
	}
	for seed := uint64(1); seed <= 8; seed++ {
		o, c := softInstance(seed, 10+int(seed))
		c.MaxNodes = 20000
		cases = append(cases, instance{fmt.Sprintf("soft-%d-foods-%d", len(o), seed), o, c})
	}
	worst := 0.0
	for _, tc := range cases {
		var lp bytes.Buffer
		if err := WriteLP(&lp, tc.options, tc.cons); err != nil {
			t.Fatal(err)
		}
		want, feasible := cbcObjective(t, lp.Bytes())
		p, err := PlanDay(tc.options, tc.cons)
		if !feasible {
			if err == nil {
				t.Errorf("%s: CBC finds no plan, the planner returned one costing %.2f", tc.name, p.Objective)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: CBC's optimum is %.2f, the planner failed: %v", tc.name, want, err)
			continue
		}
		tol := 1e-6 * math.Max(1, math.Abs(want))
		gap := p.Objective - want
		rel := gap / math.Max(1, want)
		worst = math.Max(worst, rel)
		t.Logf("%s: planner %.2f (optimal %v, bound %.2f, %d nodes), CBC %.2f, gap %.2f (%.3f %%)",
			tc.name, p.Objective, p.Optimal, p.LowerBoundUGX, p.Nodes, want, gap, 100*rel)
		switch {
		case p.Objective < want-tol:
			t.Errorf("%s: the planner's %.4f is below CBC's optimum %.4f: the plan breaks the programme", tc.name, p.Objective, want)
		case p.LowerBoundUGX > want+tol:
			t.Errorf("%s: the planner's bound %.4f is above CBC's optimum %.4f: the bound is wrong", tc.name, p.LowerBoundUGX, want)
		case p.Optimal && gap > tol:
			t.Errorf("%s: called optimal at %.4f, CBC finds %.4f", tc.name, p.Objective, want)
		}
		if v := Check(p, tc.options, tc.cons); tc.cons.Soft {
			for _, x := range v {
				if x.Constraint == KindPlanArithmetic {
					t.Errorf("%s: %s", tc.name, x.Message)
				}
			}
		} else if len(v) > 0 {
			t.Errorf("%s: the plan breaks %v", tc.name, v)
		}
	}
	t.Logf("largest gap to CBC's optimum: %.3f %% of the objective", 100*worst)
}
