package assistant

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// chat sends messages in turn, storing the state as JSON between turns the
// way the handler does.
func chat(t *testing.T, a *Assistant, msgs ...string) ([]Reply, ConversationState) {
	t.Helper()
	var stored []byte
	var replies []Reply
	var st ConversationState
	for _, m := range msgs {
		var err error
		st, err = DecodeState(stored)
		if err != nil {
			t.Fatal(err)
		}
		r, next, err := a.Reply(context.Background(), st, m)
		if err != nil {
			t.Fatalf("Reply(%q): %v", m, err)
		}
		replies = append(replies, r)
		if stored, err = next.Encode(); err != nil {
			t.Fatal(err)
		}
		st = next
	}
	return replies, st
}

func wantText(t *testing.T, r Reply, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Text, p) {
			t.Errorf("reply lacks %q:\n%s", p, r.Text)
		}
	}
}

func TestNutritionFactForAPortion(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "how many carbs in 2 fingers of matooke")
	// 2 fingers × 100 g × 31.2 g/100 g = 62.4 g; GL = 74 × 62.4 / 100 = 46
	wantText(t, rs[0], "2 fingers of Matooke (plantain)", "about 200 g", "62 g of carbohydrate", "GI 74 (high)", "glycaemic load of this portion 46 (high)")
}

func TestNutritionFactWithoutQuantityUsesFirstMeasure(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "calories in beans")
	// 1 cup = 177 g; 127 kcal/100 g → 225 kcal
	wantText(t, rs[0], "1 cup", "about 177 g", "225 kcal")
}

func TestUnknownFoodIsSaidPlainly(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "carbs in nsenene")
	wantText(t, rs[0], "don't have nutrition data for nsenene")
}

func TestCompareFoods(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, st := chat(t, a, "posho or brown rice?")
	wantText(t, rs[0], "Posho (kawunga)", "Brown rice", "Brown rice is the better choice", "lower GI", "Posho (kawunga) is cheaper")
	if len(st.Foods) != 2 {
		t.Errorf("state foods %v", st.Foods)
	}
}

func TestSuitabilityByGIBand(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	tests := map[string]string{
		"is cassava good for diabetes":   "low GI (46)",
		"is brown rice ok for diabetics": "medium GI (68)",
		"can a diabetic eat matooke":     "high GI, 74",
		"is dodo good for diabetes":      "low in carbohydrate",
	}
	for msg, want := range tests {
		rs, _ := chat(t, a, msg)
		if rs[0].Intent != IntentDiabetesSuitability {
			t.Errorf("%q: intent %s", msg, rs[0].Intent)
		}
		wantText(t, rs[0], want)
	}
}

func TestCheaperAlternative(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "cheaper alternative to beef")
	// beans 4,000 vs beef 16,000 per kg: 75 % less
	wantText(t, rs[0], "Cheaper than Beef (about UGX 16,000/kg)", "Beans: about UGX 4,000/kg (75% less)")
}

func TestBudgetMealCarriesBudgetToTheNextMeal(t *testing.T) {
	d := newFakeData()
	a := newTestAssistant(t, d)
	rs, st := chat(t, a, "what can I eat for lunch with 3000 shillings", "and for dinner?")
	wantText(t, rs[0], "Ideas for lunch within UGX 3,000", "Posho, beans and dodo: UGX 2,300")
	wantText(t, rs[1], "Ideas for dinner within UGX 3,000")
	if len(d.budgets) != 2 || d.budgets[1] != 3000 || d.meals[1] != Dinner {
		t.Errorf("Data asked for budgets %v meals %v", d.budgets, d.meals)
	}
	if st.Meal != Dinner || st.BudgetUGX != 3000 {
		t.Errorf("state %+v", st)
	}
}

