// Package chatdata connects the assistant to the app's own data: the food catalogue and
// one patient's glucose readings, diary spending and goals (assistant.Data), the
// assistant's food lexicon built from the food table, and the saving of a log the
// patient confirmed in the chat. It reads through sqlc queries and the catalogue only.
package chatdata

import (
	"context"
	"errors"
	"fmt"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/fooddata"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// Data answers the assistant for one patient. Build one per request.
type Data struct {
	DB      *db.DB
	Catalog *catalog.Catalog
	User    db.User
	Loc     *time.Location // the user's time zone
	Now     func() time.Time
}

var _ assistant.Data = (*Data)(nil)

func (d *Data) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return db.Now()
}

// card finds a published food by key, with its current price (cached by the catalogue).
func (d *Data) card(ctx context.Context, key string) (db.ChatFoodBySlugRow, catalog.Card, error) {
	row, err := d.DB.ChatFoodBySlug(ctx, key)
	if db.IsNotFound(err) {
		return row, catalog.Card{}, assistant.ErrNotFound
	}
	if err != nil {
		return row, catalog.Card{}, fmt.Errorf("chatdata: food %q: %w", key, err)
	}
	c, err := d.Catalog.Food(ctx, d.User.ID, row.ID)
	if db.IsNotFound(err) {
		return row, c, assistant.ErrNotFound
	}
	return row, c, err
}

// FoodFacts implements assistant.Data.
func (d *Data) FoodFacts(ctx context.Context, key string) (assistant.FoodFacts, error) {
	row, c, err := d.card(ctx, key)
	if err != nil {
		return assistant.FoodFacts{}, err
	}
	f := assistant.FoodFacts{Key: c.Slug, Name: c.Name, Per100g: assistant.Nutrients{EnergyKcal: c.EnergyKcal, CarbsG: c.CarbG,
		ProteinG: c.ProteinG, FatG: c.FatG, FibreG: c.FibreG, SodiumMg: c.SodiumMg, IronMg: row.IronMg, CalciumMg: row.CalciumMg}}
	// the local name is shown beside the name unless the name already holds it or a bracket
	if names := catalog.LocalNameList(c.LocalNames); len(names) > 0 && !strings.Contains(c.Name, "(") &&
		!strings.Contains(strings.ToLower(c.Name), strings.ToLower(names[0])) {
		f.LocalName = names[0]
	}
	f.Per100g.VitaminCMg, f.Per100g.PotassiumMg = row.VitaminCMg, row.PotassiumMg
	if c.SugarsG != nil {
		f.Per100g.SugarsG, f.Per100g.SugarsKnown = *c.SugarsG, true
	}
	if c.GI != nil {
		f.GI = int(math.Round(*c.GI))
	}
	f.Measures = measures(c.Measures)
	f.Measures = append(f.Measures, dishMeasures(c.Slug, f.Measures)...)
	if c.PriceUGX != nil {
		if perKg, ok := foods.PricePerKg(*c.PriceUGX, c.PricePerUnit, c.Category, c.Slug); ok {
			f.PriceUGXPerKg = perKg
		}
	}
	return f, nil
}

// dishYields are the cooked weights of the food table's dishes (a recipe's plate), read
// once from the bundled table: the catalogue keeps a dish's nutrients but not its yield.
var dishYields = sync.OnceValue(func() map[string]float64 {
	out := map[string]float64{}
	table, err := fooddata.Load()
	if err != nil {
		return out
	}
	for _, f := range table {
		if f.YieldG > 0 {
			out[f.Key] = f.YieldG
		}
	}
	return out
})

// dishMeasures gives a dish one serving, plate and piece (a rolex, a plate of katogo) of
// its recipe's yield, unless the table has a measure of that unit already.
func dishMeasures(key string, have []assistant.Measure) []assistant.Measure {
	y, ok := dishYields()[key]
	if !ok {
		return nil
	}
	var out []assistant.Measure
	for _, u := range []string{"serving", "plate", "piece", "bowl"} {
		if !slices.ContainsFunc(have, func(m assistant.Measure) bool { return m.Unit == u }) {
			out = append(out, assistant.Measure{Unit: u, Grams: y, Label: "1 " + u + " (the recipe's " + fmt.Sprintf("%.0f", y) + " g plate)"})
		}
	}
	return out
}

// measures turns the food table's household measures ("1 cup", "1 medium banana") into
// the assistant's units with the grams of one unit.
func measures(ms []catalog.Measure) []assistant.Measure {
	var out []assistant.Measure
	for _, m := range ms {
		q, ok := assistant.ParseMeasure(m.Label)
		if !ok || q.Amount <= 0 || m.Grams <= 0 {
			continue
		}
		out = append(out, assistant.Measure{Unit: q.Unit, Grams: m.Grams / q.Amount, Label: m.Label})
	}
	return out
}

