package recommend

import (
	"slices"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/internal/money"
)

func TestGlucoseConditionNeverGetsHighGIOrGL(t *testing.T) {
	foods := append(fixtureFoods(), randomFoods(250, 42)...)
	model := trainedTestModel(t)
	for _, d := range []DiabetesType{DiabetesType1, DiabetesType2, DiabetesPrediabetes, DiabetesGestational} {
		for _, meal := range []MealType{MealBreakfast, MealLunch, MealDinner, MealSnack} {
			for _, m := range []*Model{nil, model} {
				user := UserContext{UserID: "u", Diabetes: d, Goal: GoalLoseWeight, EnergyTargetKcal: 1800,
					RecentCounts: map[string]int{"food-001": 5, "food-004": 5}, // enough history for the model
					Feedback:     map[string]Feedback{"food-010": {Accepted: 3}}}
				res := Rank(Request{User: user, MealType: meal, Foods: foods, Limit: len(foods)}, DefaultRules(), m)
				if len(res.Recommendations) == 0 {
					t.Fatalf("%s %s: nothing recommended", d, meal)
				}
				for _, r := range res.Recommendations {
					f := foodByKey(foods, r.FoodKey)
					if f.GI != nil && *f.GI >= 70 {
						t.Errorf("%s %s: %s with GI %.0f recommended (cap: GI ≥ 70 is high)", d, meal, f.Key, *f.GI)
					}
					if gl, ok := f.GL(); ok && gl >= 20 {
						t.Errorf("%s %s: %s with GL %.1f recommended (cap: GL ≥ 20 is high)", d, meal, f.Key, gl)
					}
					if f.GI == nil && f.CarbsG >= 20 {
						t.Errorf("%s %s: %s with unknown GI and %.0f g carbohydrate recommended", d, meal, f.Key, f.CarbsG)
					}
				}
			}
		}
	}
}

func TestHardCapsNameTheReason(t *testing.T) {
	foods := fixtureFoods()
	user := UserContext{Diabetes: DiabetesType2, Goal: GoalGlucoseControl}
	for _, tc := range []struct {
		meal   MealType
		key    string
		reason string
		text   string
	}{
		// White rice, boiled: GI 73 (Atkinson 2008) is high.
		{MealLunch, "white-rice", ReasonGICap, "GI 73 is high (≥ 70)"},
		// Millet porridge: GI 67 is only medium, but 67 × 35 g ÷ 100 = GL 23.5 per serving is high.
		{MealBreakfast, "millet-porridge", ReasonGLCap, "GL 23.5 per serving is high (≥ 20)"},
		// Cassava: GI unknown, 38 g carbohydrate could give GL up to 38.
		{MealLunch, "cassava", ReasonUnknownGIHiCarb, "GI not known and 38 g carbohydrate per serving could give a high GL"},
	} {
		res := Rank(Request{User: user, MealType: tc.meal, Foods: foods, Limit: 50}, DefaultRules(), nil)
		i := slices.IndexFunc(res.Excluded, func(e Exclusion) bool { return e.FoodKey == tc.key })
		if i < 0 {
			t.Errorf("%s not excluded for type 2 diabetes", tc.key)
			continue
		}
		if e := res.Excluded[i]; e.Reason != tc.reason || e.Text != tc.text {
			t.Errorf("%s excluded as %q %q, want %q %q", tc.key, e.Reason, e.Text, tc.reason, tc.text)
		}
	}
	// Without a glucose condition the same foods are allowed, only scored.
	res := Rank(Request{User: UserContext{Diabetes: DiabetesNone, Goal: GoalMaintainWeight}, MealType: MealLunch,
		Foods: foods, Limit: 50}, DefaultRules(), nil)
	for _, key := range []string{"white-rice", "cassava"} {
		if !slices.ContainsFunc(res.Recommendations, func(r Recommendation) bool { return r.FoodKey == key }) {
			t.Errorf("%s should be allowed without a glucose condition", key)
		}
	}
}

