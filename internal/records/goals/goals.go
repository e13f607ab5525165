// Package goals holds the arithmetic of a person's goals: which way a goal runs, how
// far it has come from its start value, when it is reached, and which figure from the
// person's records fills its progress in automatically. Pure functions, no storage.
package goals

import (
	"math"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Type is a kind of goal (the goals.goal_type column).
type Type string

const (
	LoseWeight     Type = "lose_weight"
	GainWeight     Type = "gain_weight"
	MaintainWeight Type = "maintain_weight"
	FastingGlucose Type = "fasting_glucose"
	TimeInRange    Type = "time_in_range"
	HbA1c          Type = "hba1c"
	DailyCarbs     Type = "daily_carbs"
	DailyBudget    Type = "daily_budget"
)

// Types lists every goal type in the order a form offers them.
var Types = []Type{LoseWeight, GainWeight, MaintainWeight, FastingGlucose, TimeInRange, HbA1c, DailyCarbs, DailyBudget}

// Valid reports whether t is a goal type.
func (t Type) Valid() bool {
	for _, x := range Types {
		if x == t {
			return true
		}
	}
	return false
}

// Label is the plain-English name of the goal type.
func (t Type) Label() string {
	switch t {
	case LoseWeight:
		return "Lose weight"
	case GainWeight:
		return "Gain weight"
	case MaintainWeight:
		return "Keep my weight"
	case FastingGlucose:
		return "Fasting glucose average"
	case TimeInRange:
		return "Readings in range (70–180 mg/dL, 3.9–10.0 mmol/L)"
	case HbA1c:
		return "HbA1c"
	case DailyCarbs:
		return "Daily carbohydrate"
	case DailyBudget:
		return "Daily food spending"
	}
	return string(t)
}

// Unit is the stored unit of a goal's values: glucose in mg/dL (shown in the user's
// unit), HbA1c in %, time in range in % of readings.
func (t Type) Unit() string {
	switch t {
	case LoseWeight, GainWeight, MaintainWeight:
		return "kg"
	case FastingGlucose:
		return "mg/dL"
	case TimeInRange:
		return glucose.ShareLabel
	case HbA1c:
		return "%"
	case DailyCarbs:
		return "g/day"
	case DailyBudget:
		return "UGX/day"
	}
	return ""
}

// Direction is which way a goal's value should move.
type Direction int

const (
	Decrease Direction = iota
	Increase
	Maintain
)

// DirectionOf follows the type where it fixes the direction (lose, gain, keep weight;
// raise time in range) and otherwise the start and target values: a target below the
// start is a decrease (HbA1c, fasting glucose, spending), above it an increase.
func DirectionOf(t Type, start, target float64) Direction {
	switch t {
	case LoseWeight:
		return Decrease
	case GainWeight, TimeInRange:
		return Increase
	case MaintainWeight:
		return Maintain
	}
	switch {
	case target < start:
		return Decrease
	case target > start:
		return Increase
	}
	return Maintain
}

// MaintainTolerance is the band around the target weight that counts as maintained:
// ±3 % of body weight, the definition of weight maintenance proposed by Stevens et al.
// (Int J Obes 2006;30:391–399).
const MaintainTolerance = 0.03

// Goal is what progress is computed from.
type Goal struct {
	Type       Type
	Start      float64
	Target     float64
	TargetDate *time.Time
}

// Progress is how far a goal has come.
type Progress struct {
	Percent   float64 // 0–100, for the progress bar
	Raw       float64 // unclamped: negative when moving away from the target, > 100 past it
	Reached   bool
	Direction Direction
}

// Measure computes progress at value current, measured from the start value:
// (current − start) ÷ (target − start) × 100 for both directions, so losing 3 of 10 kg
// and raising time in range from 40 to 52 of a hoped-for 70 % are both 30 %.
// A maintain goal is 100 % while current stays within ±3 % of the target, else 0 %.
func Measure(g Goal, current float64) Progress {
	dir := DirectionOf(g.Type, g.Start, g.Target)
	p := Progress{Direction: dir}
	if dir == Maintain {
		if math.Abs(current-g.Target) <= MaintainTolerance*math.Abs(g.Target)+1e-9 {
			p.Percent, p.Raw = 100, 100
		}
		return p
	}
	span := g.Target - g.Start
	if span == 0 {
		// A fixed-direction goal whose start already equals its target.
		p.Raw = 100
	} else {
		p.Raw = (current - g.Start) / span * 100
	}
	switch dir {
	case Decrease:
		p.Reached = current <= g.Target+1e-9
	case Increase:
		p.Reached = current >= g.Target-1e-9
	}
	p.Percent = math.Max(0, math.Min(100, p.Raw))
	if p.Reached {
		p.Percent = 100
	}
	return p
}

// Complete reports whether a goal should be marked completed on a new value recorded at
// day now: when the target is reached; a maintain goal only once its target date has
// come with the weight still in the band (maintenance has no finish line before then).
func Complete(g Goal, current float64, now time.Time) bool {
	p := Measure(g, current)
	if p.Direction == Maintain {
		return p.Percent == 100 && g.TargetDate != nil && !now.Before(*g.TargetDate)
	}
	return p.Reached
}

// Statuses of a goal.
const (
	StatusActive    = "active"
	StatusCompleted = "completed"
	StatusPaused    = "paused"
	StatusAbandoned = "abandoned"
)

// Statuses lists the statuses a person may set.
var Statuses = []string{StatusActive, StatusCompleted, StatusPaused, StatusAbandoned}

// StatusLabel is the plain-English name of a goal's status.
func StatusLabel(s string) string {
	switch s {
	case StatusActive:
		return "Active"
	case StatusCompleted:
		return "Completed"
	case StatusPaused:
		return "Paused"
	case StatusAbandoned:
		return "Abandoned"
	}
	return s
}

// ValidStatus reports whether s is a status.
func ValidStatus(s string) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}
