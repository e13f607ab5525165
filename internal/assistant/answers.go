package assistant

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/money"
)

// Glycaemic index bands (glucose = 100): low ≤ 55, medium 56–69, high ≥ 70;
// glycaemic load per portion: low ≤ 10, medium 11–19, high ≥ 20
// (International Tables of Glycemic Index, Atkinson et al., Diabetes Care 2008).
func giBand(gi int) string {
	switch {
	case gi <= 55:
		return "low"
	case gi < 70:
		return "medium"
	default:
		return "high"
	}
}

func glBand(gl float64) string {
	switch {
	case gl <= 10:
		return "low"
	case gl < 20:
		return "medium"
	default:
		return "high"
	}
}

// GlycaemicLoad = GI × available carbohydrate in the portion (g) ÷ 100.
func GlycaemicLoad(gi int, carbsG float64) float64 { return float64(gi) * carbsG / 100 }

// maxFoodsPerAnswer bounds the Data calls one message can cause.
const maxFoodsPerAnswer = 3

// foods returns the food keys a question is about: those named in the
// message, else those of the previous turns.
func (t *turn) foods() []string {
	if keys := t.p.FoodKeys(); len(keys) > 0 {
		return keys
	}
	return t.st.Foods
}

func (t *turn) quantityFor(key string) *Quantity {
	for _, f := range t.p.Foods {
		if f.Key == key && f.Quantity != nil {
			return f.Quantity
		}
	}
	return nil
}

// facts fetches a food; found is false (with a nil error) when Data has no
// such food.
func (t *turn) facts(key string) (FoodFacts, bool, error) {
	f, err := t.a.data.FoodFacts(t.ctx, key)
	if isNotFound(err) {
		return FoodFacts{}, false, nil
	}
	if err != nil {
		return FoodFacts{}, false, dataErr("food facts "+key, err)
	}
	if f.Key == "" {
		f.Key = key
	}
	return f, true, nil
}

// portion converts a quantity to grams for a food. Without a quantity it uses
// the food's first household measure, else 100 g.
func portion(q *Quantity, f FoodFacts) (grams float64, label string, ok bool) {
	if q == nil {
		if len(f.Measures) > 0 && f.Measures[0].Grams > 0 {
			m := f.Measures[0]
			label = m.Label
			if label == "" {
				label = "1 " + m.Unit
			}
			return m.Grams, label, true
		}
		return 100, "100 g", true
	}
	switch q.Unit {
	case "g":
		return q.Amount, fmtAmount(q.Amount) + " g", true
	case "ml":
		// drinks and sauces: about 1 g per ml
		return q.Amount, fmtAmount(q.Amount) + " ml", true
	}
	label = fmtAmount(q.Amount) + " " + plural(q.Unit, q.Amount)
	if g, ok := f.MeasureGrams(q.Unit); ok {
		return g * q.Amount, label, true
	}
	return 0, label, false
}

func (t *turn) nutritionFact(next *ConversationState) (Reply, error) {
	return t.eachFood(next, "Which food? For example: \"carbs in 2 fingers of matooke\".", "I don't have nutrition data for %s yet.",
		func(key string, f FoodFacts) string { return t.describe(f, t.quantityFor(key)) },
		"is it good for diabetes?", "cheaper alternative?")
}

// eachFood answers a question about each food the message names (up to
// maxFoodsPerAnswer): ask when it names none, missing (with the food's name) for a food
// without data, answer for the others, one paragraph a food.
func (t *turn) eachFood(next *ConversationState, ask, missing string, answer func(key string, f FoodFacts) string, suggestions ...string) (Reply, error) {
	keys := t.foods()
	if t.p.Nutrient == "sugar" && len(keys) > 1 {
		// "sugar in mango": the sugar is the nutrient, not a second food
		kept := keys[:0:0]
		for _, k := range keys {
			if k != "sugar" {
				kept = append(kept, k)
			}
		}
		keys = kept
	}
	if len(keys) == 0 {
		next.Awaiting = SlotFood
		return Reply{Text: ask}, nil
	}
	var parts []string
	for _, key := range keys[:min(len(keys), maxFoodsPerAnswer)] {
		f, found, err := t.facts(key)
		if err != nil {
			return Reply{}, err
		}
		if !found {
			parts = append(parts, fmt.Sprintf(missing, key))
			continue
		}
		parts = append(parts, answer(key, f))
	}
	return Reply{Text: strings.Join(parts, "\n\n"), Suggestions: suggestions}, nil
}

