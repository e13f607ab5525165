package recommend

import (
	"math"
	"slices"

	"github.com/zoe-nutritech/zoe/internal/money"
)

// Rules are the thresholds of the rule engine. DefaultRules gives the values
// this package is tested with; the zero value is not useful.
type Rules struct {
	// GICap: users with a glucose condition never get a food with GI ≥ GICap.
	// 70 is where "high GI" starts (International Tables of Glycemic Index,
	// Atkinson et al., Diabetes Care 2008; docs/CLINICAL.md).
	GICap float64
	// GLCap: nor a serving with glycaemic load ≥ GLCap; 20 is where "high GL"
	// starts (same source).
	GLCap float64
	// UnknownGIAssumed is the GI assumed, for the GL cap only, when a food's GI
	// is not known. 100 (glucose itself) is the worst case, so an unknown-GI
	// serving with ≥ GLCap g of available carbohydrate is excluded for users
	// with a glucose condition.
	UnknownGIAssumed float64
	// PenaliseOverBudget keeps foods that cost more than what is left of
	// today's budget, multiplying their score by OverBudgetFactor, instead of
	// excluding them.
	PenaliseOverBudget bool
	OverBudgetFactor   float64
	// MinUserEvents is the history (logs + answers) a user needs before the
	// learned model is used; below it recommendations are rule-based.
	MinUserEvents int
	// FullModelEvents is the history at which the model reaches MaxModelWeight
	// in the blend; the weight grows linearly up to it.
	FullModelEvents int
	MaxModelWeight  float64
}

// DefaultRules returns the rule thresholds the app uses.
func DefaultRules() Rules {
	return Rules{
		GICap:            70,
		GLCap:            20,
		UnknownGIAssumed: 100,
		OverBudgetFactor: 0.2,
		MinUserEvents:    5,
		FullModelEvents:  30,
		MaxModelWeight:   0.6,
	}
}

// Glycaemic bands (Atkinson et al., Diabetes Care 2008; docs/CLINICAL.md):
// GI low ≤ 55, medium 56–69, high ≥ 70; GL low ≤ 10, medium 11–19, high ≥ 20.
const (
	giLowMax  = 55
	giHighMin = 70
	glLowMax  = 10
	glHighMin = 20
	// Daily GL: low < 80, high > 120 (same source).
	dayGLLow  = 80
	dayGLHigh = 120
)

// Other published figures used by the soft scores.
const (
	// WHO: adults ≥ 25 g dietary fibre a day; a third of it per main meal.
	fibreDailyG = 25.0
	// WHO: free sugars < 10 % of energy, at 4 kcal/g (Atwater).
	sugarsEnergyShare = 0.10
	kcalPerGCarb      = 4.0
	// WHO: sodium < 2,000 mg a day.
	sodiumDailyMg = 2000.0
	// Reference intake used when the user has no energy target (the 2,000 kcal
	// adult reference of Codex nutrition labelling).
	referenceEnergyKcal = 2000.0
	// About 25–30 g of protein per meal helps satiety and muscle protein
	// synthesis (Paddon-Jones & Rasmussen, Curr Opin Clin Nutr Metab Care 2009).
	proteinPerMealG = 25.0
	// Energy density: WCRF/AICR (2007) call foods above about 225–275 kcal/100 g
	// energy-dense and advise diets averaging ≤ 125 kcal/100 g.
	energyDensityLow  = 1.25
	energyDensityHigh = 2.75
)

// mealEnergyShare splits the day's energy across meals. A conventional split,
// not a clinical threshold.
var mealEnergyShare = map[MealType]float64{
	MealBreakfast: 0.25,
	MealLunch:     0.35,
	MealDinner:    0.30,
	MealSnack:     0.10,
}

func mealShare(m MealType) float64 {
	if s, ok := mealEnergyShare[m]; ok {
		return s
	}
	return 1.0 / 3
}

