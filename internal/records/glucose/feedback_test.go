package glucose

import (
	"strings"
	"testing"
)

func TestFeedbackFor(t *testing.T) {
	tests := []struct {
		name     string
		mgdl     float64
		u        Unit
		typ      string
		level    string
		urgent   bool
		heading  string
		contains []string
		absent   []string
	}{
		{"urgent low in mmol/L", ToMgdl(2.8, MmolL), MmolL, "type2", "very_low", true,
			"URGENT: 2.8 mmol/L is very low (below 3.0 mmol/L). Treat it now and seek help.",
			[]string{"15–20 g of fast sugar", "Wait 15 minutes and check again", "below 3.9 mmol/L", "Seek help now", "confused",
				"put nothing in their mouth"}, nil},
		{"low", ToMgdl(3.5, MmolL), MmolL, "type2", "low", false,
			"3.5 mmol/L is low (below 3.9 mmol/L). Treat it now with the rule of 15:",
			[]string{"15–20 g of fast sugar", "Wait 15 minutes", "get help"}, []string{"URGENT"}},
		// Issue 15.6: unrounded, 69.5 mg/dL is low although it shows as "70 mg/dL".
		{"69.5 mg/dL is low", 69.5, MgdL, "", "low", false, "70 mg/dL is low (below 70 mg/dL). Treat it now with the rule of 15:", nil, nil},
		{"in range", 110, MmolL, "type1", "in_range", false, "6.1 mmol/L is in the target range (3.9–10.0 mmol/L).", nil, nil},
		{"180.4 mg/dL is high", 180.4, MgdL, "type2", "high", false, "180 mg/dL is above the target range (above 180 mg/dL).",
			[]string{"Drink water"}, []string{"ketones"}},
		{"very high, type 2", ToMgdl(16, MmolL), MmolL, "type2", "very_high", false, "16.0 mmol/L is very high (above 13.9 mmol/L).",
			[]string{"health facility now", "vomiting"}, []string{"ketones now"}},
		{"very high, type 1: ketones", 300, MgdL, "type1", "very_high", false, "300 mg/dL is very high (above 250 mg/dL).",
			[]string{"Check your ketones now", "Keep taking your insulin", "diabetic ketoacidosis"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := FeedbackFor(tt.mgdl, tt.u, tt.typ)
			if f.Level != tt.level || f.Urgent != tt.urgent || f.Heading != tt.heading {
				t.Errorf("got %s urgent=%v %q; want %s urgent=%v %q", f.Level, f.Urgent, f.Heading, tt.level, tt.urgent, tt.heading)
			}
			text := f.Text()
			for _, w := range tt.contains {
				if !strings.Contains(text, w) {
					t.Errorf("feedback lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(text, w) {
					t.Errorf("feedback must not say %q:\n%s", w, text)
				}
			}
			// The app never suggests a dose.
			if strings.Contains(strings.ToLower(text), "units of") || strings.Contains(text, "dose") {
				t.Errorf("feedback mentions a dose:\n%s", text)
			}
		})
	}
}

func TestAdvicesCoverEveryBand(t *testing.T) {
	for _, u := range []Unit{MmolL, MgdL} {
		a := Advices(u, "type1")
		for _, b := range Bands {
			ad, ok := a[b.String()]
			if !ok || !strings.Contains(ad.Heading, ValuePlaceholder) || ad.Level != b.String() {
				t.Errorf("%s/%s: advice %+v", u, b, ad)
			}
			if (b == VeryLow || b == Low) && len(ad.Steps) < 3 {
				t.Errorf("%s/%s: a low needs the rule of 15 steps", u, b)
			}
		}
	}
}
