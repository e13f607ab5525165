package glucose

import (
	"strings"

	"github.com/zoe-nutritech/zoe/internal/i18n"
)

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
// The words of the advice are in the message catalogue (internal/i18n, keys
// glucose.advice.*) so that they are shown in the reader's language; the English
// catalogue holds the wording described above. Every Luganda text is flagged there as
// clinical, for review by a native speaker and a clinician.

// Advices is the wording for every band in unit u for a person with diabetesType
// ("type1", "type2", … as stored in the profile), keyed by Band.String(), in English.
func Advices(u Unit, diabetesType string) map[string]Advice {
	return AdvicesIn(i18n.For(i18n.English), u, diabetesType)
}

// AdvicesIn is Advices in the localizer's language.
func AdvicesIn(l *i18n.Localizer, u Unit, diabetesType string) map[string]Advice {
	if !u.Valid() {
		u = DefaultUnit
	}
	vars := []any{"Value", ValuePlaceholder, "Low", thresholdText(2, u), "VeryLow", thresholdText(0, u),
		"High", thresholdText(3, u), "VeryHigh", thresholdText(5, u), "Range", rangeText(u),
		"FastSugar", l.T("glucose.advice.fastsugar")}
	t := func(id string) string { return l.T("glucose.advice."+id, vars...) }
	steps := func(ids ...string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = t(id)
		}
		return out
	}
	out := map[string]Advice{
		VeryLow.String(): {Level: VeryLow.String(), Urgent: true, Heading: t("verylow.h"),
			Steps: steps("verylow.1", "verylow.2", "verylow.3", "verylow.4", "verylow.5")},
		Low.String(): {Level: Low.String(), Heading: t("low.h"),
			Steps: steps("low.1", "low.2", "low.3", "low.4")},
		InRange.String(): {Level: InRange.String(), Heading: t("inrange.h")},
		High.String(): {Level: High.String(), Heading: t("high.h"),
			Steps: steps("high.1", "high.2")},
	}
	vh := Advice{Level: VeryHigh.String(), Heading: t("veryhigh.h"),
		Steps: steps("veryhigh.1", "veryhigh.2", "veryhigh.3")}
	if isType1(diabetesType) {
		vh.Steps = steps("veryhigh.t1.1", "veryhigh.t1.2", "veryhigh.t1.3", "veryhigh.2")
	}
	out[VeryHigh.String()] = vh
	return out
}

// isType1 reports whether a profile's diabetes type (users.diabetes_type) is type 1.
func isType1(t string) bool { return t == "type1" }

// FeedbackFor decides the answer to one reading (stored mg/dL, unrounded) for a person
// reading glucose in unit u with diabetesType. Pure.
func FeedbackFor(mgdl float64, u Unit, diabetesType string) Feedback {
	return FeedbackIn(i18n.For(i18n.English), mgdl, u, diabetesType)
}

// FeedbackIn is FeedbackFor in the localizer's language.
func FeedbackIn(l *i18n.Localizer, mgdl float64, u Unit, diabetesType string) Feedback {
	if !u.Valid() {
		u = DefaultUnit
	}
	b := Classify(mgdl)
	a := AdvicesIn(l, u, diabetesType)[b.String()]
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