// exclude applies the hard rules. It returns the exclusion and true when the
// food must not be offered; over-budget foods are only excluded when the rules
// say so (otherwise the caller penalises them).
func (r Rules) exclude(f Food, u UserContext, meal MealType) (Exclusion, bool) {
	ex := func(reason, text string) (Exclusion, bool) {
		return Exclusion{FoodKey: f.Key, Reason: reason, Text: text}, true
	}
	if slices.Contains(u.Disliked, f.Key) {
		return ex(ReasonDisliked, "you said you do not like it")
	}
	if !f.SuitsMeal(meal) {
		return ex(ReasonMealType, "not a "+string(meal)+" food")
	}
	if u.Diabetes.HasGlucoseCondition() {
		if f.GI != nil && *f.GI >= r.GICap {
			return ex(ReasonGICap, "GI "+formatWhole(*f.GI)+" is high (≥ "+formatWhole(r.GICap)+")")
		}
		if gl, ok := f.GL(); ok && gl >= r.GLCap {
			return ex(ReasonGLCap, "GL "+formatOne(gl)+" per serving is high (≥ "+formatWhole(r.GLCap)+")")
		}
		if f.GI == nil && f.GLPerServing == nil && r.UnknownGIAssumed*f.CarbsG/100 >= r.GLCap {
			return ex(ReasonUnknownGIHiCarb, "GI not known and "+formatOne(f.CarbsG)+
				" g carbohydrate per serving could give a high GL")
		}
	}
	if r.overBudget(f, u) && !r.PenaliseOverBudget {
		return ex(ReasonOverBudget, money.UGX(*f.PriceUGX)+" per serving is more than the "+
			money.UGX(*u.BudgetLeftUGX)+" left today")
	}
	return Exclusion{}, false
}

func (r Rules) overBudget(f Food, u UserContext) bool {
	return u.BudgetLeftUGX != nil && f.PriceUGX != nil && *f.PriceUGX > *u.BudgetLeftUGX
}

