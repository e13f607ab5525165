package assistant

import (
	"math"
	"slices"
	"strings"
)

// Intent is what the user wants from a message.
type Intent string

const (
	IntentGreeting            Intent = "greeting"
	IntentHelp                Intent = "help"
	IntentNutritionFact       Intent = "nutrition_fact"
	IntentCompareFoods        Intent = "compare_foods"
	IntentDiabetesSuitability Intent = "diabetes_suitability"
	IntentCheaperAlternative  Intent = "cheaper_alternative"
	IntentBudgetMeal          Intent = "budget_meal"
	IntentGlucoseSummary      Intent = "my_glucose_summary"
	IntentSpending            Intent = "my_spending"
	IntentGoalProgress        Intent = "goal_progress"
	IntentLogMeal             Intent = "log_meal"
	IntentReportGlucose       Intent = "report_glucose"
	IntentInsulinDose         Intent = "insulin_dose"
	IntentConfirm             Intent = "confirm"
	IntentCancel              Intent = "cancel"
	IntentUnknown             Intent = "unknown"
	// IntentMyMeals: what the user ate on a day or in a period, and its totals.
	IntentMyMeals Intent = "my_meals"
	// IntentFoodList: a list or ranking over the catalogue (cheapest protein foods).
	IntentFoodList Intent = "food_list"
	// IntentFoodPrice: the market price of a food.
	IntentFoodPrice Intent = "food_price"
	// IntentMyHealth: the user's latest HbA1c or weight.
	IntentMyHealth Intent = "my_health"
)

// AllIntents lists every intent, for evaluation reports.
func AllIntents() []Intent {
	return []Intent{
		IntentGreeting, IntentHelp, IntentNutritionFact, IntentCompareFoods, IntentDiabetesSuitability,
		IntentCheaperAlternative, IntentBudgetMeal, IntentGlucoseSummary, IntentSpending,
		IntentGoalProgress, IntentLogMeal, IntentReportGlucose, IntentInsulinDose, IntentConfirm,
		IntentCancel, IntentUnknown, IntentMyMeals, IntentFoodList, IntentFoodPrice, IntentMyHealth,
	}
}

// FoodMention is a food named in the message, with the quantity written next
// to it if any.
type FoodMention struct {
	Key      string    `json:"key"`
	Text     string    `json:"text"`
	Quantity *Quantity `json:"quantity,omitempty"`
}

// Signals are safety-relevant words in the message.
type Signals struct {
	Confusion    bool // confused, fainting, fits, drowsy, unconscious
	Ketones      bool // ketones, DKA
	Vomiting     bool
	HypoSymptoms bool // shaky, sweating, dizzy
	SaysLow      bool // "my sugar is low", "I'm having a hypo"
	SaysHigh     bool // "my sugar is very high"
	// AsksCount: the message asks how many readings were low or high ("how many
	// times was I low this month"), a question about the past, not a low now.
	AsksCount bool
}

// Parse is the NLU result for one message.
type Parse struct {
	Intent     Intent           `json:"intent"`
	Foods      []FoodMention    `json:"foods,omitempty"`
	Quantities []Quantity       `json:"quantities,omitempty"`
	Meal       MealType         `json:"meal,omitempty"`
	Glucose    []GlucoseReading `json:"glucose,omitempty"`
	MoneyUGX   []int            `json:"money_ugx,omitempty"`
	Range      *TimeRange       `json:"range,omitempty"`
	Nutrient   string           `json:"nutrient,omitempty"` // carbs, calories, protein, fat, fibre, sugar, gi, ...
	// FollowUp is set when the intent or foods were carried over from the
	// conversation state ("what about beans?", "and for dinner?").
	FollowUp bool    `json:"follow_up,omitempty"`
	Thanks   bool    `json:"thanks,omitempty"` // the user said thank you
	Signals  Signals `json:"signals"`

	// words are the message's canonical words and ranking the catalogue list it asks
	// for (IntentFoodList); neither is stored.
	words   map[string]bool
	ranking string
	per100  bool // "per 100 g" asked
}

