package recommend

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// ModelSource gives the model in use (nil for rules only). *Registry is one.
type ModelSource interface {
	Current() *Model
}

// Recommender ranks foods with fixed rules and whatever model its source holds.
type Recommender struct {
	Rules  Rules
	Models ModelSource // nil: rules only
}

// NewRecommender returns a recommender with DefaultRules.
func NewRecommender(models ModelSource) *Recommender {
	return &Recommender{Rules: DefaultRules(), Models: models}
}

// Recommend ranks req.Foods for req.User with the current model.
func (r *Recommender) Recommend(req Request) Result {
	var m *Model
	if r.Models != nil {
		m = r.Models.Current()
	}
	return Rank(req, r.Rules, m)
}

type scored struct {
	food      Food
	factors   []Factor
	rule      float64
	prob      float64
	score     float64
	overPrice bool
}

// Rank applies the hard rules, scores what is left, and returns the best
// req.Limit foods, best first (ties by food key). model may be nil; it is used
// only once the user has rules.MinUserEvents logs and answers, and its weight
// in the blend grows with the user's history up to rules.MaxModelWeight.
func Rank(req Request, rules Rules, model *Model) Result {
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	user := req.User
	events := user.historyEvents()
	useModel := model != nil && len(model.cols) > 0 && events >= rules.MinUserEvents
	res := Result{Type: TypeRuleBased}
	var alpha float64
	var hist userHistory
	if useModel {
		alpha = rules.MaxModelWeight * math.Min(1, float64(events)/float64(max(rules.FullModelEvents, 1)))
		res.Type = TypeHybrid
		if alpha > 0.5 {
			res.Type = TypeMLBased
		}
		res.ModelVersion = model.VersionLabel()
		categories := make(map[string]string, len(req.Foods))
		for _, f := range req.Foods {
			categories[f.Key] = f.Category
		}
		hist = summariseHistory(user, func(k string) string { return categories[k] })
	}

	var buf []float64
	cands := make([]scored, 0, len(req.Foods))
	for _, f := range req.Foods {
		if ex, out := rules.exclude(f, user, req.MealType); out {
			res.Excluded = append(res.Excluded, ex)
			continue
		}
		c := scored{food: f, factors: rules.factors(f, user, req.MealType)}
		c.rule = ruleScore(c.factors)
		if rules.overBudget(f, user) {
			c.overPrice = true
			c.rule *= rules.OverBudgetFactor
		}
		c.score = c.rule
		if useModel {
			buf = featureVector(f, user, &hist, buf)
			c.prob = model.predictVector(buf)
			c.score = (1-alpha)*c.rule + alpha*c.prob
		}
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].food.Key < cands[j].food.Key
	})

	top := cands[:min(limit, len(cands))]
	for i := range top {
		c := &top[i]
		sortFactors(c.factors)
		rec := Recommendation{
			FoodKey:      c.food.Key,
			FoodName:     c.food.Name,
			Type:         res.Type,
			Score:        c.score,
			RuleScore:    c.rule,
			Factors:      c.factors,
			ServingGrams: c.food.ServingGrams,
			ModelVersion: res.ModelVersion,
		}
		if c.food.PriceUGX != nil {
			rec.EstimatedCostUGX, rec.PriceKnown = *c.food.PriceUGX, true
		}
		for _, f := range c.factors {
			rec.FeaturesUsed = append(rec.FeaturesUsed, f.Name)
		}
		if useModel {
			rec.ModelProbability = c.prob
			for _, name := range model.Features {
				if !containsString(rec.FeaturesUsed, name) {
					rec.FeaturesUsed = append(rec.FeaturesUsed, name)
				}
			}
		}
		rec.Confidence = confidence(c, user, useModel, events, rules)
		rec.Reasoning = reasoning(c, useModel)
		rec.MealSuggestion = mealSuggestion(c, req.MealType, cands, user, rules)
		res.Recommendations = append(res.Recommendations, rec)
	}
	return res
}

// sortFactors orders factors by contribution (weight × score), strongest first.
func sortFactors(fs []Factor) {
	sort.SliceStable(fs, func(i, j int) bool {
		return fs[i].Weight*fs[i].Score > fs[j].Weight*fs[j].Score
	})
}