// describe writes the nutrition of one portion of a food.
func (t *turn) describe(f FoodFacts, q *Quantity) string {
	var b strings.Builder
	per := f.Per100g
	if t.p.per100 && (q == nil || q.Unit == "g") {
		q = &Quantity{Amount: 100, Unit: "g"}
	}
	grams, label, ok := portion(q, f)
	if !ok {
		fmt.Fprintf(&b, "I don't know how much %s of %s weighs, so here it is per 100 g. ", label, f.DisplayName())
		grams, label = 100, "100 g"
	}
	scale := grams / 100
	subject := label + " of " + f.DisplayName()
	if label != fmtAmount(grams)+" g" && label != fmtAmount(grams)+" ml" {
		subject += fmt.Sprintf(" (about %s g)", fmtAmount(math.Round(grams)))
	}
	all := []string{
		fmtAmount(per.CarbsG*scale) + " g carbohydrate",
		fmtAmount(math.Round(per.EnergyKcal*scale)) + " kcal",
		fmtAmount(per.ProteinG*scale) + " g protein",
		fmtAmount(per.FatG*scale) + " g fat",
		fmtAmount(per.FibreG*scale) + " g fibre",
	}
	micro := func(v float64, unit, name string) string {
		if v <= 0 {
			return name + " not reported in the food table"
		}
		return fmtAmount(v*scale) + " " + unit + " " + name
	}
	sugars := "sugars not known (the food table does not report them)"
	if per.SugarsKnown {
		sugars = fmtAmount(per.SugarsG*scale) + " g of sugars"
	}
	focus := map[string]string{
		"carbs":     fmtAmount(per.CarbsG*scale) + " g of carbohydrate",
		"calories":  fmtAmount(math.Round(per.EnergyKcal*scale)) + " kcal",
		"protein":   fmtAmount(per.ProteinG*scale) + " g of protein",
		"fat":       fmtAmount(per.FatG*scale) + " g of fat",
		"fibre":     fmtAmount(per.FibreG*scale) + " g of fibre",
		"sugar":     sugars,
		"iron":      micro(per.IronMg, "mg", "iron"),
		"calcium":   micro(per.CalciumMg, "mg", "calcium"),
		"vitc":      micro(per.VitaminCMg, "mg", "vitamin C"),
		"potassium": micro(per.PotassiumMg, "mg", "potassium"),
		"sodium":    fmtAmount(per.SodiumMg*scale) + " mg of sodium",
		"salt":      fmtAmount(per.SodiumMg*scale) + " mg of sodium",
	}
	general := strings.Join([]string{micro(per.IronMg, "mg", "iron"), micro(per.CalciumMg, "mg", "calcium"),
		micro(per.VitaminCMg, "mg", "vitamin C"), micro(per.PotassiumMg, "mg", "potassium")}, ", ")
	focus["vitamins"], focus["nutrients"] = general, general
	switch v, ok := focus[t.p.Nutrient]; {
	case t.p.Nutrient == "sugar":
		fmt.Fprintf(&b, "%s: %s. It has %s.", capitalize(subject), v, strings.Join(all[:2], " and "))
	case ok && t.p.Nutrient == "nutrients":
		fmt.Fprintf(&b, "%s: %s. Minerals and vitamins: %s.", capitalize(subject), strings.Join(all, ", "), v)
	case ok:
		fmt.Fprintf(&b, "%s has about %s. In all: %s.", capitalize(subject), v, strings.Join(all, ", "))
	default:
		fmt.Fprintf(&b, "%s: %s.", capitalize(subject), strings.Join(all, ", "))
	}
	switch {
	case f.GI > 0:
		gl := GlycaemicLoad(f.GI, per.CarbsG*scale)
		fmt.Fprintf(&b, " GI %d (%s); glycaemic load of this portion %s (%s).", f.GI, giBand(f.GI), fmtAmount(math.Round(gl)), glBand(gl))
	case t.p.Nutrient == "gi":
		fmt.Fprintf(&b, " The glycaemic index (GI) of %s is not known: no published value in the food table.", f.DisplayName())
	}
	t.grounding = append(t.grounding, b.String())
	return b.String()
}

