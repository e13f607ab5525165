package assistant

// features are the facts about one message the intent rules read.
type features struct {
	toks       []token
	words      map[string]bool // canonical words present
	first      string          // first canonical word
	wordCount  int
	p          *Parse
	foods      int  // foods named in this message
	stateFoods int  // foods carried in the conversation
	question   bool // a question mark or a leading question word
	sugarCtx   bool // the message talks about blood glucose
	hasMoney   bool // money amount, explicit or a bare number ≥ 100
	pronoun    bool // it, that, them: refers to earlier foods
	onlyEntity bool // nothing but entities and filler words
}

var questionStarts = map[string]bool{
	"what": true, "how": true, "which": true, "is": true, "are": true, "can": true, "should": true,
	"could": true, "does": true, "do": true, "will": true, "why": true, "when": true, "am": true,
	"would": true, "may": true, "did": true, "was": true, "were": true,
}

// followFiller are words that may surround entities in a follow-up message
// ("and for dinner?", "what about beans then").
var followFiller = map[string]bool{
	"and": true, "what": true, "about": true, "how": true, "for": true, "then": true, "the": true,
	"also": true, "please": true, "ok": true, "now": true, "of": true, "in": true, "at": true,
	"with": true, "is": true, "it": true, "my": true, "a": true, "so": true, "or": true, "only": true,
}

func newFeatures(toks []token, used []bool, p *Parse, st ConversationState, bareMoney bool) *features {
	f := &features{toks: toks, words: map[string]bool{}, p: p, foods: len(p.Foods), stateFoods: len(st.Foods)}
	f.onlyEntity = true
	for i, t := range toks {
		if t.kind == punctToken {
			if t.text == "?" {
				f.question = true
			}
			continue
		}
		f.wordCount++
		f.words[t.text] = true
		if f.first == "" {
			f.first = t.text
		}
		if isGlucoseSugar(toks, i) {
			f.sugarCtx = true
		}
		switch t.text {
		case "it", "that", "them", "those", "these", "this", "they":
			f.pronoun = true
		}
		if !used[i] && !followFiller[t.text] && !nutrientWords[t.text] {
			f.onlyEntity = false
		}
	}
	if questionStarts[f.first] {
		f.question = true
	}
	if f.words["glucose"] || f.words["reading"] || f.words["hba1c"] || (f.words["level"] && f.words["sugar"]) || f.seq("in", "range") {
		f.sugarCtx = true
	}
	f.hasMoney = len(p.MoneyUGX) > 0 || bareMoney
	return f
}

func (f *features) has(ws ...string) bool {
	for _, w := range ws {
		if f.words[w] {
			return true
		}
	}
	return false
}

