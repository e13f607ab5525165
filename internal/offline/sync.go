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
	"github.com/zoe-nutritech/zoe/internal/records/goals"
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

// checked is an item that passed validation, ready to insert.
type checked struct {
	idx      int
	foodLog  *db.SyncInsertFoodLogParams
	reading  *db.SyncInsertGlucoseParams
	progress *db.SyncInsertGoalProgressParams
	goal     *db.ListGoalsWithLatestRow
}

// Apply validates every item like the online forms do and stores the valid ones in one
// transaction, idempotently: an item whose uuid is already stored for this user creates
// nothing (duplicate); one whose uuid belongs to another user is rejected. An item whose
// uuid is stored with other values is not applied (the first write wins) and both versions
// go to audit_log in the same transaction (action sync.conflict, from ip).
func Apply(ctx context.Context, d *db.DB, u db.User, items []Item, now time.Time, ip string) (Outcome, error) {
	out := Outcome{Results: make([]Result, len(items))}
	if len(items) == 0 {
		return out, nil
	}
	foods, err := d.OfflineFoods(ctx, &u.ID)
	if err != nil {
		return out, fmt.Errorf("offline: sync foods: %w", err)
	}
	foodByID := make(map[int64]*db.OfflineFoodsRow, len(foods))
	for i := range foods {
		foodByID[foods[i].ID] = &foods[i]
	}
	gs, err := d.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: u.ID})
	if err != nil {
		return out, fmt.Errorf("offline: sync goals: %w", err)
	}
	goalByID := make(map[int64]*db.ListGoalsWithLatestRow, len(gs))
	for i := range gs {
		goalByID[gs[i].ID] = &gs[i]
	}
	v := validator{u: u, loc: userLoc(u), unit: unitOf(u.GlucoseUnit), now: now, foods: foodByID, goals: goalByID}

	var valid []checked
	for i, it := range items {
		out.Results[i] = Result{UUID: it.UUID, Kind: it.Kind}
		c, errs := v.check(it)
		if len(errs) > 0 {
			out.Results[i].Status, out.Results[i].Errors = StatusRejected, errs
			continue
		}
		c.idx = i
		valid = append(valid, c)
	}

	err = d.InTx(ctx, func(q db.Queries) error {
		completed := map[int64]bool{}
		for _, c := range valid {
			it := items[c.idx]
			var n int64
			var err error
			switch {
			case c.foodLog != nil:
				n, err = q.SyncInsertFoodLog(ctx, *c.foodLog)
			case c.reading != nil:
				n, err = q.SyncInsertGlucose(ctx, *c.reading)
			case c.progress != nil:
				n, err = q.SyncInsertGoalProgress(ctx, *c.progress)
			}
			if err != nil {
				return fmt.Errorf("offline: sync insert %s %s: %w", it.Kind, it.UUID, err)
			}
			if n == 1 {
				out.Results[c.idx].Status = StatusCreated
				if c.progress != nil && !completed[c.goal.ID] && c.goal.Status == goals.StatusActive &&
					goals.Complete(goals.Goal{Type: goals.Type(c.goal.GoalType), Start: c.goal.StartValue, Target: c.goal.TargetValue,
						TargetDate: c.goal.TargetDate}, c.progress.Value, now) {
					if _, err := q.SetGoalStatus(ctx, db.SetGoalStatusParams{ID: c.goal.ID, UserID: u.ID, Status: goals.StatusCompleted,
						CompletedAt: &now, UpdatedAt: now}); err != nil {
						return fmt.Errorf("offline: sync complete goal %d: %w", c.goal.ID, err)
					}
					completed[c.goal.ID] = true
				}
				continue
			}
			owner, same, stored, err := existing(ctx, q, c)
			if err != nil {
				return fmt.Errorf("offline: sync lookup %s: %w", it.UUID, err)
			}
			switch {
			case owner != u.ID:
				out.Results[c.idx].Status = StatusRejected
				out.Results[c.idx].Errors = map[string]string{"uuid": "This entry id is already used by another account: it was not saved."}
			case same:
				out.Results[c.idx].Status = StatusDuplicate
			default:
				out.Results[c.idx].Status = StatusConflict
				out.Results[c.idx].Errors = map[string]string{"uuid": "This entry was already saved with other values; the saved version was kept."}
				incoming, _ := json.Marshal(it)
				if err := q.InsertAudit(ctx, db.InsertAuditParams{ActorID: &u.ID, SubjectUserID: &u.ID, Action: "sync.conflict",
					Detail: "kept stored " + stored + "; not applied: " + string(incoming), Ip: ip, CreatedAt: now}); err != nil {
					return fmt.Errorf("offline: sync audit conflict: %w", err)
				}
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

// existing reads the stored row of an item's uuid: its owner, whether it holds the same
// values, and (when not) a description of the stored version for the audit log.
func existing(ctx context.Context, q db.Queries, c checked) (owner int64, same bool, stored string, err error) {
	switch {
	case c.foodLog != nil:
		r, err := q.SyncFoodLogByUUID(ctx, c.foodLog.Uuid)
		if err != nil {
			return 0, false, "", err
		}
		p := c.foodLog
		same = r.FoodItemID == p.FoodItemID && r.MealType == p.MealType && near(r.Grams, p.Grams) &&
			r.MeasureLabel == p.MeasureLabel && near(r.Quantity, p.Quantity) && sameTime(r.ConsumedAt, p.ConsumedAt)
		b, _ := json.Marshal(r)
		return r.UserID, same, string(b), nil
	case c.reading != nil:
		r, err := q.SyncRecordByUUID(ctx, c.reading.Uuid)
		if err != nil {
			return 0, false, "", err
		}
		p := c.reading
		same = r.RecordType == tracking.RecGlucose && r.GlucoseMgdl != nil && p.GlucoseMgdl != nil && near(*r.GlucoseMgdl, *p.GlucoseMgdl) &&
			r.GlucoseContext != nil && p.GlucoseContext != nil && *r.GlucoseContext == *p.GlucoseContext && r.Notes == p.Notes && sameTime(r.RecordedAt, p.RecordedAt)
		b, _ := json.Marshal(r)
		return r.UserID, same, string(b), nil
	default:
		r, err := q.SyncGoalProgressByUUID(ctx, c.progress.Uuid)
		if err != nil {
			return 0, false, "", err
		}
		p := c.progress
		same = r.GoalID == p.GoalID && near(r.Value, p.Value) && r.Note == p.Note && sameTime(r.RecordedAt, p.RecordedAt)
		b, _ := json.Marshal(r)
		return r.UserID, same, string(b), nil
	}
}

func near(a, b float64) bool       { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(a)) }
func sameTime(a, b time.Time) bool { return a.Sub(b).Abs() < time.Millisecond }
func unitOf(s string) glucose.Unit {
	u := glucose.Unit(s)
	if u.Valid() {
		return u
	}
	return glucose.DefaultUnit
}
func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

type validator struct {
	u     db.User
	loc   *time.Location
	unit  glucose.Unit
	now   time.Time
	foods map[int64]*db.OfflineFoodsRow
	goals map[int64]*db.ListGoalsWithLatestRow
}

// check validates one item with the online forms' rules; error keys are the item's JSON
// field names.
func (v validator) check(it Item) (checked, map[string]string) {
	e := map[string]string{}
	if id, err := uuid.Parse(it.UUID); err != nil || len(it.UUID) != 36 || id == uuid.Nil {
		e["uuid"] = "Each entry needs a uuid like 0b6f0a52-8a55-4c51-9a3e-5a0f4f1e2d3c."
	}
	switch it.Kind {
	case KindFoodLog:
		c := v.foodLog(it, e)
		return c, orNil(e)
	case KindGlucose:
		c := v.glucose(it, e)
		return c, orNil(e)
	case KindGoalProgress:
		c := v.progress(it, e)
		return c, orNil(e)
	}
	e["kind"] = "Unknown kind of entry: expected food_log, glucose or goal_progress."
	return checked{}, e
}

func orNil(e map[string]string) map[string]string {
	if len(e) == 0 {
		return nil
	}
	return e
}

// when reads an offline entry's time: RFC 3339, not in the future (beyond the clock skew
// the forms allow), not before tracking.EarliestYear.
func (v validator) when(e map[string]string, field, s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	switch {
	case s == "":
		e[field] = "Enter when it happened."
	case err != nil:
		e[field] = "Enter the time as 2025-06-01T07:30:00Z."
	case t.After(v.now.Add(tracking.MaxFutureSkew)):
		e[field] = "This time is in the future. Enter when it happened."
	case t.Year() < tracking.EarliestYear:
		e[field] = "Check the year: enter a date from " + strconv.Itoa(tracking.EarliestYear) + " on."
	default:
		return t.UTC().Truncate(time.Microsecond)
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

func (v validator) foodLog(it Item, e map[string]string) checked {
	at := v.when(e, "consumed_at", it.ConsumedAt)
	f := v.foods[it.FoodItemID]
	if f == nil {
		e["food_item_id"] = "This food is not in the food list (it may have been removed). Choose another food."
		return checked{}
	}
	var measures []tracking.Measure
	_ = json.Unmarshal([]byte(f.Measures), &measures)
	in := tracking.FoodLogInput{FoodID: strconv.FormatInt(it.FoodItemID, 10), Meal: it.MealType, Grams: num(it.Grams),
		Measure: it.MeasureLabel, Quantity: num(it.Quantity)}
	l, errs := in.Parse(measures, v.loc, v.now)
	rename(e, errs, map[string]string{"food_id": "food_item_id", "meal": "meal_type", "measure": "measure_label"})
	if len(e) > 0 {
		return checked{}
	}
	var cost *int64
	if f.PriceUgx != nil && f.PerUnit != nil && *f.PerUnit == "kg" {
		c := int64(math.Round(*f.PriceUgx * l.Grams / 1000))
		cost = &c
	}
	return checked{foodLog: &db.SyncInsertFoodLogParams{Uuid: it.UUID, UserID: v.u.ID, FoodItemID: f.ID, MealType: l.Meal, Grams: l.Grams,
		MeasureLabel: l.MeasureLabel, Quantity: l.Quantity, CostUgx: cost, ConsumedAt: at, CreatedAt: v.now}}
}

func (v validator) glucose(it Item, e map[string]string) checked {
	at := v.when(e, "recorded_at", it.RecordedAt)
	unit := v.unit
	if it.Unit != "" {
		u, err := glucose.ParseUnit(it.Unit)
		if err != nil {
			e["unit"] = "Choose mmol/L or mg/dL."
			return checked{}
		}
		unit = u
	}
	in := tracking.RecordInput{Type: tracking.RecGlucose, Glucose: num(it.Value), Context: it.Context, Notes: it.Notes}
	r, errs := in.Parse(unit, v.loc, v.now)
	rename(e, errs, map[string]string{"glucose": "value"})
	if len(e) > 0 {
		return checked{}
	}
	return checked{reading: &db.SyncInsertGlucoseParams{Uuid: it.UUID, UserID: v.u.ID, GlucoseMgdl: r.GlucoseMgdl,
		GlucoseContext: r.Context, Notes: r.Notes, RecordedAt: at, CreatedAt: v.now}}
}

func (v validator) progress(it Item, e map[string]string) checked {
	at := v.when(e, "recorded_at", it.RecordedAt)
	g := v.goals[it.GoalID]
	if g == nil {
		e["goal_id"] = "This goal was not found (it may have been deleted)."
		return checked{}
	}
	unit := v.unit
	if it.Unit != "" {
		if u, err := glucose.ParseUnit(it.Unit); err == nil {
			unit = u
		} else if it.Unit != tracking.GoalFormUnit(goals.Type(g.GoalType), v.unit) {
			e["unit"] = "This goal is measured in " + tracking.GoalFormUnit(goals.Type(g.GoalType), v.unit) + "."
			return checked{}
		}
	}
	in := tracking.ProgressInput{Value: num(it.Value), Note: it.Notes}
	p, errs := in.Parse(goals.Type(g.GoalType), unit, v.loc, v.now)
	rename(e, errs, map[string]string{"note": "notes"})
	if len(e) > 0 {
		return checked{}
	}
	return checked{goal: g, progress: &db.SyncInsertGoalProgressParams{Uuid: it.UUID, GoalID: g.ID, UserID: v.u.ID, Value: p.Value,
		Note: p.Note, RecordedAt: at, CreatedAt: v.now}}
}