func (t *turn) compare(next *ConversationState) (Reply, error) {
	keys := t.foods()
	if t.p.FollowUp && len(t.p.FoodKeys()) == 1 && len(t.st.Foods) > 0 && t.st.Foods[0] != keys[0] {
		keys = []string{t.st.Foods[0], keys[0]}
	}
	if len(keys) < 2 {
		next.Awaiting = SlotFood
		return Reply{Text: "Which two foods should I compare? For example: \"posho or brown rice?\""}, nil
	}
	keys = keys[:min(len(keys), maxCompared)]
	next.Foods = keys
	var fs []FoodFacts
	for _, key := range keys {
		f, found, err := t.facts(key)
		if err != nil {
			return Reply{}, err
		}
		if !found {
			return Reply{Text: fmt.Sprintf("I don't have nutrition data for %s yet, so I can't compare.", key)}, nil
		}
		fs = append(fs, f)
	}
	var b strings.Builder
	b.WriteString("Per 100 g:\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "• %s: %s g carbohydrate, %s g fibre, %s g protein, %s kcal", f.DisplayName(),
			fmtAmount(f.Per100g.CarbsG), fmtAmount(f.Per100g.FibreG), fmtAmount(f.Per100g.ProteinG), fmtAmount(math.Round(f.Per100g.EnergyKcal)))
		if f.GI > 0 {
			fmt.Fprintf(&b, ", GI %d (%s)", f.GI, giBand(f.GI))
		}
		if f.PriceUGXPerKg > 0 {
			fmt.Fprintf(&b, ", about %s/kg", FormatUGX(int(f.PriceUGXPerKg)))
		}
		b.WriteString("\n")
	}
	if line := mostOf(fs, t.p.Nutrient); line != "" {
		b.WriteString(line + "\n")
	}
	best, why, found := fs[0], "", false
	for _, f := range fs[1:] {
		w, reason, ok := betterForSugar(best, f)
		if ok {
			best, why, found = w, reason, true
		}
	}
	if found {
		fmt.Fprintf(&b, "For blood sugar, %s is the better choice: %s.", best.DisplayName(), why)
	} else {
		b.WriteString("For blood sugar they are similar: what matters most is the portion size.")
	}
	if a, c := fs[0], fs[1]; len(fs) == 2 && a.PriceUGXPerKg > 0 && c.PriceUGXPerKg > 0 && a.PriceUGXPerKg != c.PriceUGXPerKg {
		fmt.Fprintf(&b, " %s is cheaper.", pick(a.PriceUGXPerKg < c.PriceUGXPerKg, a, c))
	}
	b.WriteString(" Either way, fill half the plate with vegetables and add beans, groundnuts or fish.")
	t.grounding = append(t.grounding, b.String())
	return Reply{Text: b.String()}, nil
}

// betterForSugar picks the kinder of two foods for blood sugar: a clearly lower GI, else
// more fibre, else less carbohydrate; ok is false when they are alike.
func betterForSugar(a, c FoodFacts) (FoodFacts, string, bool) {
	choose := func(first bool) FoodFacts {
		if first {
			return a
		}
		return c
	}
	switch {
	case a.GI > 0 && c.GI > 0 && (abs(a.GI-c.GI) >= 5 || giBand(a.GI) != giBand(c.GI)):
		return choose(a.GI < c.GI), "it has a lower GI, so it raises blood sugar more slowly", true
	case math.Abs(a.Per100g.FibreG-c.Per100g.FibreG) >= 1:
		return choose(a.Per100g.FibreG > c.Per100g.FibreG), "it has more fibre, which slows the rise in blood sugar", true
	case math.Abs(a.Per100g.CarbsG-c.Per100g.CarbsG) >= 5:
		return choose(a.Per100g.CarbsG < c.Per100g.CarbsG), "it has less carbohydrate per 100 g", true
	}
	return a, "", false
}

// maxCompared is how many foods one comparison shows ("beans, peas or groundnuts").
const maxCompared = 4

// comparable are the nutrients a comparison can rank, per 100 g: the value, its unit
// and its name.
var comparable = map[string]struct {
	of         func(n Nutrients) float64
	unit, name string
}{
	"protein":   {func(n Nutrients) float64 { return n.ProteinG }, "g", "protein"},
	"fibre":     {func(n Nutrients) float64 { return n.FibreG }, "g", "fibre"},
	"carbs":     {func(n Nutrients) float64 { return n.CarbsG }, "g", "carbohydrate"},
	"fat":       {func(n Nutrients) float64 { return n.FatG }, "g", "fat"},
	"calories":  {func(n Nutrients) float64 { return n.EnergyKcal }, "kcal", "energy"},
	"iron":      {func(n Nutrients) float64 { return n.IronMg }, "mg", "iron"},
	"calcium":   {func(n Nutrients) float64 { return n.CalciumMg }, "mg", "calcium"},
	"vitc":      {func(n Nutrients) float64 { return n.VitaminCMg }, "mg", "vitamin C"},
	"potassium": {func(n Nutrients) float64 { return n.PotassiumMg }, "mg", "potassium"},
}

