package assistant

import (
	"strings"
	"testing"
	"time"
)

// Phrasings patients use that the development set showed the assistant missing
// (issue 17): each row is a message and what the parse must make of it.
func TestPatientPhrasings(t *testing.T) {
	tests := []struct {
		msg     string
		intent  Intent
		ranking string
		rng     string // TimeRange.String(), "" for none
	}{
		{"leafy vegetables with calcium", IntentFoodList, "calcium_leafy", ""},
		{"i am anaemic, which leaves should i eat", IntentFoodList, "iron_leafy", ""},
		{"which beans or peas have the most protein", IntentFoodList, "protein_legumes", ""},
		{"legumes ranked by protein", IntentFoodList, "protein_legumes", ""},
		{"which food gives me protein for the least money?", IntentFoodList, "cheap_protein", ""},
		{"low GL carbohydrate foods please", IntentFoodList, "low_gl_starch", ""},
		{"best starch for blood sugar", IntentFoodList, "low_gl_starch", ""},
		{"what staple foods won't spike my sugar", IntentFoodList, "low_gl_starch", ""},
		{"what was my lunch on tuesday", IntentMyMeals, "", "on_tuesday"},
		{"tell me what i ate the day before yesterday", IntentMyMeals, "", "2_days_ago"},
		{"what i ate two days ago", IntentMyMeals, "", "2_days_ago"},
		{"what did i eat on the 16th", IntentMyMeals, "", "on_day_16"},
		{"chakula cha jana", IntentMyMeals, "", "yesterday"},
		{"did i eat any snacks today", IntentMyMeals, "", "today"},
		{"what have i spent since monday", IntentSpending, "", "since_monday"},
		{"how much did i spend over the last fortnight", IntentSpending, "", "last_14_days"},
		{"how much have i used for food in 30 days", IntentSpending, "", "last_30_days"},
		{"nsaasaanye ssente meka wiiki ewedde", IntentSpending, "", "last_week"},
		{"what was my food bill for october", IntentSpending, "", "in_october"},
		{"how many lows did i have in novembr", IntentGlucoseSummary, "", "in_november"},
		{"how much more weight do i need to lose", IntentGoalProgress, "", ""},
		{"how is my daily carbohydrate limit going", IntentGoalProgress, "", ""},
		{"time in range target progress", IntentGoalProgress, "", ""},
		{"what is my most recent hba1c", IntentMyHealth, "", ""},
		{"how much do i weigh now", IntentMyHealth, "", ""},
		{"hba1c 7.5", IntentGlucoseSummary, "", ""}, // a value reported, not a question
	}
	n := NewNLU(testLexicon(t))
	for _, tt := range tests {
		p := mustParse(t, n, tt.msg)
		got := ""
		if p.Range != nil {
			got = p.Range.String()
		}
		if p.Intent != tt.intent || p.ranking != tt.ranking || got != tt.rng {
			t.Errorf("%q: intent %s ranking %q range %q, want %s %q %q", tt.msg, p.Intent, p.ranking, got, tt.intent, tt.ranking, tt.rng)
		}
	}
}

// Numbers that are not glucose readings: a band edge in a counting question and a time
// of day. A reading of 2 or 13.9 would get a safety answer instead of the counts.
func TestThresholdsAndTimesAreNotReadings(t *testing.T) {
	n := NewNLU(testLexicon(t))
	for _, msg := range []string{
		"how many dangerously high readings above 13.9 in november",
		"how many times was my sugar below 3 this month",
		"what was my blood sugar at 2pm today",
		"my sugar at 14:30 yesterday",
		"what was my average sugar on the 18th",
	} {
		p := mustParse(t, n, msg)
		if len(p.Glucose) > 0 {
			t.Errorf("%q: read %v as a glucose reading", msg, p.Glucose)
		}
		if s := Assess(p, MmolPerL); s.Level != SafetyNone {
			t.Errorf("%q: safety %s for a question about past readings", msg, s.Level)
		}
	}
	// a real reading next to a time is still a reading
	p, _ := n.Parse("my sugar was 2.5 at 2pm", ConversationState{})
	if len(p.Glucose) != 1 || p.Glucose[0].Value != 2.5 {
		t.Errorf("glucose %v, want 2.5", p.Glucose)
	}
}