// Entities returns the entities in their canonical string form
// ("food:matooke", "qty:2 finger", "meal:lunch", "glucose:3.2 mmol/L",
// "money:3000", "time:this_week"), the form the evaluation set uses.
func (p Parse) Entities() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range p.Foods {
		if !seen[f.Key] {
			seen[f.Key] = true
			out = append(out, "food:"+f.Key)
		}
	}
	for _, q := range p.Quantities {
		out = append(out, "qty:"+q.String())
	}
	if p.Meal != "" {
		out = append(out, "meal:"+string(p.Meal))
	}
	for _, g := range p.Glucose {
		out = append(out, "glucose:"+g.String())
	}
	for _, m := range p.MoneyUGX {
		out = append(out, "money:"+itoa(m))
	}
	if p.Range != nil {
		out = append(out, "time:"+p.Range.String())
	}
	return out
}

// FoodKeys returns the keys of the foods mentioned, without duplicates.
func (p Parse) FoodKeys() []string {
	var keys []string
	for _, f := range p.Foods {
		if !slices.Contains(keys, f.Key) {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// NLU parses messages into intents and entities.
type NLU struct {
	lex Lexicon
}

// NewNLU returns an NLU that recognises the foods in lex.
func NewNLU(lex Lexicon) *NLU { return &NLU{lex: lex} }

// stopwords never match a food name on their own, even exactly.
var stopwords = map[string]bool{
	"i": true, "me": true, "my": true, "you": true, "the": true, "a": true, "an": true, "of": true,
	"for": true, "in": true, "on": true, "at": true, "to": true, "with": true, "and": true, "or": true,
	"is": true, "are": true, "was": true, "it": true, "this": true, "that": true, "what": true,
	"how": true, "much": true, "many": true, "do": true, "can": true, "some": true, "no": true,
	"yes": true, "ok": true, "be": true, "had": true, "have": true, "ate": true, "eat": true,
	"good": true, "bad": true, "hi": true, "day": true, "but": true, "not": true, "so": true,
}

// nutrientWords are the canonical nutrient names a question can ask about.
var nutrientWords = map[string]bool{
	"carbs": true, "calories": true, "protein": true, "fat": true, "fibre": true, "vitamins": true,
	"iron": true, "calcium": true, "sodium": true, "salt": true, "gi": true, "nutrients": true,
	"potassium": true,
}

// Parse analyses one message; st gives the conversation so far, used to
// resolve follow-ups ("what about beans?", "is it good for diabetes?").
func (n *NLU) Parse(msg string, st ConversationState) (Parse, error) {
	msg, err := cleanInput(msg)
	if err != nil {
		return Parse{}, err
	}
	return n.parse(msg, st), nil
}

func (n *NLU) parse(msg string, st ConversationState) Parse {
	toks := tokenize(msg)
	n.normalize(toks)
	used := make([]bool, len(toks))
	var p Parse

	p.Range = extractRange(toks, used)
	qspans := extractQuantities(toks, used)
	p.Glucose = extractGlucose(toks, used)
	p.MoneyUGX = extractMoney(toks, used)
	p.Meal = extractMeal(toks, used)
	foods, fspans := n.extractFoods(toks, used)
	qspans = linkQuantities(toks, used, foods, fspans, qspans)
	p.Foods = foods
	for _, q := range qspans {
		p.Quantities = append(p.Quantities, q.q)
	}
	p.Nutrient = findNutrient(toks, used)
	p.Signals = findSignals(toks)
	for _, t := range toks {
		if t.text == "thanks" {
			p.Thanks = true
		}
	}

	// numbers nothing else claimed: money if the intent turns out to be
	// about money and the amount is plausible for UGX
	var bare []int
	for i, t := range toks {
		if t.kind == numberToken && !used[i] && t.num >= 100 {
			bare = append(bare, int(math.Round(t.num)))
		}
	}

	f := newFeatures(toks, used, &p, st, len(bare) > 0)
	if p.Nutrient == "" && f.seq("what", "is", "in") {
		p.Nutrient = "nutrients" // "what is in nakati": all it has, minerals too
	}
	p.Intent, p.FollowUp = classify(f, st)
	p.words, p.ranking = f.words, rankingOf(f)
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].text == "per" && toks[i+1].kind == numberToken && toks[i+1].num == 100 {
			p.per100 = true
		}
	}
	switch p.Intent {
	case IntentBudgetMeal, IntentCheaperAlternative, IntentSpending:
		p.MoneyUGX = append(p.MoneyUGX, bare...)
	}
	return p
}

// normalize sets each word's canonical text: aliases and known words as they
// are, misspellings corrected towards the known vocabulary unless the word
// is closer to a food name.
func (n *NLU) normalize(toks []token) {
	v := loadVocabulary()
	for i := range toks {
		t := &toks[i]
		if t.kind != wordToken {
			continue
		}
		if c, ok := v.canonical(t.raw); ok {
			t.text = c
			continue
		}
		if _, ok := numberWords[t.raw]; ok {
			continue
		}
		if _, ok := unitWords[t.raw]; ok {
			continue
		}
		fm, fok := n.lex.Lookup(t.raw)
		if fok && fm.Distance == 0 {
			continue
		}
		if w, d, ok := v.correct(t.raw); ok && (!fok || d < fm.Distance) {
			t.text = w
		}
	}
	// "sugar patients", "sugar disease" mean diabetes
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].text == "sugar" && (toks[i+1].text == "patient" || toks[i+1].text == "patients" || toks[i+1].text == "disease") {
			toks[i].text = "diabetes"
		}
	}
}