func TestDislikedFoodsNeverAppear(t *testing.T) {
	foods := append(fixtureFoods(), randomFoods(100, 3)...)
	for _, tc := range []struct {
		name     string
		user     UserContext
		disliked []string
	}{
		{"no diabetes", UserContext{Goal: GoalMaintainWeight}, []string{"kidney-beans", "greens", "food-002"}},
		{"type 2, accepted before", UserContext{Diabetes: DiabetesType2, Goal: GoalLoseWeight,
			Feedback: map[string]Feedback{"lentils": {Accepted: 9}}}, []string{"lentils", "tilapia"}},
		{"gain weight, eaten often", UserContext{Goal: GoalGainWeight,
			RecentCounts: map[string]int{"sweet-potato": 10}}, []string{"sweet-potato"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.user.Disliked = tc.disliked
			for _, meal := range []MealType{MealBreakfast, MealLunch, MealDinner, MealSnack} {
				res := Rank(Request{User: tc.user, MealType: meal, Foods: foods, Limit: 500}, DefaultRules(), trainedTestModel(t))
				for _, r := range res.Recommendations {
					if slices.Contains(tc.disliked, r.FoodKey) {
						t.Errorf("%s: disliked %s recommended", meal, r.FoodKey)
					}
				}
			}
		})
	}
}

func TestOverBudgetFoodsExcludedOrPenalised(t *testing.T) {
	foods := fixtureFoods()
	user := UserContext{Goal: GoalMaintainWeight, BudgetLeftUGX: ptr[int64](2300)}
	res := Rank(Request{User: user, MealType: MealLunch, Foods: foods, Limit: 50}, DefaultRules(), nil)
	for _, r := range res.Recommendations {
		if r.PriceKnown && r.EstimatedCostUGX > 2300 {
			t.Errorf("%s costs %s, over the UGX 2,300 left", r.FoodKey, money.UGX(r.EstimatedCostUGX))
		}
	}
	i := slices.IndexFunc(res.Excluded, func(e Exclusion) bool { return e.FoodKey == "tilapia" })
	if i < 0 || res.Excluded[i].Reason != ReasonOverBudget ||
		res.Excluded[i].Text != "UGX 3,000 per serving is more than the UGX 2,300 left today" {
		t.Fatalf("tilapia (UGX 3,000) not excluded as over budget: %+v", res.Excluded)
	}
	// An unknown price is not excluded.
	if !slices.ContainsFunc(res.Recommendations, func(r Recommendation) bool { return r.FoodKey == "groundnut-sauce" }) {
		t.Error("food with unknown price was dropped")
	}

	// Penalise instead of exclude: the food stays but at a fifth of its rule score.
	rules := DefaultRules()
	rules.PenaliseOverBudget = true
	rich := Rank(Request{User: UserContext{Goal: GoalMaintainWeight, BudgetLeftUGX: ptr[int64](5000)},
		MealType: MealLunch, Foods: foods, Limit: 50}, rules, nil)
	poor := Rank(Request{User: user, MealType: MealLunch, Foods: foods, Limit: 50}, rules, nil)
	richPos, richT := findRec(rich, "tilapia")
	poorPos, poorT := findRec(poor, "tilapia")
	if richT == nil || poorT == nil {
		t.Fatal("tilapia missing in penalise mode")
	}
	if poorPos <= richPos || poorPos != len(poor.Recommendations)-1 {
		t.Errorf("over-budget tilapia at rank %d of %d (was %d when affordable)", poorPos+1, len(poor.Recommendations), richPos+1)
	}
	if poorT.Score > 0.2*1.0001 {
		t.Errorf("over-budget score %.3f, want ≤ 0.2", poorT.Score)
	}
}

func findRec(res Result, key string) (int, *Recommendation) {
	for i := range res.Recommendations {
		if res.Recommendations[i].FoodKey == key {
			return i, &res.Recommendations[i]
		}
	}
	return -1, nil
}

func factor(r *Recommendation, name string) (Factor, bool) {
	for _, f := range r.Factors {
		if f.Name == name {
			return f, true
		}
	}
	return Factor{}, false
}

