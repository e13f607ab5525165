package assistant

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// SafetyLevel classifies the safety content of a reply, most severe wins.
type SafetyLevel string

const (
	SafetyNone     SafetyLevel = ""
	SafetyDose     SafetyLevel = "dose_question" // insulin/medicine dose asked
	SafetySymptoms SafetyLevel = "symptoms"      // possible low, no reading
	SafetyHigh     SafetyLevel = "high"          // > 250 mg/dL: contact clinician
	SafetyLow      SafetyLevel = "low"           // < 70 mg/dL: rule of 15
	SafetyVeryHigh SafetyLevel = "very_high"     // > 300 mg/dL with ketones/vomiting: urgent
	SafetyVeryLow  SafetyLevel = "very_low"      // < 54 mg/dL or confusion: urgent
)

// severity orders levels for "most severe wins".
var severity = map[SafetyLevel]int{
	SafetyNone: 0, SafetyDose: 1, SafetySymptoms: 2, SafetyHigh: 3, SafetyLow: 4,
	SafetyVeryHigh: 5, SafetyVeryLow: 6,
}

// Thresholds in mg/dL. Level 1 and level 2 hypoglycaemia and level 2
// hyperglycaemia from the International Consensus on Time in Range
// (Battelino et al., Diabetes Care 2019;42:1593–1603); the rule of 15 from
// the ADA (Standards of Care, hypoglycaemia treatment).
const (
	lowMgDL         = 70  // < 70 (3.9 mmol/L): level 1 low
	veryLowMgDL     = 54  // < 54 (3.0 mmol/L): level 2 low, urgent
	veryHighMgDL    = 250 // > 250 (13.9 mmol/L): level 2 high
	ketoneRiskMgDL  = 300 // > 300 with ketones or vomiting: seek care now
	rangeHighMgDL   = 180 // top of the 70–180 target range
	plausibleMaxMgD = 800 // above this a typed value is a typo, not a reading
)

// Assessment is the safety outcome for one message.
type Assessment struct {
	Level  SafetyLevel
	Urgent bool
	Text   string
	// Reading is the reading the assessment is about, if any.
	Reading *GlucoseReading
}

