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
	"would": true, "may": true,
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

// classify applies the intent rules in priority order; the first that
// matches wins. Safety-related intents come first so they can never be
// shadowed. It also reports whether the intent was carried over.
func classify(f *features, st ConversationState) (Intent, bool) {
	p := f.p
	summaryCue := f.has("average", "summary", "trend", "stats", "hba1c") || p.Range != nil || f.seq("in", "range")
	eatCue := f.has("eat", "cook", "drink", "food", "meal", "buy", "suggest")

	// 1. any question about insulin or medicine doses
	if f.has("inject") || (f.has("unit") && (f.seq("how", "many") || f.has("should", "take", "need"))) {
		return IntentInsulinDose, false
	}
	if f.has("insulin", "medicine") && (f.has("dose", "unit", "inject", "shot", "take", "increase", "lower", "reduce", "more", "less", "extra", "skip", "much", "many", "adjust", "change") || f.question) {
		return IntentInsulinDose, false
	}
	// 2. a glucose value, or "my sugar is low"
	if len(p.Glucose) > 0 && !f.has("average", "summary", "trend", "stats") {
		return IntentReportGlucose, false
	}
	if (f.sugarCtx || f.has("hypo", "hyper")) && (p.Signals.SaysLow || p.Signals.SaysHigh) && p.Range == nil && !f.has("average", "summary", "trend", "stats") && f.foods == 0 {
		return IntentReportGlucose, false
	}
	// 3. the user's glucose over time
	if f.sugarCtx && f.foods == 0 && (!eatCue || summaryCue) && !f.has("diabetes") {
		return IntentGlucoseSummary, false
	}
	// 4. spending ("spend" with an amount is a budget)
	if f.has("spend") && !f.hasMoney && f.foods == 0 {
		return IntentSpending, false
	}
	if ((f.has("money", "paid", "pay") || (f.has("cost") && f.has("me", "did"))) && (f.seq("how", "much") || p.Range != nil) && f.foods == 0 && !f.hasMoney) || f.seq("food", "bill") {
		return IntentSpending, false
	}
	// 5. goals
	if f.seq("on", "track") || f.has("goal", "target", "progress") || (f.seq("how", "am", "i") && f.has("doing")) || f.seq("am", "i", "doing") {
		return IntentGoalProgress, false
	}
	// a bare yes or no answers the last proposal, whatever foods the
	// conversation is about
	if f.foods == 0 && f.wordCount <= 4 && !f.question {
		if in, ok := yesNo(f); ok {
			return in, false
		}
	}
	compareCue := f.has("or", "vs", "compare", "better", "difference", "between", "healthier", "which", "best")
	// 6. two foods side by side
	if f.foods >= 2 && compareCue {
		return IntentCompareFoods, false
	}
	if f.foods == 1 && f.stateFoods > 0 && f.has("compare", "vs") {
		return IntentCompareFoods, true
	}
	priceCue := f.has("cheaper", "alternative", "expensive", "price", "cost") || (f.has("cheap") && !f.hasMoney)
	healthCue := f.has("diabetes", "healthier", "healthy", "raise", "lower")
	// 7. something cheaper than a food
	healthOnly := f.has("alternative") && healthCue && !f.has("cheaper", "cheap", "expensive", "price", "cost")
	if priceCue && !healthOnly {
		switch {
		case f.foods > 0:
			return IntentCheaperAlternative, false
		case (f.has("cheaper", "alternative", "expensive") || f.pronoun) && p.Meal == "" && !f.has("eat", "meal", "food", "cook"):
			// about the foods of the previous turn, or asks which food
			return IntentCheaperAlternative, f.stateFoods > 0
		}
	}
	// 8. what to eat within a budget (or any meal suggestion)
	if f.hasMoney && (eatCue || p.Meal != "" || f.has("budget", "afford", "what", "cheap", "only", "with", "have")) && f.foods == 0 {
		return IntentBudgetMeal, false
	}
	if f.has("budget", "afford") && f.foods == 0 {
		return IntentBudgetMeal, false
	}
	if f.foods == 0 && (f.has("suggest") || (f.has("cheap") && (p.Meal != "" || f.has("meal", "food", "eat"))) ||
		(f.has("what") && f.has("eat", "cook") && (f.has("can", "should") || f.seq("to", "eat") || f.seq("to", "cook"))) ||
		(f.has("what") && p.Meal != "" && f.has("good", "healthy", "best", "cook"))) {
		return IntentBudgetMeal, false
	}
	if f.foods == 0 && st.Awaiting == SlotBudget && f.hasMoney {
		return IntentBudgetMeal, true
	}
	// 9. is a food suitable with diabetes
	canEat := (f.has("can", "should", "may", "could") && f.has("eat", "have", "drink", "take")) || f.seq("is", "it", "ok")
	if f.effectiveFoods() > 0 && (f.has("diabetes", "safe", "bad", "avoid", "healthy", "healthier", "raise", "lower", "affect") ||
		(f.has("good", "ok") && !f.has("had", "ate", "log")) || canEat) && (f.foods > 0 || f.pronoun) {
		return IntentDiabetesSuitability, f.foods == 0
	}
	// 10. nutrition facts
	factCue := p.Nutrient != "" || f.seq("how", "much") || f.seq("how", "many") || f.has("contain", "nutrients", "value") || f.seq("what", "in")
	if f.effectiveFoods() > 0 && factCue && !f.has("ate", "log", "drank", "took") {
		return IntentNutritionFact, f.foods == 0
	}
	// 11. logging a meal
	negatedHave := f.has("can", "should", "could", "may", "want")
	if f.foods > 0 && (f.has("ate", "drank", "took", "log") || (f.has("had") && !negatedHave) ||
		(f.has("have") && !f.question && !negatedHave) || (p.Meal != "" && !f.question) ||
		(len(p.Quantities) > 0 && !f.question)) {
		return IntentLogMeal, false
	}
	confirmStart := f.first == "yes" || f.first == "ok" || f.first == "correct" || f.first == "confirm" || f.first == "please"
	if f.foods == 0 && f.has("ate", "log") && !f.question && !confirmStart && !f.has("what", "dont", "cancel") {
		return IntentLogMeal, false
	}
	// 12. follow-ups carry the previous intent
	if in, ok := followUp(f, st); ok {
		return in, true
	}
	// 13. yes / no to a proposal
	if f.foods == 0 && f.wordCount <= 7 {
		if in, ok := yesNo(f); ok {
			return in, false
		}
	}
	// 14. greetings and help
	if f.has("help") || f.seq("what", "can", "you", "do") || f.seq("how", "does", "this", "work") || f.seq("how", "do", "i", "use") || f.seq("who", "are", "you") {
		return IntentHelp, false
	}
	if f.has("hi", "thanks", "morning", "afternoon", "evening") && f.wordCount <= 6 && f.foods == 0 {
		return IntentGreeting, false
	}
	// 15. a food on its own: tell the user about it
	if f.foods > 0 {
		return IntentNutritionFact, false
	}
	return IntentUnknown, false
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
		case IntentBudgetMeal, IntentLogMeal, IntentSpending:
			return last, true
		}
	case p.Range != nil:
		switch last {
		case IntentGlucoseSummary, IntentSpending, IntentGoalProgress:
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