// CheaperAlternatives implements assistant.Data: foods of the same category, priced per
// kg, cheaper per serving and similar in nutrition (the catalogue's choice), cheapest
// first.
func (d *Data) CheaperAlternatives(ctx context.Context, key string, limit int) ([]assistant.Alternative, error) {
	_, c, err := d.card(ctx, key)
	if err != nil {
		return nil, err
	}
	alts, err := d.Catalog.Alternatives(ctx, c, max(3*limit, 8))
	if err != nil {
		return nil, err
	}
	out := make([]assistant.Alternative, 0, len(alts))
	for _, a := range alts {
		if a.PriceUGX == nil {
			continue
		}
		perKg, ok := foods.PricePerKg(*a.PriceUGX, a.PricePerUnit, a.Category, a.Slug)
		if !ok {
			continue
		}
		alt := assistant.Alternative{Key: a.Slug, Name: a.Name, PriceUGXPerKg: perKg, Note: "similar nutrition per serving"}
		if a.Saving > 0 {
			alt.Note = fmt.Sprintf("saves about %s a serving", assistant.FormatUGX(int(a.Saving)))
		}
		out = append(out, alt)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].PriceUGXPerKg < out[j].PriceUGXPerKg })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// FoodsWithinBudget implements assistant.Data from the priced foods whose serving fits.
func (d *Data) FoodsWithinBudget(ctx context.Context, budgetUGX int, meal assistant.MealType, limit int) ([]assistant.BudgetOption, error) {
	rows, err := d.DB.ChatBudgetFoods(ctx, db.ChatBudgetFoodsParams{MaxCost: float64(budgetUGX), Lim: 200})
	if err != nil {
		return nil, fmt.Errorf("chatdata: budget foods: %w", err)
	}
	foods := make([]PricedFood, len(rows))
	for i, r := range rows {
		foods[i] = PricedFood{Key: r.Slug, Name: r.Name, Category: r.Category, ServingG: r.ServingGrams,
			PriceUGXPerKg: r.PriceUgx, GI: r.GlycaemicIndex, DiabetesFriendly: r.DiabetesFriendly}
	}
	return ComposeMeals(foods, budgetUGX, nutrition.HasDiabetes(d.User.DiabetesType), limit), nil
}

// GlucoseStats implements assistant.Data with the glucose package's statistics.
func (d *Data) GlucoseStats(ctx context.Context, p assistant.Period) (assistant.GlucoseStats, error) {
	rows, err := d.DB.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: d.User.ID, Since: p.From.UTC()})
	if err != nil {
		return assistant.GlucoseStats{}, fmt.Errorf("chatdata: glucose: %w", err)
	}
	var rs []glucose.Reading
	for _, r := range rows {
		if r.GlucoseMgdl == nil || !r.RecordedAt.Before(p.To) {
			continue
		}
		ctxt := glucose.Random
		if r.GlucoseContext != nil {
			ctxt = glucose.Context(*r.GlucoseContext)
		}
		rs = append(rs, glucose.Reading{At: r.RecordedAt.In(d.Loc), Mgdl: *r.GlucoseMgdl, Context: ctxt})
	}
	st := glucose.Compute(rs, p.From.In(d.Loc), p.To.In(d.Loc))
	u := d.unit()
	out := assistant.GlucoseStats{Unit: assistant.GlucoseUnit(u), Count: st.N}
	if st.N == 0 {
		return out, nil
	}
	out.Mean, out.Min, out.Max = glucose.FromMgdl(st.Mean.Value, u), glucose.FromMgdl(st.Min.Value, u), glucose.FromMgdl(st.Max.Value, u)
	out.PctInRange, out.PctBelow, out.PctAbove = st.InRange.Percent(), st.BelowRange.Percent(), st.AboveRange.Percent()
	return out, nil
}

// Spending implements assistant.Data: the diary's costs in the period, and the share of
// the monthly food budget that falls on the period's days.
func (d *Data) Spending(ctx context.Context, p assistant.Period) (assistant.Spending, error) {
	rows, err := d.DB.ChatSpendingByFood(ctx, db.ChatSpendingByFoodParams{UserID: d.User.ID, Since: p.From.UTC(), Until: p.To.UTC()})
	if err != nil {
		return assistant.Spending{}, fmt.Errorf("chatdata: spending: %w", err)
	}
	var s assistant.Spending
	for _, r := range rows {
		s.TotalUGX += int(r.TotalUgx)
		s.Entries += int(r.Entries)
		if r.TotalUgx > 0 {
			s.Top = append(s.Top, assistant.SpendItem{Name: r.Name, UGX: int(r.TotalUgx)})
		}
	}
	if d.User.MonthlyBudgetUgx != nil && *d.User.MonthlyBudgetUgx > 0 {
		s.BudgetUGX = int(PeriodBudget(*d.User.MonthlyBudgetUgx, p.From, p.To, d.Loc))
		s.MonthlyBudgetUGX = int(*d.User.MonthlyBudgetUgx)
	}
	diary, err := d.Diary(ctx, p)
	if err != nil {
		return assistant.Spending{}, err
	}
	for _, e := range diary {
		if e.CostUGX == nil {
			s.Unpriced++
		}
	}
	return s, nil
}

