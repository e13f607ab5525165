package glucose

import (
	"errors"
	"github.com/zoe-nutritech/zoe/internal/input"
	"math"
	"strconv"
	"strings"
)

// Unit is the unit a person reads glucose in.
type Unit string

const (
	// MmolL is millimoles per litre, the unit Ugandan clinics and meters use.
	MmolL Unit = "mmol/L"
	// MgdL is milligrams per decilitre.
	MgdL Unit = "mg/dL"
)

// DefaultUnit is the unit shown until a person chooses another (mmol/L in Uganda).
const DefaultUnit = MmolL

// MgdlPerMmolL converts mmol/L to mg/dL: glucose's molar mass is about 180.16 g/mol,
// and this is the factor Nightscout and Tidepool use (docs/CLINICAL.md, Units).
const MgdlPerMmolL = 18.01559

// ErrUnknownUnit is returned by ParseUnit for anything that is not a glucose unit.
var ErrUnknownUnit = errors.New("glucose: unknown unit (want mmol/L or mg/dL)")

// ParseUnit reads a unit as people and forms write it: "mmol/L", "mmol/l", "mmol",
// "mg/dL", "mg/dl", "mgdl" (case and spaces ignored).
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "")) {
	case "mmol/l", "mmol", "mmoll", "mmol_l":
		return MmolL, nil
	case "mg/dl", "mgdl", "mg", "mg_dl":
		return MgdL, nil
	}
	return "", ErrUnknownUnit
}

// Valid reports whether u is one of the two units.
func (u Unit) Valid() bool { return u == MmolL || u == MgdL }

// String returns the unit as written next to a value.
func (u Unit) String() string { return string(u) }

// ToMgdl converts a value in unit u to mg/dL, the unit glucose is stored in.
// An unknown unit is treated as the default (mmol/L).
func ToMgdl(value float64, u Unit) float64 {
	if u == MgdL {
		return value
	}
	return value * MgdlPerMmolL
}

// FromMgdl converts a stored mg/dL value to unit u, without rounding.
// An unknown unit is treated as the default (mmol/L).
func FromMgdl(mgdl float64, u Unit) float64 {
	if u == MgdL {
		return mgdl
	}
	return mgdl / MgdlPerMmolL
}

// RoundForDisplay rounds a value already in unit u the way it is shown:
// mmol/L to one decimal, mg/dL to a whole number (docs/CLINICAL.md, Units).
func RoundForDisplay(value float64, u Unit) float64 {
	if u == MgdL {
		return roundHalfAway(value)
	}
	return roundHalfAway(value*10) / 10
}

// roundHalfAway rounds to the nearest integer, halves away from zero, treating a
// value within 1e-9 of a half as the half: 28.7 × 6 − 46.7 is 125.49999999999999 in
// binary floating point but 125.5 on paper, and ADAG prints 126.
func roundHalfAway(x float64) float64 {
	return math.Round(x + math.Copysign(1e-9, x))
}

// FormatValue renders a stored mg/dL value in unit u without the unit, e.g. "6.1",
// for an input field's value.
func FormatValue(mgdl float64, u Unit) string {
	v := RoundForDisplay(FromMgdl(mgdl, u), u)
	if u == MgdL {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// Format renders a stored mg/dL value in unit u with the unit, e.g. "6.1 mmol/L" or
// "110 mg/dL". Rounding happens here and nowhere else.
func Format(mgdl float64, u Unit) string {
	if !u.Valid() {
		u = DefaultUnit
	}
	return FormatValue(mgdl, u) + " " + string(u)
}

// Entry limits in mg/dL: values outside are almost certainly typing mistakes (or a
// meter's LO/HI), not readings to average.
const (
	EntryMinMgdl = 20.0
	EntryMaxMgdl = 600.0
)

// EntryLimits returns the accepted range in unit u as shown to the user. For mmol/L
// the mg/dL limits are rounded inwards to one decimal (1.2–33.3 mmol/L), so every
// value the message calls acceptable is accepted and nothing outside it is.
func EntryLimits(u Unit) (lo, hi float64) {
	if u == MgdL {
		return EntryMinMgdl, EntryMaxMgdl
	}
	return math.Ceil(EntryMinMgdl/MgdlPerMmolL*10) / 10, math.Floor(EntryMaxMgdl/MgdlPerMmolL*10) / 10
}

// CheckEntry validates a glucose value typed in unit u. It returns the value in mg/dL
// and an empty problem, or a plain-language problem in the user's unit.
func CheckEntry(value float64, u Unit) (mgdl float64, problem string) {
	if !u.Valid() {
		u = DefaultUnit
	}
	lo, hi := EntryLimits(u)
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return 0, "Please enter your glucose as a number, for example " + example(u) + "."
	}
	if value >= lo && value <= hi {
		return ToMgdl(value, u), ""
	}
	// A value that fits the other unit's range was most likely read off a meter set
	// to that unit; say so rather than only "out of range".
	other := MgdL
	if u == MgdL {
		other = MmolL
	}
	olo, ohi := EntryLimits(other)
	if value >= olo && value <= ohi {
		return 0, "That looks like " + string(other) + ". Your glucose unit is " + string(u) +
			": please enter a value between " + fmtLimit(lo, u) + " and " + fmtLimit(hi, u) +
			" " + string(u) + ", or change your unit in settings."
	}
	return 0, "Please enter a glucose between " + fmtLimit(lo, u) + " and " + fmtLimit(hi, u) +
		" " + string(u) + ". If your meter shows LO or HI, follow your care plan and contact your clinic."
}

// ParseEntry reads a glucose value as typed in unit u (a comma is accepted as the
// decimal mark) and validates it like CheckEntry.
func ParseEntry(s string, u Unit) (mgdl float64, problem string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "Please enter your glucose reading."
	}
	v, err := input.Decimal(s)
	if err != nil {
		if !u.Valid() {
			u = DefaultUnit
		}
		return 0, "Please enter your glucose as a number, for example " + example(u) + "."
	}
	return CheckEntry(v, u)
}

func fmtLimit(v float64, u Unit) string {
	if u == MgdL {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func example(u Unit) string {
	if u == MgdL {
		return "110"
	}
	return "6.1"
}