// reasoning names the strongest reasons for the food with their numbers, the
// strongest reason against it if there is a clear one, and the model's view.
func reasoning(c *scored, useModel bool) string {
	var parts []string
	for _, f := range c.factors {
		if f.Score >= 0.5 && len(parts) < 3 {
			parts = append(parts, f.Text)
		}
	}
	if len(parts) == 0 && len(c.factors) > 0 {
		parts = append(parts, c.factors[0].Text)
	}
	var caution *Factor
	for i := range c.factors {
		f := &c.factors[i]
		if f.Score < 0.35 && f.Weight >= 1 && (caution == nil || f.Weight*(1-f.Score) > caution.Weight*(1-caution.Score)) {
			caution = f
		}
	}
	s := strings.Join(parts, "; ")
	if caution != nil && !containsString(parts, caution.Text) {
		s += "; but " + caution.Text
	}
	if useModel {
		pct := strconv.Itoa(int(math.Round(c.prob * 100)))
		switch {
		case c.prob >= 0.6:
			s += "; close to what you usually choose (" + pct + " % match)"
		case c.prob < 0.4:
			s += "; unlike what you usually choose (" + pct + " % match)"
		default:
			s += "; " + pct + " % match with your past choices"
		}
	}
	return s
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// confidence is 0–1: how complete the food's data is, times how settled the
// verdict is. Rules alone top out at 0.8; the model adds confidence as the
// user's history grows and when it agrees with the rules.
func confidence(c *scored, u UserContext, useModel bool, events int, rules Rules) float64 {
	complete := 1.0
	if c.food.GI == nil {
		complete -= 0.25
		if u.GlucoseFocus() {
			complete -= 0.1
		}
	}
	if c.food.PriceUGX == nil && u.BudgetLeftUGX != nil {
		complete -= 0.15
	}
	if c.food.ServingGrams <= 0 {
		complete -= 0.1
	}
	if !useModel {
		margin := math.Abs(c.rule-0.5) * 2
		return clamp01(complete * (0.55 + 0.25*margin))
	}
	agreement := 1 - math.Abs(c.rule-c.prob)
	data := math.Min(1, float64(events)/float64(max(rules.FullModelEvents, 1)))
	return clamp01(complete * (0.55 + 0.2*agreement + 0.25*data))
}

// mealSuggestion says how much to eat and, for a starchy serving short of
// fibre and protein, what to pair it with from the other recommended foods.
func mealSuggestion(c *scored, meal MealType, ranked []scored, u UserContext, rules Rules) string {
	f := c.food
	var b strings.Builder
	if meal != "" {
		m := string(meal)
		b.WriteString(strings.ToUpper(m[:1]) + m[1:] + ": ")
	}
	b.WriteString("1 serving")
	if f.ServingGrams > 0 {
		b.WriteString(" (" + formatWhole(f.ServingGrams) + " g)")
	}
	b.WriteString(" of " + nameOr(f) + ", " + formatWhole(f.EnergyKcal) + " kcal, " +
		formatOne(f.CarbsG) + " g carbohydrate")
	if f.CarbsG < 30 || f.FibreG >= 5 || f.ProteinG >= 10 {
		return b.String()
	}
	gl, _ := f.GL()
	for i := range ranked {
		p := ranked[i].food
		if p.Key == f.Key || p.Category == f.Category || (p.FibreG < 4 && p.ProteinG < 10) {
			continue
		}
		if u.Diabetes.HasGlucoseCondition() {
			if pgl, ok := p.GL(); !ok || gl+pgl >= rules.GLCap {
				continue
			}
		}
		if u.BudgetLeftUGX != nil && f.PriceUGX != nil && p.PriceUGX != nil &&
			*f.PriceUGX+*p.PriceUGX > *u.BudgetLeftUGX {
			continue
		}
		b.WriteString("; pair it with " + nameOr(p) + " for fibre and protein")
		break
	}
	return b.String()
}

func nameOr(f Food) string {
	if f.Name != "" {
		return f.Name
	}
	return f.Key
}