// seq reports whether the canonical words appear next to each other, in order.
func (f *features) seq(ws ...string) bool {
	var words []string
	for _, t := range f.toks {
		if t.kind != punctToken {
			words = append(words, t.text)
		}
	}
outer:
	for i := 0; i+len(ws) <= len(words); i++ {
		for k, w := range ws {
			if words[i+k] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

// effectiveFoods counts the foods a question is about: those named, or else
// those carried from earlier turns.
func (f *features) effectiveFoods() int {
	if f.foods > 0 {
		return f.foods
	}
	return f.stateFoods
}

// intentRule is one row of the intent table: match looks at the message's
// features and the conversation and, when the rule applies, returns the intent
// and whether it was carried over from the previous turn. Rules are tried in
// order; the first that matches wins, so safety-related rules come first and
// can never be shadowed. A new intent is a new row and a small function.
type intentRule struct {
	name  string
	match func(f *features, st ConversationState) (Intent, bool, bool)
}

// when is a rule that gives intent whenever pred holds (never carried over).
func when(name string, intent Intent, pred func(f *features) bool) intentRule {
	return intentRule{name: name, match: func(f *features, _ ConversationState) (Intent, bool, bool) {
		return intent, false, pred(f)
	}}
}

// intentRules is the classifier, in priority order.
var intentRules = []intentRule{
	// 1. any question about insulin or medicine doses
	when("dose", IntentInsulinDose, asksDose),
	// 2. a glucose value, or "my sugar is low"
	when("glucose value", IntentReportGlucose, reportsGlucose),
	// out of scope ("recommend a good movie"): said so, not read as a meal suggestion
	when("off topic", IntentUnknown, func(f *features) bool {
		return f.foods == 0 && !f.sugarCtx && !f.has("eat", "cook", "drink", "food", "meal") && f.has(offTopicWords...)
	}),
	// lists and rankings over the catalogue ("cheapest protein foods")
	when("food list", IntentFoodList, func(f *features) bool { return (f.foods == 0 || f.onlyFoodClasses()) && rankingOf(f) != "" }),
	// goals named outright ("my weight goal", "progress on my hba1c target")
	when("goal named", IntentGoalProgress, namesGoal),
	// the user's latest HbA1c or weight ("my last hba1c", "how much do I weigh")
	when("health record", IntentMyHealth, asksHealth),
	// 3. the user's glucose over time
	when("glucose summary", IntentGlucoseSummary, asksGlucoseSummary),
	// 4. spending ("spend" with an amount is a budget)
	when("spending", IntentSpending, asksSpending),
	// what the user ate on a day or in a period, and its totals
	when("own meals", IntentMyMeals, asksOwnMeals),
	// 5. goals
	when("goals", IntentGoalProgress, asksGoals),
	// a bare yes or no answers the last proposal, whatever foods the conversation is about
	{name: "short yes/no", match: func(f *features, _ ConversationState) (Intent, bool, bool) {
		if f.foods == 0 && f.wordCount <= 4 && !f.question {
			in, ok := yesNo(f)
			return in, false, ok
		}
		return "", false, false
	}},
	// 6. two foods side by side
	{name: "compare", match: matchCompare},
	// the market price of a food
	when("food price", IntentFoodPrice, asksPrice),
	// 7. something cheaper than a food
	{name: "cheaper", match: matchCheaper},
	// 8. what to eat within a budget (or any meal suggestion)
	{name: "budget meal", match: matchBudgetMeal},
	// 9. is a food suitable with diabetes
	{name: "suitability", match: func(f *features, _ ConversationState) (Intent, bool, bool) {
		return IntentDiabetesSuitability, f.foods == 0, asksSuitability(f)
	}},
	// 10. nutrition facts
	{name: "nutrition fact", match: func(f *features, _ ConversationState) (Intent, bool, bool) {
		return IntentNutritionFact, f.foods == 0, asksFact(f)
	}},
	// 11. logging a meal
	when("log meal", IntentLogMeal, logsMeal),
	// 12. follow-ups carry the previous intent
	{name: "follow-up", match: func(f *features, st ConversationState) (Intent, bool, bool) {
		in, ok := followUp(f, st)
		return in, true, ok
	}},
	// 13. yes / no to a proposal
	{name: "yes/no", match: func(f *features, _ ConversationState) (Intent, bool, bool) {
		if f.foods == 0 && f.wordCount <= 7 {
			in, ok := yesNo(f)
			return in, false, ok
		}
		return "", false, false
	}},
	// 14. greetings and help
	when("help", IntentHelp, func(f *features) bool {
		return f.has("help") || f.seq("what", "can", "you", "do") || f.seq("how", "does", "this", "work") ||
			f.seq("how", "do", "i", "use") || f.seq("who", "are", "you")
	}),
	when("greeting", IntentGreeting, func(f *features) bool {
		return f.has("hi", "thanks", "morning", "afternoon", "evening") && f.wordCount <= 6 && f.foods == 0
	}),
	// 15. a food on its own: tell the user about it
	when("food alone", IntentNutritionFact, func(f *features) bool { return f.foods > 0 }),
}

// classify applies the intent rules in priority order; the first that
// matches wins. It also reports whether the intent was carried over.
func classify(f *features, st ConversationState) (Intent, bool) {
	for _, r := range intentRules {
		if in, carried, ok := r.match(f, st); ok {
			return in, carried
		}
	}
	return IntentUnknown, false
}

// offTopicWords are things patients ask a chat about that ZOE does not help with.
var offTopicWords = []string{"movie", "film", "song", "music", "taxi", "boda", "ticket", "football", "match",
	"weather", "news", "airtime", "bank", "loan", "job", "car", "bus", "game", "joke", "president", "election",
	"church", "story", "poem", "homework", "exam", "marry"}

// foodClassWords name a group of foods rather than one food, though the food
// table also has a row by that name ("which beans or peas have the most protein").
var foodClassWords = map[string]bool{"beans": true, "peas": true, "nuts": true, "greens": true}

// onlyFoodClasses: every food the message names is a group ("beans", "peas") and the
// message asks for a ranking ("which", "most").
func (f *features) onlyFoodClasses() bool {
	if f.foods == 0 || !f.has("which", "most", "rank", "list", "top", "richest", "highest") {
		return false
	}
	for _, m := range f.p.Foods {
		if !foodClassWords[m.Text] {
			return false
		}
	}
	return true
}

func (f *features) summaryCue() bool {
	return f.has("average", "summary", "trend", "stats", "hba1c") || f.p.Range != nil || f.seq("in", "range")
}

func (f *features) eatCue() bool {
	return f.has("eat", "cook", "drink", "food", "meal", "buy", "suggest")
}

func (f *features) statsWord() bool { return f.has("average", "summary", "trend", "stats") }

func asksDose(f *features) bool {
	if f.has("inject") || (f.has("unit") && (f.seq("how", "many") || f.has("should", "take", "need"))) {
		return true
	}
	return f.has("insulin", "medicine") && (f.has("dose", "unit", "inject", "shot", "take", "increase", "lower", "reduce",
		"more", "less", "extra", "skip", "much", "many", "adjust", "change") || f.question)
}

func reportsGlucose(f *features) bool {
	p := f.p
	counting := f.countWord() && (p.Range != nil || f.has("above", "below", "over", "under"))
	if len(p.Glucose) > 0 && !f.statsWord() && !counting {
		return true
	}
	return (f.sugarCtx || f.has("hypo", "hyper")) && (p.Signals.SaysLow || p.Signals.SaysHigh) && p.Range == nil &&
		!f.statsWord() && f.foods == 0 && !f.countWord()
}

// countWord: the message counts readings ("how many lows", "number of highs").
func (f *features) countWord() bool {
	return f.seq("how", "many") || f.has("count", "number", "times", "lows", "highs", "share", "percent", "percentage")
}

func asksGlucoseSummary(f *features) bool {
	if f.foods > 0 || f.has("diabetes") {
		return false
	}
	if f.sugarCtx && (!f.eatCue() || f.summaryCue()) {
		return true
	}
	// "how many lows this month", "did I go very low", "my last reading"
	return f.has("lows", "highs", "hypos") || (f.has("hypo", "low", "high") && (f.countWord() || f.p.Range != nil || f.has("did", "go", "went")))
}

func asksSpending(f *features) bool {
	p := f.p
	if f.foods > 0 {
		return false
	}
	if f.has("spend") && !f.hasMoney {
		return true
	}
	if (f.has("money", "paid", "pay") || (f.has("cost") && f.has("me", "did", "my"))) && (f.seq("how", "much") || p.Range != nil) && !f.hasMoney {
		return true
	}
	if f.has("budget") && f.has("left", "remaining", "remain", "over", "within") {
		return true
	}
	// "how much did I use on food today", "how much money is left for food"
	if f.seq("how", "much") && f.has("food", "money") && (f.has("use", "left", "remaining") && f.has("did", "i", "my")) {
		return true
	}
	return f.has("bill") || (f.has("cost", "money", "paid") && (f.has("my", "i") || f.has("food", "meal")) && p.Range != nil)
}

// asksOwnMeals: "what did I eat yesterday", "my meals on Monday", "total calories I
// had today". Suggestions ("what should I eat") and logs ("I ate posho") are not.
func asksOwnMeals(f *features) bool {
	if f.foods > 0 || f.hasMoney || f.has("should", "can", "could", "suggest", "cheap", "budget") {
		return false
	}
	if f.p.Range != nil && (f.has("total") || f.p.Nutrient != "") && !f.sugarCtx && f.p.Nutrient != "gi" {
		return true // "total carbs yesterday"
	}
	// "my breakfast this morning", "what was my lunch on Tuesday": a meal of mine on a day
	if f.p.Meal != "" && f.has("my") && f.p.Range != nil && !f.has("eat", "cook", "good", "best") {
		return true
	}
	// "chakula cha jana", "food yesterday": a short phrase naming the food of a day
	if f.has("food", "meal", "diary") && f.p.Range != nil && f.wordCount <= 4 && f.p.Nutrient == "" &&
		!f.has("cost", "price", "spend", "money", "good", "best") {
		return true
	}
	ate := f.has("ate", "eat", "had", "have", "drank", "meal", "food", "log", "diary")
	if !ate {
		return false
	}
	asks := f.has("what", "which", "list", "show", "total", "tell") || f.seq("how", "much") || f.seq("how", "many") ||
		f.question || (f.has("my") && f.has("meal", "food", "diary"))
	if f.has("food") && f.has("ate") && f.p.Range != nil {
		return true // "chakula nilikula jana", "emmere gye nnalidde jjo": the food I ate yesterday
	}
	mine := f.has("i", "my", "me", "did", "ate", "drank")
	return asks && mine && (f.p.Range != nil || f.has("did", "total", "meals", "diary") || f.p.Meal != "")
}

// asksHealth: a question about the user's own HbA1c or weight, not a goal and not a value
// being reported ("hba1c 7.5").
func asksHealth(f *features) bool {
	if f.foods > 0 || f.has("goal", "target", "progress", "track") || len(f.p.Glucose) > 0 {
		return false
	}
	asks := f.question || f.has("what", "show", "tell", "last", "latest", "recent", "current", "now") ||
		(f.has("my") && f.wordCount <= 4) // "my weight please"
	if f.has("hba1c") {
		return asks && f.has("my", "i", "me")
	}
	return f.has("weight") && f.has("my", "i") && asks && !f.has("should", "can", "eat", "food")
}

func namesGoal(f *features) bool {
	// "how much more weight do I need to lose", "time in range target"
	if f.has("weight") && f.has("lose", "gain") && f.has("more", "need", "still", "left", "remaining") {
		return true
	}
	if f.has("target", "progress") && (f.seq("time", "in", "range") || f.has("fasting", "hba1c", "weight")) {
		return true
	}
	return f.has("goal") || (f.has("target", "progress") && !f.seq("in", "range") && !f.sugarCtx) ||
		(f.has("target", "progress") && f.has("hba1c", "weight"))
}

func asksGoals(f *features) bool {
	return f.seq("on", "track") || f.has("goal", "target", "progress") || (f.seq("how", "am", "i") && f.has("doing")) || f.seq("am", "i", "doing")
}

func (f *features) compareCue() bool {
	return f.has("or", "vs", "compare", "better", "difference", "between", "healthier", "which", "best")
}

func matchCompare(f *features, _ ConversationState) (Intent, bool, bool) {
	if f.foods >= 2 && f.compareCue() {
		return IntentCompareFoods, false, true
	}
	if f.foods == 1 && f.stateFoods > 0 && f.has("compare", "vs") {
		return IntentCompareFoods, true, true
	}
	return "", false, false
}

// asksPrice: "price of beef", "how much is a kilo of beans" (not "cheaper than").
func asksPrice(f *features) bool {
	priceWord := f.has("price", "cost", "costs") || (f.seq("how", "much") && f.has("market", "shop", "buy", "sell", "kilo"))
	return f.foods > 0 && priceWord && !f.has("cheaper", "cheap", "alternative", "expensive") &&
		!f.hasMoney && !f.has("ate", "had", "log", "spend") && f.p.Nutrient == ""
}

func matchCheaper(f *features, _ ConversationState) (Intent, bool, bool) {
	p := f.p
	priceCue := f.has("cheaper", "alternative", "expensive", "price", "cost") || (f.has("cheap") && !f.hasMoney) ||
		(f.foods > 0 && (f.has("afford") || f.seq("for", "less")))
	healthCue := f.has("diabetes", "healthier", "healthy", "raise", "lower")
	healthOnly := f.has("alternative") && healthCue && !f.has("cheaper", "cheap", "expensive", "price", "cost")
	if !priceCue || healthOnly {
		return "", false, false
	}
	switch {
	case f.foods > 0:
		return IntentCheaperAlternative, false, true
	case (f.has("cheaper", "alternative", "expensive") || f.pronoun) && p.Meal == "" && !f.has("eat", "meal", "food", "cook"):
		// about the foods of the previous turn, or asks which food
		return IntentCheaperAlternative, f.stateFoods > 0, true
	}
	return "", false, false
}

func matchBudgetMeal(f *features, st ConversationState) (Intent, bool, bool) {
	p := f.p
	if f.foods > 0 {
		return "", false, false
	}
	switch {
	case f.hasMoney && (f.eatCue() || p.Meal != "" || f.has("budget", "afford", "what", "cheap", "only", "with", "have")):
		return IntentBudgetMeal, false, true
	case f.has("budget", "afford"):
		return IntentBudgetMeal, false, true
	case f.has("suggest") || (f.has("cheap") && (p.Meal != "" || f.has("meal", "food", "eat"))) ||
		(f.has("what") && f.has("eat", "cook") && (f.has("can", "should") || f.seq("to", "eat") || f.seq("to", "cook"))) ||
		(f.has("what") && p.Meal != "" && f.has("good", "healthy", "best", "cook")):
		return IntentBudgetMeal, false, true
	case st.Awaiting == SlotBudget && f.hasMoney:
		return IntentBudgetMeal, true, true
	}
	return "", false, false
}

func asksSuitability(f *features) bool {
	if f.seq("what", "is", "in") {
		return false // "what is in nakati that is good for me" asks what it contains
	}
	canEat := (f.has("can", "should", "may", "could") && f.has("eat", "have", "drink", "take")) || f.seq("is", "it", "ok")
	return f.effectiveFoods() > 0 && (f.has("diabetes", "safe", "bad", "avoid", "healthy", "healthier", "raise", "lower", "affect") ||
		(f.has("good", "ok") && !f.has("had", "ate", "log")) || canEat) && (f.foods > 0 || f.pronoun) && f.p.Nutrient == ""
}

func asksFact(f *features) bool {
	p := f.p
	factCue := p.Nutrient != "" || f.seq("how", "much") || f.seq("how", "many") || f.has("contain", "nutrients", "value") ||
		f.seq("what", "in") || f.seq("what", "is", "in")
	if f.effectiveFoods() == 0 || !factCue {
		return false
	}
	// "I ate two chapatis, how many carbs?" asks about the food it names
	asks := f.question || f.seq("how", "many") || f.seq("how", "much") || f.has("many") // "carbs mmeka": how many
	return !f.has("ate", "log", "drank", "took") || (f.foods > 0 && asks && p.Nutrient != "")
}

func logsMeal(f *features) bool {
	p := f.p
	negatedHave := f.has("can", "should", "could", "may", "want")
	if f.foods > 0 && (f.has("ate", "drank", "took", "log") || (f.has("had") && !negatedHave) ||
		(f.has("have") && !f.question && !negatedHave) || (p.Meal != "" && !f.question) ||
		(len(p.Quantities) > 0 && !f.question)) {
		return true
	}
	confirmStart := f.first == "yes" || f.first == "ok" || f.first == "correct" || f.first == "confirm" || f.first == "please"
	return f.foods == 0 && f.has("ate", "log") && !f.question && !confirmStart && !f.has("what", "dont", "cancel")
}

// yesNo recognises confirmations and refusals.
func yesNo(f *features) (Intent, bool) {
	switch {
	case f.has("cancel", "dont", "wrong", "delete", "remove") || f.first == "no" || (f.first == "not" && f.wordCount <= 3):
		return IntentCancel, true
	case f.first == "yes" || f.first == "ok" || f.first == "correct" || f.first == "confirm" || f.first == "right" ||
		f.first == "perfect" || f.first == "great" || f.seq("go", "ahead") || (f.has("log") && f.wordCount <= 3) || (f.first == "please" && f.has("log")):
		return IntentConfirm, true
	}
	return "", false
}

// followUp resolves messages that only make sense after the previous turn.
func followUp(f *features, st ConversationState) (Intent, bool) {
	if st.LastIntent == "" {
		return "", false
	}
	p := f.p
	leading := f.first == "and" || f.seq("what", "about") || f.seq("how", "about")
	if !leading && !f.onlyEntity {
		return "", false
	}
	last := st.LastIntent
	switch {
	case f.foods > 0:
		switch last {
		case IntentNutritionFact, IntentDiabetesSuitability, IntentCheaperAlternative, IntentCompareFoods, IntentLogMeal:
			return last, true
		}
		return IntentNutritionFact, true
	case p.Meal != "":
		switch last {
		case IntentBudgetMeal, IntentLogMeal, IntentSpending, IntentMyMeals:
			return last, true
		}
	case p.Range != nil:
		switch last {
		case IntentGlucoseSummary, IntentSpending, IntentGoalProgress, IntentMyMeals:
			return last, true
		}
	case f.hasMoney:
		if last == IntentBudgetMeal || st.Awaiting == SlotBudget {
			return IntentBudgetMeal, true
		}
	case p.Nutrient != "" && f.stateFoods > 0:
		return IntentNutritionFact, true
	}
	return "", false
}