func TestSafetyPhrasings(t *testing.T) {
	n := NewNLU(testLexicon(t))
	tests := []struct {
		msg    string
		want   SafetyLevel
		urgent bool
	}{
		{"my father is not waking up, he has diabetes", SafetyVeryLow, true},
		{"my wife collapsed and is not responding", SafetyVeryLow, true},
		{"low sugar, what can i eat quickly", SafetySymptoms, false},
		{"sukari yangu imeshuka sana", SafetySymptoms, false},
		{"sukari ya damu yangu iko juu", SafetyHigh, false},
		// asking how often it was low is not a low now
		{"ssukaali wange yali wansi emirundi emeka omwezi guno", SafetyNone, false},
		// low-sugar foods are foods
		{"are there low sugar drinks", SafetyNone, false},
	}
	for _, tt := range tests {
		p := mustParse(t, n, tt.msg)
		s := Assess(p, MmolPerL)
		if s.Level != tt.want || s.Urgent != tt.urgent {
			t.Errorf("%q: safety %s urgent %v, want %s %v", tt.msg, s.Level, s.Urgent, tt.want, tt.urgent)
		}
	}
	// an urgent low still teaches the 15-minute recheck for when they can swallow
	p, _ := n.Parse("my father is not waking up, he has diabetes", ConversationState{})
	if s := Assess(p, MmolPerL); !containsAll(s.Text, "15 g", "wait 15 minutes and check again") {
		t.Errorf("urgent low text lacks the recheck:\n%s", s.Text)
	}
}

func TestLocalCountAfterTheFood(t *testing.T) {
	n := NewNLU(testLexicon(t))
	p := mustParse(t, n, "carbs mu chapati bbiri")
	if len(p.Foods) != 1 || p.Foods[0].Quantity == nil || *p.Foods[0].Quantity != (Quantity{Amount: 2, Unit: "piece"}) {
		t.Fatalf("foods %+v, want 2 pieces of chapati", p.Foods)
	}
	p, _ = n.Parse("carbs in 3 slises of rice", ConversationState{})
	if len(p.Foods) != 1 || p.Foods[0].Quantity == nil || p.Foods[0].Quantity.Unit != "slice" {
		t.Errorf("a measure word with a typo: foods %+v", p.Foods)
	}
}

func TestHealthRecordsAnswered(t *testing.T) {
	d := newFakeData()
	loc := fixedNow.Location()
	d.health = Health{
		HbA1c:  []Dated{{At: time.Date(2026, 11, 10, 9, 0, 0, 0, loc), Value: 7.9}, {At: time.Date(2026, 8, 12, 9, 0, 0, 0, loc), Value: 8.6}},
		Weight: []Dated{{At: time.Date(2026, 11, 20, 7, 0, 0, 0, loc), Value: 81.6}},
	}
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "what is my most recent hba1c", "how much do i weigh now")
	wantText(t, rs[0], "latest HbA1c is 7.9 % (10 November 2026)", "8.6 % (12 August 2026), -0.7 %")
	dontWant(t, rs[0], "weight")
	wantText(t, rs[1], "latest weight is 81.6 kg (20 November 2026)")

	// nothing recorded: said so, never 0
	rs, _ = chat(t, newTestAssistant(t, newFakeData()), "what was my last hba1c")
	wantText(t, rs[0], "no HbA1c recorded yet")
	dontWant(t, rs[0], "0 %")
}

func TestSpendingOnOneMeal(t *testing.T) {
	d := newFakeData()
	loc := fixedNow.Location()
	cost := func(v int) *int { return &v }
	day := func(h int) time.Time { return time.Date(2026, 11, 24, h, 0, 0, 0, loc) }
	d.diary = []DiaryItem{
		{At: day(8), Meal: Breakfast, Name: "Tea", CostUGX: cost(500)},
		{At: day(13), Meal: Lunch, Name: "Posho", CostUGX: cost(1500)},
		{At: day(13), Meal: Lunch, Name: "Beans"},
		{At: day(20), Meal: Dinner, Name: "Rice", CostUGX: cost(2000)},
	}
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "how much did my lunch cost yesterday", "what did i spend on breakfast today")
	wantText(t, rs[0], "UGX 1,500", "for lunch", "1 of 2 entries have no price")
	dontWant(t, rs[0], "UGX 2,000", "UGX 4,500")
	wantText(t, rs[1], "any food spending for breakfast today")
}

func TestCompareNamesEveryFoodAndTheNutrientAsked(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "beans, matooke or posho: which has the most protein")
	if rs[0].Intent != IntentCompareFoods {
		t.Fatalf("intent %s", rs[0].Intent)
	}
	wantText(t, rs[0], "Beans", "Matooke", "Posho", "Most protein per 100 g: Beans")
}

func mustParse(t *testing.T, n *NLU, msg string) Parse {
	t.Helper()
	p, err := n.Parse(msg, ConversationState{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
