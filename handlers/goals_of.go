package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

// autoProgress adds the automatic progress entries a new record brings to the user's
// active goals fed by src, and marks goals completed when they reach their target.
// Weight and HbA1c add the recorded value at its time; glucose recomputes the 14-day
// figure and keeps one automatic entry per day.
func (s *Server) autoProgress(ctx context.Context, u *db.User, src goals.Source, value float64, at time.Time) error {
	active, err := s.DB.ListGoalsWithLatest(ctx, db.ListGoalsWithLatestParams{UserID: u.ID, OnlyActive: true})
	if err != nil {
		return errInternal(err)
	}
	var fed []db.ListGoalsWithLatestRow
	for _, g := range active {
		if goals.SourceOf(goals.Type(g.GoalType)) == src {
			fed = append(fed, g)
		}
	}
	if len(fed) == 0 {
		return nil
	}
	now := db.Now()
	loc := userLoc(u)
	var stats *glucose.Stats
	if src == goals.FromGlucose {
		from, to := glucose.Window(now.In(loc), goals.GlucoseWindowDays)
		rows, err := s.DB.ListGlucoseSince(ctx, db.ListGlucoseSinceParams{UserID: u.ID, Since: from.UTC()})
		if err != nil {
			return errInternal(err)
		}
		st := glucose.Compute(readings(rows, loc), from, to)
		stats, at = &st, now
	}
	dayStart, _ := dayBounds(now, loc)
	err = s.DB.InTx(ctx, func(q db.Queries) error {
		for _, g := range fed {
			t := goals.Type(g.GoalType)
			v, note := value, ""
			if stats != nil {
				var ok bool
				if v, ok = goals.GlucoseValue(t, *stats); !ok {
					continue
				}
				note = fmt.Sprintf("From %d readings over the last %d days", stats.N, goals.GlucoseWindowDays)
				if err := q.DeleteAutoProgressSince(ctx, db.DeleteAutoProgressSinceParams{GoalID: g.ID, UserID: u.ID, Since: dayStart}); err != nil {
					return err
				}
			}
			if _, err := q.CreateGoalProgress(ctx, db.CreateGoalProgressParams{Uuid: newUUID(), GoalID: g.ID, UserID: u.ID,
				Value: v, Note: note, Source: "auto", RecordedAt: at, CreatedAt: now}); err != nil {
				return err
			}
			if goals.Complete(goalOf(g.GoalType, g.StartValue, g.TargetValue, g.TargetDate), v, now) {
				if _, err := q.SetGoalStatus(ctx, db.SetGoalStatusParams{ID: g.ID, UserID: u.ID, Status: goals.StatusCompleted,
					CompletedAt: &now, UpdatedAt: now}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return errInternal(fmt.Errorf("auto progress: %w", err))
	}
	return nil
}

func goalOf(typ string, start, target float64, date *time.Time) goals.Goal {
	return goals.Goal{Type: goals.Type(typ), Start: start, Target: target, TargetDate: date}
}
