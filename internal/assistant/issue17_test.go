package assistant

import (
	"strings"
	"testing"
	"time"
)

// Tests for the failure kinds of issue 17: one per kind, each failing on the
// assistant as it was (per-100 g answers to quantities, "0 g" for unknown sugars,
// own-data questions not understood, "UGX 0 … within budget", another goal, lists
// and alternatives not found, a Luganda blood-sugar phrase read as table sugar).

func dontWant(t *testing.T, r Reply, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Text, p) {
			t.Errorf("reply has %q:\n%s", p, r.Text)
		}
	}
}

func TestUnreportedSugarIsNotKnownNeverZero(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	for _, q := range []string{"how much sugar is in a mango", "sugar in mango?", "sugars in muyembe"} {
		rs, _ := chat(t, a, q)
		wantText(t, rs[0], "Mango", "sugars not known")
		dontWant(t, rs[0], "0 g of sugars", "Sugar (ssukaali)")
	}
}

func TestQuantityWithoutAWeightSaysSoAndGivesPer100g(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	for _, q := range []string{"carbs in 2 chapatis", "i ate two chapatis, how many carbs"} {
		rs, _ := chat(t, a, q)
		if rs[0].Intent != IntentNutritionFact {
			t.Fatalf("%q: intent %s", q, rs[0].Intent)
		}
		wantText(t, rs[0], "I don't know how much 2 pieces of Chapati weighs", "100 g of Chapati", "46 g of carbohydrate")
	}
	rs, _ := chat(t, a, "carbs in three cups of white rice")
	wantText(t, rs[0], "3 cups of White rice (about 474 g) has about 134 g of carbohydrate")
}

func TestGIAndMicronutrientsNotKnownAreSaid(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "what is the GI of dodo", "vitamin c in mango", "iron in mango")
	wantText(t, rs[0], "glycaemic index (GI) of Amaranth leaves (dodo) is not known")
	wantText(t, rs[1], "36 mg vitamin C")
	wantText(t, rs[2], "iron not reported in the food table")
	dontWant(t, rs[2], "0 mg iron")
}

func fakeDiary(loc *time.Location) []DiaryItem {
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
	price := func(v int) *int { return &v }
	return []DiaryItem{
		{At: at(24, 8), Meal: Breakfast, Name: "Millet porridge", Grams: 250, Nutrients: Nutrients{EnergyKcal: 150, CarbsG: 30}, CostUGX: price(500)},
		{At: at(24, 13), Meal: Lunch, Name: "Matooke", Grams: 300, Nutrients: Nutrients{EnergyKcal: 350, CarbsG: 90}, CostUGX: price(1500)},
		{At: at(24, 13), Meal: Lunch, Name: "Bean stew", Grams: 200, Nutrients: Nutrients{EnergyKcal: 200, CarbsG: 25.4}},
		{At: at(23, 13), Meal: Lunch, Name: "Posho", Grams: 300, Nutrients: Nutrients{EnergyKcal: 330, CarbsG: 69}},
	}
}

func TestOwnMealsOfADay(t *testing.T) {
	d := newFakeData()
	d.diary = fakeDiary(fixedNow.Location())
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "what did I eat yesterday", "total carbs yesterday", "my meals on Monday", "what did i eat on 20 November")
	for _, r := range rs[:2] {
		if r.Intent != IntentMyMeals {
			t.Fatalf("intent %s", r.Intent)
		}
	}
	wantText(t, rs[0], "Millet porridge (250 g)", "Matooke (300 g), Bean stew (200 g)", "700 kcal", "145.4 g carbohydrate")
	dontWant(t, rs[0], "Posho")
	wantText(t, rs[2], "on Monday 23 November", "Posho (300 g)")
	wantText(t, rs[3], "no diary entries on Friday 20 November")

	// a follow-up keeps asking about the diary
	rs, _ = chat(t, a, "what did I eat yesterday", "and on Monday?")
	if rs[1].Intent != IntentMyMeals || !rs[1].Parse.FollowUp {
		t.Fatalf("follow-up: %s %v", rs[1].Intent, rs[1].Parse.FollowUp)
	}
	wantText(t, rs[1], "Posho (300 g)")
}

func TestSpendingCallsOutUnpricedEntries(t *testing.T) {
	d := newFakeData()
	d.spend = Spending{Entries: 2, Unpriced: 2, BudgetUGX: 20000, MonthlyBudgetUGX: 350000}
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "how much did I spend on food yesterday")
	wantText(t, rs[0], "None of your 2 entries yesterday has a price")
	dontWant(t, rs[0], "UGX 0", "within")

	d.spend = Spending{TotalUGX: 49900, Entries: 31, Unpriced: 8, BudgetUGX: 200000, MonthlyBudgetUGX: 350000}
	rs, _ = chat(t, a, "how much of my food budget is left this month")
	wantText(t, rs[0], "UGX 49,900", "8 of 31 entries have no price", "monthly food budget of UGX 350,000, UGX 300,100 is left")
}

func TestGlucoseCountsAndLastReading(t *testing.T) {
	d := newFakeData()
	loc := fixedNow.Location()
	for i, mg := range []float64{60, 50, 100, 120, 200, 300, 110} {
		d.readings = append(d.readings, GlucoseAt{At: time.Date(2026, 11, 10+i, 7, 0, 0, 0, loc), Value: mg / MgDLPerMmolL, MgDL: mg})
	}
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "how many lows did I have this month", "what was my last reading")
	if rs[0].Intent != IntentGlucoseSummary {
		t.Fatalf("intent %s", rs[0].Intent)
	}
	wantText(t, rs[0], "3 of 7 readings in range", "2 lows", "very low (below 3.0 mmol/L): 1", "2 highs")
	wantText(t, rs[1], "Your last reading was 6.1 mmol/L")
}

