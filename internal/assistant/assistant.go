package assistant

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Source says who wrote a reply's text.
type Source string

const (
	SourceBuiltin Source = "builtin"
	SourceLLM     Source = "llm"
)

// Reply is the assistant's answer to one message.
type Reply struct {
	Text   string `json:"text"`
	Intent Intent `json:"intent"`
	// Safety is set when the reply carries safety advice; Urgent when it
	// tells the user to seek help now (show it prominently).
	Safety SafetyLevel `json:"safety,omitempty"`
	Urgent bool        `json:"urgent,omitempty"`
	// Proposed and ProposedGlucose ask the user to confirm a log (yes/no).
	Proposed        *ProposedLog     `json:"proposed,omitempty"`
	ProposedGlucose *ProposedGlucose `json:"proposed_glucose,omitempty"`
	// Action is set after a confirmation: the caller saves it.
	Action *Action `json:"action,omitempty"`
	Source Source  `json:"source"`
	// Suggestions are short example messages for quick-reply buttons.
	Suggestions []string `json:"suggestions,omitempty"`
	// Parse is the NLU result, for logging and for storing entities.
	Parse Parse `json:"parse"`
}

// Assistant answers chat messages. It is safe for concurrent use.
type Assistant struct {
	nlu        *NLU
	data       Data
	llm        Completer
	llmIntents map[Intent]bool
	now        func() time.Time
	loc        *time.Location
}

// Option configures an Assistant.
type Option func(*Assistant)

// DefaultLLMIntents are the free-form intents an LLM may phrase: answers that
// explain rather than report numbers. Safety, dose, logging, confirmation and
// the user's own figures are always built in.
func DefaultLLMIntents() []Intent {
	return []Intent{IntentUnknown, IntentDiabetesSuitability, IntentCompareFoods, IntentBudgetMeal, IntentCheaperAlternative}
}

// WithLLM lets c phrase answers for the given intents (DefaultLLMIntents when
// none are given). Intents that can never go to an LLM are ignored.
func WithLLM(c Completer, intents ...Intent) Option {
	return func(a *Assistant) {
		a.llm = c
		if len(intents) == 0 {
			intents = DefaultLLMIntents()
		}
		a.llmIntents = map[Intent]bool{}
		for _, in := range intents {
			if slices.Contains(DefaultLLMIntents(), in) || in == IntentNutritionFact || in == IntentHelp || in == IntentGreeting {
				a.llmIntents[in] = true
			}
		}
	}
}

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(a *Assistant) { a.now = now } }

// WithLocation sets the time zone for "today" and meal times; the default is
// East Africa Time (UTC+3, Uganda has no daylight saving).
func WithLocation(loc *time.Location) Option { return func(a *Assistant) { a.loc = loc } }

// New returns an Assistant. It is cheap: build one per request when Data is
// scoped to the user (build the Lexicon once and share it). With a nil Data
// every lookup answers "I don't have that".
func New(lex Lexicon, data Data, opts ...Option) *Assistant {
	if data == nil {
		data = noData{}
	}
	a := &Assistant{nlu: NewNLU(lex), data: data, now: time.Now, loc: time.FixedZone("EAT", 3*60*60)}
	for _, o := range opts {
		o(a)
	}
	return a
}

// NLU returns the assistant's parser.
func (a *Assistant) NLU() *NLU { return a.nlu }

// Reply answers one message. It returns an *InputError (ErrEmptyMessage,
// ErrMessageTooLong) for messages it refuses, and a wrapped error when Data
// fails for a reason other than ErrNotFound; the state is then unchanged.
func (a *Assistant) Reply(ctx context.Context, st ConversationState, userMsg string) (Reply, ConversationState, error) {
	msg, err := cleanInput(userMsg)
	if err != nil {
		return Reply{}, st, err
	}
	if err := ctx.Err(); err != nil {
		return Reply{}, st, err
	}
	p := a.nlu.parse(msg, st)
	unit := a.userUnit(ctx)
	now := a.now().In(a.loc)

	// safety first: never delegated, never blocked by Data
	if s := Assess(p, unit); s.Level != SafetyNone {
		return a.safetyReply(p, s, st, unit, now)
	}

	t := turn{a: a, ctx: ctx, p: p, st: st, unit: unit, now: now}
	r, next, err := t.answer()
	if err != nil {
		return Reply{}, st, err
	}
	r.Intent, r.Parse = p.Intent, p
	if r.Source == "" {
		r.Source = SourceBuiltin
	}
	// the LLM may rephrase answers, never questions the dialogue depends on
	if a.llm != nil && a.llmIntents[p.Intent] && r.Proposed == nil && r.Action == nil && next.Awaiting == "" {
		if text, ok := a.askLLM(ctx, msg, r.Text, t.grounding); ok {
			r.Text, r.Source = text, SourceLLM
		}
	}
	next.Turns = st.Turns + 1
	return r, next, nil
}

func (a *Assistant) userUnit(ctx context.Context) GlucoseUnit {
	if a.data == nil {
		return MmolPerL
	}
	u, err := a.data.GlucoseUnit(ctx)
	if err != nil || (u != MmolPerL && u != MgPerDL) {
		// Uganda's clinics report mmol/L; a safety answer must not wait on Data
		return MmolPerL
	}
	return u
}

