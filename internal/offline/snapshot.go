// Package offline builds the snapshot a patient's phone keeps for use without a connection
// (the design's file-system cache: one JSON file per user under offline_cache/) and applies
// the writes made offline when the phone comes back (idempotent by the client's UUID).
// No HTTP here: the handlers call Store and Apply.
package offline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// Format is the snapshot's schema version; the client discards snapshots of another format
// (static/js/offline-store.js FORMAT). 2: unrounded band limits and the glucose advice;
// 3: the labels of meals and reading times.
const Format = 3

// What the snapshot holds.
const (
	MaxAge          = 24 * time.Hour // a snapshot older than this is rebuilt
	DiaryDays       = 14             // diary entries and glucose readings of the last two weeks
	MaxDiaryEntries = 600
	MaxReadings     = 400
	RecsDays        = 30
	MaxRecs         = 20
)

// Snapshot is the offline JSON: the design's {user, food_items, recommendations, goals,
// cached_at} plus what the offline pages need. The first three fields come first so a
// reader can check them without the rest.
type Snapshot struct {
	Format          int              `json:"format"`
	Version         string           `json:"version"`
	CachedAt        time.Time        `json:"cached_at"`
	ExpiresAt       time.Time        `json:"expires_at"`
	User            User             `json:"user"`
	FoodItems       []Food           `json:"food_items"`
	Prices          []Price          `json:"prices"`
	Recommendations []Recommendation `json:"recommendations"`
	Goals           []Goal           `json:"goals"`
	FoodLogs        []FoodLog        `json:"food_logs"`
	Glucose         []Reading        `json:"glucose"`
	GlucoseBands    Bands            `json:"glucose_bands"`
	// GlucoseAdvice is the answer to a reading per band (glucose.Advices in the user's
	// unit and for their diabetes type), so the offline glucose form answers a reading
	// with the same words as the online forms; "{value}" stands for the reading.
	GlucoseAdvice map[string]glucose.Advice `json:"glucose_advice"`
	Labels        Labels                    `json:"labels"`
}

// Labels are the names the offline pages show for stored values, taken from the Go
// packages that define them (nutrition.MealLabel, glucose.Context.Label), so that the
// JavaScript repeats none of them: [value, label] pairs in the order a form offers them.
type Labels struct {
	Meals    [][2]string `json:"meals"`
	Contexts [][2]string `json:"contexts"`
}

// labels is the Labels of this build of the app.
func labels() Labels {
	var l Labels
	for _, m := range nutrition.Meals {
		l.Meals = append(l.Meals, [2]string{m, nutrition.MealLabel(m)})
	}
	for _, c := range glucose.Contexts {
		l.Contexts = append(l.Contexts, [2]string{string(c), c.Label()})
	}
	return l
}

// User is what the offline pages show of the account.
type User struct {
	ID               int64      `json:"id"`
	Username         string     `json:"username"`
	DisplayName      string     `json:"display_name"`
	GlucoseUnit      string     `json:"glucose_unit"`
	TimeZone         string     `json:"time_zone"`
	DiabetesType     string     `json:"diabetes_type"`
	PrimaryGoal      string     `json:"primary_goal"`
	MonthlyBudgetUGX *int64     `json:"monthly_budget_ugx"`
	OfflineMode      bool       `json:"offline_mode_enabled"`
	LastSync         *time.Time `json:"last_sync"`
	// Daily aims (nutrition.ComputeTargets), when the profile is complete enough.
	EnergyKcal *float64 `json:"target_energy_kcal,omitempty"`
	CarbG      *float64 `json:"target_carb_g,omitempty"`
}

// Food is one food of the table, nutrients per 100 g (measures as stored: [{label, grams}]).
type Food struct {
	ID               int64           `json:"id"`
	Name             string          `json:"name"`
	LocalNames       string          `json:"local_names,omitempty"`
	Category         string          `json:"category"`
	EnergyKcal       float64         `json:"energy_kcal"`
	ProteinG         float64         `json:"protein_g"`
	CarbG            float64         `json:"carb_g"`
	FibreG           float64         `json:"fibre_g"`
	FatG             float64         `json:"fat_g"`
	SugarsG          *float64        `json:"sugars_g,omitempty"`
	GI               *float64        `json:"gi,omitempty"`
	ServingGrams     float64         `json:"serving_g"`
	Measures         json.RawMessage `json:"measures,omitempty"`
	DiabetesFriendly bool            `json:"diabetes_friendly,omitempty"`
}

