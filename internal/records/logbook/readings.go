package logbook

import (
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Readings turns stored glucose rows into readings in the zone loc; rows without a
// glucose value are skipped, and a reading without a context is a random one.
func Readings(rows []db.ListGlucoseSinceRow, loc *time.Location) []glucose.Reading {
	out := make([]glucose.Reading, 0, len(rows))
	for _, r := range rows {
		if r.GlucoseMgdl == nil {
			continue
		}
		c := glucose.Random
		if r.GlucoseContext != nil {
			c = glucose.Context(*r.GlucoseContext)
		}
		out = append(out, glucose.Reading{At: r.RecordedAt.In(loc), Mgdl: *r.GlucoseMgdl, Context: c})
	}
	return out
}