func TestExplanationNumbersEqualInputData(t *testing.T) {
	foods := fixtureFoods()
	beans := foodByKey(foods, "kidney-beans")
	user := UserContext{Diabetes: DiabetesType2, Goal: GoalGlucoseControl, EnergyTargetKcal: 1800,
		BudgetLeftUGX: ptr[int64](2300), RecentCounts: map[string]int{"kidney-beans": 2}}
	res := Rank(Request{User: user, MealType: MealLunch, Foods: foods, Limit: 50}, DefaultRules(), nil)
	_, r := findRec(res, "kidney-beans")
	if r == nil {
		t.Fatal("kidney beans not recommended")
	}
	for _, tc := range []struct {
		name  string
		value float64
		text  string
	}{
		{"gi", *beans.GI, "GI 24 (low)"},
		{"gl", 24 * 24.0 / 100, "GL 5.8 per serving (low)"}, // GL = GI × carbs ÷ 100 = 5.76
		{"fibre", beans.FibreG, "7.9 g fibre per serving"},
		{"sugars", beans.SugarsG, "0.5 g sugars per serving"},
		{"protein", beans.ProteinG, "13 g protein per serving"},
		{"budget", float64(*beans.PriceUGX), "UGX 600 per serving, within the UGX 2,300 left today"},
		{"energy_fit", beans.EnergyKcal, "171 kcal, within the 630 kcal that fit this lunch"},
		{"variety", 2, "eaten 2 times recently"},
	} {
		f, ok := factor(r, tc.name)
		if !ok {
			t.Errorf("factor %s missing", tc.name)
			continue
		}
		if f.Value != tc.value || f.Text != tc.text {
			t.Errorf("factor %s = %v %q, want %v %q", tc.name, f.Value, f.Text, tc.value, tc.text)
		}
	}
	if r.EstimatedCostUGX != 600 || !r.PriceKnown || r.ServingGrams != 150 {
		t.Errorf("cost %d known=%v serving %v, want 600 true 150", r.EstimatedCostUGX, r.PriceKnown, r.ServingGrams)
	}
	for _, want := range []string{"GI 24 (low)", "GL 5.8 per serving (low)"} {
		if !strings.Contains(r.Reasoning, want) {
			t.Errorf("reasoning %q lacks %q", r.Reasoning, want)
		}
	}
	if r.Type != TypeRuleBased || r.ModelVersion != "" {
		t.Errorf("type %q version %q, want rule_based without a model", r.Type, r.ModelVersion)
	}
}

func TestReasoningForBudgetUserNamesPrice(t *testing.T) {
	all := fixtureFoods()
	foods := []Food{foodByKey(all, "banana"), foodByKey(all, "apple"), foodByKey(all, "milk")}
	user := UserContext{Goal: GoalMaintainWeight, BudgetLeftUGX: ptr[int64](2300)}
	res := Rank(Request{User: user, MealType: MealSnack, Foods: foods, Limit: 1}, DefaultRules(), nil)
	r := res.Recommendations[0]
	// Banana: the cheapest snack (UGX 300), GI 51.
	if r.FoodKey != "banana" || !strings.Contains(r.Reasoning, "UGX 300 per serving, within the UGX 2,300 left today") {
		t.Errorf("top snack %s: %q", r.FoodKey, r.Reasoning)
	}
}

func TestRulesFollowTheGoal(t *testing.T) {
	foods := []Food{
		// Same serving weight; different energy density.
		fixtureFood("light", "vegetable", ptr(40.0), 200, 10, 4, 4, 1, 2, 50, ptr[int64](500)),
		fixtureFood("dense", "snack", ptr(40.0), 200, 60, 4, 8, 25, 2, 50, ptr[int64](500)),
	}
	top := func(goal Goal) string {
		res := Rank(Request{User: UserContext{Goal: goal, EnergyTargetKcal: 2200}, MealType: MealLunch, Foods: foods},
			DefaultRules(), nil)
		return res.Recommendations[0].FoodKey
	}
	if got := top(GoalLoseWeight); got != "light" {
		t.Errorf("lose weight: top %s, want light", got)
	}
	if got := top(GoalGainWeight); got != "dense" {
		t.Errorf("gain weight: top %s, want dense", got)
	}
}

