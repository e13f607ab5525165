package assistant

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestIntentsFromTheBrief(t *testing.T) {
	tests := []struct {
		msg  string
		want Intent
	}{
		{"hello", IntentGreeting},
		{"help", IntentHelp},
		{"how many carbs in 2 fingers of matooke", IntentNutritionFact},
		{"posho or brown rice?", IntentCompareFoods},
		{"is cassava good for diabetes", IntentDiabetesSuitability},
		{"cheaper alternative to beef", IntentCheaperAlternative},
		{"what can I eat for lunch with 3000 shillings", IntentBudgetMeal},
		{"my average sugar this week", IntentGlucoseSummary},
		{"how much did I spend on food today", IntentSpending},
		{"am I on track", IntentGoalProgress},
		{"I had posho and beans for lunch", IntentLogMeal},
		{"my sugar is 3.2", IntentReportGlucose},
		{"sugar 250 mg/dl", IntentReportGlucose},
		{"how much insulin should I take for this posho", IntentInsulinDose},
		{"yes", IntentConfirm},
		{"no", IntentCancel},
		{"blah blah", IntentUnknown},
	}
	n := NewNLU(testLexicon(t))
	for _, tt := range tests {
		p, err := n.Parse(tt.msg, ConversationState{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Intent != tt.want {
			t.Errorf("%q: intent %s, want %s", tt.msg, p.Intent, tt.want)
		}
	}
}

func TestFollowUpsUseState(t *testing.T) {
	n := NewNLU(testLexicon(t))
	tests := []struct {
		name string
		st   ConversationState
		msg  string
		want Intent
	}{
		{"new food after a fact", ConversationState{LastIntent: IntentNutritionFact, Foods: []string{"posho"}}, "what about beans?", IntentNutritionFact},
		{"new meal after a budget", ConversationState{LastIntent: IntentBudgetMeal, BudgetUGX: 3000, Meal: Lunch}, "and for dinner?", IntentBudgetMeal},
		{"pronoun after a fact", ConversationState{LastIntent: IntentNutritionFact, Foods: []string{"cassava"}}, "is it good for diabetes?", IntentDiabetesSuitability},
		{"new range after spending", ConversationState{LastIntent: IntentSpending}, "what about yesterday", IntentSpending},
		{"budget answered", ConversationState{LastIntent: IntentBudgetMeal, Awaiting: SlotBudget}, "3k", IntentBudgetMeal},
		{"nutrient only", ConversationState{LastIntent: IntentNutritionFact, Foods: []string{"beans"}}, "and protein?", IntentNutritionFact},
	}
	for _, tt := range tests {
		p, err := n.Parse(tt.msg, tt.st)
		if err != nil {
			t.Fatal(err)
		}
		if p.Intent != tt.want {
			t.Errorf("%s: %q → %s, want %s", tt.name, tt.msg, p.Intent, tt.want)
		}
	}
	// without state the same words are not a follow-up
	if p, _ := n.Parse("and for dinner?", ConversationState{}); p.Intent == IntentBudgetMeal || p.FollowUp {
		t.Errorf("fresh \"and for dinner?\" → %s (follow-up %v)", p.Intent, p.FollowUp)
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	n := NewNLU(testLexicon(t))
	if _, err := n.Parse("", ConversationState{}); !errors.Is(err, ErrEmptyMessage) {
		t.Errorf("empty: %v", err)
	}
	if _, err := n.Parse(strings.Repeat("posho ", 400), ConversationState{}); !errors.Is(err, ErrMessageTooLong) {
		t.Errorf("long: %v", err)
	}
	var ie *InputError
	if _, err := n.Parse(" ", ConversationState{}); !errors.As(err, &ie) || ie.Message == "" {
		t.Errorf("input errors carry a user message: %v", err)
	}
}

func TestParseSurvivesHostileText(t *testing.T) {
	n := NewNLU(testLexicon(t))
	for _, msg := range []string{
		"<script>alert('x')</script>",
		"<img src=x onerror=alert(1)> carbs in posho",
		"'; DROP TABLE foods; --",
		"\x00\x01\x02 matooke",
		strings.Repeat("9", 1999),
		strings.Repeat("1,000,", 300),
		"½½½½ /// === ---",
		"🙂🙂 posho 🙂",
	} {
		if _, err := n.Parse(msg, ConversationState{}); err != nil {
			t.Errorf("Parse(%.30q): %v", msg, err)
		}
	}
	p, _ := n.Parse("<b>posho</b> carbs", ConversationState{})
	if p.Intent != IntentNutritionFact || len(p.Foods) != 1 || p.Foods[0].Key != "posho" {
		t.Errorf("markup around a food: %+v", p)
	}
}

func TestStateRoundTripsThroughJSON(t *testing.T) {
	st := ConversationState{
		LastIntent: IntentLogMeal, Foods: []string{"posho", "beans"}, Meal: Lunch, BudgetUGX: 3000,
		Range: &TimeRange{Kind: LastNDays, Days: 7}, Awaiting: SlotFood, Turns: 4,
		Pending:        &ProposedLog{Meal: Lunch, At: fixedNow, Items: []LogItem{{FoodKey: "posho", Grams: 300, Measure: "plate", MeasureCount: 1}}},
		PendingGlucose: &ProposedGlucose{Reading: GlucoseReading{Value: 6.1, Unit: MmolPerL}, MgDL: 109.895, At: fixedNow},
	}
	b, err := st.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeState(b)
	if err != nil {
		t.Fatal(err)
	}
	// times compare by instant
	if !got.Pending.At.Equal(st.Pending.At) || !got.PendingGlucose.At.Equal(st.PendingGlucose.At) {
		t.Fatalf("times changed: %v", got.Pending.At)
	}
	got.Pending.At, got.PendingGlucose.At = st.Pending.At, st.PendingGlucose.At
	if !reflect.DeepEqual(got, st) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, st)
	}
	if fresh, err := DecodeState(nil); err != nil || fresh.LastIntent != "" {
		t.Errorf("empty state: %+v, %v", fresh, err)
	}
	if _, err := DecodeState([]byte("{")); err == nil {
		t.Error("corrupt state accepted")
	}
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	if _, ok := raw["last_intent"]; !ok {
		t.Errorf("state JSON uses snake_case keys: %s", b)
	}
}

// FuzzParse checks that no input panics and that entities stay sane.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"how many carbs in 2 fingers of matooke", "sugar 250 mg/dl", "lunch with 3k", "1/0 cup",
		"half", "last", "and a half", "2,000/=", "½ plate", "the last 9999999999 days", "my sugar is .5", "eky'eggulo",
		"I had 2 cups of beans and posho for lunch", "my sugar was 7.8 mmol after breakfast", "what can I eat for 5000 shillings",
		"is matooke good for diabetes?", "log 1 plate of rice", "yes", "no thanks"} {
		f.Add(s)
	}
	lex, err := loadTestLexicon()
	if err != nil {
		f.Fatal(err)
	}
	n := NewNLU(lex)
	f.Fuzz(func(t *testing.T, msg string) {
		if len(msg) > 2000 {
			return // the chat caps a message far below this
		}
		p, err := n.Parse(msg, ConversationState{LastIntent: IntentBudgetMeal, Foods: []string{"posho"}})
		if err != nil {
			return
		}
		for _, q := range p.Quantities {
			if q.Amount < 0 || q.Unit == "" {
				t.Errorf("%q: bad quantity %+v", msg, q)
			}
		}
		for _, g := range p.Glucose {
			if g.Meter == "" && (g.Value <= 0 || g.Unit == "") {
				t.Errorf("%q: bad glucose %+v", msg, g)
			}
		}
		_ = Assess(p, MgPerDL)
	})
}