// PeriodBudget is the monthly food budget spread over the calendar days of [from, to) in
// loc, each day getting its month's daily share (nutrition.DailyBudget).
func PeriodBudget(monthly int64, from, to time.Time, loc *time.Location) int64 {
	var total int64
	y, m, dd := from.In(loc).Date()
	day := time.Date(y, m, dd, 0, 0, 0, 0, loc)
	for i := 0; i < 800 && day.Before(to); i++ {
		total += nutrition.DailyBudget(monthly, day)
		day = day.AddDate(0, 0, 1)
	}
	return total
}

// GoalProgress implements assistant.Data with the user's active goals, in their units.
// A goal is on track when it is reached; with a target date, when the progress made is
// at least the share of the time to that date that has passed; without one, when the
// latest value has moved toward the target. A goal with no progress yet is not.
func (d *Data) GoalProgress(ctx context.Context) (assistant.GoalProgress, error) {
	rows, err := d.DB.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: d.User.ID, OnlyActive: true})
	if err != nil {
		return assistant.GoalProgress{}, fmt.Errorf("chatdata: goals: %w", err)
	}
	u := d.unit()
	now := d.now()
	var out assistant.GoalProgress
	for _, g := range rows {
		t := goals.Type(g.GoalType)
		name := g.Title
		if name == "" {
			name = t.Label()
		}
		current := g.StartValue
		if g.LatestValue != nil {
			current = *g.LatestValue
		}
		goal := goals.Goal{Type: t, Start: g.StartValue, Target: g.TargetValue, TargetDate: g.TargetDate}
		ag := assistant.Goal{Name: name, Current: round1(tracking.FromStored(t, current, u)),
			Target: round1(tracking.FromStored(t, g.TargetValue, u)), Unit: tracking.GoalFormUnit(t, u),
			OnTrack: g.LatestValue != nil && OnTrack(goal, current, g.CreatedAt, now), Type: g.GoalType}
		if g.LatestValue != nil {
			ag.Percent, ag.HasProgress = math.Round(goals.Measure(goal, current).Percent), true
		}
		out.Goals = append(out.Goals, ag)
	}
	return out, nil
}

// OnTrack applies GoalProgress's rule to one goal.
func OnTrack(g goals.Goal, current float64, started, now time.Time) bool {
	p := goals.Measure(g, current)
	if p.Reached {
		return true
	}
	if g.TargetDate != nil && g.TargetDate.After(started) {
		total := g.TargetDate.Sub(started).Hours()
		elapsed := math.Min(math.Max(now.Sub(started).Hours(), 0), total)
		return p.Percent >= 100*elapsed/total
	}
	return p.Raw > 0
}

// Diary implements assistant.Data: the diary entries in the period with the nutrients of
// the logged grams.
func (d *Data) Diary(ctx context.Context, p assistant.Period) ([]assistant.DiaryItem, error) {
	rows, err := d.DB.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: d.User.ID, Since: p.From.UTC(), Until: p.To.UTC()})
	if err != nil {
		return nil, fmt.Errorf("chatdata: diary: %w", err)
	}
	out := make([]assistant.DiaryItem, 0, len(rows))
	for _, r := range rows {
		k := r.Grams / 100
		it := assistant.DiaryItem{At: r.ConsumedAt.In(d.Loc), Meal: assistant.MealType(r.MealType), Name: r.FoodName, Grams: r.Grams,
			Nutrients: assistant.Nutrients{EnergyKcal: r.EnergyKcal * k, CarbsG: r.CarbG * k, ProteinG: r.ProteinG * k,
				FatG: r.FatG * k, FibreG: r.FibreG * k, SodiumMg: r.SodiumMg * k}}
		if r.SugarsG != nil {
			it.Nutrients.SugarsG, it.Nutrients.SugarsKnown = *r.SugarsG*k, true
		}
		if r.CostUgx != nil {
			c := int(*r.CostUgx)
			it.CostUGX = &c
		}
		out = append(out, it)
	}
	return out, nil
}