func TestBudgetIsAskedForWhenMissing(t *testing.T) {
	d := newFakeData()
	a := newTestAssistant(t, d)
	rs, st := chat(t, a, "what should i eat for dinner", "2,500/=")
	wantText(t, rs[0], "How much can you spend")
	if rs[1].Intent != IntentBudgetMeal {
		t.Fatalf("answer to the budget question: %s", rs[1].Intent)
	}
	wantText(t, rs[1], "Ideas for dinner within UGX 2,500")
	if st.Awaiting != "" {
		t.Errorf("still awaiting %q", st.Awaiting)
	}
}

func TestFollowUpFoodKeepsTheQuestion(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "is matooke good for diabetes", "what about beans?", "how many calories?")
	if rs[1].Intent != IntentDiabetesSuitability {
		t.Errorf("follow-up intent %s", rs[1].Intent)
	}
	wantText(t, rs[1], "Beans (bijanjaalo)", "low GI (24)")
	if rs[2].Intent != IntentNutritionFact {
		t.Errorf("second follow-up intent %s", rs[2].Intent)
	}
	wantText(t, rs[2], "Beans", "kcal")
}

func TestLogMealNeedsConfirmation(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, st := chat(t, a, "I had 2 fingers of matooke and beans for lunch", "yes")
	p := rs[0].Proposed
	if p == nil || rs[0].Action != nil {
		t.Fatalf("first reply must propose, not act: %+v", rs[0])
	}
	if p.Meal != Lunch || len(p.Items) != 2 {
		t.Fatalf("proposal %+v", p)
	}
	if p.Items[0].FoodKey != "matooke" || p.Items[0].Grams != 200 || p.Items[0].Measure != "finger" || p.Items[0].MeasureCount != 2 {
		t.Errorf("matooke item %+v", p.Items[0])
	}
	if p.Items[1].FoodKey != "beans" || p.Items[1].Grams != 177 {
		t.Errorf("beans item (default 1 cup) %+v", p.Items[1])
	}
	// lunch told at 14:30 is logged at 13:00 the same day
	if want := time.Date(2026, 11, 25, 13, 0, 0, 0, fixedNow.Location()); !p.At.Equal(want) {
		t.Errorf("logged at %s, want %s", p.At, want)
	}
	wantText(t, rs[0], "Shall I log this as lunch today?", "2 fingers of Matooke (plantain) (about 200 g)", "Reply yes")
	act := rs[1].Action
	if act == nil || act.Kind != ActionLogMeal || act.Meal == nil || len(act.Meal.Items) != 2 {
		t.Fatalf("confirm reply action %+v", act)
	}
	if st.Pending != nil {
		t.Error("pending log kept after confirmation")
	}
}

func TestCancelClearsTheProposal(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, st := chat(t, a, "nalidde posho ne bijanjaalo ku kyemisana", "no")
	if rs[0].Proposed == nil {
		t.Fatal("no proposal")
	}
	if rs[1].Intent != IntentCancel || rs[1].Action != nil || st.Pending != nil {
		t.Errorf("cancel: %+v, pending %v", rs[1], st.Pending)
	}
	// a later "yes" has nothing to confirm
	rs2, _ := chat(t, a, "yes")
	if rs2[0].Action != nil {
		t.Error("confirmed nothing into an action")
	}
}

func TestYesterdayMealIsLoggedYesterday(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "yesterday for dinner i had rice")
	p := rs[0].Proposed
	if p == nil {
		t.Fatal("no proposal")
	}
	if want := time.Date(2026, 11, 24, 19, 30, 0, 0, fixedNow.Location()); !p.At.Equal(want) {
		t.Errorf("at %s, want %s", p.At, want)
	}
	wantText(t, rs[0], "dinner yesterday")
}

func TestReportedReadingInRangeCanBeSaved(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "my sugar is 6.1", "yes")
	wantText(t, rs[0], "6.1 mmol/L is in the target range (3.9 to 10.0 mmol/L)", "I read 6.1 as mmol/L")
	act := rs[1].Action
	if act == nil || act.Kind != ActionLogGlucose || act.Glucose.MgDL != round3(6.1*MgDLPerMmolL) {
		t.Errorf("glucose action %+v", act)
	}
}