// maxFoodWords is the longest food name, in words, tried against the lexicon.
const maxFoodWords = 4

// extractFoods scans the message for food names, longest first, skipping
// tokens already claimed by other entities.
func (n *NLU) extractFoods(toks []token, used []bool) ([]FoodMention, []span) {
	var foods []FoodMention
	var spans []span
	memo := map[string]lookupResult{}
	for i := 0; i < len(toks); i++ {
		if used[i] || toks[i].kind != wordToken {
			continue
		}
		matched := false
		for w := maxFoodWords; w >= 1 && !matched; w-- {
			end := i + w
			if end > len(toks) || anyUsed(used, i, end) || !allWords(toks[i:end]) {
				continue
			}
			if m, ok := n.matchFood(toks, i, end, memo); ok {
				foods = append(foods, FoodMention{Key: m.Key, Text: joinRaw(toks[i:end])})
				spans = append(spans, span{i, end})
				markUsed(used, i, end)
				i = end - 1
				matched = true
			}
		}
	}
	return foods, spans
}

// lookupResult memoises Lexicon lookups within one message: long messages
// repeat phrases.
type lookupResult struct {
	m  FoodMatch
	ok bool
}

func (n *NLU) matchFood(toks []token, start, end int, memo map[string]lookupResult) (FoodMatch, bool) {
	v := loadVocabulary()
	phrase := joinRaw(toks[start:end])
	if end-start == 1 {
		t := toks[start]
		if stopwords[t.raw] || len(t.raw) <= 1 {
			return FoodMatch{}, false
		}
		if t.text == "sugar" && (isGlucoseSugar(toks, start) || nutrientSugar(toks, start)) {
			return FoodMatch{}, false
		}
		if t.text == "diabetes" {
			return FoodMatch{}, false
		}
	}
	// a phrase that starts or ends with a function word is never a food
	if stopwords[toks[start].raw] || stopwords[toks[end-1].raw] {
		return FoodMatch{}, false
	}
	res, seen := memo[phrase]
	if !seen {
		res.m, res.ok = n.lex.Lookup(phrase)
		memo[phrase] = res
	}
	m, ok := res.m, res.ok
	if (!ok || m.Distance > 0) && end-start > 1 {
		// chat spellings inside a name: "swt potato" is "sweet potato"
		if canon := joinText(toks[start:end]); canon != phrase {
			if cm, cok := n.lex.Lookup(canon); cok && cm.Distance == 0 {
				return cm, true
			}
		}
	}
	if !ok {
		return FoodMatch{}, false
	}
	if m.Distance == 0 {
		return m, true
	}
	// typo-tolerant matches only for words the vocabulary does not know
	// ("price" is one edit from "rice"); in a longer name, known words must
	// be spelt as in the name ("sweet potatoe")
	nameWords := strings.Fields(m.Name)
	if end-start == 1 && afterMeasure(toks, start) && m.Distance == 1 {
		return m, true // "2 cups of rise": after a measure, a known word one edit off is the food
	}
	for _, t := range toks[start:end] {
		if _, ok := numberWords[t.raw]; ok {
			return FoodMatch{}, false
		}
		if _, known := v.canonical(t.raw); known && (end-start == 1 || !slices.Contains(nameWords, t.raw)) {
			return FoodMatch{}, false
		}
	}
	if end-start > 1 && m.Distance > 1 {
		return FoodMatch{}, false
	}
	return m, true
}

