package logbook

import (
	"context"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// Goal is the goal a progress entry is for (one of the user's, as stored).
type Goal struct {
	ID         int64
	Type       string
	Status     string
	Start      float64
	Target     float64
	TargetDate *time.Time
}

// ProgressIn is a progress entry typed by hand for one of the user's goals.
type ProgressIn struct {
	UUID  string // the client's id (offline sync); empty: a new one
	Goal  Goal
	Input tracking.ProgressInput
	Unit  string    // the unit Input.Value is in: a glucose unit, or the goal's own; empty: the user's
	At    time.Time // when set, replaces Input.When (checked with tracking.CheckTime)
}

// ProgressOut is what a progress write stored.
type ProgressOut struct {
	UUID      string
	Progress  tracking.Progress
	Stored    bool // false: the uuid was already stored (a retried sync)
	Completed bool // the entry reached the goal's target: the goal is now completed
}

// CreateProgress validates and stores a progress entry typed by hand, and marks the
// goal completed when it reaches its target.
func (tx *Tx) CreateProgress(in ProgressIn) (ProgressOut, tracking.Errors, error) {
	t := goals.Type(in.Goal.Type)
	unit := tx.unit
	if in.Unit != "" {
		if u, err := glucose.ParseUnit(in.Unit); err == nil {
			unit = u
		} else if want := tracking.GoalFormUnit(t, tx.unit); in.Unit != want {
			return ProgressOut{}, tracking.Errors{"unit": "This goal is measured in " + want + "."}, nil
		}
	}
	ti := in.Input
	if !in.At.IsZero() {
		ti.When = ""
	}
	p, errs := ti.Parse(t, unit, tx.loc, tx.now)
	if !in.At.IsZero() {
		p.At = tracking.CheckTime(errs, "when", in.At, tx.now)
	}
	if len(errs) > 0 {
		return ProgressOut{Progress: p}, errs, nil
	}
	id := in.UUID
	if id == "" {
		id = newUUID()
	}
	n, err := tx.q.InsertGoalProgress(tx.ctx, db.InsertGoalProgressParams{Uuid: id, GoalID: in.Goal.ID, UserID: tx.u.ID,
		Value: p.Value, Note: p.Note, RecordedAt: p.At, CreatedAt: tx.now})
	if err != nil {
		return ProgressOut{}, nil, fmt.Errorf("logbook: insert progress: %w", err)
	}
	out := ProgressOut{UUID: id, Progress: p, Stored: n == 1}
	if !out.Stored {
		return out, nil, nil
	}
	tx.eff.changed = true
	g := in.Goal
	if g.Status == goals.StatusActive && !tx.eff.completed[g.ID] &&
		goals.Complete(goalOf(g.Type, g.Start, g.Target, g.TargetDate), p.Value, tx.now) {
		if err := tx.complete(g.ID); err != nil {
			return out, nil, err
		}
		out.Completed = true
	}
	return out, nil, nil
}

// CreateProgress stores one progress entry in its own transaction.
func (b *Book) CreateProgress(ctx context.Context, u db.User, src Source, in ProgressIn) (ProgressOut, error) {
	return single(b, ctx, u, src, func(tx *Tx) (ProgressOut, tracking.Errors, error) { return tx.CreateProgress(in) })
}

func (tx *Tx) complete(goalID int64) error {
	if _, err := tx.q.SetGoalStatus(tx.ctx, db.SetGoalStatusParams{ID: goalID, UserID: tx.u.ID, Status: goals.StatusCompleted,
		CompletedAt: &tx.now, UpdatedAt: tx.now}); err != nil {
		return fmt.Errorf("logbook: complete goal %d: %w", goalID, err)
	}
	if tx.eff.completed == nil {
		tx.eff.completed = map[int64]bool{}
	}
	tx.eff.completed[goalID] = true
	return nil
}

func goalOf(typ string, start, target float64, date *time.Time) goals.Goal {
	return goals.Goal{Type: goals.Type(typ), Start: start, Target: target, TargetDate: date}
}

// autoProgress adds the automatic progress entries the transaction's records bring to
// the user's active goals, and marks goals completed when they reach their target.
// Weight and HbA1c add each recorded value at its time; glucose recomputes the 14-day
// figure (from the readings as they are now, in this transaction) and keeps one
// automatic entry per day.
func (tx *Tx) autoProgress() error {
	e := &tx.eff
	if e.weighins {
		if err := tx.q.SyncUserWeight(tx.ctx, db.SyncUserWeightParams{ID: tx.u.ID, UpdatedAt: tx.now}); err != nil {
			return fmt.Errorf("logbook: profile weight: %w", err)
		}
	}
	if !e.glucose && len(e.hba1c) == 0 && len(e.weight) == 0 {
		return nil
	}
	active, err := tx.q.ListGoalsWithLatest(tx.ctx, db.ListGoalsWithLatestParams{UserID: tx.u.ID, OnlyActive: true})
	if err != nil {
		return fmt.Errorf("logbook: goals: %w", err)
	}
	var stats *glucose.Stats
	for _, g := range active {
		if e.completed[g.ID] {
			continue
		}
		var entries []valueAt
		note := ""
		switch goals.SourceOf(goals.Type(g.GoalType)) {
		case goals.FromWeight:
			entries = e.weight
		case goals.FromHbA1c:
			entries = e.hba1c
		case goals.FromGlucose:
			if !e.glucose {
				continue
			}
			if stats == nil {
				st, err := tx.glucoseStats()
				if err != nil {
					return err
				}
				stats = &st
			}
			v, ok := goals.GlucoseValue(goals.Type(g.GoalType), *stats)
			if !ok {
				continue
			}
			entries = []valueAt{{v, tx.now}}
			note = fmt.Sprintf("From %d readings over the last %d days", stats.N, goals.GlucoseWindowDays)
			dayStart := startOfDay(tx.now, tx.loc)
			if err := tx.q.DeleteAutoProgressSince(tx.ctx, db.DeleteAutoProgressSinceParams{GoalID: g.ID, UserID: tx.u.ID, Since: dayStart}); err != nil {
				return fmt.Errorf("logbook: replace today's automatic progress: %w", err)
			}
		}
		for _, en := range entries {
			if _, err := tx.q.CreateGoalProgress(tx.ctx, db.CreateGoalProgressParams{Uuid: newUUID(), GoalID: g.ID, UserID: tx.u.ID,
				Value: en.v, Note: note, Source: "auto", RecordedAt: en.at, CreatedAt: tx.now}); err != nil {
				return fmt.Errorf("logbook: automatic progress: %w", err)
			}
			if !e.completed[g.ID] && goals.Complete(goalOf(g.GoalType, g.StartValue, g.TargetValue, g.TargetDate), en.v, tx.now) {
				if err := tx.complete(g.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// glucoseStats are the statistics of the glucose goals' window ending now.
func (tx *Tx) glucoseStats() (glucose.Stats, error) {
	from, to := glucose.Window(tx.now.In(tx.loc), goals.GlucoseWindowDays)
	rows, err := tx.q.ListGlucoseSince(tx.ctx, db.ListGlucoseSinceParams{UserID: tx.u.ID, Since: from.UTC()})
	if err != nil {
		return glucose.Stats{}, fmt.Errorf("logbook: glucose window: %w", err)
	}
	return glucose.Compute(Readings(rows, tx.loc), from, to), nil
}

// startOfDay is the start of t's calendar day in loc, in UTC.
func startOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc).UTC()
}