// mostOf ranks the compared foods by the nutrient asked about ("which has more iron"),
// most first, each with its figure; a food the table has no figure for is "not reported".
func mostOf(fs []FoodFacts, nutrient string) string {
	c, ok := comparable[nutrient]
	if !ok {
		return ""
	}
	sorted := slices.Clone(fs)
	slices.SortStableFunc(sorted, func(a, b FoodFacts) int { return cmp.Compare(c.of(b.Per100g), c.of(a.Per100g)) })
	var parts []string
	for _, f := range sorted {
		v := c.of(f.Per100g)
		if v <= 0 && c.unit == "mg" {
			parts = append(parts, f.DisplayName()+" not reported")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", f.DisplayName(), fmtAmount(v), c.unit))
	}
	return fmt.Sprintf("Most %s per 100 g: %s.", c.name, strings.Join(parts, ", then "))
}

func pick(first bool, a, b FoodFacts) string {
	if first {
		return a.DisplayName()
	}
	return b.DisplayName()
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func (t *turn) suitability(next *ConversationState) (Reply, error) {
	return t.eachFood(next, "Which food do you want to check? For example: \"is cassava good for diabetes?\"", "I don't have data for %s yet.",
		func(_ string, f FoodFacts) string { return t.judge(f) },
		"cheaper alternative?", "how many carbs in it?")
}

// highSugarsPer100g marks a food as high in sugars: the UK front-of-pack
// threshold for "high" total sugars is more than 22.5 g per 100 g (Department
// of Health, 2016 guidance); 15 g is used here to warn a little earlier for
// people with diabetes.
const highSugarsPer100g = 15

// judge explains how a food fits a diabetes diet: by GI band when the GI is
// known, else by carbohydrate and fibre per 100 g. No food is forbidden;
// the advice is about portion and pairing.
func (t *turn) judge(f FoodFacts) string {
	var b strings.Builder
	name := f.DisplayName()
	per := f.Per100g
	sugary := per.SugarsG >= highSugarsPer100g
	switch {
	case f.GI > 0 && f.GI <= 55 && sugary:
		fmt.Fprintf(&b, "%s has a low GI (%d), but it is high in sugar (%s g per 100 g): keep it to a small portion.", name, f.GI, fmtAmount(per.SugarsG))
	case f.GI > 0 && f.GI <= 55:
		fmt.Fprintf(&b, "Yes, %s is a good choice with diabetes: it has a low GI (%d), so it raises blood sugar slowly.", name, f.GI)
	case f.GI > 0 && f.GI < 70:
		fmt.Fprintf(&b, "%s is fine in moderate portions: it has a medium GI (%d). Eat it with beans, groundnuts or greens to slow the rise in sugar.", name, f.GI)
	case f.GI >= 70:
		fmt.Fprintf(&b, "%s raises blood sugar quickly (high GI, %d). You can still eat it: keep the portion small, "+
			"eat it with beans, fish or greens, and consider swapping part of it for a lower-GI food.", name, f.GI)
	case sugary:
		fmt.Fprintf(&b, "%s is high in sugar (%s g per 100 g): keep it to a small portion, best with a meal.", name, fmtAmount(per.SugarsG))
	case per.CarbsG < 10:
		fmt.Fprintf(&b, "%s is low in carbohydrate (%s g per 100 g), so it has little effect on blood sugar: a good choice.", name, fmtAmount(per.CarbsG))
	case per.FibreG >= 6:
		fmt.Fprintf(&b, "%s is high in fibre (%s g per 100 g), which slows the rise in blood sugar: a good choice in normal portions.", name, fmtAmount(per.FibreG))
	default:
		fmt.Fprintf(&b, "%s has %s g of carbohydrate per 100 g. Count it as part of your meal's starch and keep the portion moderate.", name, fmtAmount(per.CarbsG))
	}
	if grams, label, ok := portion(nil, f); ok && len(f.Measures) > 0 {
		carbs := per.CarbsG * grams / 100
		fmt.Fprintf(&b, " %s (about %s g) has about %s g of carbohydrate", capitalize(label), fmtAmount(math.Round(grams)), fmtAmount(carbs))
		if f.GI > 0 {
			gl := GlycaemicLoad(f.GI, carbs)
			fmt.Fprintf(&b, " (glycaemic load %s, %s)", fmtAmount(math.Round(gl)), glBand(gl))
		}
		b.WriteString(".")
	}
	t.grounding = append(t.grounding, b.String())
	return b.String()
}

// alternativesLimit is how many cheaper foods a reply lists.
const alternativesLimit = 3

func (t *turn) cheaper(next *ConversationState) (Reply, error) {
	keys := t.foods()
	if len(keys) == 0 {
		next.Awaiting = SlotFood
		return Reply{Text: "Cheaper than which food? For example: \"cheaper alternative to beef\"."}, nil
	}
	var parts []string
	for _, key := range keys[:min(len(keys), 2)] {
		f, found, err := t.facts(key)
		if err != nil {
			return Reply{}, err
		}
		name := key
		if found {
			name = f.DisplayName()
		}
		alts, err := t.a.data.CheaperAlternatives(t.ctx, key, alternativesLimit)
		if err != nil && !isNotFound(err) {
			return Reply{}, dataErr("cheaper alternatives "+key, err)
		}
		if len(alts) == 0 && found {
			cat, err := t.a.data.Catalogue(t.ctx)
			if err != nil && !isNotFound(err) {
				return Reply{}, dataErr("catalogue", err)
			}
			for _, c := range catalogueAlternatives(f, cat, "", alternativesLimit) {
				note := "similar role on the plate"
				if proteinFood(c) {
					note = fmt.Sprintf("%s g protein per 100 g, %s per 100 g of protein", fmtAmount(c.Per100g.ProteinG), FormatUGX(roundUGX(protein100Cost(c))))
				}
				alts = append(alts, Alternative{Key: c.Key, Name: displayCatalog(c), PriceUGXPerKg: c.PriceUGXPerKg, Note: note})
			}
		}
		if len(alts) == 0 {
			parts = append(parts, fmt.Sprintf("I couldn't find anything cheaper than %s in current market prices.", name))
			continue
		}
		var b strings.Builder
		if found && f.PriceUGXPerKg > 0 {
			fmt.Fprintf(&b, "Cheaper than %s (about %s/kg):", name, FormatUGX(int(f.PriceUGXPerKg)))
		} else {
			fmt.Fprintf(&b, "The market price of %s is not known, but these foods can take its place at a low price:", name)
		}
		for _, alt := range alts {
			fmt.Fprintf(&b, "\n• %s", alt.Name)
			if alt.PriceUGXPerKg > 0 {
				fmt.Fprintf(&b, ": about %s/kg", FormatUGX(int(alt.PriceUGXPerKg)))
				if found && f.PriceUGXPerKg > alt.PriceUGXPerKg {
					fmt.Fprintf(&b, " (%d%% less)", int(math.Round(100*(1-alt.PriceUGXPerKg/f.PriceUGXPerKg))))
				}
			}
			if alt.Note != "" {
				fmt.Fprintf(&b, ", %s", alt.Note)
			}
		}
		parts = append(parts, b.String())
	}
	text := strings.Join(parts, "\n\n")
	t.grounding = append(t.grounding, text)
	return Reply{Text: text}, nil
}

// budgetOptionsLimit is how many meal ideas a budget reply lists.
const budgetOptionsLimit = 3

func (t *turn) budgetMeal(next *ConversationState) (Reply, error) {
	budget := 0
	if len(t.p.MoneyUGX) > 0 {
		budget = t.p.MoneyUGX[0]
	} else if t.p.FollowUp || t.st.LastIntent == IntentBudgetMeal {
		budget = t.st.BudgetUGX
	}
	meal := t.p.Meal
	if meal == "" && t.p.FollowUp {
		meal = t.st.Meal
	}
	next.Meal = meal
	if budget <= 0 {
		next.Awaiting = SlotBudget
		return Reply{Text: "How much can you spend on this meal? For example: \"3000\" or \"UGX 5,000\".",
			Suggestions: []string{"2000", "3000", "5000"}}, nil
	}
	next.BudgetUGX = budget
	opts, err := t.a.data.FoodsWithinBudget(t.ctx, budget, meal, budgetOptionsLimit)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("foods within budget", err)
	}
	mealText := "a meal"
	if meal != "" {
		mealText = string(meal)
	}
	if len(opts) == 0 {
		return Reply{Text: fmt.Sprintf("I couldn't find %s within %s at current prices. Try a slightly larger amount, or ask for a cheaper alternative to a food you like.", mealText, FormatUGX(budget))}, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Ideas for %s within %s:", mealText, FormatUGX(budget))
	for i, o := range opts {
		fmt.Fprintf(&b, "\n%d. %s: %s", i+1, o.Title, FormatUGX(o.CostUGX))
		if len(o.Foods) > 0 && strings.Join(o.Foods, " + ") != o.Title {
			fmt.Fprintf(&b, " (%s)", strings.Join(o.Foods, ", "))
		}
		if o.Note != "" {
			fmt.Fprintf(&b, ", %s", o.Note)
		}
	}
	t.grounding = append(t.grounding, b.String())
	return Reply{Text: b.String(), Suggestions: []string{"and for dinner?", "log the first one"}}, nil
}

// defaultSummaryRange is used when the user asks about glucose without a range.
var defaultSummaryRange = TimeRange{Kind: LastNDays, Days: 7}

func (t *turn) rangeOr(def TimeRange) TimeRange {
	if t.p.Range != nil {
		return *t.p.Range
	}
	if t.p.FollowUp && t.st.Range != nil {
		return *t.st.Range
	}
	return def
}

func (t *turn) glucoseSummary() (Reply, error) {
	if t.p.Range == nil && !t.p.FollowUp && (t.p.words["latest"] || t.p.words["last"] || t.p.words["recent"]) {
		day := time.Date(t.now.Year(), t.now.Month(), t.now.Day(), 0, 0, 0, 0, t.now.Location())
		rs, err := t.a.data.Readings(t.ctx, Period{From: day.AddDate(0, 0, -90), To: t.now})
		if err != nil && !isNotFound(err) {
			return Reply{}, dataErr("readings", err)
		}
		return Reply{Text: lastReading(rs, t.unit, t.now)}, nil
	}
	r := t.rangeOr(defaultSummaryRange)
	period := r.Period(t.now)
	s, err := t.a.data.GlucoseStats(t.ctx, period)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("glucose stats", err)
	}
	if s.Count == 0 {
		return Reply{Text: fmt.Sprintf("You have no glucose readings %s. Send one like \"sugar 6.2\" and I'll save it.", period.Label)}, nil
	}
	unit := s.Unit
	if unit == "" {
		unit = t.unit
	}
	lo, hi := FormatGlucose(lowMgDL, unit), FormatGlucose(rangeHighMgDL, unit)
	var b strings.Builder
	fmt.Fprintf(&b, "Your glucose %s: average %s from %d %s (lowest %s, highest %s).",
		period.Label, fmtGlucoseIn(s.Mean, unit), s.Count, plural("reading", float64(s.Count)), fmtGlucoseIn(s.Min, unit), fmtGlucoseIn(s.Max, unit))
	fmt.Fprintf(&b, "\n%.0f%% of readings in range (%s to %s), %.0f%% below, %.0f%% above.", s.PctInRange,
		strings.TrimSuffix(lo, " "+string(unit)), hi, s.PctBelow, s.PctAbove)
	// consensus targets: > 70 % in range, < 4 % below 70 mg/dL
	switch {
	case s.PctBelow >= 4:
		b.WriteString("\nMore than 4% of your readings were low: please talk to your clinician about the lows.")
	case s.PctInRange > 70:
		b.WriteString("\nWell done: the target is more than 70% in range.")
	default:
		b.WriteString("\nThe target is more than 70% of readings in range. Smaller starch portions and more vegetables and beans can help.")
	}
	if s.Count < 14 {
		b.WriteString(" (Few readings: treat these figures as a rough guide.)")
	}
	rs, err := t.a.data.Readings(t.ctx, period)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("readings", err)
	}
	if len(rs) > 0 {
		b.WriteString(glucoseCounts(rs, unit))
		b.WriteString(" " + lastReading(rs, unit, t.now))
	}
	return Reply{Text: b.String()}, nil
}

