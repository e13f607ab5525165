package handlers

import (
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

// Automatic goal progress (weigh-ins, HbA1c results, the 14-day glucose figures) is
// written by the logbook with the record that feeds it: internal/records/logbook.

func goalOf(typ string, start, target float64, date *time.Time) goals.Goal {
	return goals.Goal{Type: goals.Type(typ), Start: start, Target: target, TargetDate: date}
}
