package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// planCmd prints a user's meal plan as JSON, for review and scripting.
func planCmd(ctx context.Context, args []string) error { return planTo(ctx, args, os.Stdout) }

func planTo(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("plan", "zoe plan --user USERNAME --days 1|7 [--budget UGX] --json [--database-url URL]",
		"Prints a patient's day or week meal plan as JSON, for review and scripting.", true)
	user := c.String("user", "", "username (or email) of the patient")
	days := c.Int("days", 1, "1 or 7")
	budget := c.Int64("budget", 0, "daily budget cap in UGX (0: none)")
	asJSON := c.Bool("json", false, "print JSON (the only output format)")
	c.out = stdout
	check := func(rest []string) error {
		switch {
		case len(rest) > 0:
			return c.fail("unexpected argument %q", rest[0])
		case *user == "":
			return c.fail("--user is required")
		case *days != 1 && *days != 7:
			return c.fail("--days must be 1 or 7")
		case *budget < 0 || *budget > 1_000_000:
			return c.fail("--budget must be between 0 and 1,000,000 UGX")
		case !*asJSON:
			return c.fail("give --json (the plan is printed as JSON)")
		}
		return nil
	}
	return helpShown(c.runDB(ctx, args, check, func(d *db.DB, _ []string) error {
		u, err := d.GetUserByLogin(ctx, *user)
		if err != nil {
			return fmt.Errorf("plan: user %q: %w", *user, err)
		}
		var capUGX *int64
		if *budget > 0 {
			capUGX = budget
		}
		s := suggest.New(d, cache.NewLRU(16, time.Minute), nil, newLogger(c.cfg))
		res, err := s.Plan(ctx, &u, db.Now(), *days, capUGX)
		if err != nil {
			return err
		}
		return writePlanJSON(stdout, u.Username, res)
	}))
}

// PlanJSON is the JSON form of a plan.
type PlanJSON struct {
	User        string              `json:"user"`
	Days        []PlanDayJSON       `json:"days"`
	BudgetUGX   *int64              `json:"budget_ugx"`
	CostUGX     float64             `json:"cost_ugx"`
	Objective   float64             `json:"objective"`
	LowerBound  float64             `json:"lower_bound"`
	Optimal     bool                `json:"optimal"`
	RelaxedWeek []RelaxedJSON       `json:"relaxed_week"`
	Targets     suggest.PlanTargets `json:"targets"`
}

// PlanDayJSON is one day.
type PlanDayJSON struct {
	Day     int            `json:"day"`
	Items   []PlanItemJSON `json:"items"`
	Totals  TotalsJSON     `json:"totals"`
	Relaxed []RelaxedJSON  `json:"relaxed"`
}

// PlanItemJSON is one planned food.
type PlanItemJSON struct {
	Meal    string   `json:"meal"`
	Key     string   `json:"key"`
	Food    string   `json:"food"`
	Grams   float64  `json:"grams"`
	Measure string   `json:"household_measure"`
	CostUGX *float64 `json:"cost_ugx"` // null when the food has no price
	// PriceDate is the date of the price the cost uses; PriceOld is true when it is older
	// than 180 days (pricereports.OldAfter).
	PriceDate string `json:"price_date,omitempty"`
	PriceOld  bool   `json:"price_old"`
}

// TotalsJSON are a day's totals. GL covers only the carbohydrate of foods with a
// published GI: GLCoverage is that share, FoodsWithoutGI how many foods lack one.
type TotalsJSON struct {
	EnergyKcal     float64  `json:"energy_kcal"`
	CarbG          float64  `json:"carb_g"`
	ProteinG       float64  `json:"protein_g"`
	FatG           float64  `json:"fat_g"`
	FibreG         float64  `json:"fibre_g"`
	VegetablesG    float64  `json:"vegetables_g"`
	FruitG         float64  `json:"fruit_g"`
	CostUGX        float64  `json:"cost_ugx"`
	ItemsNotPriced int      `json:"items_not_priced"`
	GL             *float64 `json:"gl"`
	GLCoverage     float64  `json:"gl_coverage"`
	FoodsWithoutGI int      `json:"foods_without_gi"`
}

// RelaxedJSON is a rule the plan misses.
type RelaxedJSON struct {
	Rule    string `json:"rule"`
	Meal    string `json:"meal,omitempty"`
	Message string `json:"message"`
}

func writePlanJSON(w io.Writer, user string, res suggest.PlanResult) error {
	out := PlanJSON{User: user, BudgetUGX: res.CapUGX, CostUGX: round1(res.CostUGX), Objective: round1(res.Objective),
		LowerBound: round1(res.LowerBound), Optimal: res.Optimal, Targets: res.Targets, RelaxedWeek: []RelaxedJSON{}}
	for i, p := range res.Plans {
		day := PlanDayJSON{Day: i + 1, Items: []PlanItemJSON{}, Relaxed: []RelaxedJSON{}}
		noGI := map[string]bool{}
		for _, m := range p.Meals {
			for _, it := range m.Items {
				f := res.Foods[it.Key]
				measure := f.Measure
				if measure == "" {
					measure = fmt.Sprintf("%g g", f.Serving)
				}
				if it.Servings != 1 {
					measure = fmt.Sprintf("%g × %s", it.Servings, measure)
				}
				cost := round1(it.CostUGX)
				item := PlanItemJSON{Meal: string(m.Meal), Key: it.Key, Food: it.Name,
					Grams: round1(it.Grams), Measure: measure, CostUGX: &cost, PriceOld: f.PriceOld}
				if f.PriceOn != nil {
					item.PriceDate = f.PriceOn.Format(time.DateOnly)
				}
				day.Items = append(day.Items, item)
				if !f.GIKnown {
					noGI[it.Key] = true
				}
			}
		}
		t := p.Totals
		day.Totals = TotalsJSON{EnergyKcal: round1(t.EnergyKcal), CarbG: round1(t.CarbG), ProteinG: round1(t.ProteinG),
			FatG: round1(t.FatG), FibreG: round1(t.FibreG), VegetablesG: round1(t.VegetablesG), FruitG: round1(t.FruitG),
			CostUGX: round1(t.CostUGX), GLCoverage: math.Round(1000*t.GLCoverage()) / 1000, FoodsWithoutGI: len(noGI)}
		if t.GLCarbG > 0 || t.CarbG == 0 {
			gl := round1(t.GL)
			day.Totals.GL = &gl
		}
		for _, r := range res.Relaxed {
			if r.Day == i+1 {
				day.Relaxed = append(day.Relaxed, RelaxedJSON{Rule: r.Rule, Meal: r.Meal, Message: r.Message})
			}
		}
		out.Days = append(out.Days, day)
	}
	for _, r := range res.Relaxed {
		if r.Day == 0 {
			out.RelaxedWeek = append(out.RelaxedWeek, RelaxedJSON{Rule: r.Rule, Message: r.Message})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func round1(v float64) float64 { return math.Round(10*v) / 10 }