// nutrientSugar reports whether "sugar" asks about sugar content ("how much
// sugar in soda") rather than naming table sugar.
// afterMeasure reports whether toks[i] follows "<unit> of" ("2 cups of rise").
func afterMeasure(toks []token, i int) bool {
	if i < 2 || toks[i-1].text != "of" {
		return false
	}
	_, ok := unitWords[toks[i-2].raw]
	return ok
}

func nutrientSugar(toks []token, i int) bool {
	if i > 0 && (toks[i-1].text == "much" || toks[i-1].text == "many") {
		return true
	}
	// Luganda and Swahili put the question word after the noun: "ssukaali mmeka mu chai",
	// "sukari ngapi katika soda"
	if i+1 < len(toks) && toks[i+1].text == "many" && !isGlucoseSugar(toks, i) {
		return true
	}
	// "a lot of sugar", "does it have sugar", "contains sugar"
	if i > 1 && toks[i-1].text == "of" && (toks[i-2].text == "lot" || toks[i-2].text == "amount" || toks[i-2].text == "level") {
		return true
	}
	if i > 0 && (toks[i-1].text == "have" || toks[i-1].text == "has" || toks[i-1].text == "contain") {
		return true
	}
	if i+1 < len(toks) && (toks[i+1].text == "in" || toks[i+1].text == "contain") {
		if i == 0 {
			return true
		}
		switch toks[i-1].text {
		case "of", "and", "with", "no", "some", "dont", "without":
			return false
		}
		return toks[i-1].kind != numberToken
	}
	return false
}

func allWords(ts []token) bool {
	for _, t := range ts {
		if t.kind != wordToken {
			return false
		}
	}
	return true
}

func joinRaw(ts []token) string { return joinTokens(ts, func(t token) string { return t.raw }) }

// joinText joins the tokens' canonical words.
func joinText(ts []token) string { return joinTokens(ts, func(t token) string { return t.text }) }

func joinTokens(ts []token, word func(token) string) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = word(t)
	}
	return strings.Join(parts, " ")
}

// fillerBetween are words allowed between a quantity and its food
// ("2 fingers of boiled matooke").
var fillerBetween = map[string]bool{
	"of": true, "the": true, "boiled": true, "fried": true, "roasted": true, "cooked": true,
	"fresh": true, "steamed": true, "mashed": true, "my": true, "some": true, "small": true,
	"big": true, "raw": true, "medium": true, "large": true, "ripe": true, "whole": true,
}

// linkQuantities attaches measured quantities to the food they precede (or
// directly follow), and turns a bare count before a food into pieces
// ("2 eggs", "three chapatis").
func linkQuantities(toks []token, used []bool, foods []FoodMention, fspans []span, qs []quantitySpan) []quantitySpan {
	gapOK := func(from, to int) bool {
		for k := from; k < to; k++ {
			if !fillerBetween[toks[k].text] {
				return false
			}
		}
		return true
	}
	for fi, fs := range fspans {
		for qi := range qs {
			if qs[qi].linked {
				continue
			}
			if (qs[qi].end <= fs.start && gapOK(qs[qi].end, fs.start)) || qs[qi].start == fs.end {
				qs[qi].linked = true
				q := qs[qi].q
				foods[fi].Quantity = &q
				break
			}
		}
		if foods[fi].Quantity != nil {
			continue
		}
		// bare count: "2 eggs", "two samosas"
		k := fs.start - 1
		for k >= 0 && fillerBetween[toks[k].text] && toks[k].text != "of" {
			k--
		}
		if k >= 0 && !used[k] {
			amount, next, ok := parseAmount(toks, k, used)
			if ok && next == k+1 && toks[k].raw != "a" && toks[k].raw != "an" && amount > 0 && amount <= 20 {
				q := Quantity{Amount: amount, Unit: "piece"}
				foods[fi].Quantity = &q
				used[k] = true
				qs = append(qs, quantitySpan{q: q, span: span{k, k + 1}, linked: true})
			} else if toks[k].raw == "a" || toks[k].raw == "an" {
				// "calories in a mandazi": one piece of the food (not an entity of its own)
				foods[fi].Quantity = &Quantity{Amount: 1, Unit: "piece"}
			}
		}
		// Luganda and Swahili count after the noun: "chapati bbiri", "mayai mawili"
		if k := fs.end; foods[fi].Quantity == nil && k < len(toks) && !used[k] && postNumberWords[toks[k].raw] {
			q := Quantity{Amount: numberWords[toks[k].raw], Unit: "piece"}
			foods[fi].Quantity = &q
			used[k] = true
			qs = append(qs, quantitySpan{q: q, span: span{k, k + 1}, linked: true})
		}
	}
	slices.SortStableFunc(qs, func(a, b quantitySpan) int { return a.start - b.start })
	return qs
}