// Readings implements assistant.Data: the glucose readings in the period, in the user's unit.
func (d *Data) Readings(ctx context.Context, p assistant.Period) ([]assistant.GlucoseAt, error) {
	rows, err := d.DB.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: d.User.ID, Since: p.From.UTC()})
	if err != nil {
		return nil, fmt.Errorf("chatdata: glucose: %w", err)
	}
	u := d.unit()
	var out []assistant.GlucoseAt
	for _, r := range rows {
		if r.GlucoseMgdl == nil || !r.RecordedAt.Before(p.To) {
			continue
		}
		out = append(out, assistant.GlucoseAt{At: r.RecordedAt.In(d.Loc), Value: glucose.FromMgdl(*r.GlucoseMgdl, u), MgDL: *r.GlucoseMgdl})
	}
	return out, nil
}

// Catalogue implements assistant.Data: every published food with its nutrients and its
// current price per kg (foods priced per litre or unit count as unpriced here).
func (d *Data) Catalogue(ctx context.Context) ([]assistant.CatalogFood, error) {
	catalogueMemo.Lock()
	defer catalogueMemo.Unlock()
	if catalogueMemo.db == d.DB && time.Since(catalogueMemo.at) < catalogueTTL {
		return catalogueMemo.foods, nil
	}
	foods, err := d.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	catalogueMemo.db, catalogueMemo.at, catalogueMemo.foods = d.DB, time.Now(), foods
	return foods, nil
}

// catalogueTTL is how long the catalogue read for lists and alternatives is reused: the
// food table and prices change by import, a minute late is fine, and the read is the
// slowest part of a list answer (300 rows).
const catalogueTTL = time.Minute

// catalogueMemo holds the last catalogue read (shared, read-only: callers never change it).
var catalogueMemo struct {
	sync.Mutex
	db    *db.DB
	at    time.Time
	foods []assistant.CatalogFood
}

func (d *Data) catalogue(ctx context.Context) ([]assistant.CatalogFood, error) {
	rows, err := d.DB.ChatCatalogFoods(ctx)
	if err != nil {
		return nil, fmt.Errorf("chatdata: catalogue: %w", err)
	}
	out := make([]assistant.CatalogFood, 0, len(rows))
	for _, r := range rows {
		f := assistant.CatalogFood{Key: r.Slug, Name: r.Name, Category: r.Category, ServingG: r.ServingGrams,
			Per100g: assistant.Nutrients{EnergyKcal: r.EnergyKcal, ProteinG: r.ProteinG, CarbsG: r.CarbG, FibreG: r.FibreG,
				IronMg: r.IronMg, CalciumMg: r.CalciumMg, VitaminCMg: r.VitaminCMg, PotassiumMg: r.PotassiumMg}}
		if names := catalog.LocalNameList(r.LocalNames); len(names) > 0 {
			f.LocalName = names[0]
		}
		if r.GlycaemicIndex != nil {
			f.GI = int(math.Round(*r.GlycaemicIndex))
		}
		if r.PriceUgx != nil && r.PerUnit != nil {
			if perKg, ok := foods.PricePerKg(*r.PriceUgx, *r.PerUnit, r.Category, r.Slug); ok {
				f.PriceUGXPerKg = perKg
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// GlucoseUnit implements assistant.Data.
func (d *Data) GlucoseUnit(context.Context) (assistant.GlucoseUnit, error) {
	return assistant.GlucoseUnit(d.unit()), nil
}

func (d *Data) unit() glucose.Unit {
	if u := glucose.Unit(d.User.GlucoseUnit); u.Valid() {
		return u
	}
	return glucose.DefaultUnit
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// IsNotFound reports whether err is the assistant's "no such food".
func IsNotFound(err error) bool { return errors.Is(err, assistant.ErrNotFound) }

// healthLimit is how many HbA1c results and weigh-ins the assistant reads: the latest
// and the one before it, for the change.
const healthLimit = 2

// Health returns the user's latest HbA1c results and weigh-ins, newest first.
func (d *Data) Health(ctx context.Context) (assistant.Health, error) {
	var h assistant.Health
	a1c, err := d.DB.ListHbA1c(ctx, db.ListHbA1cParams{UserID: d.User.ID, Lim: healthLimit})
	if err != nil {
		return h, fmt.Errorf("chatdata: hba1c: %w", err)
	}
	for _, r := range a1c {
		if r.Hba1cPercent != nil {
			h.HbA1c = append(h.HbA1c, assistant.Dated{At: r.RecordedAt.In(d.Loc), Value: *r.Hba1cPercent})
		}
	}
	ws, err := d.DB.ListWeightEntries(ctx, db.ListWeightEntriesParams{UserID: d.User.ID, Lim: healthLimit})
	if err != nil {
		return h, fmt.Errorf("chatdata: weights: %w", err)
	}
	for _, w := range ws {
		h.Weight = append(h.Weight, assistant.Dated{At: w.RecordedAt.In(d.Loc), Value: w.WeightKg})
	}
	return h, nil
}
