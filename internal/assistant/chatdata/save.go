package chatdata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
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
	// Feedback is the answer to the saved reading (glucose.FeedbackFor), also in Lines.
	Feedback *glucose.Feedback
	Lines    []string
}

// Saver stores what one patient confirmed.
type Saver struct {
	Loc  *time.Location // shown times
	Unit glucose.Unit   // shown glucose
}

// Save stores a log the patient confirmed through the logbook (tx: the caller's
// transaction, which also consumes the proposal): diary entries for a meal (grams from
// the message, else the food's usual serving; cost from the current price per kg) or a
// glucose reading, with the same rules and side effects as the forms.
func (sv Saver) Save(ctx context.Context, tx *logbook.Tx, act *assistant.Action) (Saved, error) {
	var s Saved
	switch {
	case act == nil:
		return s, ErrNothingSaved
	case act.Kind == assistant.ActionLogMeal && act.Meal != nil:
		return s, sv.saveMeal(ctx, tx, act.Meal, &s)
	case act.Kind == assistant.ActionLogGlucose && act.Glucose != nil:
		return s, sv.saveGlucose(tx, act.Glucose, &s)
	}
	return s, ErrNothingSaved
}

// when is a proposed time: now when none was given or it is ahead of the clock.
func when(at, now time.Time) time.Time {
	if at.IsZero() || at.After(now) {
		return now
	}
	return at
}

func (sv Saver) saveMeal(ctx context.Context, tx *logbook.Tx, m *assistant.ProposedLog, s *Saved) error {
	at := when(m.At, tx.Now())
	items := m.Items
	if len(items) > MaxLogItems {
		items = items[:MaxLogItems]
	}
	for _, it := range items {
		food, err := tx.Queries().ChatFoodBySlug(ctx, it.FoodKey)
		if db.IsNotFound(err) {
			s.Lines = append(s.Lines, fmt.Sprintf("%s: not saved (not in the food table).", it.Name))
			continue
		}
		if err != nil {
			return fmt.Errorf("chatdata: food %q: %w", it.FoodKey, err)
		}
		e := Entry(it, food)
		in := tracking.FoodLogInput{FoodID: strconv.FormatInt(food.ID, 10), Meal: string(m.Meal), Grams: strconv.FormatFloat(e.Grams, 'f', -1, 64)}
		if e.MeasureLabel != "" {
			in.Measure, in.Quantity = e.MeasureLabel, strconv.FormatFloat(e.Quantity, 'f', -1, 64)
		}
		out, errs, err := tx.CreateFoodLog(logbook.FoodLogIn{Input: in, At: at})
		if err != nil {
			return fmt.Errorf("chatdata: save food log: %w", err)
		}
		if len(errs) > 0 {
			s.Lines = append(s.Lines, fmt.Sprintf("%s: not saved (%s)", food.Name, firstMessage(errs)))
			continue
		}
		s.FoodLogs++
		costText := "price not known"
		if out.CostUGX != nil {
			costText = assistant.FormatUGX(int(*out.CostUGX))
		}
		line := fmt.Sprintf("%s: %s g, %s", food.Name, trimFloat(out.Entry.Grams), costText)
		if e.Note != "" {
			line += " (" + e.Note + ")"
		}
		s.Lines = append(s.Lines, line)
	}
	if s.FoodLogs == 0 {
		return ErrNothingSaved
	}
	s.Lines = append([]string{fmt.Sprintf("Saved to your diary as %s, %s:", m.Meal, at.In(sv.Loc).Format("Mon 2 Jan 15:04"))}, s.Lines...)
	return nil
}

// firstMessage is one of a refused entry's messages (the fields' order is fixed).
func firstMessage(errs tracking.Errors) string {
	for _, k := range []string{"food_id", "meal", "grams", "measure", "quantity", "glucose", "when"} {
		if m, ok := errs[k]; ok {
			return m
		}
	}
	for _, m := range errs {
		return m
	}
	return ""
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

func (sv Saver) saveGlucose(tx *logbook.Tx, g *assistant.ProposedGlucose, s *Saved) error {
	at := when(g.At, tx.Now())
	// The value as typed, in its unit (as the forms store it); MgDL (rounded for the
	// conversation state) only when the reading has no typed value.
	value, unit := strconv.FormatFloat(g.MgDL, 'f', -1, 64), glucose.MgdL
	if u, err := glucose.ParseUnit(string(g.Reading.Unit)); err == nil && g.Reading.Meter == "" && g.Reading.Value > 0 {
		value, unit = strconv.FormatFloat(g.Reading.Value, 'f', -1, 64), u
	}
	out, errs, err := tx.CreateRecord(logbook.RecordIn{Unit: unit, At: at, Input: tracking.RecordInput{
		Type: tracking.RecGlucose, Glucose: value, Notes: "Recorded in the assistant chat."}})
	if err != nil {
		return fmt.Errorf("chatdata: save glucose: %w", err)
	}
	if len(errs) > 0 {
		s.Lines = append(s.Lines, "Not saved: "+firstMessage(errs))
		return ErrNothingSaved
	}
	s.Glucose, s.Feedback = true, out.Feedback
	s.Lines = append(s.Lines, fmt.Sprintf("Saved to your records: glucose %s at %s.",
		glucose.Format(*out.Record.GlucoseMgdl, sv.Unit), at.In(sv.Loc).Format("Mon 2 Jan 15:04")))
	if out.Feedback != nil {
		s.Lines = append(s.Lines, out.Feedback.Text())
	}
	return nil
}