// safetyReply answers with the safety text. A low or high reading that is
// not urgent is offered for logging; urgent replies carry nothing else.
func (a *Assistant) safetyReply(p Parse, s Assessment, st ConversationState, unit GlucoseUnit, now time.Time) (Reply, ConversationState, error) {
	r := Reply{Text: s.Text, Intent: p.Intent, Safety: s.Level, Urgent: s.Urgent, Source: SourceBuiltin, Parse: p}
	next := st
	next.Pending, next.PendingGlucose, next.Awaiting = nil, nil, ""
	next.Turns = st.Turns + 1
	if p.Intent != IntentUnknown {
		next.LastIntent = p.Intent
	}
	if !s.Urgent && s.Reading != nil && s.Reading.Meter == "" {
		pg := &ProposedGlucose{Reading: *s.Reading, MgDL: round3(s.Reading.MgDL()), At: now}
		r.ProposedGlucose, next.PendingGlucose = pg, pg
		r.Text += "\n\nReply yes to save this reading, or no."
		r.Suggestions = []string{"yes", "no"}
	}
	if s.Level == SafetyDose {
		r.Suggestions = []string{"my average sugar this week", "is posho good for diabetes"}
	}
	return r, next, nil
}

// turn is one non-safety answer in progress.
type turn struct {
	a    *Assistant
	ctx  context.Context
	p    Parse
	st   ConversationState
	unit GlucoseUnit
	now  time.Time
	// grounding collects the facts used, for the LLM prompt.
	grounding []string
}

func (t *turn) answer() (Reply, ConversationState, error) {
	next := t.st
	next.Awaiting = ""
	p := t.p
	// remember what the conversation is about
	if keys := p.FoodKeys(); len(keys) > 0 {
		next.Foods = keys
	}
	if p.Meal != "" {
		next.Meal = p.Meal
	}
	if p.Range != nil {
		next.Range = p.Range
	}
	if len(p.MoneyUGX) > 0 {
		next.BudgetUGX = p.MoneyUGX[0]
	}
	switch p.Intent {
	case IntentConfirm, IntentCancel, IntentGreeting, IntentHelp, IntentUnknown:
	default:
		next.LastIntent = p.Intent
	}
	// a new question leaves any proposal unconfirmed; keep it only for yes/no
	if p.Intent != IntentConfirm && p.Intent != IntentCancel {
		next.Pending, next.PendingGlucose = nil, nil
	}

	answer, ok := intentAnswers[p.Intent]
	if !ok {
		answer = func(*turn, *ConversationState) (Reply, error) { return unknownReply(), nil }
	}
	r, err := answer(t, &next)
	if err != nil {
		return Reply{}, t.st, err
	}
	return r, next, nil
}

// intentAnswers answers each intent: a new intent is a rule in intentRules and an entry here.
var intentAnswers = map[Intent]func(t *turn, next *ConversationState) (Reply, error){
	IntentGreeting:            func(t *turn, _ *ConversationState) (Reply, error) { return t.greeting(), nil },
	IntentHelp:                func(*turn, *ConversationState) (Reply, error) { return helpReply(), nil },
	IntentNutritionFact:       (*turn).nutritionFact,
	IntentCompareFoods:        (*turn).compare,
	IntentDiabetesSuitability: (*turn).suitability,
	IntentCheaperAlternative:  (*turn).cheaper,
	IntentBudgetMeal:          (*turn).budgetMeal,
	IntentGlucoseSummary:      func(t *turn, _ *ConversationState) (Reply, error) { return t.glucoseSummary() },
	IntentSpending:            func(t *turn, _ *ConversationState) (Reply, error) { return t.spending() },
	IntentGoalProgress:        func(t *turn, _ *ConversationState) (Reply, error) { return t.goals() },
	IntentMyMeals:             func(t *turn, _ *ConversationState) (Reply, error) { return t.myMeals() },
	IntentMyHealth:            func(t *turn, _ *ConversationState) (Reply, error) { return t.myHealth() },
	IntentFoodList:            func(t *turn, _ *ConversationState) (Reply, error) { return t.foodList() },
	IntentFoodPrice:           (*turn).foodPrice,
	IntentLogMeal:             (*turn).logMeal,
	IntentReportGlucose:       func(t *turn, next *ConversationState) (Reply, error) { return t.reportGlucose(next), nil },
	IntentInsulinDose: func(*turn, *ConversationState) (Reply, error) {
		return Reply{Text: doseText, Safety: SafetyDose}, nil
	},
	IntentConfirm: func(t *turn, next *ConversationState) (Reply, error) { return t.confirm(next), nil },
	IntentCancel:  func(t *turn, next *ConversationState) (Reply, error) { return t.cancel(next), nil },
}

// dataErr turns Data failures into errors, except ErrNotFound, which the
// caller answers in words.
func dataErr(op string, err error) error {
	return fmt.Errorf("assistant: %s: %w", op, err)
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// noData is the Data of an assistant built without one.
type noData struct{}

func (noData) FoodFacts(context.Context, string) (FoodFacts, error) { return FoodFacts{}, ErrNotFound }
func (noData) CheaperAlternatives(context.Context, string, int) ([]Alternative, error) {
	return nil, ErrNotFound
}
func (noData) FoodsWithinBudget(context.Context, int, MealType, int) ([]BudgetOption, error) {
	return nil, ErrNotFound
}
func (noData) GlucoseStats(context.Context, Period) (GlucoseStats, error) {
	return GlucoseStats{}, ErrNotFound
}
func (noData) Spending(context.Context, Period) (Spending, error) { return Spending{}, ErrNotFound }
func (noData) GoalProgress(context.Context) (GoalProgress, error) { return GoalProgress{}, ErrNotFound }
func (noData) GlucoseUnit(context.Context) (GlucoseUnit, error)   { return MmolPerL, nil }
func (noData) Diary(context.Context, Period) ([]DiaryItem, error) { return nil, ErrNotFound }
func (noData) Readings(context.Context, Period) ([]GlucoseAt, error) {
	return nil, ErrNotFound
}
func (noData) Catalogue(context.Context) ([]CatalogFood, error) { return nil, ErrNotFound }
func (noData) Health(context.Context) (Health, error)           { return Health{}, ErrNotFound }