// Price is a food's current retail price in whole UGX per unit (kg, l or unit).
type Price struct {
	FoodID  int64      `json:"food_item_id"`
	UGX     int64      `json:"price_ugx"`
	PerUnit string     `json:"per_unit"`
	Month   *time.Time `json:"month,omitempty"`
}

// Recommendation is a pending suggestion.
type Recommendation struct {
	ID           int64     `json:"id"`
	FoodID       int64     `json:"food_item_id"`
	FoodName     string    `json:"food_name"`
	MealType     string    `json:"meal_type"`
	Reasoning    string    `json:"reasoning"`
	ServingGrams float64   `json:"serving_g"`
	CostUGX      *int64    `json:"estimated_cost_ugx,omitempty"`
	Suggestion   string    `json:"meal_suggestion,omitempty"`
	Kind         string    `json:"rec_type"`
	CreatedAt    time.Time `json:"created_at"`
}

// Goal is a goal with its latest value, in the unit the user types (Unit).
type Goal struct {
	ID          int64      `json:"id"`
	Type        string     `json:"goal_type"`
	Title       string     `json:"title"`
	Unit        string     `json:"unit"`
	Start       float64    `json:"start_value"`
	Target      float64    `json:"target_value"`
	Latest      *float64   `json:"latest_value"`
	LatestAt    *time.Time `json:"latest_at"`
	Percent     float64    `json:"percent"`
	TargetDate  *time.Time `json:"target_date"`
	Status      string     `json:"status"`
	AutoUpdated bool       `json:"auto_updated,omitempty"` // filled in from records, not typed
}

// FoodLog is a diary entry.
type FoodLog struct {
	ID           int64     `json:"id"`
	UUID         string    `json:"uuid"`
	FoodID       int64     `json:"food_item_id"`
	FoodName     string    `json:"food_name"`
	MealType     string    `json:"meal_type"`
	Grams        float64   `json:"grams"`
	MeasureLabel string    `json:"measure_label,omitempty"`
	Quantity     float64   `json:"quantity"`
	CostUGX      *int64    `json:"cost_ugx,omitempty"`
	EnergyKcal   float64   `json:"energy_kcal"` // of the portion
	CarbG        float64   `json:"carb_g"`      // of the portion
	ConsumedAt   time.Time `json:"consumed_at"`
}