// Assess applies the safety rules to a parsed message; unit is the user's
// preferred unit, used for display and to flag unitless values that may be
// meant in mg/dL. It never depends on Data or the network.
func Assess(p Parse, unit GlucoseUnit) Assessment {
	var a Assessment
	type message struct {
		level SafetyLevel
		text  string
	}
	var msgs []message
	raise := func(l SafetyLevel, text string) {
		if severity[l] > severity[a.Level] {
			a.Level = l
		}
		msgs = append(msgs, message{l, text})
	}

	for i := range p.Glucose {
		r := p.Glucose[i]
		mg := r.MgDL()
		if !readingPlausible(r) {
			continue
		}
		// a unitless value below 35 is read as mmol/L; if the user works in
		// mg/dL it may be a severe low instead, so treat it as one
		ambiguousLow := !r.UnitGiven && r.Unit == MmolPerL && unit == MgPerDL && r.Value < veryLowMgDL
		switch {
		case ambiguousLow:
			a.Reading = &p.Glucose[i]
			raise(SafetyVeryLow, veryLowText(fmt.Sprintf("%g mg/dL", r.Value), unit)+
				fmt.Sprintf(" If you meant %g mmol/L, please say so (type \"%g mmol/L\").", r.Value, r.Value))
		case mg < lowMgDL && mg >= veryLowMgDL && p.Signals.Confusion:
			a.Reading = &p.Glucose[i]
			raise(SafetyVeryLow, veryLowText(readingText(r, unit), unit))
		case r.Meter == "" && mg < lowMgDL:
			// A typed reading gets the app's one answer to a reading (the forms',
			// the offline pages' and the saved chat log's): glucose.FeedbackFor.
			a.Reading = &p.Glucose[i]
			level := SafetyLow
			if mg < veryLowMgDL {
				level = SafetyVeryLow
			}
			raise(level, readingFeedback(mg, unit))
		case mg < veryLowMgDL:
			a.Reading = &p.Glucose[i]
			raise(SafetyVeryLow, veryLowText(readingText(r, unit), unit))
		case mg < lowMgDL:
			a.Reading = &p.Glucose[i]
			raise(SafetyLow, ruleOf15Text(readingText(r, unit), unit))
		case mg > ketoneRiskMgDL && (p.Signals.Ketones || p.Signals.Vomiting):
			a.Reading = &p.Glucose[i]
			raise(SafetyVeryHigh, veryHighUrgentText(readingText(r, unit)))
		case r.Meter == "" && mg > veryHighMgDL:
			a.Reading = &p.Glucose[i]
			t := readingFeedback(mg, unit)
			if p.Signals.Ketones || p.Signals.Vomiting {
				t += "\nWith vomiting or ketones, do not wait: seek care today."
			}
			raise(SafetyHigh, t)
		case mg > veryHighMgDL:
			a.Reading = &p.Glucose[i]
			raise(SafetyHigh, highText(readingText(r, unit), unit, p.Signals.Ketones || p.Signals.Vomiting))
		}
	}
	if len(p.Glucose) == 0 {
		switch {
		case p.Signals.Confusion:
			raise(SafetyVeryLow, confusionText(unit))
		case p.Signals.HypoSymptoms || (p.Signals.SaysLow && !(p.Signals.AsksCount && p.Range != nil)):
			raise(SafetySymptoms, symptomsText(unit))
		case p.Signals.SaysHigh && (p.Signals.Ketones || p.Signals.Vomiting):
			raise(SafetyVeryHigh, "High sugar with vomiting or ketones can be diabetic ketoacidosis, which is an emergency. "+
				"Go to a health facility now or ask someone to take you.")
		case p.Signals.SaysHigh && !(p.Signals.AsksCount && p.Range != nil):
			raise(SafetyHigh, fmt.Sprintf("Please check your glucose now if you can. If it is above %s, or you have ketones, vomiting "+
				"or feel very unwell, contact your clinician or health centre today. Drink water.", FormatGlucose(veryHighMgDL, unit)))
		}
	}
	if p.Intent == IntentInsulinDose {
		raise(SafetyDose, doseText)
	}
	a.Urgent = a.Level == SafetyVeryLow || a.Level == SafetyVeryHigh
	// the most severe message goes first
	slices.SortStableFunc(msgs, func(x, y message) int { return severity[y.level] - severity[x.level] })
	texts := make([]string, len(msgs))
	for i, m := range msgs {
		texts[i] = m.text
	}
	a.Text = strings.Join(texts, "\n\n")
	return a
}

// readingFeedback is glucose.FeedbackFor's answer to a typed reading in the user's
// unit. The diabetes type is not known here (safety never waits on Data), so the
// very-high answer is the one for any type; the saved log's answer adds type 1's.
func readingFeedback(mgdl float64, unit GlucoseUnit) string {
	u := glucose.MmolL
	if unit == MgPerDL {
		u = glucose.MgdL
	}
	return glucose.FeedbackFor(mgdl, u, "").Text()
}

const doseText = "I can't suggest an insulin or medicine dose: ZOE never does. Please ask your clinician, " +
	"diabetes nurse or health centre, and keep to the plan they gave you."

func readingText(r GlucoseReading, unit GlucoseUnit) string {
	if r.Meter == "HI" {
		return "a HI meter reading"
	}
	if r.Meter == "LO" {
		return "a LO meter reading"
	}
	shown := r.String()
	if r.Unit != unit {
		shown += " (" + FormatGlucose(r.MgDL(), unit) + ")"
	}
	return shown
}