func TestGoalOfTheTypeAsked(t *testing.T) {
	d := newFakeData()
	d.goals = GoalProgress{Goals: []Goal{
		{Name: "Lose 6 kg", Type: "lose_weight", Current: 81.6, Target: 78, Unit: "kg", Percent: 40, HasProgress: true},
		{Name: "HbA1c below 7 %", Type: "hba1c", Current: 7.9, Target: 7, Unit: "%", Percent: 44, HasProgress: true},
	}}
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "how is my weight goal going", "progress on my hba1c target", "am I meeting my budget goal")
	wantText(t, rs[0], "weight goal", "81.6 kg", "40% of the way")
	dontWant(t, rs[0], "HbA1c")
	wantText(t, rs[1], "HbA1c goal", "7.9 %")
	wantText(t, rs[2], "You have no food budget goal")
}

func fakeCatalogue() []CatalogFood {
	return []CatalogFood{
		{Key: "beef", Name: "Beef stew", Category: "meat_poultry", Per100g: Nutrients{ProteinG: 20}},
		{Key: "beans", Name: "Beans, boiled", Category: "legumes_nuts", Per100g: Nutrients{ProteinG: 8.7}, PriceUGXPerKg: 4000},
		{Key: "beans-dry", Name: "Beans, dry", Category: "legumes_nuts", Per100g: Nutrients{ProteinG: 22}, PriceUGXPerKg: 4500},
		{Key: "mukene", Name: "Silverfish (mukene)", Category: "fish", Per100g: Nutrients{ProteinG: 60}, PriceUGXPerKg: 9000},
		{Key: "chicken", Name: "Chicken", Category: "meat_poultry", Per100g: Nutrients{ProteinG: 25}, PriceUGXPerKg: 15000},
		{Key: "posho", Name: "Posho", Category: "staples", Per100g: Nutrients{CarbsG: 23, EnergyKcal: 110}, GI: 71, PriceUGXPerKg: 2500},
		{Key: "cassava", Name: "Cassava", Category: "staples", Per100g: Nutrients{CarbsG: 36, EnergyKcal: 160}, GI: 46, PriceUGXPerKg: 1000},
		{Key: "dodo", Name: "Dodo (amaranth leaves)", Category: "vegetables", Per100g: Nutrients{IronMg: 2.3}},
		{Key: "nakati", Name: "Nakati leaves", Category: "vegetables", Per100g: Nutrients{IronMg: 4.1}},
		{Key: "cabbage", Name: "Cabbage", Category: "vegetables", Per100g: Nutrients{IronMg: 9}},
	}
}

func TestListsNameFoodsAndTheirNumbers(t *testing.T) {
	d := newFakeData()
	d.catalogue = fakeCatalogue()
	a := newTestAssistant(t, d)
	rs, _ := chat(t, a, "which protein foods are cheapest", "starches with the lowest glycaemic load", "leafy greens with the most iron")
	wantText(t, rs[0], "1. Silverfish (mukene): UGX 1,500 per 100 g of protein (UGX 9,000/kg, 60 g protein per 100 g)", "2. Beans, dry: UGX 2,045")
	dontWant(t, rs[0], "Beans, boiled") // one form of a food
	wantText(t, rs[1], "1. Posho: glycaemic load 16", "2. Cassava: glycaemic load 17")
	wantText(t, rs[2], "1. Nakati leaves: 4.1 mg iron", "2. Dodo")
	dontWant(t, rs[2], "Cabbage")
}

func TestCheaperAlternativeToAnUnpricedFood(t *testing.T) {
	d := newFakeData()
	d.catalogue = fakeCatalogue()
	a := newTestAssistant(t, d)
	// the fake has no alternatives for chicken: the catalogue gives them
	d.catalogue = append(d.catalogue, CatalogFood{Key: "egg", Name: "Egg", Category: "eggs_dairy", Per100g: Nutrients{ProteinG: 12.6}})
	rs, _ := chat(t, a, "cheaper alternative to egg")
	wantText(t, rs[0], "The market price of Egg is not known", "Silverfish (mukene): about UGX 9,000/kg")
}

func TestFoodPriceOrNotKnown(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "price of beans", "what is the price of eggs")
	wantText(t, rs[0], "about UGX 4,000 per kg")
	wantText(t, rs[1], "market price of Egg is not known")
	dontWant(t, rs[1], "UGX 0")
}

func TestLugandaBloodSugarIsNotTableSugar(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	for _, q := range []string{"ssukaali wange ali waggulu nnyo", "sukari yangu iko juu sana"} {
		rs, _ := chat(t, a, q)
		if rs[0].Safety == SafetyNone {
			t.Errorf("%q: no safety answer: %s", q, rs[0].Text)
		}
		dontWant(t, rs[0], "teaspoon of Sugar")
	}
	rs, _ := chat(t, a, "sukari katika chai")
	dontWant(t, rs[0], "0 g of sugars")
}

func TestNotUnderstoodOffersExamples(t *testing.T) {
	a := newTestAssistant(t, newFakeData())
	rs, _ := chat(t, a, "qwzx plomb trk", "can you book me a taxi")
	for _, r := range rs {
		wantText(t, r, "did not understand", "I can help with", "Try for example")
	}
}

// TestIntentRulesAreATable keeps the classifier a table: every rule is named once.
func TestIntentRulesAreATable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range intentRules {
		if r.name == "" || seen[r.name] || r.match == nil {
			t.Errorf("rule %q: empty, repeated or without a function", r.name)
		}
		seen[r.name] = true
	}
}
