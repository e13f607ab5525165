package suggest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/mealplan"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

func TestExplore(t *testing.T) {
	d := dbtest.NewSQLite(t)
	c := cache.NewLRU(100, time.Minute)
	loadCatalogue(t, d, c)
	s := newService(t, d, c, true)
	ctx := context.Background()
	foods, _ := s.Foods(ctx)
	for _, diab := range []string{"type2"} {
		u := newPatient(t, d, "amina"+diab, profile{diabetes: diab, goal: "lose_weight", budget: ptr(int64(150000))})
		opts, cons, _ := suggest.PlanInputs(foods, u, time.Now(), nil)
		for _, half := range []bool{true} {
			for _, vd := range [][2]int{{6, 14}, {7, 14}, {5, 15}, {6, 18}} {
				c := cons
				c.HalfServings = half
				c.MaxDaysPerFood, c.MaxServingsPerWeek = vd[0], vd[1]
				t0 := time.Now()
				p, err := mealplan.PlanDay(opts, c)
				fmt.Println(diab, "half", half, "day", time.Since(t0), err, p.Totals.CostUGX, p.Optimal, p.Nodes)
				t0 = time.Now()
				w, err := mealplan.PlanWeek(opts, c, 7)
				fmt.Println("   week", vd, time.Since(t0), err, w.CostUGX, len(w.Days))
			}
		}
	}
}