func TestLowReadingOffersToSaveButUrgentDoesNot(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "sugar 3.4")
	if rs[0].Safety != SafetyLow || rs[0].ProposedGlucose == nil {
		t.Errorf("low: %+v", rs[0])
	}
	rs, _ = chat(t, a, "sugar 2.4")
	if !rs[0].Urgent || rs[0].ProposedGlucose != nil || strings.Contains(rs[0].Text, "Reply yes") {
		t.Errorf("urgent reply must carry nothing else: %+v", rs[0])
	}
}

func TestGlucoseSummaryInTheUsersUnit(t *testing.T) {
	d := newFakeData()
	d.unit = MgPerDL
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "my average sugar this week")
	// 7.4 mmol/L = 133 mg/dL
	wantText(t, rs[0], "this week", "average 133 mg/dL from 21 readings", "76% of readings in range (70 to 180 mg/dL)", "target is more than 70%")
	if from := d.periods[0].From; !from.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, fixedNow.Location())) {
		t.Errorf("this week starts %s", from)
	}
}

func TestGlucoseSummaryFlagsLows(t *testing.T) {
	d := newFakeData()
	d.stats.PctBelow = 5
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "how is my sugar")
	wantText(t, rs[0], "More than 4% of your readings were low", "last 7 days")
}

func TestSpendingAndGoals(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "how much did I spend on food today", "am I on track")
	wantText(t, rs[0], "You spent UGX 4,500 on food today (3 priced entries)", "Matooke UGX 2,000")
	wantText(t, rs[1], "on track with 1 of 2 goals", "Calories today: now 1450 kcal, target 1800 kcal", "(on track)")
}

func TestInsulinQuestionGetsTheFixedAnswer(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "how many units of insulin for 2 fingers of matooke")
	if rs[0].Intent != IntentInsulinDose || rs[0].Safety != SafetyDose {
		t.Errorf("intent %s safety %q", rs[0].Intent, rs[0].Safety)
	}
	wantText(t, rs[0], "never", "clinician")
	if strings.Contains(rs[0].Text, "carbohydrate") {
		t.Error("dose reply must not add carb counts that invite a dose calculation")
	}
}

func TestReplyInputErrors(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	st := ConversationState{LastIntent: IntentNutritionFact, Foods: []string{"posho"}}
	for msg, want := range map[string]error{"": ErrEmptyMessage, "   ": ErrEmptyMessage, strings.Repeat("x", 2001): ErrMessageTooLong} {
		_, next, err := a.Reply(context.Background(), st, msg)
		if !errors.Is(err, want) {
			t.Errorf("%.10q: err %v, want %v", msg, err, want)
		}
		if next.LastIntent != st.LastIntent || len(next.Foods) != 1 {
			t.Error("state changed on rejected input")
		}
	}
}

func TestReplyPassesMarkupThroughAsText(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	r, _, err := a.Reply(context.Background(), ConversationState{}, "<script>alert(1)</script>")
	if err != nil {
		t.Fatal(err)
	}
	if r.Intent != IntentUnknown || r.Text == "" {
		t.Errorf("reply %+v", r)
	}
	r, _, err = a.Reply(context.Background(), ConversationState{}, `carbs in posho"><img src=x onerror=alert(1)>`)
	if err != nil || r.Intent != IntentNutritionFact {
		t.Errorf("markup around a question: %v %s", err, r.Intent)
	}
}

func TestDataErrorsAreReturned(t *testing.T) {
	d := newFakeData()
	d.failWith = errors.New("db down")
	a := newTestAssistant(t, d)
	st := ConversationState{LastIntent: IntentBudgetMeal, Turns: 3}
	_, next, err := a.Reply(context.Background(), st, "carbs in posho")
	if err == nil || !strings.Contains(err.Error(), "db down") {
		t.Errorf("err = %v", err)
	}
	if next.Turns != 3 || next.LastIntent != IntentBudgetMeal {
		t.Errorf("state changed on error: %+v", next)
	}
}