// fmtGlucoseIn shows a value that is already in unit u.
func fmtGlucoseIn(v float64, u GlucoseUnit) string {
	if u == MgPerDL {
		return fmt.Sprintf("%.0f mg/dL", math.Round(v))
	}
	return fmt.Sprintf("%.1f mmol/L", v)
}

func (t *turn) spending() (Reply, error) {
	r := t.rangeOr(TimeRange{Kind: Today})
	if t.p.Range == nil && (t.p.words["budget"] || t.p.words["over"] || t.p.words["left"]) && !t.p.FollowUp {
		r = TimeRange{Kind: ThisMonth} // "how much of my budget is left": the monthly budget
	}
	if r.Kind == InMonth && r.Month == t.now.Month() {
		r = TimeRange{Kind: ThisMonth} // "my budget for November": the month so far, against the monthly budget
	}
	period := r.Period(t.now)
	var s Spending
	var err error
	if t.p.Meal != "" {
		s, err = t.mealSpending(period)
		period.Label = "for " + string(t.p.Meal) + " " + period.Label
	} else {
		s, err = t.a.data.Spending(t.ctx, period)
	}
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("spending", err)
	}
	text := spendingText(s, r, period)
	t.grounding = append(t.grounding, text)
	return Reply{Text: text}, nil
}

