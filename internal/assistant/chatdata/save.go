package chatdata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// MaxLogItems bounds the foods one chat message can log.
const MaxLogItems = 12

// ErrNothingSaved: the confirmed action held nothing that could be stored.
var ErrNothingSaved = errors.New("chatdata: nothing to save")

// Saved says what a confirmed action stored, line by line, for the reply.
type Saved struct {
	FoodLogs int
	Glucose  bool
	Lines    []string
}

// Saver stores what one patient confirmed.
type Saver struct {
	UserID int64
	Loc    *time.Location // shown times
	Unit   glucose.Unit   // shown glucose
	Now    time.Time
}

// Save stores a log the patient confirmed, with q (the caller's transaction): diary
// entries for a meal (grams from the message, else the food's usual serving; cost from
// the current price per kg) or a glucose reading. Times are stored in UTC.
func (sv Saver) Save(ctx context.Context, q db.Queries, act *assistant.Action) (Saved, error) {
	var s Saved
	switch {
	case act == nil:
		return s, ErrNothingSaved
	case act.Kind == assistant.ActionLogMeal && act.Meal != nil:
		return s, sv.saveMeal(ctx, q, act.Meal, &s)
	case act.Kind == assistant.ActionLogGlucose && act.Glucose != nil:
		return s, sv.saveGlucose(ctx, q, act.Glucose, &s)
	}
	return s, ErrNothingSaved
}

func (sv Saver) saveMeal(ctx context.Context, q db.Queries, m *assistant.ProposedLog, s *Saved) error {
	now, loc, userID := sv.Now, sv.Loc, sv.UserID
	at := m.At
	if at.IsZero() || at.After(now) {
		at = now
	}
	items := m.Items
	if len(items) > MaxLogItems {
		items = items[:MaxLogItems]
	}
	for _, it := range items {
		food, err := q.ChatFoodBySlug(ctx, it.FoodKey)
		if db.IsNotFound(err) {
			s.Lines = append(s.Lines, fmt.Sprintf("%s: not saved (not in the food table).", it.Name))
			continue
		}
		if err != nil {
			return fmt.Errorf("chatdata: food %q: %w", it.FoodKey, err)
		}
		e := Entry(it, food)
		var cost *int64
		costText := "price not known"
		if food.PriceUgx != nil && food.PerUnit != nil && *food.PerUnit == "kg" {
			c := int64(math.Round(*food.PriceUgx * e.Grams / 1000))
			cost, costText = &c, assistant.FormatUGX(int(c))
		}
		if _, err := q.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: uuid.NewString(), UserID: userID, FoodItemID: food.ID,
			MealType: string(m.Meal), Grams: e.Grams, MeasureLabel: e.MeasureLabel, Quantity: e.Quantity, CostUgx: cost,
			ConsumedAt: at.UTC(), CreatedAt: now}); err != nil {
			return fmt.Errorf("chatdata: save food log: %w", err)
		}
		s.FoodLogs++
		line := fmt.Sprintf("%s: %s g, %s", food.Name, trimFloat(e.Grams), costText)
		if e.Note != "" {
			line += " (" + e.Note + ")"
		}
		s.Lines = append(s.Lines, line)
	}
	if s.FoodLogs == 0 {
		return ErrNothingSaved
	}
	s.Lines = append([]string{fmt.Sprintf("Saved to your diary as %s, %s:", m.Meal, at.In(loc).Format("Mon 2 Jan 15:04"))}, s.Lines...)
	return nil
}

// LogEntry is how one proposed item is stored.
type LogEntry struct {
	Grams        float64
	MeasureLabel string
	Quantity     float64
	Note         string // why the amount is an estimate, if it is
}

// Entry decides the stored amount of a proposed item: its grams when the message gave
// them (or a known measure), else one usual serving of the food. The measure label is
// kept when it is one of the food's own measures, so the diary can edit it.
func Entry(it assistant.LogItem, food db.ChatFoodBySlugRow) LogEntry {
	e := LogEntry{Grams: it.Grams, Quantity: 1}
	if e.Grams <= 0 {
		e.Grams = food.ServingGrams
		e.Note = "usual serving; change it in your diary if you had more or less"
	}
	e.Grams = math.Min(math.Max(e.Grams, tracking.PortionMinG), tracking.PortionMaxG)
	if it.Measure != "" && it.Grams > 0 && it.MeasureCount > 0 {
		for _, m := range tracking.ParseMeasures(food.Measures) {
			pq, ok := assistant.ParseMeasure(m.Label)
			if !ok || pq.Unit != it.Measure || pq.Amount <= 0 {
				continue
			}
			if n := it.MeasureCount / pq.Amount; n >= tracking.QuantityMin && n <= tracking.QuantityMax {
				e.MeasureLabel, e.Quantity = m.Label, math.Round(n*100)/100
			}
			break
		}
	}
	return e
}

func (sv Saver) saveGlucose(ctx context.Context, q db.Queries, g *assistant.ProposedGlucose, s *Saved) error {
	now, loc, userID := sv.Now, sv.Loc, sv.UserID
	mgdl, problem := glucose.CheckEntry(g.MgDL, glucose.MgdL)
	if problem != "" {
		s.Lines = append(s.Lines, "Not saved: "+problem)
		return ErrNothingSaved
	}
	at := g.At
	if at.IsZero() || at.After(now) {
		at = now
	}
	if _, err := q.CreateDiabetesRecord(ctx, db.CreateDiabetesRecordParams{Uuid: uuid.NewString(), UserID: userID,
		RecordType: tracking.RecGlucose, GlucoseMgdl: &mgdl, Notes: "Recorded in the assistant chat.", RecordedAt: at.UTC(),
		CreatedAt: now}); err != nil {
		return fmt.Errorf("chatdata: save glucose: %w", err)
	}
	s.Glucose = true
	s.Lines = append(s.Lines, fmt.Sprintf("Saved to your records: glucose %s at %s.",
		glucose.Format(mgdl, sv.Unit), at.In(loc).Format("Mon 2 Jan 15:04")))
	return nil
}
