package offline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// Sync limits: a phone sends its queue in batches of at most MaxItems.
const (
	MaxItems     = 500
	MaxBodyBytes = 1 << 20
)

// Kinds of queued writes.
const (
	KindFoodLog      = "food_log"
	KindGlucose      = "glucose"
	KindGoalProgress = "goal_progress"
)

// Statuses of an item in the answer.
const (
	StatusCreated   = "created"   // stored now
	StatusDuplicate = "duplicate" // stored before (a retried batch): nothing changed
	StatusConflict  = "conflict"  // the uuid was stored before with other values: the stored version was kept, this one is in audit_log
	StatusRejected  = "rejected"  // not stored: see errors
)

// Batch is the body of POST /sync.
type Batch struct {
	Items []Item `json:"items"`
}

// Item is one write made offline. Which fields apply depends on Kind; times are RFC 3339
// (the phone's clock); values are in the unit the user typed them in.
type Item struct {
	UUID string `json:"uuid"`
	Kind string `json:"kind"`
	// food_log
	FoodItemID   int64    `json:"food_item_id,omitempty"`
	MealType     string   `json:"meal_type,omitempty"`
	Grams        *float64 `json:"grams,omitempty"`
	MeasureLabel string   `json:"measure_label,omitempty"`
	Quantity     *float64 `json:"quantity,omitempty"`
	ConsumedAt   string   `json:"consumed_at,omitempty"`
	// glucose (value in Unit) and goal_progress (value in the goal's unit)
	Value      *float64 `json:"value,omitempty"`
	Unit       string   `json:"unit,omitempty"`
	Context    string   `json:"context,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	RecordedAt string   `json:"recorded_at,omitempty"`
	GoalID     int64    `json:"goal_id,omitempty"`
	// When the phone queued it (informational).
	QueuedAt string `json:"queued_at,omitempty"`
}

// Result is the answer for one item.
type Result struct {
	UUID   string            `json:"uuid"`
	Kind   string            `json:"kind,omitempty"`
	Status string            `json:"status"`
	Errors map[string]string `json:"errors,omitempty"`
}

// Outcome is the answer for a batch.
type Outcome struct {
	Results   []Result `json:"results"`
	Created   int      `json:"created"`
	Duplicate int      `json:"duplicate"`
	Conflict  int      `json:"conflict"`
	Rejected  int      `json:"rejected"`
	// Kinds of rows created (so the caller can refresh what depends on them).
	CreatedGlucose, CreatedProgress bool
}

// BatchError is a batch refused as a whole: nothing of it is stored.
type BatchError struct {
	Status int // 400 malformed, 413 too large
	Msg    string
}

func (e *BatchError) Error() string { return e.Msg }

// DecodeBatch reads a batch strictly: one JSON object, no unknown fields, at most
// MaxItems items, nothing after it.
func DecodeBatch(r io.Reader) (Batch, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if err != nil {
		return Batch{}, &BatchError{400, "The sync request could not be read."}
	}
	if len(raw) > MaxBodyBytes {
		return Batch{}, &BatchError{413, fmt.Sprintf("The sync request is larger than %d bytes: send fewer items at a time.", MaxBodyBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var b Batch
	if err := dec.Decode(&b); err != nil {
		return Batch{}, &BatchError{400, "The sync request is not valid JSON: " + jsonProblem(err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Batch{}, &BatchError{400, "The sync request is not valid JSON: unexpected data after the batch."}
	}
	if b.Items == nil {
		return Batch{}, &BatchError{400, `The sync request has no "items" list.`}
	}
	if len(b.Items) > MaxItems {
		return Batch{}, &BatchError{413, fmt.Sprintf("A batch may hold at most %d items; this one has %d.", MaxItems, len(b.Items))}
	}
	return b, nil
}

// jsonProblem says what is wrong without echoing the body.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "syntax error at byte " + strconv.FormatInt(se.Offset, 10) + "."
	case errors.As(err, &te):
		return "field " + strconv.Quote(te.Field) + " has the wrong type."
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the body is empty or cut short."
	}
	return "it cannot be decoded."
}

// Apply validates every item like the online forms do and stores the valid ones through
// the logbook (the same rules, inserts and side effects as the forms and the assistant:
// goal progress, cache and snapshot invalidation) in one transaction, idempotently: an
// item whose uuid is already stored for this user creates nothing (duplicate); one
// whose uuid belongs to another user is rejected. An item whose uuid is stored with
// other values is not applied (the first write wins) and both versions go to audit_log
// in the same transaction (action sync.conflict, from ip). now is the server's clock.
func Apply(ctx context.Context, book *logbook.Book, u db.User, items []Item, now time.Time, ip string) (Outcome, error) {
	out := Outcome{Results: make([]Result, len(items))}
	if len(items) == 0 {
		return out, nil
	}
	b := *book
	b.Now = func() time.Time { return now }
	err := b.Do(ctx, u, logbook.FromSync, ip, func(tx *logbook.Tx) error {
		q := tx.Queries()
		gs, err := q.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: u.ID})
		if err != nil {
			return fmt.Errorf("offline: sync goals: %w", err)
		}
		goalByID := make(map[int64]*db.ListGoalsWithLatestRow, len(gs))
		for i := range gs {
			goalByID[gs[i].ID] = &gs[i]
		}
		v := validator{u: u, now: now, goals: goalByID}
		for i, it := range items {
			res := &out.Results[i]
			*res = Result{UUID: it.UUID, Kind: it.Kind}
			stored, errs, err := v.apply(tx, it)
			if err != nil {
				return fmt.Errorf("offline: sync %s %s: %w", it.Kind, it.UUID, err)
			}
			if len(errs) > 0 {
				res.Status, res.Errors = StatusRejected, errs
				continue
			}
			if stored {
				res.Status = StatusCreated
				continue
			}
			owner, same, prev, err := existing(ctx, q, it, v.last)
			if err != nil {
				return fmt.Errorf("offline: sync lookup %s: %w", it.UUID, err)
			}
			switch {
			case owner != u.ID:
				res.Status = StatusRejected
				res.Errors = map[string]string{"uuid": "This entry id is already used by another account: it was not saved."}
			case same:
				res.Status = StatusDuplicate
			default:
				res.Status = StatusConflict
				res.Errors = map[string]string{"uuid": "This entry was already saved with other values; the saved version was kept."}
				incoming, _ := json.Marshal(it)
				tx.Audit("sync.conflict", "kept stored "+prev+"; not applied: "+string(incoming))
			}
		}
		return nil
	})
	if err != nil {
		return Outcome{}, err
	}
	for _, r := range out.Results {
		switch r.Status {
		case StatusCreated:
			out.Created++
			out.CreatedGlucose = out.CreatedGlucose || r.Kind == KindGlucose
			out.CreatedProgress = out.CreatedProgress || r.Kind == KindGoalProgress
		case StatusDuplicate:
			out.Duplicate++
		case StatusConflict:
			out.Conflict++
		default:
			out.Rejected++
		}
	}
	return out, nil
}

// stored is what the logbook made of the last item (to compare with a stored row of
// the same uuid).
type stored struct {
	foodLog  tracking.FoodLog
	reading  tracking.Record
	goalID   int64
	progress tracking.Progress
}

// existing reads the stored row of an item's uuid: its owner, whether it holds the same
// values, and (when not) a description of the stored version for the audit log.
func existing(ctx context.Context, q db.Queries, it Item, p stored) (owner int64, same bool, desc string, err error) {
	switch it.Kind {
	case KindFoodLog:
		r, err := q.SyncFoodLogByUUID(ctx, it.UUID)
		if err != nil {
			return 0, false, "", err
		}
		l := p.foodLog
		same = r.FoodItemID == l.FoodID && r.MealType == l.Meal && near(r.Grams, l.Grams) &&
			r.MeasureLabel == l.MeasureLabel && near(r.Quantity, l.Quantity) && sameTime(r.ConsumedAt, l.At)
		b, _ := json.Marshal(r)
		return r.UserID, same, string(b), nil
	case KindGlucose:
		r, err := q.SyncRecordByUUID(ctx, it.UUID)
		if err != nil {
			return 0, false, "", err
		}
		g := p.reading
		same = r.RecordType == tracking.RecGlucose && r.GlucoseMgdl != nil && g.GlucoseMgdl != nil && near(*r.GlucoseMgdl, *g.GlucoseMgdl) &&
			r.GlucoseContext != nil && g.Context != nil && *r.GlucoseContext == *g.Context && r.Notes == g.Notes && sameTime(r.RecordedAt, g.At)
		b, _ := json.Marshal(r)
		return r.UserID, same, string(b), nil
	default:
		r, err := q.SyncGoalProgressByUUID(ctx, it.UUID)
		if err != nil {
			return 0, false, "", err
		}
		same = r.GoalID == p.goalID && near(r.Value, p.progress.Value) && r.Note == p.progress.Note && sameTime(r.RecordedAt, p.progress.At)
		b, _ := json.Marshal(r)
		return r.UserID, same, string(b), nil
	}
}

func near(a, b float64) bool       { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(a)) }
func sameTime(a, b time.Time) bool { return a.Sub(b).Abs() < time.Millisecond }
func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

type validator struct {
	u     db.User
	now   time.Time
	goals map[int64]*db.ListGoalsWithLatestRow
	last  stored
}

// apply checks one item's wire format (uuid, kind, RFC 3339 time, unit) and hands it to
// the logbook, which applies the online forms' rules and stores it. Error keys are the
// item's JSON field names. stored is false with no errors when the uuid was already
// stored.
func (v *validator) apply(tx *logbook.Tx, it Item) (bool, map[string]string, error) {
	e := map[string]string{}
	if id, err := uuid.Parse(it.UUID); err != nil || len(it.UUID) != 36 || id == uuid.Nil {
		e["uuid"] = "Each entry needs a uuid like 0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3c."
	}
	v.last = stored{}
	switch it.Kind {
	case KindFoodLog:
		at := v.when(e, "consumed_at", it.ConsumedAt)
		if len(e) > 0 {
			return false, e, nil
		}
		o, errs, err := tx.CreateFoodLog(logbook.FoodLogIn{UUID: it.UUID, At: at, Input: tracking.FoodLogInput{
			FoodID: strconv.FormatInt(it.FoodItemID, 10), Meal: it.MealType, Grams: num(it.Grams), Measure: it.MeasureLabel,
			Quantity: num(it.Quantity)}})
		if errs["food_id"] == logbook.NoFoodMessage {
			errs["food_id"] = "This food is not in the food list (it may have been removed). Choose another food."
		}
		rename(e, errs, map[string]string{"food_id": "food_item_id", "meal": "meal_type", "measure": "measure_label", "when": "consumed_at"})
		v.last.foodLog = o.Entry
		return o.Stored, orNil(e), err
	case KindGlucose:
		at := v.when(e, "recorded_at", it.RecordedAt)
		var unit glucose.Unit
		if it.Unit != "" {
			u, err := glucose.ParseUnit(it.Unit)
			if err != nil {
				e["unit"] = "Choose mmol/L or mg/dL."
			}
			unit = u
		}
		if len(e) > 0 {
			return false, e, nil
		}
		o, errs, err := tx.CreateRecord(logbook.RecordIn{UUID: it.UUID, Unit: unit, At: at, Input: tracking.RecordInput{
			Type: tracking.RecGlucose, Glucose: num(it.Value), Context: it.Context, Notes: it.Notes}})
		rename(e, errs, map[string]string{"glucose": "value", "when": "recorded_at"})
		v.last.reading = o.Record
		return o.Stored, orNil(e), err
	case KindGoalProgress:
		at := v.when(e, "recorded_at", it.RecordedAt)
		g := v.goals[it.GoalID]
		if g == nil {
			e["goal_id"] = "This goal was not found (it may have been deleted)."
		}
		if len(e) > 0 {
			return false, e, nil
		}
		o, errs, err := tx.CreateProgress(logbook.ProgressIn{UUID: it.UUID, Unit: it.Unit, At: at,
			Goal:  logbook.Goal{ID: g.ID, Type: g.GoalType, Status: g.Status, Start: g.StartValue, Target: g.TargetValue, TargetDate: g.TargetDate},
			Input: tracking.ProgressInput{Value: num(it.Value), Note: it.Notes}})
		rename(e, errs, map[string]string{"note": "notes", "when": "recorded_at"})
		v.last.goalID, v.last.progress = g.ID, o.Progress
		return o.Stored, orNil(e), err
	}
	e["kind"] = "Unknown kind of entry: expected food_log, glucose or goal_progress."
	return false, e, nil
}

func orNil(e map[string]string) map[string]string {
	if len(e) == 0 {
		return nil
	}
	return e
}

// when reads an offline entry's time: RFC 3339 (the logbook then applies the forms'
// rules: not in the future beyond the clock skew they allow, not before
// tracking.EarliestYear).
func (v *validator) when(e map[string]string, field, s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	switch {
	case s == "":
		e[field] = "Enter when it happened."
	case err != nil:
		e[field] = "Enter the time as 2025-06-01T07:30:00Z."
	default:
		return t
	}
	return time.Time{}
}

// rename copies form-field messages to the item's JSON field names.
func rename(dst, src map[string]string, names map[string]string) {
	for k, msg := range src {
		if n, ok := names[k]; ok {
			k = n
		}
		if _, taken := dst[k]; !taken {
			dst[k] = msg
		}
	}
}