// factors computes the soft rule factors for one food. Weights depend on the
// user's condition and goal; a factor that does not apply is left out.
func (r Rules) factors(f Food, u UserContext, meal MealType) []Factor {
	glucose := u.GlucoseFocus()
	lose := u.Goal == GoalLoseWeight
	gain := u.Goal == GoalGainWeight
	pick := func(glucoseW, loseW, gainW, otherW float64) float64 {
		w := otherW
		if lose {
			w = max(w, loseW)
		}
		if gain {
			w = max(w, gainW)
		}
		if glucose {
			w = max(w, glucoseW)
		}
		return w
	}
	out := make([]Factor, 0, 12)

	// Glycaemic index.
	if f.GI != nil {
		gi := *f.GI
		band, score := glycaemicBand(gi, giLowMax, giHighMin)
		out = append(out, Factor{Name: "gi", Value: gi, Score: score, Weight: pick(3, 0.5, 0.5, 0.5),
			Text: "GI " + formatWhole(gi) + " (" + band + ")"})
	} else {
		out = append(out, Factor{Name: "gi", Score: 0.4, Weight: pick(1, 0.25, 0.25, 0.25),
			Text: "GI not known"})
	}

	// Glycaemic load of the serving, and of the day with it.
	if gl, ok := f.GL(); ok {
		band, score := glycaemicBand(gl, glLowMax, glHighMin)
		out = append(out, Factor{Name: "gl", Value: gl, Score: score, Weight: pick(3, 0.5, 0.5, 0.5),
			Text: "GL " + formatOne(gl) + " per serving (" + band + ")"})
		if glucose {
			day := u.Today.GL + gl
			out = append(out, Factor{Name: "day_gl", Value: day, Weight: 1,
				Score: clamp01((dayGLHigh - day) / (dayGLHigh - dayGLLow)),
				Text:  "today's GL would reach " + formatWhole(day) + " (low < 80, high > 120)"})
		}
	}

	// Fibre: a third of the WHO 25 g a day per meal is full marks.
	perMealFibre := fibreDailyG / 3
	out = append(out, Factor{Name: "fibre", Value: f.FibreG, Weight: pick(2, 1.5, 1, 1),
		Score: clamp01(f.FibreG / perMealFibre),
		Text:  formatOne(f.FibreG) + " g fibre per serving"})

	// Sugars against this meal's share of the WHO free-sugars limit. Only total
	// sugars are known, so intrinsic sugars (fruit, milk) count too: cautious.
	target := u.EnergyTargetKcal
	if target <= 0 {
		target = referenceEnergyKcal
	}
	dailySugarsG := sugarsEnergyShare * target / kcalPerGCarb
	if f.SugarsUnknown {
		// Not known is not zero: no score either way (weight 0), and the reason says so.
		out = append(out, Factor{Name: "sugars", Weight: 0, Score: 0,
			Text: "sugars not known (the food table does not report them)"})
	} else {
		sugarsText := formatOne(f.SugarsG) + " g sugars per serving"
		if left := dailySugarsG - u.Today.SugarsG; f.SugarsG > left {
			sugarsText += ", more than the " + formatOne(max(left, 0)) + " g left under the WHO limit today"
		}
		out = append(out, Factor{Name: "sugars", Value: f.SugarsG, Weight: pick(2, 1, 0.5, 0.5),
			Score: clamp01(1 - f.SugarsG/(dailySugarsG*mealShare(meal))),
			Text:  sugarsText})
	}

	// Energy density: low is good for weight loss, high for weight gain.
	if ed := f.EnergyDensity(); (lose || gain) && f.ServingGrams > 0 {
		band := "medium"
		switch {
		case ed <= energyDensityLow:
			band = "low"
		case ed >= energyDensityHigh:
			band = "high"
		}
		score := clamp01((energyDensityHigh - ed) / (energyDensityHigh - energyDensityLow))
		if gain {
			score = 1 - score
		}
		out = append(out, Factor{Name: "energy_density", Value: ed, Weight: 2, Score: score,
			Text: formatWhole(ed*100) + " kcal per 100 g (" + band + " energy density)"})
	}

	// Protein per serving.
	out = append(out, Factor{Name: "protein", Value: f.ProteinG, Weight: pick(1, 1.5, 1.5, 1),
		Score: clamp01(f.ProteinG / proteinPerMealG),
		Text:  formatOne(f.ProteinG) + " g protein per serving"})

	// Energy of the serving against this meal's share of the day's target.
	if u.EnergyTargetKcal > 0 {
		out = append(out, energyFit(f, u, meal, lose, gain))
	}

	// Sodium against this meal's share of the WHO daily limit.
	sodiumText := formatWhole(f.SodiumMg) + " mg sodium"
	if left := sodiumDailyMg - u.Today.SodiumMg; f.SodiumMg > left {
		sodiumText += ", more than the " + formatWhole(max(left, 0)) + " mg left under the WHO 2,000 mg daily limit"
	}
	out = append(out, Factor{Name: "sodium", Value: f.SodiumMg, Weight: 0.5,
		Score: clamp01(1 - f.SodiumMg/(sodiumDailyMg*mealShare(meal))),
		Text:  sodiumText})

	// Price against what is left of today's budget.
	if u.BudgetLeftUGX != nil {
		left := *u.BudgetLeftUGX
		switch {
		case f.PriceUGX == nil:
			out = append(out, Factor{Name: "budget", Weight: 1.5, Score: 0.5, Text: "price not known"})
		case *f.PriceUGX > left:
			out = append(out, Factor{Name: "budget", Value: float64(*f.PriceUGX), Weight: 1.5, Score: 0,
				Text: money.UGX(*f.PriceUGX) + " per serving, more than the " + money.UGX(left) + " left today"})
		default:
			score := 1.0
			if left > 0 {
				score = 1 - float64(*f.PriceUGX)/float64(left)
			}
			out = append(out, Factor{Name: "budget", Value: float64(*f.PriceUGX), Weight: 1.5, Score: score,
				Text: money.UGX(*f.PriceUGX) + " per serving, within the " + money.UGX(left) + " left today"})
		}
	}

	// Variety: foods eaten often lately score lower.
	recent := u.RecentCounts[f.Key]
	varietyText := "not eaten recently"
	if recent > 0 {
		varietyText = "eaten " + plural(recent, "time", "times") + " recently"
	}
	out = append(out, Factor{Name: "variety", Value: float64(recent), Weight: 0.75,
		Score: 1 / (1 + 0.5*float64(recent)), Text: varietyText})

	// Explicit answers to earlier recommendations of this food.
	// The weight grows with the number of answers: three "no"s say more than one.
	if fb := u.Feedback[f.Key]; fb.Accepted+fb.Rejected > 0 {
		n := fb.Accepted + fb.Rejected
		out = append(out, Factor{Name: "feedback", Value: float64(fb.Accepted - fb.Rejected),
			Weight: 1 + 0.6*float64(min(n, 5)),
			Score:  (float64(fb.Accepted) + 0.5) / float64(n+1),
			Text:   feedbackText(fb)})
	}
	return out
}

