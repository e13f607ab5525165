package tracking

import (
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

// goalRange is the accepted range of a goal's values in the unit the form shows.
func goalRange(t goals.Type, u glucose.Unit) (min, max float64, unit string) {
	switch t {
	case goals.LoseWeight, goals.GainWeight, goals.MaintainWeight:
		return WeightMinKg, WeightMaxKg, "kg"
	case goals.FastingGlucose:
		lo, hi := glucose.EntryLimits(u)
		return lo, hi, string(u)
	case goals.TimeInRange:
		return 0, 100, "%"
	case goals.HbA1c:
		return glucose.HbA1cMinPercent, glucose.HbA1cMaxPercent, "%"
	case goals.DailyCarbs:
		return 0, 1000, "g"
	case goals.DailyBudget:
		return 0, 1_000_000, "UGX"
	}
	return 0, 0, ""
}

// GoalFormUnit is the unit a goal's values are typed in (the user's glucose unit for a
// fasting glucose goal).
func GoalFormUnit(t goals.Type, u glucose.Unit) string {
	_, _, unit := goalRange(t, u)
	return unit
}

// ToStored converts a goal value typed in the form's unit to the stored unit.
func ToStored(t goals.Type, v float64, u glucose.Unit) float64 {
	if t == goals.FastingGlucose {
		return glucose.ToMgdl(v, u)
	}
	return v
}

// FromStored converts a stored goal value to the unit the user reads, unrounded.
func FromStored(t goals.Type, v float64, u glucose.Unit) float64 {
	if t == goals.FastingGlucose {
		return glucose.FromMgdl(v, u)
	}
	return v
}

// GoalInput is the new-goal form as typed.
type GoalInput struct {
	Type, Title, Start, Target, TargetDate string
}

// Goal is a checked goal in stored units.
type Goal struct {
	Type       goals.Type
	Title      string
	Start      float64
	Target     float64
	Unit       string
	TargetDate *time.Time
}

// MaxGoalYears bounds a target date.
const MaxGoalYears = 10

// Parse checks a new goal; today is the user's current date. When the start value is
// left empty, current (the latest value from the records, when known) is used.
func (in GoalInput) Parse(u glucose.Unit, today time.Time, current *float64) (Goal, Errors) {
	e := Errors{}
	t := goals.Type(in.Type)
	g := Goal{Type: t}
	if !t.Valid() {
		e["type"] = "Choose a kind of goal."
		return g, e
	}
	g.Unit = t.Unit()
	g.Title = CheckText(e, "title", in.Title, MaxTitle, "Title", false)
	if g.Title == "" && !e.has("title") {
		g.Title = t.Label()
	}
	lo, hi, unit := goalRange(t, u)
	if target := ParseNumber(e, "target", in.Target, lo, hi, "the target", unit, true); target != nil {
		g.Target = ToStored(t, *target, u)
	}
	switch start := ParseNumber(e, "start", in.Start, lo, hi, "the starting value", unit, false); {
	case start != nil:
		g.Start = ToStored(t, *start, u)
	case current != nil:
		g.Start = *current
	case !e.has("start"):
		e["start"] = "Enter where you start from (we have no record to take it from)."
	}
	y, m, d := today.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	g.TargetDate = ParseDate(e, "target_date", in.TargetDate, day, day.AddDate(MaxGoalYears, 0, 0))
	if len(e) == 0 {
		switch goals.DirectionOf(t, g.Start, g.Target) {
		case goals.Decrease:
			if t == goals.LoseWeight && g.Target >= g.Start {
				e["target"] = "To lose weight, the target must be below your starting weight."
			}
		case goals.Increase:
			if (t == goals.GainWeight || t == goals.TimeInRange) && g.Target <= g.Start {
				e["target"] = "The target must be above the starting value."
			}
		}
	}
	return g, e
}

func (e Errors) has(field string) bool { _, ok := e[field]; return ok }

// ProgressInput is a progress entry as typed.
type ProgressInput struct{ Value, Note, When string }

// Progress is a checked progress entry in stored units.
type Progress struct {
	Value float64
	Note  string
	At    time.Time
}

// Parse checks a progress entry for a goal of type t.
func (in ProgressInput) Parse(t goals.Type, u glucose.Unit, loc *time.Location, now time.Time) (Progress, Errors) {
	e := Errors{}
	var p Progress
	lo, hi, unit := goalRange(t, u)
	if v := ParseNumber(e, "value", in.Value, lo, hi, "the value", unit, true); v != nil {
		p.Value = ToStored(t, *v, u)
	}
	p.Note = CheckText(e, "note", in.Note, MaxNotes, "Note", false)
	p.At = ParseWhen(e, "when", in.When, loc, now)
	return p, e
}
