package handlers

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// userLoc is the user's time zone (the ZOE_TIME_ZONE default when the stored name is unknown).
func userLoc(u *db.User) *time.Location { return timezone.Of(u.TimeZone) }

// recordText is how every page names a stored diabetes record: its type label (with the
// reading's context, the insulin type or the medicine) and its value in the viewer's unit.
// The patient's records page and the dietitian's view of a patient both use it.
func recordText(r db.DiabetesRecord, unit glucose.Unit) (kind, value string) {
	kind = tracking.RecordTypeLabel(r.RecordType)
	qualify := func(q string) {
		if q != "" {
			kind += " · " + q
		}
	}
	switch r.RecordType {
	case tracking.RecGlucose:
		if r.GlucoseMgdl != nil {
			value = glucose.Format(*r.GlucoseMgdl, unit)
		}
		if r.GlucoseContext != nil {
			qualify(glucose.Context(*r.GlucoseContext).Label())
		}
	case tracking.RecInsulin:
		if r.InsulinUnits != nil {
			value = views.Num(*r.InsulinUnits, 1) + " units"
		}
		qualify(r.InsulinType)
	case tracking.RecHbA1c:
		if r.Hba1cPercent != nil {
			value = glucose.FormatHbA1c(*r.Hba1cPercent)
		}
	case tracking.RecMedication:
		qualify(r.MedicationName)
		value = r.MedicationDose
	}
	return kind, value
}

// userUnit is the user's glucose unit.
func userUnit(u *db.User) glucose.Unit {
	if un := glucose.Unit(u.GlucoseUnit); un.Valid() {
		return un
	}
	return glucose.DefaultUnit
}

// localNow is the current time in the user's zone.
func localNow(u *db.User) time.Time { return db.Now().In(userLoc(u)) }

// newUUID makes the client-style UUID rows carry.
func newUUID() string { return uuid.NewString() }

// rowsOrNotFound turns "no row changed" (another user's id, or a deleted row) into a 404.
func rowsOrNotFound(n int64, err error) error {
	if err != nil {
		return errInternal(err)
	}
	if n == 0 {
		return errNotFound()
	}
	return nil
}

// getOrNotFound maps a lookup error: no row is a 404.
func getOrNotFound(err error) error {
	if db.IsNotFound(err) {
		return errNotFound()
	}
	return errInternal(err)
}

// formTime shows a stored UTC time in a datetime-local input in the user's zone.
func formTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(tracking.DateTimeLayout)
}

// showTime shows a stored time in the user's zone, e.g. "Mon 2 Jun, 07:30".
func showTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(showTimeLayout)
}

// showTimeLayout writes a record's time: "Mon 2 Jan 2006, 15:04" (i18n.Date translates the names).
const showTimeLayout = "Mon 2 Jan 2006, 15:04"

// dayBounds is the user's calendar day containing t: [start, end) in UTC.
var dayBounds = timezone.DayBounds

// toast asks the page (through htmx) to show a short message and fire the named events
// (sections listening with hx-trigger="NAME from:body" refresh themselves).
func toast(c *fiber.Ctx, msg string, events ...string) {
	m := map[string]string{"toast": tr(c, msg)}
	for _, e := range events {
		m[e] = ""
	}
	b, _ := json.Marshal(m)
	c.Set("HX-Trigger", string(b))
}

// dayStart is midnight of t's day in t's zone.
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// bookErr maps a logbook error: a row that is not the user's is a 404.
func bookErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, logbook.ErrNotFound):
		return errNotFound()
	}
	return errInternal(err)
}
