package suggest_test

import (
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/demo"
)

// Every demo and synthetic patient of the demo seed gets a week plan, on both engines,
// and every plan passes the rubric (a rule fails only where the plan says so).
func TestEveryDemoPatientGetsAWeekPlan(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := setup(t, d)
		now := time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)
		if _, err := demo.Seed(ctx, d, demo.Options{Now: now, Patients: 3, Days: 10, RosterSize: 3, DemoDays: 10}); err != nil {
			t.Fatal(err)
		}
		foods, err := s.Foods(ctx)
		if err != nil {
			t.Fatal(err)
		}
		patients, err := d.ListUsersByRole(ctx, db.ListUsersByRoleParams{Role: "patient", Lim: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(patients) < 5 {
			t.Fatalf("%d patients after the demo seed, want the 2 demo and 3 synthetic ones", len(patients))
		}
		for _, u := range patients {
			res, err := s.Plan(ctx, &u, now, 7, nil)
			if err != nil {
				t.Fatalf("%s: %v", u.Username, err)
			}
			if len(res.Plans) != 7 {
				t.Fatalf("%s: %d days planned", u.Username, len(res.Plans))
			}
			pp, err := s.Profile(ctx, &u, now)
			if err != nil {
				t.Fatal(err)
			}
			rubricCheck(t, u.Username, res, foods, nil, pp.OnInsulin)
			t.Logf("%s (%s): week %.0f UGX, day 1 %.0f kcal, %d rules relaxed", u.Username, u.DiabetesType,
				res.CostUGX, res.Plans[0].Totals.EnergyKcal, len(res.Relaxed))
		}
	})
}
