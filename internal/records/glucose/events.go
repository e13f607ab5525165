package glucose

import "time"

// EventMaxGap splits an event when two readings in it are further apart than this.
//
// How events are counted from finger-stick readings (taken in time order):
//   - A hypoglycaemia event is a run of consecutive readings below 70 mg/dL
//     (3.9 mmol/L). It ends at the first reading back at 70 mg/dL or above.
//   - A level 2 (severe) hypoglycaemia event is such a run in which at least one
//     reading is below 54 mg/dL (3.0 mmol/L); it is counted in both totals.
//   - A hyperglycaemia event is a run of consecutive readings above 180 mg/dL
//     (10.0 mmol/L) in which at least one reading is above 250 mg/dL (13.9 mmol/L).
//     It ends at the first reading back in range (180 mg/dL or below), so
//     260, 200, 270 is one event and 260, 150, 270 is two.
//   - Because a meter cannot see between readings, a run is also split when the next
//     reading comes more than EventMaxGap later: two low fasting readings on
//     consecutive mornings are two events, not one. Six hours keeps a low and its
//     15-minute recheck (ADA rule of 15) together and separates a bedtime low from the
//     next morning's.
//
// Readings are classified as in Classify (unrounded), so the bands and the events
// agree on every value.
const EventMaxGap = 6 * time.Hour

// countEvents counts events in readings sorted by time.
func countEvents(sorted []Reading) (hypo, severeHypo, hyper int) {
	var (
		inLow, lowSevere bool
		inHigh, highVery bool
		prev             time.Time
	)
	closeLow := func() {
		if inLow {
			hypo++
			if lowSevere {
				severeHypo++
			}
		}
		inLow, lowSevere = false, false
	}
	closeHigh := func() {
		if inHigh && highVery {
			hyper++
		}
		inHigh, highVery = false, false
	}
	for i, r := range sorted {
		if i > 0 && r.At.Sub(prev) > EventMaxGap {
			closeLow()
			closeHigh()
		}
		prev = r.At
		switch b := Classify(r.Mgdl); b {
		case VeryLow, Low:
			closeHigh()
			inLow = true
			lowSevere = lowSevere || b == VeryLow
		case High, VeryHigh:
			closeLow()
			inHigh = true
			highVery = highVery || b == VeryHigh
		default:
			closeLow()
			closeHigh()
		}
	}
	closeLow()
	closeHigh()
	return hypo, severeHypo, hyper
}