func TestRuleFeedbackLowersRejectedFood(t *testing.T) {
	foods := fixtureFoods()
	user := UserContext{Diabetes: DiabetesType2, Goal: GoalGlucoseControl}
	before := Rank(Request{User: user, MealType: MealLunch, Foods: foods, Limit: 50}, DefaultRules(), nil)
	user.Feedback = map[string]Feedback{"kidney-beans": {Rejected: 3}}
	after := Rank(Request{User: user, MealType: MealLunch, Foods: foods, Limit: 50}, DefaultRules(), nil)
	b, recBefore := findRec(before, "kidney-beans")
	a, rec := findRec(after, "kidney-beans")
	if b != 0 || a <= b || rec.Score >= recBefore.Score {
		t.Fatalf("kidney beans rank %d (%.3f) before, %d (%.3f) after three rejections",
			b+1, recBefore.Score, a+1, rec.Score)
	}
	if !strings.Contains(rec.Reasoning, "you turned it down 3 times before") {
		t.Errorf("reasoning does not mention the rejections: %q", rec.Reasoning)
	}
}

func TestMealSuggestionPairsStarchWithProtein(t *testing.T) {
	foods := fixtureFoods()
	res := Rank(Request{User: UserContext{Goal: GoalMaintainWeight}, MealType: MealLunch, Foods: foods, Limit: 50},
		DefaultRules(), nil)
	_, r := findRec(res, "white-rice")
	if r == nil {
		t.Fatal("white rice missing")
	}
	want := "Lunch: 1 serving (150 g) of white-rice, 189 kcal, 42 g carbohydrate; pair it with "
	if !strings.HasPrefix(r.MealSuggestion, want) {
		t.Errorf("meal suggestion %q, want prefix %q", r.MealSuggestion, want)
	}
}

func TestConfidenceInRange(t *testing.T) {
	foods := randomFoods(120, 9)
	m := trainedTestModel(t)
	for _, user := range []UserContext{
		{Goal: GoalMaintainWeight},
		{Diabetes: DiabetesType1, Goal: GoalGlucoseControl, BudgetLeftUGX: ptr[int64](1000), EnergyTargetKcal: 2000,
			RecentCounts: map[string]int{"food-003": 20}},
	} {
		res := Rank(Request{User: user, MealType: MealDinner, Foods: foods, Limit: 200}, DefaultRules(), m)
		for _, r := range res.Recommendations {
			if r.Confidence <= 0 || r.Confidence > 1 || r.Score < 0 || r.Score > 1 {
				t.Errorf("%s: confidence %.3f score %.3f out of range", r.FoodKey, r.Confidence, r.Score)
			}
		}
	}
}

// Sugars the food table does not report are "not known": they are not scored as 0 g
// (which would earn full marks), the explanation says so, and the rule score is the
// one without a sugars factor.
func TestUnknownSugarsAreNotScoredAsZero(t *testing.T) {
	user := UserContext{UserID: "u", Diabetes: DiabetesType2, Goal: GoalLoseWeight, EnergyTargetKcal: 1800}
	base := Food{Key: "banana", Name: "Banana", Category: "fruits", ServingGrams: 100, EnergyKcal: 89, CarbsG: 20,
		FibreG: 2.6, ProteinG: 1.1, FatG: 0.3}
	known0, unknown := base, base
	unknown.SugarsUnknown = true
	r := DefaultRules()
	fk, fu := r.factors(known0, user, MealSnack), r.factors(unknown, user, MealSnack)
	sugars := func(fs []Factor) Factor {
		for _, f := range fs {
			if f.Name == "sugars" {
				return f
			}
		}
		t.Fatal("no sugars factor")
		return Factor{}
	}
	if k := sugars(fk); k.Score != 1 || k.Weight == 0 {
		t.Fatalf("0 g known sugars: %+v", k)
	}
	u := sugars(fu)
	if u.Weight != 0 || !strings.Contains(u.Text, "not known") || strings.Contains(u.Text, "0 g") {
		t.Errorf("unknown sugars: %+v", u)
	}
	without := slices.DeleteFunc(slices.Clone(fk), func(f Factor) bool { return f.Name == "sugars" })
	if got, want := ruleScore(fu), ruleScore(without); got != want {
		t.Errorf("rule score with unknown sugars %.4f, want %.4f (as if no sugars factor)", got, want)
	}
	if ruleScore(fu) >= ruleScore(fk) {
		t.Errorf("unknown sugars score %.4f, not below known 0 g %.4f: unknown counted as 0", ruleScore(fu), ruleScore(fk))
	}
}