// Reading is a glucose reading, stored in mg/dL.
type Reading struct {
	ID         int64     `json:"id"`
	UUID       string    `json:"uuid"`
	Mgdl       float64   `json:"mgdl"`
	Context    string    `json:"context"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Bands are the consensus glucose bands in mg/dL (Battelino et al., Diabetes Care
// 2019;42:1593–1603, table 1), so the offline pages flag lows and highs as the app does:
// the limits glucose.Classify compares unrounded values with (below very_low_below: very
// low; below low_below: low; up to high_above: in range; up to very_high_above: high).
type Bands struct {
	VeryLowBelow  float64 `json:"very_low_below"`
	LowBelow      float64 `json:"low_below"`
	HighAbove     float64 `json:"high_above"`
	VeryHighAbove float64 `json:"very_high_above"`
	MgdlPerMmolL  float64 `json:"mgdl_per_mmol_l"`
}

// Version fingerprints a user's offline data: it changes whenever anything the snapshot
// holds changes (one query of counts and latest change times) and on each new day in the
// user's zone (the two-week window moves).
func Version(ctx context.Context, q db.Queries, u db.User, now time.Time) (string, error) {
	r, err := q.OfflineDataVersion(ctx, u.ID)
	if err != nil {
		return "", fmt.Errorf("offline: data version of user %d: %w", u.ID, err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d|%s|%s|%d|%s|%d|%s|%d|%s|%d|%s|%d|%s|%d|%s|%d|%s", Format, now.In(userLoc(u)).Format("2006-01-02"),
		r.UserStamp, r.FoodLogsN, r.FoodLogsAt, r.RecordsN, r.RecordsAt, r.GoalsN, r.GoalsAt,
		r.ProgressN, r.ProgressAt, r.RecsN, r.RecsAt, r.FoodsN, r.FoodsAt, r.PricesN, r.PricesAt)
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// Build reads a user's snapshot from the database (a handful of queries, none per row).
func Build(ctx context.Context, q db.Queries, u db.User, now time.Time) (Snapshot, error) {
	version, err := Version(ctx, q, u, now)
	if err != nil {
		return Snapshot{}, err
	}
	unit := glucose.Unit(u.GlucoseUnit)
	if !unit.Valid() {
		unit = glucose.DefaultUnit
	}
	s := Snapshot{Format: Format, Version: version, CachedAt: now.UTC(), ExpiresAt: now.UTC().Add(MaxAge),
		User: userOf(u, now), GlucoseBands: Bands{VeryLowBelow: glucose.VeryLowLimitMgdl, LowBelow: glucose.LowLimitMgdl,
			HighAbove: glucose.HighLimitMgdl, VeryHighAbove: glucose.VeryHighLimitMgdl, MgdlPerMmolL: glucose.MgdlPerMmolL},
		GlucoseAdvice: glucose.AdvicesIn(i18n.For(u.Language), unit, u.DiabetesType), Labels: labels()}

	foods, err := q.OfflineFoods(ctx, &u.ID)
	if err != nil {
		return s, fmt.Errorf("offline: foods: %w", err)
	}
	s.FoodItems = make([]Food, 0, len(foods))
	s.Prices = make([]Price, 0, len(foods))
	for _, f := range foods {
		food := Food{ID: f.ID, Name: f.Name, LocalNames: f.LocalNames, Category: f.Category, EnergyKcal: f.EnergyKcal,
			ProteinG: f.ProteinG, CarbG: f.CarbG, FibreG: f.FibreG, FatG: f.FatG, SugarsG: f.SugarsG, GI: f.GlycaemicIndex,
			ServingGrams: f.ServingGrams, DiabetesFriendly: f.DiabetesFriendly}
		if f.Measures != "" && f.Measures != "[]" && json.Valid([]byte(f.Measures)) {
			food.Measures = json.RawMessage(f.Measures)
		}
		s.FoodItems = append(s.FoodItems, food)
		if f.PriceUgx != nil && f.PerUnit != nil {
			s.Prices = append(s.Prices, Price{FoodID: f.ID, UGX: int64(math.Round(*f.PriceUgx)), PerUnit: *f.PerUnit, Month: f.PriceMonth})
		}
	}

	since := now.UTC().AddDate(0, 0, -DiaryDays)
	logs, err := q.OfflineFoodLogs(ctx, db.OfflineFoodLogsParams{UserID: u.ID, Since: since, Lim: MaxDiaryEntries})
	if err != nil {
		return s, fmt.Errorf("offline: diary: %w", err)
	}
	s.FoodLogs = make([]FoodLog, 0, len(logs))
	for _, l := range logs {
		s.FoodLogs = append(s.FoodLogs, FoodLog{ID: l.ID, UUID: l.Uuid, FoodID: l.FoodItemID, FoodName: l.FoodName, MealType: l.MealType,
			Grams: l.Grams, MeasureLabel: l.MeasureLabel, Quantity: l.Quantity, CostUGX: l.CostUgx,
			EnergyKcal: round1(l.EnergyKcal * l.Grams / 100), CarbG: round1(l.CarbG * l.Grams / 100), ConsumedAt: l.ConsumedAt})
	}

	rs, err := q.OfflineGlucose(ctx, db.OfflineGlucoseParams{UserID: u.ID, Since: since, Lim: MaxReadings})
	if err != nil {
		return s, fmt.Errorf("offline: glucose: %w", err)
	}
	s.Glucose = make([]Reading, 0, len(rs))
	for _, r := range rs {
		if r.GlucoseMgdl == nil {
			continue
		}
		c := string(glucose.Random)
		if r.GlucoseContext != nil {
			c = *r.GlucoseContext
		}
		s.Glucose = append(s.Glucose, Reading{ID: r.ID, UUID: r.Uuid, Mgdl: *r.GlucoseMgdl, Context: c, RecordedAt: r.RecordedAt})
	}

	gs, err := q.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: u.ID, OnlyActive: false})
	if err != nil {
		return s, fmt.Errorf("offline: goals: %w", err)
	}
	s.Goals = make([]Goal, 0, len(gs))
	for _, g := range gs {
		t := goals.Type(g.GoalType)
		goal := Goal{ID: g.ID, Type: g.GoalType, Title: g.Title, Unit: tracking.GoalFormUnit(t, unit),
			Start: show(t, g.StartValue, unit), Target: show(t, g.TargetValue, unit), LatestAt: g.LatestAt,
			TargetDate: g.TargetDate, Status: g.Status, AutoUpdated: goals.SourceOf(t) != goals.FromNothing}
		current := g.StartValue
		if g.LatestValue != nil {
			v := show(t, *g.LatestValue, unit)
			goal.Latest, current = &v, *g.LatestValue
		}
		goal.Percent = round1(goals.Measure(goals.Goal{Type: t, Start: g.StartValue, Target: g.TargetValue, TargetDate: g.TargetDate}, current).Percent)
		s.Goals = append(s.Goals, goal)
	}

	recs, err := q.OfflineRecommendations(ctx, db.OfflineRecommendationsParams{UserID: u.ID, Since: now.UTC().AddDate(0, 0, -RecsDays), Lim: MaxRecs})
	if err != nil {
		return s, fmt.Errorf("offline: recommendations: %w", err)
	}
	s.Recommendations = make([]Recommendation, 0, len(recs))
	for _, r := range recs {
		s.Recommendations = append(s.Recommendations, Recommendation{ID: r.ID, FoodID: r.FoodItemID, FoodName: r.FoodName,
			MealType: r.MealType, Reasoning: r.Reasoning, ServingGrams: r.ServingGrams, CostUGX: r.EstimatedCostUgx,
			Suggestion: r.MealSuggestion, Kind: r.RecType, CreatedAt: r.CreatedAt})
	}
	return s, nil
}

func userOf(u db.User, now time.Time) User {
	name := u.FirstName
	if name == "" {
		name = u.Username
	}
	out := User{ID: u.ID, Username: u.Username, DisplayName: name, GlucoseUnit: u.GlucoseUnit, TimeZone: userLoc(u).String(),
		DiabetesType: u.DiabetesType, PrimaryGoal: u.PrimaryGoal, MonthlyBudgetUGX: u.MonthlyBudgetUgx,
		OfflineMode: u.OfflineModeEnabled, LastSync: u.LastSync}
	p := nutrition.Profile{BirthDate: u.BirthDate, HeightCm: u.HeightCm, WeightKg: u.WeightKg, DiabetesType: u.DiabetesType, Goal: u.PrimaryGoal}
	if u.Gender != nil {
		p.Sex = *u.Gender
	}
	if u.ActivityLevel != nil {
		p.Activity = *u.ActivityLevel
	}
	if t, ok := nutrition.ComputeTargets(p, now); ok {
		e, c := math.Round(t.EnergyKcal), math.Round(t.CarbG)
		out.EnergyKcal, out.CarbG = &e, &c
	}
	return out
}

// show converts a stored goal value to the unit the user reads, rounded for display.
func show(t goals.Type, v float64, u glucose.Unit) float64 {
	if t == goals.FastingGlucose {
		return glucose.RoundForDisplay(glucose.FromMgdl(v, u), u)
	}
	return round1(v)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func userLoc(u db.User) *time.Location { return timezone.Of(u.TimeZone) }

// etagOf is the entity tag of a snapshot version: weak, since two builds of one version
// differ only in cached_at.
func etagOf(version string) string { return `W/"` + version + `"` }

// ETagMatches reports whether an If-None-Match header names the version.
func ETagMatches(header, version string) bool {
	if header == "" || version == "" {
		return false
	}
	for _, part := range splitComma(header) {
		if part == "*" || part == etagOf(version) || part == strconv.Quote(version) {
			return true
		}
	}
	return false
}