func energyFit(f Food, u UserContext, meal MealType, lose, gain bool) Factor {
	ideal := mealShare(meal) * u.EnergyTargetKcal
	left := u.EnergyTargetKcal - u.Today.EnergyKcal
	kcal := formatWhole(f.EnergyKcal) + " kcal"
	fc := Factor{Name: "energy_fit", Value: f.EnergyKcal, Weight: 1}
	if lose {
		fc.Weight = 1.5
	}
	if left < ideal {
		ideal = left
	}
	if ideal <= 0 {
		fc.Text = kcal + ", and today's " + formatWhole(u.EnergyTargetKcal) + " kcal target is already reached"
		return fc
	}
	diff := (f.EnergyKcal - ideal) / ideal
	// One food is usually part of a meal, so coming in under the meal's share
	// is fine, except when the goal is to gain weight.
	switch {
	case diff > 0 && lose:
		fc.Score = clamp01(1 - 1.5*diff) // going over hurts more when losing weight
	case diff > 0:
		fc.Score = clamp01(1 - diff)
	case gain:
		fc.Score = 0.5 + 0.5*f.EnergyKcal/ideal
	default:
		fc.Score = 1
	}
	switch {
	case math.Abs(diff) <= 0.2:
		fc.Text = kcal + ", close to the " + formatWhole(ideal) + " kcal that fit this " + string(meal)
	case diff > 0:
		fc.Text = kcal + ", more than the " + formatWhole(ideal) + " kcal that fit this " + string(meal)
	default:
		fc.Text = kcal + ", within the " + formatWhole(ideal) + " kcal that fit this " + string(meal)
	}
	return fc
}

func feedbackText(fb Feedback) string {
	switch {
	case fb.Rejected == 0:
		return "you accepted it " + plural(fb.Accepted, "time", "times") + " before"
	case fb.Accepted == 0:
		return "you turned it down " + plural(fb.Rejected, "time", "times") + " before"
	}
	return "you accepted it " + plural(fb.Accepted, "time", "times") +
		" and turned it down " + plural(fb.Rejected, "time", "times")
}

// ruleScore is the weighted mean of the factor scores, in [0, 1].
func ruleScore(fs []Factor) float64 {
	var sum, wsum float64
	for _, f := range fs {
		sum += f.Weight * f.Score
		wsum += f.Weight
	}
	if wsum == 0 {
		return 0
	}
	return sum / wsum
}

func clamp01(x float64) float64 {
	switch {
	case x < 0 || math.IsNaN(x):
		return 0
	case x > 1:
		return 1
	}
	return x
}

// glycaemicBand is the band of a glycaemic index or load and its score: low (≤ lowMax)
// scores 1, high (≥ highMin) 0, medium between them 0.5.
func glycaemicBand(v, lowMax, highMin float64) (band string, score float64) {
	switch {
	case v <= lowMax:
		return "low", 1
	case v >= highMin:
		return "high", 0
	}
	return "medium", 0.5
}