func findNutrient(toks []token, used []bool) string {
	for i, t := range toks {
		if t.text == "vitamins" && i+1 < len(toks) && toks[i+1].raw == "c" {
			return "vitc"
		}
		if t.text == "vitamins" {
			return "nutrients"
		}
		if nutrientWords[t.text] {
			return t.text
		}
		if t.text == "sugar" && !used[i] && nutrientSugar(toks, i) {
			return "sugar"
		}
	}
	return ""
}

func findSignals(toks []token) Signals {
	var s Signals
	sugarCtx := false
	for i, t := range toks {
		switch t.text {
		case "confused", "faint", "fits", "drowsy":
			s.Confusion = true
		case "ketones":
			s.Ketones = true
		case "vomiting":
			s.Vomiting = true
		case "shaky", "sweating", "dizzy":
			s.HypoSymptoms = true
		case "hypo":
			s.SaysLow = true
		case "hyper":
			s.SaysHigh = true
		case "glucose":
			sugarCtx = true
		}
		if isGlucoseSugar(toks, i) {
			sugarCtx = true
		}
		// "my sugar is low", and "low sugar, what can I eat" / "high blood sugar again" (the word
		// before, when the sugar ends the phrase: "low sugar drinks" are drinks)
		before := false
		if (t.text == "low" || t.text == "high") && i+1 < len(toks) {
			j := i + 1
			if toks[j].text == "blood" {
				j++
			}
			before = j < len(toks) && toks[j].text == "sugar" && endsPhrase(toks, j+1)
		}
		if (sugarCtx || before) && t.text == "low" {
			s.SaysLow = true
		}
		if (sugarCtx || before) && t.text == "high" {
			s.SaysHigh = true
		}
		// "not making sense", "can't think", "passing out"
		if i+1 < len(toks) && ((t.raw == "passing" && toks[i+1].raw == "out") || (t.raw == "blacking" && toks[i+1].raw == "out") ||
			(t.raw == "making" && toks[i+1].raw == "sense" && i > 0 && toks[i-1].text == "not")) {
			s.Confusion = true
		}
		// "not waking up", "won't wake", "cannot wake him", "not responding"
		if i > 0 && (t.raw == "waking" || t.raw == "wake" || t.raw == "responding" || t.raw == "respond") {
			switch toks[i-1].raw {
			case "not", "wont", "cant", "cannot", "t", "isnt", "doesnt", "never":
				s.Confusion = true
			}
		}
		if i+1 < len(toks) && ((t.text == "how" && (toks[i+1].text == "many" || toks[i+1].raw == "often")) ||
			(t.text == "times" && toks[i+1].text == "many") || (t.text == "number" && toks[i+1].text == "of")) {
			s.AsksCount = true
		}
		// "going low", "feel low", "feeling low"
		if t.text == "low" && i > 0 && (toks[i-1].text == "going" || toks[i-1].text == "feel" || toks[i-1].text == "feeling") {
			s.SaysLow = true
		}
	}
	return s
}

// endsPhrase reports whether toks[i] ends a phrase: the end, punctuation, or a word that
// starts a new clause.
func endsPhrase(toks []token, i int) bool {
	if i >= len(toks) || toks[i].kind == punctToken {
		return true
	}
	switch toks[i].text {
	case "what", "and", "now", "again", "today", "help", "i", "so", "please", "how", "is", "am", "feel", "feeling":
		return true
	}
	return false
}

func itoa(v int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
