// Package tracking checks what a patient types into the tracking forms — diabetes
// records, weigh-ins, goals and their progress, food diary entries and saved meals —
// and turns it into values ready to store (glucose in mg/dL, HbA1c in %, times in
// UTC), or into a plain-language message per field. Pure: no web or database code.
package tracking

import (
	"github.com/zoe-nutritech/zoe/internal/input"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Errors maps a form field to the message shown next to it.
type Errors map[string]string

// Limits on free text, in characters.
const (
	MaxNotes      = 1000
	MaxShortText  = 100
	MaxTitle      = 80
	MaxDoseText   = 60
	MaxFutureSkew = 5 * time.Minute // clocks of phones and server differ a little
)

// EarliestYear is the oldest year a record may carry: older dates are typing mistakes.
const EarliestYear = 2000

// DateTimeLayout is the value format of <input type="datetime-local">.
const DateTimeLayout = "2006-01-02T15:04"

// ParseWhen reads a date and time as typed in the user's zone (datetime-local, with or
// without seconds, or "2006-01-02 15:04"); empty means now. It rejects times more than
// a few minutes in the future and before EarliestYear. The result is UTC.
func ParseWhen(e Errors, field, s string, loc *time.Location, now time.Time) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return now.UTC()
	}
	if len(s) > 32 {
		e[field] = "Enter a date and time like 2025-06-01 07:30."
		return time.Time{}
	}
	var t time.Time
	var err error
	for _, layout := range []string{DateTimeLayout, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"} {
		if t, err = time.ParseInLocation(layout, s, loc); err == nil {
			break
		}
	}
	if err != nil {
		e[field] = "Enter a date and time like 2025-06-01 07:30."
		return time.Time{}
	}
	return CheckTime(e, field, t, now)
}

// CheckTime applies the rules of every logged time to t, however it was read (a form's
// datetime-local, a sync item's RFC 3339): not more than MaxFutureSkew in the future,
// not before EarliestYear. The result is UTC, to the microsecond both engines keep.
func CheckTime(e Errors, field string, t, now time.Time) time.Time {
	switch {
	case t.After(now.Add(MaxFutureSkew)):
		e[field] = "This time is in the future. Enter when it happened."
		return time.Time{}
	case t.Year() < EarliestYear:
		e[field] = "Check the year: enter a date from " + strconv.Itoa(EarliestYear) + " on."
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// ParseDate reads a calendar date (YYYY-MM-DD); empty gives nil. notBefore and
// notAfter bound it (zero values: unbounded).
func ParseDate(e Errors, field, s string, notBefore, notAfter time.Time) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	d, err := time.Parse("2006-01-02", s)
	switch {
	case err != nil || len(s) != 10:
		e[field] = "Enter a date like 2025-12-31."
		return nil
	case !notBefore.IsZero() && d.Before(notBefore):
		e[field] = "Choose a date from " + notBefore.Format("2006-01-02") + " on."
		return nil
	case !notAfter.IsZero() && d.After(notAfter):
		e[field] = "Choose a date up to " + notAfter.Format("2006-01-02") + "."
		return nil
	}
	return &d
}

// ParseNumber reads a decimal number (a comma is accepted as the decimal mark) in
// [min, max]. Empty sets "Enter …" when required, else returns nil.
func ParseNumber(e Errors, field, s string, min, max float64, label, unit string, required bool) *float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			e[field] = "Enter " + label + "."
		}
		return nil
	}
	v, err := input.Decimal(s)
	if err != nil {
		e[field] = "Enter " + label + " as a number, e.g. " + fmtNum(min+(max-min)/10) + "."
		return nil
	}
	if v < min || v > max {
		e[field] = "Enter " + label + " between " + fmtNum(min) + " and " + fmtNum(max) + unitSuffix(unit) + "."
		return nil
	}
	return &v
}

func unitSuffix(u string) string {
	if u == "" {
		return ""
	}
	return " " + u
}

func fmtNum(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// CheckText trims s and checks its length and characters; it returns the clean text.
func CheckText(e Errors, field, s string, max int, label string, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		e[field] = "Enter " + strings.ToLower(label) + "."
	case utf8.RuneCountInString(s) > max:
		e[field] = label + " can have at most " + strconv.Itoa(max) + " characters."
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		e[field] = label + " contains characters we cannot store."
	default:
		return s
	}
	return ""
}

// ParseID reads a positive row id; ok is false for anything else.
func ParseID(s string) (int64, bool) { return input.ID(s) }