// ruleOf15Text is the ADA rule of 15 with local examples: 15 g of fast
// carbohydrate is 1 tablespoon (3 teaspoons) of sugar or half a cup (about
// 120 ml) of juice or regular soda (ADA, "Hypoglycemia (Low Blood Glucose)").
func ruleOf15Text(reading string, unit GlucoseUnit) string {
	low := FormatGlucose(lowMgDL, unit)
	return fmt.Sprintf("Your reading of %s is LOW (below %s). Treat it now with the rule of 15:\n"+
		"1. Take 15 g of fast sugar: 3 teaspoons of sugar stirred into water, or half a glass (about 120 ml) "+
		"of juice or regular soda (not diet).\n"+
		"2. Wait 15 minutes and check again.\n"+
		"3. If it is still below %s, take another 15 g and check again after 15 minutes.\n"+
		"4. When it is back up, eat a meal or a snack (for example bread, a banana or porridge) so it does not drop again.\n"+
		"If you feel confused or very weak, or it keeps dropping, get help now.", reading, low, low)
}

func veryLowText(reading string, unit GlucoseUnit) string {
	return fmt.Sprintf("URGENT: %s is VERY LOW (below %s). Seek help now.\n"+
		"If you can swallow safely, take 15 g of fast sugar right away (3 teaspoons of sugar in water, or half a glass "+
		"of juice or regular soda) and ask someone to stay with you and take you to a health facility.\n"+
		"If the person is confused, unconscious or cannot swallow, do not put food or drink in their mouth: "+
		"get emergency medical help immediately.\n"+recheckText, reading, FormatGlucose(veryLowMgDL, unit))
}

// recheckText ends the urgent low answers: after fast sugar, the rule of 15 goes on
// while help is on its way.
const recheckText = "After the sugar, wait 15 minutes and check again; if it is still low, give another 15 g."

func confusionText(unit GlucoseUnit) string {
	return fmt.Sprintf("URGENT: confusion, fainting or fits in someone with diabetes can mean a severe low. Seek help now.\n"+
		"If they can swallow safely, give 15 g of fast sugar (3 teaspoons of sugar in water, or half a glass of juice "+
		"or regular soda) and check their glucose (a severe low is below %s).\n"+
		"If they are unconscious or cannot swallow, do not put anything in their mouth: get emergency medical help immediately.\n"+
		recheckText, FormatGlucose(veryLowMgDL, unit))
}

func symptomsText(unit GlucoseUnit) string {
	return fmt.Sprintf("Shaking, sweating or dizziness can be a low. Check your glucose now if you can. "+
		"If it is below %s, or you cannot check, take 15 g of fast sugar (3 teaspoons of sugar in water, or half a glass "+
		"of juice or regular soda), wait 15 minutes and check again; repeat if still low, then eat a meal or snack. "+
		"If you become confused or very weak, get help now.", FormatGlucose(lowMgDL, unit))
}

func highText(reading string, unit GlucoseUnit, ketonesOrVomiting bool) string {
	t := fmt.Sprintf("%s is VERY HIGH (above %s). Please contact your clinician or health centre today. "+
		"Drink water, check for ketones if you have strips, and do not skip your usual medicine unless your clinician says so.",
		reading, FormatGlucose(veryHighMgDL, unit))
	if ketonesOrVomiting {
		t += " With vomiting or ketones, do not wait: seek care today."
	} else {
		t += " If you start vomiting, have ketones or feel very unwell, go to a health facility straight away."
	}
	return t
}

func veryHighUrgentText(reading string) string {
	return fmt.Sprintf("URGENT: %s with vomiting or ketones can be diabetic ketoacidosis, which is an emergency. "+
		"Go to a health facility now or ask someone to take you. Keep sipping water if you can.", reading)
}

// readingPlausible reports whether a typed reading can be a real meter value.
func readingPlausible(r GlucoseReading) bool {
	if r.Meter != "" {
		return true
	}
	mg := r.MgDL()
	if mg <= 0 || mg > plausibleMaxMgD {
		return false
	}
	return !(r.UnitGiven && r.Unit == MmolPerL && r.Value > 40)
}
