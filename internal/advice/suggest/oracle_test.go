package suggest_test

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
)

// TestRealPlanGapAgainstCBC measures the gap of the page's plan (time-limited branch
// and bound) on the real food table against CBC's optimum of the same programme, for
// the rubric's profiles with no budget and at 2,000 UGX. The planner's reported bound
// must hold (CBC's optimum ≥ bound) and its plan may not beat CBC's optimum. CBC
// needs a few seconds per day here, so -short (make test-short) skips this test; the
// small-instance comparison in mealplan always runs.
func TestRealPlanGapAgainstCBC(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: CBC on the real food table takes about 40 s")
	}
	if _, err := exec.LookPath("cbc"); err != nil {
		if dbtest.RequireServices() {
			t.Fatal("cbc (coinor-cbc) is required in CI (.ci/run installs it) but not found")
		}
		t.Skip("cbc not installed (apt-get install -y coinor-cbc)")
	}
	d := dbtest.NewSQLite(t)
	_, _, foods := setupFoods(t, d)
	now := time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)
	for _, p := range rubricPeople {
		u := rubricPatient(t, d, p)
		for _, budget := range []*int64{nil, ptr(int64(2000))} {
			opts, c, _ := suggest.PlanInputs(foods, u, now, budget, suggest.PlanProfile{OnInsulin: p.insulin})
			var lp bytes.Buffer
			if err := mealplan.WriteLP(&lp, opts, c); err != nil {
				t.Fatal(err)
			}
			want := cbcOptimum(t, lp.Bytes())
			plan, err := mealplan.PlanDay(opts, c)
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e-6 * math.Max(1, want)
			t.Logf("%s/%s: planner %.0f (bound %.0f, %d nodes), CBC %.0f: gap %.0f (%.1f %% of the objective)",
				p.name, budgetName(budget), plan.Objective, plan.LowerBoundUGX, plan.Nodes, want,
				plan.Objective-want, 100*(plan.Objective-want)/want)
			if plan.Objective < want-tol || plan.LowerBoundUGX > want+tol {
				t.Errorf("%s: planner %.2f, bound %.2f, CBC's optimum %.2f", p.name, plan.Objective, plan.LowerBoundUGX, want)
			}
		}
	}
}

func cbcOptimum(t *testing.T, lp []byte) float64 {
	t.Helper()
	dir := t.TempDir()
	model, sol := filepath.Join(dir, "day.lp"), filepath.Join(dir, "day.sol")
	if err := os.WriteFile(model, lp, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cbc", model, "-sec", "60", "-ratio", "0", "-solve", "-solu", sol).CombinedOutput(); err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	b, err := os.ReadFile(sol)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	if !strings.HasPrefix(first, "Optimal") {
		t.Fatalf("cbc: %q", first)
	}
	i := strings.LastIndex(first, "objective value")
	v, err := strconv.ParseFloat(strings.TrimSpace(first[i+len("objective value"):]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
