// Package timezone is the one place that turns a stored time-zone name into a location. A
// user's zone comes from their profile; an unknown or empty name falls back to the app's
// default zone, which is the ZOE_TIME_ZONE setting (config.Load sets it) and Africa/Kampala
// until then.
package timezone

import (
	"sync"
	"sync/atomic"
	"time"
)

// Fallback is the zone of the app when ZOE_TIME_ZONE is not set.
const Fallback = "Africa/Kampala"

var (
	zones sync.Map // name → *time.Location (LoadLocation reads the zone database each call)
	def   atomic.Pointer[time.Location]
)

// SetDefault makes name the zone of users whose stored zone is unknown (config.Load calls it
// with ZOE_TIME_ZONE). An unknown name is an error and changes nothing.
func SetDefault(name string) error {
	loc, err := load(name)
	if err != nil {
		return err
	}
	def.Store(loc)
	return nil
}

// Default is the app's default zone: ZOE_TIME_ZONE, or Fallback.
func Default() *time.Location {
	if loc := def.Load(); loc != nil {
		return loc
	}
	if loc, err := load(Fallback); err == nil {
		return loc
	}
	return time.UTC // no zone database at all
}

// DefaultName is the name of the default zone, for forms and new accounts.
func DefaultName() string { return Default().String() }

// Of is the location of a stored zone name (a user's profile), or Default when the name is
// empty or unknown.
func Of(name string) *time.Location {
	if name != "" {
		if loc, err := load(name); err == nil {
			return loc
		}
	}
	return Default()
}

// Valid reports whether name is a zone the app can use.
func Valid(name string) bool {
	_, err := load(name)
	return err == nil && name != ""
}

func load(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// DayBounds is the calendar day containing t in loc, as [start, end) in UTC.
func DayBounds(t time.Time, loc *time.Location) (time.Time, time.Time) {
	y, m, d := t.In(loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	return start.UTC(), start.AddDate(0, 0, 1).UTC()
}
