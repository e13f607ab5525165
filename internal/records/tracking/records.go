package tracking

import (
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Record types (diabetes_records.record_type).
const (
	RecGlucose    = "glucose"
	RecInsulin    = "insulin"
	RecHbA1c      = "hba1c"
	RecMedication = "medication"
	RecSymptom    = "symptom"
	RecNote       = "note"
)

// RecordTypes lists the record types in the order the forms offer them, with labels.
var RecordTypes = [][2]string{{RecGlucose, "Blood glucose"}, {RecInsulin, "Insulin"}, {RecHbA1c, "HbA1c"},
	{RecMedication, "Medication"}, {RecSymptom, "Symptoms"}, {RecNote, "Note"}}

// RecordTypeLabel names a record type.
func RecordTypeLabel(t string) string {
	for _, x := range RecordTypes {
		if x[0] == t {
			return x[1]
		}
	}
	return t
}

// ValidRecordType reports whether t is a record type.
func ValidRecordType(t string) bool { return RecordTypeLabel(t) != t }

// InsulinTypes are the kinds of insulin offered (free text is accepted too).
var InsulinTypes = []string{"Rapid-acting", "Short-acting (regular)", "Intermediate (NPH)", "Long-acting", "Premixed (e.g. 70/30)"}

// Insulin dose limits in units: the database accepts 0 < units ≤ 300; a single dose
// above 100 units is almost always a typing mistake and is refused with a message.
const (
	InsulinMinUnits = 0.5
	InsulinMaxUnits = 100.0
)

// RecordInput is the diabetes record form as typed.
type RecordInput struct {
	Type           string
	Glucose        string // in the user's unit
	Context        string
	InsulinType    string
	InsulinUnits   string
	HbA1c          string
	HbA1cUnit      string // "%" or "mmol/mol"
	MedicationName string
	MedicationDose string
	Notes          string
	When           string // datetime-local in the user's zone
}

// Record is a checked diabetes record, ready to store.
type Record struct {
	Type           string
	GlucoseMgdl    *float64
	Context        *string
	InsulinType    string
	InsulinUnits   *float64
	HbA1cPercent   *float64
	MedicationName string
	MedicationDose string
	Notes          string
	At             time.Time // UTC
}

// Parse checks the form for its record type; unit is the user's glucose unit.
func (in RecordInput) Parse(unit glucose.Unit, loc *time.Location, now time.Time) (Record, Errors) {
	e := Errors{}
	r := Record{Type: in.Type}
	if !ValidRecordType(in.Type) {
		e["type"] = "Choose what you are recording."
		return r, e
	}
	r.At = ParseWhen(e, "when", in.When, loc, now)
	r.Notes = CheckText(e, "notes", in.Notes, MaxNotes, "Notes", in.Type == RecSymptom || in.Type == RecNote)
	switch in.Type {
	case RecGlucose:
		mgdl, problem := glucose.ParseEntry(in.Glucose, unit)
		if problem != "" {
			e["glucose"] = problem
		} else {
			r.GlucoseMgdl = &mgdl
		}
		c, ok := glucose.ParseContext(in.Context)
		if in.Context == "" {
			c, ok = glucose.Random, true
		}
		if !ok {
			e["context"] = "Choose when you took the reading."
		} else {
			s := string(c)
			r.Context = &s
		}
	case RecInsulin:
		r.InsulinUnits = ParseNumber(e, "insulin_units", in.InsulinUnits, InsulinMinUnits, InsulinMaxUnits, "the dose", "units", true)
		r.InsulinType = CheckText(e, "insulin_type", in.InsulinType, MaxShortText, "Insulin type", true)
	case RecHbA1c:
		u, ok := glucose.ParseHbA1cUnit(in.HbA1cUnit)
		if in.HbA1cUnit == "" {
			u, ok = glucose.NGSP, true
		}
		if !ok {
			e["hba1c_unit"] = "Choose % or mmol/mol."
			break
		}
		v := ParseNumber(e, "hba1c", in.HbA1c, -1e9, 1e9, "your HbA1c", "", true)
		if v != nil {
			pct, problem := glucose.CheckHbA1c(*v, u)
			if problem != "" {
				e["hba1c"] = problem
			} else {
				r.HbA1cPercent = &pct
			}
		}
	case RecMedication:
		r.MedicationName = CheckText(e, "medication_name", in.MedicationName, MaxShortText, "Medicine name", true)
		r.MedicationDose = CheckText(e, "medication_dose", in.MedicationDose, MaxDoseText, "Dose", false)
	}
	return r, e
}

// Weigh-in limits in kg (as the profile form accepts them).
const (
	WeightMinKg = 20.0
	WeightMaxKg = 350.0
)

// WeightInput is the weigh-in form as typed.
type WeightInput struct{ Weight, When string }

// Weight is a checked weigh-in.
type Weight struct {
	Kg float64
	At time.Time
}

// Parse checks a weigh-in.
func (in WeightInput) Parse(loc *time.Location, now time.Time) (Weight, Errors) {
	e := Errors{}
	var w Weight
	if v := ParseNumber(e, "weight", in.Weight, WeightMinKg, WeightMaxKg, "your weight", "kg", true); v != nil {
		w.Kg = *v
	}
	w.At = ParseWhen(e, "when", in.When, loc, now)
	return w, e
}