func TestCancelledContext(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := a.Reply(ctx, ConversationState{}, "hello"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestGlycaemicLoad(t *testing.T) {
	// docs/CLINICAL.md: GL = GI × available carbohydrate (g) ÷ 100; white rice
	// GI 73 with 40 g carbohydrate → 29.2 (high)
	if gl := GlycaemicLoad(73, 40); gl != 29.2 || glBand(gl) != "high" {
		t.Errorf("GL = %v (%s)", gl, glBand(gl))
	}
	for gi, want := range map[int]string{55: "low", 56: "medium", 69: "medium", 70: "high"} {
		if got := giBand(gi); got != want {
			t.Errorf("giBand(%d) = %s, want %s", gi, got, want)
		}
	}
	for gl, want := range map[float64]string{10: "low", 11: "medium", 19: "medium", 20: "high"} {
		if got := glBand(gl); got != want {
			t.Errorf("glBand(%v) = %s, want %s", gl, got, want)
		}
	}
}

func TestBareOkConfirmsEvenWhileTalkingAboutFoods(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "is matooke good for diabetes", "sugar 6.1", "ok")
	if rs[2].Intent != IntentConfirm || rs[2].Action == nil || rs[2].Action.Kind != ActionLogGlucose {
		t.Errorf("\"ok\" after a proposal: %s %+v", rs[2].Intent, rs[2].Action)
	}
}

func TestGeneralQuestionDoesNotReuseOldFoods(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "carbs in posho", "what is diabetes")
	if rs[1].Intent != IntentUnknown {
		t.Errorf("\"what is diabetes\" after a food: %s", rs[1].Intent)
	}
}

func TestCheapMealAfterAFoodIsABudgetQuestion(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "carbs in posho", "suggest a cheap lunch", "cheaper alternative?")
	if rs[1].Intent != IntentBudgetMeal {
		t.Errorf("\"suggest a cheap lunch\" after posho: %s", rs[1].Intent)
	}
	if rs[2].Intent != IntentCheaperAlternative {
		t.Errorf("\"cheaper alternative?\" button: %s", rs[2].Intent)
	}
}

func TestLLMDoesNotRephraseAQuestionTheDialogueWaitsOn(t *testing.T) {
	llm := &fakeCompleter{answer: "Here are some ideas."}
	a := newTestAssistant(t, newFakeData(), WithLLM(llm))
	rs, st := chat(t, a, "what should i eat for dinner")
	if rs[0].Source != SourceBuiltin || st.Awaiting != SlotBudget || llm.calls != 0 {
		t.Errorf("budget question: source %s awaiting %q calls %d", rs[0].Source, st.Awaiting, llm.calls)
	}
}

func TestSugaryFoodIsNeverCalledAGoodChoice(t *testing.T) {
	d := newFakeData()
	a := newTestAssistant(t, d)
	fixtureFoods["honey"] = FoodFacts{Key: "honey", Name: "Honey", GI: 50, Per100g: Nutrients{EnergyKcal: 304, CarbsG: 82, SugarsG: 82}}
	t.Cleanup(func() { delete(fixtureFoods, "honey") })
	rs, _ := chat(t, a, "is honey good for diabetes")
	wantText(t, rs[0], "high in sugar (82 g per 100 g)", "small portion")
	if strings.Contains(rs[0].Text, "good choice") {
		t.Errorf("sugary food praised: %s", rs[0].Text)
	}
}

func TestAssistantWithoutDataStillAnswersSafely(t *testing.T) {
	a := New(testLexicon(t), nil)
	r, _, err := a.Reply(context.Background(), ConversationState{}, "carbs in posho")
	if err != nil || !strings.Contains(r.Text, "don't have nutrition data") {
		t.Errorf("no data: %q, %v", r.Text, err)
	}
	r, _, err = a.Reply(context.Background(), ConversationState{}, "sugar 2.5")
	if err != nil || !r.Urgent {
		t.Errorf("safety without data: %+v, %v", r, err)
	}
}