func (t *turn) goals() (Reply, error) {
	g, err := t.a.data.GoalProgress(t.ctx)
	if err != nil && !isNotFound(err) {
		return Reply{}, dataErr("goal progress", err)
	}
	if types, label := t.askedGoalTypes(t.p.words); len(types) > 0 {
		var lines []string
		for _, goal := range g.Goals {
			for _, typ := range types {
				if goal.Type == typ {
					lines = append(lines, "Your "+label+" goal: "+goalLine(goal)+".")
				}
			}
		}
		if len(lines) == 0 {
			text := fmt.Sprintf("You have no %s goal: you haven't set one. You can set it on the Goals page.", label)
			if len(g.Goals) > 0 {
				var names []string
				for _, goal := range g.Goals {
					names = append(names, goal.Name)
				}
				text += " Your goals are: " + strings.Join(names, "; ") + "."
			}
			return Reply{Text: text}, nil
		}
		return Reply{Text: strings.Join(lines, "\n")}, nil
	}
	if len(g.Goals) == 0 {
		return Reply{Text: "You haven't set any goals yet. You can set them on the Goals page."}, nil
	}
	onTrack := 0
	var b strings.Builder
	for _, goal := range g.Goals {
		if goal.OnTrack {
			onTrack++
		}
		b.WriteString("\n• " + goalLine(goal))
	}
	head := fmt.Sprintf("You are on track with %d of %d goals:", onTrack, len(g.Goals))
	if onTrack == len(g.Goals) {
		head = "Yes, you are on track with all your goals:"
	}
	return Reply{Text: head + b.String()}, nil
}

