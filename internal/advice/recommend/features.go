package recommend

import "math"

// The learned model sees food features, interactions of the user's condition
// and goal with them, and a summary of the user's own history. Scales keep
// every feature near [0, 1] so one L2 penalty suits them all.

// userHistory summarises a user's logs and answers by category.
type userHistory struct {
	catPositive map[string]float64 // accepted + logged, per category
	catNegative map[string]float64 // rejected, per category
	catLogs     map[string]float64 // logged, per category
	totalLogs   float64
}

// summariseHistory groups the user's history by category; categoryOf maps a
// food key to its category ("" when unknown: that history is left out).
func summariseHistory(u UserContext, categoryOf func(string) string) userHistory {
	h := userHistory{
		catPositive: map[string]float64{},
		catNegative: map[string]float64{},
		catLogs:     map[string]float64{},
	}
	for key, n := range u.RecentCounts {
		if c := categoryOf(key); c != "" {
			h.catPositive[c] += float64(n)
			h.catLogs[c] += float64(n)
			h.totalLogs += float64(n)
		}
	}
	for key, fb := range u.Feedback {
		if c := categoryOf(key); c != "" {
			h.catPositive[c] += float64(fb.Accepted)
			h.catNegative[c] += float64(fb.Rejected)
		}
	}
	return h
}

type featureInput struct {
	food    Food
	user    UserContext
	history *userHistory
}

type featureDef struct {
	name  string
	value func(in *featureInput) float64
}

// imputedGI stands in for an unknown GI (the middle of the medium band); the
// gi_unknown feature lets the model learn how unknown-GI foods actually fare.
const imputedGI = 62

func giOf(f Food) float64 {
	if f.GI != nil {
		return *f.GI
	}
	return imputedGI
}

// imputedSugarsShare stands in for sugars the food table does not report: a
// quarter of the serving's carbohydrate, mid-way between staples (about 5 %) and
// fruit or milk (70–90 %). The sugars_unknown feature lets the model learn how
// such foods actually fare, so "not known" is never read as 0 g.
const imputedSugarsShare = 0.25

func sugarsOf(f Food) float64 {
	if f.SugarsUnknown {
		return imputedSugarsShare * f.CarbsG
	}
	return f.SugarsG
}

func glOf(f Food) float64 {
	if gl, ok := f.GL(); ok {
		return gl
	}
	return imputedGI * f.CarbsG / 100
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// smoothedRate is a Laplace-smoothed acceptance rate centred on 0:
// (pos + 1) / (pos + neg + 2) − 0.5, so "no history" is 0.
func smoothedRate(pos, neg float64) float64 {
	return (pos+1)/(pos+neg+2) - 0.5
}

// featureRegistry lists every feature a model file may name. Names are part of
// the model file format: rename one and old files stop loading (by design).
var featureRegistry = []featureDef{
	{"gi", func(in *featureInput) float64 { return giOf(in.food) / 100 }},
	{"gi_unknown", func(in *featureInput) float64 { return boolf(in.food.GI == nil) }},
	{"gl_per_serving", func(in *featureInput) float64 { return glOf(in.food) / 20 }},
	{"fibre_g", func(in *featureInput) float64 { return in.food.FibreG / 10 }},
	{"sugars_g", func(in *featureInput) float64 { return sugarsOf(in.food) / 20 }},
	{"sugars_unknown", func(in *featureInput) float64 { return boolf(in.food.SugarsUnknown) }},
	{"protein_g", func(in *featureInput) float64 { return in.food.ProteinG / 25 }},
	{"energy_density", func(in *featureInput) float64 { return in.food.EnergyDensity() / 4 }},
	{"sodium_mg", func(in *featureInput) float64 { return in.food.SodiumMg / 1000 }},
	{"price_share_of_budget_left", priceShare},
	{"price_unknown", func(in *featureInput) float64 { return boolf(in.food.PriceUGX == nil) }},
	{"glucose_focus_x_gi", func(in *featureInput) float64 {
		return boolf(in.user.GlucoseFocus()) * giOf(in.food) / 100
	}},
	{"glucose_focus_x_gl", func(in *featureInput) float64 {
		return boolf(in.user.GlucoseFocus()) * glOf(in.food) / 20
	}},
	{"glucose_focus_x_sugars", func(in *featureInput) float64 {
		return boolf(in.user.GlucoseFocus()) * sugarsOf(in.food) / 20
	}},
	{"glucose_focus_x_fibre", func(in *featureInput) float64 {
		return boolf(in.user.GlucoseFocus()) * in.food.FibreG / 10
	}},
	{"lose_weight_x_energy_density", func(in *featureInput) float64 {
		return boolf(in.user.Goal == GoalLoseWeight) * in.food.EnergyDensity() / 4
	}},
	{"lose_weight_x_protein", func(in *featureInput) float64 {
		return boolf(in.user.Goal == GoalLoseWeight) * in.food.ProteinG / 25
	}},
	{"gain_weight_x_energy_density", func(in *featureInput) float64 {
		return boolf(in.user.Goal == GoalGainWeight) * in.food.EnergyDensity() / 4
	}},
	{"user_food_acceptance", func(in *featureInput) float64 {
		fb := in.user.Feedback[in.food.Key]
		return smoothedRate(float64(fb.Accepted), float64(fb.Rejected))
	}},
	{"user_food_rejections", func(in *featureInput) float64 {
		return math.Log1p(float64(in.user.Feedback[in.food.Key].Rejected))
	}},
	{"user_food_recent_logs", func(in *featureInput) float64 {
		return math.Log1p(float64(in.user.RecentCounts[in.food.Key]))
	}},
	{"user_category_acceptance", func(in *featureInput) float64 {
		c := in.food.Category
		return smoothedRate(in.history.catPositive[c], in.history.catNegative[c])
	}},
	{"user_category_log_share", func(in *featureInput) float64 {
		if in.history.totalLogs == 0 {
			return 0
		}
		return in.history.catLogs[in.food.Category] / in.history.totalLogs
	}},
}

func priceShare(in *featureInput) float64 {
	if in.food.PriceUGX == nil || in.user.BudgetLeftUGX == nil {
		return 0
	}
	left := float64(*in.user.BudgetLeftUGX)
	if left <= 0 {
		return 2
	}
	return math.Min(float64(*in.food.PriceUGX)/left, 2)
}

// FeatureNames lists every feature the model can use, in vector order.
func FeatureNames() []string {
	names := make([]string, len(featureRegistry))
	for i, d := range featureRegistry {
		names[i] = d.name
	}
	return names
}

func featureIndex(name string) int {
	for i, d := range featureRegistry {
		if d.name == name {
			return i
		}
	}
	return -1
}

// featureVector computes every registered feature for one (user, food) pair.
func featureVector(food Food, user UserContext, h *userHistory, dst []float64) []float64 {
	in := featureInput{food: food, user: user, history: h}
	dst = dst[:0]
	for _, d := range featureRegistry {
		dst = append(dst, d.value(&in))
	}
	return dst
}
