package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// `zoe plan` prints a week as JSON with the fields the issue lists, parses its own
// flags (--help exits 0) and rejects bad ones.
func TestPlanCommandPrintsJSON(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zoe.db")
	t.Setenv("DATABASE_URL", "sqlite://"+path)
	d, cat := foodDB(ctx, t, "sqlite://"+path)
	r, err := prices.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.ImportPrices(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	if c, ok := r.(io.Closer); ok {
		_ = c.Close()
	}
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "nakato", Email: "nakato@example.org", PasswordHash: "x",
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	birth := time.Date(1978, 3, 14, 0, 0, 0, 0, time.UTC)
	g, act, h, w := "female", "light", 158.0, 78.0
	if _, err := d.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: u.Email, FirstName: "N", BirthDate: &birth,
		Gender: &g, HeightCm: &h, WeightKg: &w, ActivityLevel: &act, DiabetesType: "type2", PrimaryGoal: "glucose_control",
		GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", UpdatedAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
	d.Close()

	var help bytes.Buffer
	if err := planTo(ctx, []string{"--help"}, &help); err != nil || !strings.Contains(help.String(), "-budget") {
		t.Fatalf("--help: %v\n%s", err, help.String())
	}
	for _, bad := range [][]string{{"--days", "3", "--user", "nakato", "--json"}, {"--json"}, {"--user", "nakato"},
		{"--user", "nakato", "--json", "--budget", "-5"}} {
		var ue usageError
		if err := planTo(ctx, bad, io.Discard); err == nil || !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
	if err := planTo(ctx, []string{"--user", "nobody", "--json"}, io.Discard); err == nil {
		t.Error("an unknown user gave a plan")
	}

	var out bytes.Buffer
	if err := planTo(ctx, []string{"--user", "nakato", "--days", "7", "--budget", "3000", "--json"}, &out); err != nil {
		t.Fatal(err)
	}
	var p PlanJSON
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(p.Days) != 7 || p.BudgetUGX == nil || *p.BudgetUGX != 3000 || p.User != "nakato" {
		t.Fatalf("days %d, budget %v, user %q", len(p.Days), p.BudgetUGX, p.User)
	}
	// The raw JSON carries every field by name, cost null-able per item.
	for _, field := range []string{`"household_measure"`, `"cost_ugx"`, `"energy_kcal"`, `"carb_g"`, `"protein_g"`, `"fat_g"`,
		`"fibre_g"`, `"vegetables_g"`, `"fruit_g"`, `"gl"`, `"gl_coverage"`, `"relaxed"`, `"relaxed_week"`} {
		if !strings.Contains(out.String(), field) {
			t.Errorf("no %s in the JSON", field)
		}
	}
	total := 0.0
	for _, day := range p.Days {
		if len(day.Items) == 0 || day.Totals.EnergyKcal <= 0 {
			t.Fatalf("day %d is empty", day.Day)
		}
		sum := 0.0
		for _, it := range day.Items {
			if it.CostUGX == nil || it.Grams <= 0 || it.Measure == "" || it.Food == "" {
				t.Errorf("day %d: item %+v", day.Day, it)
				continue
			}
			sum += *it.CostUGX
		}
		if d := sum - day.Totals.CostUGX; d > 1 || d < -1 {
			t.Errorf("day %d: items cost %.1f, total %.1f", day.Day, sum, day.Totals.CostUGX)
		}
		if day.Totals.GLCoverage < 0 || day.Totals.GLCoverage > 1 || (day.Totals.GL == nil) != (day.Totals.GLCoverage == 0 && day.Totals.CarbG > 0) {
			t.Errorf("day %d: GL %v over %v", day.Day, day.Totals.GL, day.Totals.GLCoverage)
		}
		total += day.Totals.CostUGX
	}
	if d := total - p.CostUGX; d > 1 || d < -1 {
		t.Errorf("week cost %.1f, days add to %.1f", p.CostUGX, total)
	}
}