// typicalMealHour places a meal logged after the fact at a usual time of day
// (hour, minute) so "I had posho for lunch" sent at 17:00 is logged at 13:00.
var typicalMealHour = map[MealType][2]int{Breakfast: {8, 0}, Lunch: {13, 0}, Snack: {16, 0}, Dinner: {19, 30}}

// mealForHour guesses the meal from the time of day when none is named.
func mealForHour(h int) MealType {
	switch {
	case h >= 5 && h < 11:
		return Breakfast
	case h >= 11 && h < 16:
		return Lunch
	case h >= 16 && h < 18:
		return Snack
	default:
		return Dinner
	}
}

func (t *turn) logMeal(next *ConversationState) (Reply, error) {
	mentions := t.p.Foods
	if len(mentions) == 0 {
		next.Awaiting = SlotFood
		return Reply{Text: "What did you eat? For example: \"2 fingers of matooke and beans for lunch\"."}, nil
	}
	meal := t.p.Meal
	if meal == "" && t.p.FollowUp {
		meal = t.st.Meal
	}
	if meal == "" {
		meal = mealForHour(t.now.Hour())
	}
	day := t.now
	if t.p.Range != nil && t.p.Range.Kind == Yesterday {
		day = t.now.AddDate(0, 0, -1)
	}
	at := t.now
	if hm, ok := typicalMealHour[meal]; ok {
		typical := time.Date(day.Year(), day.Month(), day.Day(), hm[0], hm[1], 0, 0, t.now.Location())
		if typical.Before(t.now) {
			at = typical
		}
	}
	log := &ProposedLog{Meal: meal, At: at}
	var lines []string
	seen := map[string]bool{}
	for _, m := range mentions {
		if seen[m.Key] && m.Quantity == nil {
			continue
		}
		seen[m.Key] = true
		f, found, err := t.facts(m.Key)
		if err != nil {
			return Reply{}, err
		}
		item := LogItem{FoodKey: m.Key, Name: m.Key}
		if found {
			item.Name = f.DisplayName()
		}
		var line string
		switch {
		case m.Quantity != nil && (m.Quantity.Unit == "g" || m.Quantity.Unit == "ml"):
			item.Grams = m.Quantity.Amount
			line = fmt.Sprintf("%s %s of %s", fmtAmount(m.Quantity.Amount), m.Quantity.Unit, item.Name)
		case m.Quantity != nil:
			item.Measure, item.MeasureCount = m.Quantity.Unit, m.Quantity.Amount
			line = fmt.Sprintf("%s %s of %s", fmtAmount(m.Quantity.Amount), plural(m.Quantity.Unit, m.Quantity.Amount), item.Name)
			if g, ok := f.MeasureGrams(m.Quantity.Unit); found && ok {
				item.Grams = round3(g * m.Quantity.Amount)
				line += fmt.Sprintf(" (about %s g)", fmtAmount(math.Round(item.Grams)))
			}
		case found && len(f.Measures) > 0:
			ms := f.Measures[0]
			item.Measure, item.MeasureCount, item.Grams = ms.Unit, 1, ms.Grams
			line = fmt.Sprintf("1 %s of %s (about %s g; change it if you had more)", ms.Unit, item.Name, fmtAmount(math.Round(ms.Grams)))
		default:
			line = item.Name + " (amount not given)"
		}
		log.Items = append(log.Items, item)
		lines = append(lines, "• "+line)
	}
	next.Pending = log
	next.Meal = meal
	when := "today"
	if !sameDay(at, t.now) {
		when = "yesterday"
	}
	text := fmt.Sprintf("Shall I log this as %s %s?\n%s\nReply yes to save or no to cancel.", meal, when, strings.Join(lines, "\n"))
	return Reply{Text: text, Proposed: log, Suggestions: []string{"yes", "no"}}, nil
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func (t *turn) reportGlucose(next *ConversationState) Reply {
	if len(t.p.Glucose) == 0 {
		return Reply{Text: "What was the reading? Send it like \"sugar 6.2\" or \"sugar 110 mg/dL\"."}
	}
	r := t.p.Glucose[0]
	if !readingPlausible(r) {
		return Reply{Text: fmt.Sprintf("%s doesn't look like a glucose reading. Please check the number and unit on your meter and send it again.", r.String())}
	}
	mg := r.MgDL()
	shown := readingText(r, t.unit)
	lo, hi := FormatGlucose(lowMgDL, t.unit), FormatGlucose(rangeHighMgDL, t.unit)
	var text string
	if mg <= rangeHighMgDL {
		text = fmt.Sprintf("%s is in the target range (%s to %s). Well done.", capitalize(shown), strings.TrimSuffix(lo, " "+string(t.unit)), hi)
	} else {
		text = fmt.Sprintf("%s is above the target range (over %s). Drink water and keep to your usual plan. "+
			"If it stays high or goes above %s, contact your clinician.", capitalize(shown), hi, FormatGlucose(veryHighMgDL, t.unit))
	}
	if !r.UnitGiven {
		text += fmt.Sprintf(" (I read %g as %s.)", r.Value, r.Unit)
	}
	pg := &ProposedGlucose{Reading: r, MgDL: round3(mg), At: t.now}
	next.PendingGlucose = pg
	return Reply{Text: text + "\n\nReply yes to save this reading, or no.", ProposedGlucose: pg, Suggestions: []string{"yes", "no"}}
}

func (t *turn) confirm(next *ConversationState) Reply {
	switch {
	case t.st.Pending != nil:
		log := t.st.Pending
		next.Pending = nil
		return Reply{Text: fmt.Sprintf("Saved your %s.", log.Meal), Action: &Action{Kind: ActionLogMeal, Meal: log}}
	case t.st.PendingGlucose != nil:
		g := t.st.PendingGlucose
		next.PendingGlucose = nil
		return Reply{Text: "Saved your reading.", Action: &Action{Kind: ActionLogGlucose, Glucose: g}}
	}
	return Reply{Text: "OK. There is nothing waiting to be saved. Tell me what you ate, e.g. \"posho and beans for lunch\"."}
}

func (t *turn) cancel(next *ConversationState) Reply {
	if t.st.Pending != nil || t.st.PendingGlucose != nil {
		next.Pending, next.PendingGlucose = nil, nil
		return Reply{Text: "OK, I didn't save it."}
	}
	return Reply{Text: "OK."}
}

func (t *turn) greeting() Reply {
	text := "Hello! I can tell you about foods, check your sugar readings and spending, and log meals. What would you like to do?"
	if t.p.Thanks {
		text = "You're welcome! Anything else?"
	}
	return Reply{Text: text, Suggestions: []string{"carbs in 2 fingers of matooke", "my average sugar this week", "lunch with 3000 shillings"}}
}

func helpReply() Reply {
	return Reply{Text: "I can help with foods and their nutrients, your sugar readings, meals, spending and goals; " +
		"for anything else, please ask someone else. You can ask me things like:\n" +
		"• \"How many carbs in 2 fingers of matooke?\"\n" +
		"• \"Posho or brown rice?\" / \"Is cassava good for diabetes?\"\n" +
		"• \"Cheaper alternative to beef\" / \"What can I eat for lunch with 3000 shillings?\"\n" +
		"• \"My average sugar this week\" / \"How much did I spend on food today?\" / \"Am I on track?\"\n" +
		"• \"I had posho and beans for lunch\" (I'll ask you to confirm before saving)\n" +
		"• \"My sugar is 5.6\" to record a reading.\n" +
		"I never suggest insulin or medicine doses: ask your clinician for those.",
		Suggestions: []string{"is matooke good for diabetes", "my average sugar this week"}}
}

func unknownReply() Reply {
	return Reply{Text: "Sorry, I did not understand that, or it is outside what I can help with. I can help with foods, " +
		"your sugar readings, meals, spending and goals. Try for example: \"carbs in 2 cups of rice\", " +
		"\"is cassava good for diabetes\", \"cheapest protein foods\", \"what did I eat yesterday\", " +
		"\"how many lows this month\" or \"help\".",
		Suggestions: []string{"carbs in 2 cups of rice", "what did I eat yesterday", "help"}}
}

// FormatUGX writes an amount the way it is shown in Uganda: "UGX 2,300" (package money).
func FormatUGX(v int) string { return money.UGX(int64(v)) }

// fmtAmount writes a quantity without needless decimals: 2, 0.5, 12.3, 74.
func fmtAmount(v float64) string {
	if v >= 10 || v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", math.Round(v))
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
}

func plural(unit string, n float64) string {
	if n == 1 || n < 1 {
		return unit
	}
	switch {
	case strings.HasSuffix(unit, "y"):
		return unit[:len(unit)-1] + "ies"
	case strings.HasSuffix(unit, "ch") || strings.HasSuffix(unit, "ss") || strings.HasSuffix(unit, "sh"):
		return unit + "es"
	}
	return unit + "s"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
