package goals

import (
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Source is the kind of record that fills a goal's progress in automatically.
type Source string

const (
	FromNothing Source = ""        // progress is entered by hand
	FromWeight  Source = "weight"  // each weigh-in
	FromHbA1c   Source = "hba1c"   // each lab HbA1c
	FromGlucose Source = "glucose" // the last 14 days of glucose readings
)

// SourceOf names the records that feed a goal type. Carbohydrate and budget goals are
// entered by hand: a diary day is only complete once the day is over.
func SourceOf(t Type) Source {
	switch t {
	case LoseWeight, GainWeight, MaintainWeight:
		return FromWeight
	case HbA1c:
		return FromHbA1c
	case TimeInRange, FastingGlucose:
		return FromGlucose
	}
	return FromNothing
}

// GlucoseWindowDays is the period the glucose goals are judged over: 14 days, the
// minimum period the time-in-range consensus asks for (Battelino 2019).
const GlucoseWindowDays = 14

// Minimum readings in the window before a glucose goal gets an automatic value: on
// average one reading a day for the share in range, and three fasting readings for a
// fasting average, so one stray reading never moves a goal.
const (
	AutoMinReadings        = 14
	AutoMinFastingReadings = 3
)

// GlucoseValue is the automatic value of a glucose goal from the 14-day statistics:
// the share of readings in range (%) or the fasting mean (mg/dL). ok is false when
// the window holds too few readings.
func GlucoseValue(t Type, st glucose.Stats) (value float64, ok bool) {
	switch t {
	case TimeInRange:
		if st.N < AutoMinReadings {
			return 0, false
		}
		return st.InRange.Percent(), true
	case FastingGlucose:
		if !st.Fasting.OK || st.Fasting.N < AutoMinFastingReadings {
			return 0, false
		}
		return st.Fasting.Value, true
	}
	return 0, false
}
