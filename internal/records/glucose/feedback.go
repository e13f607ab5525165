package glucose

import "strings"

// Feedback is what the app answers when a reading is entered, beside the field it was
// typed in: every entry point (home and records forms, the offline pages through the
// snapshot, the assistant) shows the answer FeedbackFor gives, and nothing else decides it.
type Feedback struct {
	Band    Band
	Level   string   // Band.String(): very_low, low, in_range, high, very_high
	Urgent  bool     // very low: treat now, shown as an alert
	Heading string   // e.g. "URGENT: 2.8 mmol/L is very low."
	Steps   []string // what to do, in order; none when in range
}

// Advice is the wording for one band with the reading left as the placeholder
// ValuePlaceholder, so the offline pages (which format the value themselves) show the
// same words: the snapshot carries Advices(unit, type) and static/js/offline.js only
// substitutes the value.
type Advice struct {
	Level   string   `json:"level"`
	Urgent  bool     `json:"urgent"`
	Heading string   `json:"heading"`
	Steps   []string `json:"steps"`
}

// ValuePlaceholder stands for the formatted reading (e.g. "2.8 mmol/L") in Advice.
const ValuePlaceholder = "{value}"

// The wording below follows, in plain words for a patient:
//   - the bands: International Consensus on Time in Range (Battelino et al., Diabetes Care
//     2019;42:1593–1603), docs/CLINICAL.md "Glucose ranges";
//   - treating a low: the ADA's rule of 15 — 15–20 g of fast-acting glucose or
//     carbohydrate, recheck after 15 minutes, repeat while still below 70 mg/dL
//     (3.9 mmol/L), then a meal or snack (American Diabetes Association, Standards of
//     Care in Diabetes—2024, section 6 "Glycemic Goals and Hypoglycemia",
//     Diabetes Care 2024;47(Suppl 1):S111–S125); a level 2 low (< 54 mg/dL, 3.0 mmol/L)
//     or confusion needs urgent help, and nothing is put in the mouth of someone who
//     cannot swallow (docs/CLINICAL.md "Hypoglycaemia");
//   - 15 g of fast sugar in local terms: 3 level teaspoons of table sugar (about 4 g
//     each) in water, or half a glass (about 120 ml) of juice or regular soda (ADA,
//     "Hypoglycemia (Low Blood Glucose)", patient guidance);
//   - very high glucose in type 1 diabetes: check blood or urine ketones when glucose is
//     above 250 mg/dL (13.9 mmol/L), keep taking insulin, drink water, and seek care at
//     once with moderate or large ketones, vomiting or fast breathing, which can be
//     diabetic ketoacidosis (ADA Standards of Care 2024, section 6 and section 16;
//     ISPAD Clinical Practice Consensus Guidelines 2022: sick day management, Phelan et
//     al., Pediatric Diabetes 2022;23:912–925).
//
// The app never suggests an insulin or medicine dose.
const (
	fastSugar = "3 to 4 teaspoons of sugar stirred into water, or half a glass (120–150 ml) of juice or regular soda (not diet)"
)

// Advices is the wording for every band in unit u for a person with diabetesType
// ("type1", "type2", … as stored in the profile), keyed by Band.String().
func Advices(u Unit, diabetesType string) map[string]Advice {
	if !u.Valid() {
		u = DefaultUnit
	}
	low, veryLow := thresholdText(2, u), thresholdText(0, u)
	high, veryHigh := thresholdText(3, u), thresholdText(5, u)
	v := ValuePlaceholder
	out := map[string]Advice{
		VeryLow.String(): {Level: VeryLow.String(), Urgent: true,
			Heading: "URGENT: " + v + " is very low (below " + veryLow + "). Treat it now and seek help.",
			Steps: []string{
				"If you can swallow safely, take 15–20 g of fast sugar now (the rule of 15): " + fastSugar + ".",
				"Wait 15 minutes and check again. If it is still below " + low + ", take another 15–20 g and check again after 15 minutes.",
				"When it is back above " + low + ", eat a meal or a snack (for example bread, a banana or porridge) so it does not drop again.",
				"Seek help now if it does not come up, or if you feel confused, drowsy or very weak: ask someone to stay with you and take you to a health facility.",
				"If someone is unconscious or cannot swallow, put nothing in their mouth: get emergency medical help at once.",
			}},
		Low.String(): {Level: Low.String(),
			Heading: v + " is low (below " + low + "). Treat it now with the rule of 15:",
			Steps: []string{
				"Take 15–20 g of fast sugar: " + fastSugar + ".",
				"Wait 15 minutes and check again. If it is still below " + low + ", take another 15–20 g and check again.",
				"When it is back up, eat a meal or a snack (for example bread, a banana or porridge) so it does not drop again.",
				"If you feel confused or very weak, or it keeps dropping, get help now: do not stay alone.",
			}},
		InRange.String(): {Level: InRange.String(),
			Heading: v + " is in the target range (" + rangeText(u) + ")."},
		High.String(): {Level: High.String(),
			Heading: v + " is above the target range (above " + high + ").",
			Steps: []string{
				"Drink water, and keep to your usual meals and medicines.",
				"Check again before your next meal. If many of your readings are high, talk to your clinician or health centre.",
			}},
	}
	vh := Advice{Level: VeryHigh.String(),
		Heading: v + " is very high (above " + veryHigh + ").",
		Steps: []string{
			"Drink water and check again in 1–2 hours; keep taking your usual medicines.",
			"If it stays this high, contact your clinician or health centre today.",
			"Go to a health facility now if you are vomiting, very thirsty and drowsy, breathing fast or feel very unwell.",
		}}
	if isType1(diabetesType) {
		vh.Steps = []string{
			"Check your ketones now (blood or urine strips) if you have them.",
			"Keep taking your insulin; do not stop it. Drink water and check your glucose again in 1–2 hours.",
			"Go to a health facility now if ketones are moderate or high, or you are vomiting, have belly pain, are breathing fast or feel drowsy: this can be diabetic ketoacidosis, an emergency.",
			"If it stays this high, contact your clinician or health centre today.",
		}
	}
	out[VeryHigh.String()] = vh
	return out
}

// isType1 reports whether a profile's diabetes type (users.diabetes_type) is type 1.
func isType1(t string) bool { return t == "type1" }

// FeedbackFor decides the answer to one reading (stored mg/dL, unrounded) for a person
// reading glucose in unit u with diabetesType. Pure.
func FeedbackFor(mgdl float64, u Unit, diabetesType string) Feedback {
	if !u.Valid() {
		u = DefaultUnit
	}
	b := Classify(mgdl)
	a := Advices(u, diabetesType)[b.String()]
	value := Format(mgdl, u)
	f := Feedback{Band: b, Level: a.Level, Urgent: a.Urgent,
		Heading: strings.ReplaceAll(a.Heading, ValuePlaceholder, value)}
	for _, s := range a.Steps {
		f.Steps = append(f.Steps, strings.ReplaceAll(s, ValuePlaceholder, value))
	}
	return f
}

// Text is the feedback as one plain-text paragraph (the assistant's reply).
func (f Feedback) Text() string {
	if len(f.Steps) == 0 {
		return f.Heading
	}
	var b strings.Builder
	b.WriteString(f.Heading)
	for i, s := range f.Steps {
		b.WriteString("\n")
		b.WriteString(string(rune('1' + i)))
		b.WriteString(". ")
		b.WriteString(s)
	}
	return b.String()
}
