package assistant

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MealType is breakfast, lunch, dinner or snack.
type MealType string

const (
	Breakfast MealType = "breakfast"
	Lunch     MealType = "lunch"
	Dinner    MealType = "dinner"
	Snack     MealType = "snack"
)

// GlucoseUnit is the unit a glucose value is expressed in.
type GlucoseUnit string

const (
	MmolPerL GlucoseUnit = "mmol/L"
	MgPerDL  GlucoseUnit = "mg/dL"
)

// MgDLPerMmolL converts glucose: 1 mmol/L = 18.01559 mg/dL (molar mass of
// glucose 180.16 g/mol; the factor Nightscout and Tidepool use).
const MgDLPerMmolL = 18.01559

// unitlessMmolBelow: a glucose number typed without a unit is mmol/L below
// this value and mg/dL from it up (see the package documentation).
const unitlessMmolBelow = 35

// GlucoseReading is a glucose value the user typed.
type GlucoseReading struct {
	Value     float64     `json:"value"`
	Unit      GlucoseUnit `json:"unit"`
	UnitGiven bool        `json:"unit_given,omitempty"` // false when the unit was inferred
	// Meter is "HI" or "LO" when the user reports the meter's out-of-range
	// display instead of a number; Value is then 0.
	Meter string `json:"meter,omitempty"`
}

// Meter display limits used for "HI"/"LO": most home meters show HI above
// 600 mg/dL (33.3 mmol/L) and LO below 20 mg/dL (1.1 mmol/L).
const (
	meterHighMgDL = 600
	meterLowMgDL  = 20
)

// MgDL is the reading in mg/dL.
func (g GlucoseReading) MgDL() float64 {
	switch g.Meter {
	case "HI":
		return meterHighMgDL
	case "LO":
		return meterLowMgDL
	}
	if g.Unit == MmolPerL {
		return g.Value * MgDLPerMmolL
	}
	return g.Value
}

// String is the canonical entity form: "5.6 mmol/L", "250 mg/dL", "HI".
func (g GlucoseReading) String() string {
	if g.Meter != "" {
		return g.Meter
	}
	return strconv.FormatFloat(g.Value, 'f', -1, 64) + " " + string(g.Unit)
}

// FormatGlucose shows a value stored in mg/dL in unit u, rounded only for
// display: mmol/L to one decimal, mg/dL to a whole number, unit always shown.
func FormatGlucose(mgdl float64, u GlucoseUnit) string {
	if u == MgPerDL {
		return fmt.Sprintf("%.0f mg/dL", math.Round(mgdl))
	}
	return fmt.Sprintf("%.1f mmol/L", mgdl/MgDLPerMmolL)
}

// Quantity is an amount in a unit: grams ("g"), millilitres ("ml") or a
// household measure ("finger", "cup", "plate", "piece", ...).
type Quantity struct {
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
}

func (q Quantity) String() string {
	return strconv.FormatFloat(q.Amount, 'f', -1, 64) + " " + q.Unit
}

// RangeKind names a time range the user can ask about.
type RangeKind string

const (
	Today     RangeKind = "today"
	Yesterday RangeKind = "yesterday"
	ThisWeek  RangeKind = "this_week"
	LastWeek  RangeKind = "last_week"
	ThisMonth RangeKind = "this_month"
	LastMonth RangeKind = "last_month"
	LastNDays RangeKind = "last_n_days"
	// OnWeekday is the latest day (today or earlier) with weekday Days (0 = Sunday).
	OnWeekday RangeKind = "weekday"
	// OnDate is day Days of month Month, this year (or last year when it is still ahead).
	OnDate RangeKind = "date"
	// InMonth is the calendar month Month, this year (or last year when it is still ahead).
	InMonth RangeKind = "month"
	// DaysAgo is the one day Days days before today ("the day before yesterday", "3 days ago").
	DaysAgo RangeKind = "days_ago"
	// SinceWeekday runs from the latest day with weekday Days (0 = Sunday) until now ("since Monday").
	SinceWeekday RangeKind = "since_weekday"
)

// TimeRange is a range relative to now; Days is set for LastNDays.
type TimeRange struct {
	Kind  RangeKind  `json:"kind"`
	Days  int        `json:"days,omitempty"`
	Month time.Month `json:"month,omitempty"`
}

func (r TimeRange) String() string {
	switch r.Kind {
	case LastNDays:
		return fmt.Sprintf("last_%d_days", r.Days)
	case OnWeekday:
		return "on_" + strings.ToLower(time.Weekday(r.Days).String())
	case OnDate:
		if r.Month == 0 {
			return fmt.Sprintf("on_day_%d", r.Days)
		}
		return fmt.Sprintf("on_%d_%s", r.Days, strings.ToLower(r.Month.String()))
	case InMonth:
		return "in_" + strings.ToLower(r.Month.String())
	case DaysAgo:
		return fmt.Sprintf("%d_days_ago", r.Days)
	case SinceWeekday:
		return "since_" + strings.ToLower(time.Weekday(r.Days).String())
	}
	return string(r.Kind)
}

// Label is the range in plain words for replies.
func (r TimeRange) Label() string {
	switch r.Kind {
	case Today:
		return "today"
	case Yesterday:
		return "yesterday"
	case ThisWeek:
		return "this week"
	case LastWeek:
		return "last week"
	case ThisMonth:
		return "this month"
	case LastMonth:
		return "last month"
	case LastNDays:
		return fmt.Sprintf("in the last %d days", r.Days)
	case OnWeekday:
		return "on " + time.Weekday(r.Days).String()
	case OnDate:
		if r.Month == 0 {
			return fmt.Sprintf("on day %d of the month", r.Days)
		}
		return fmt.Sprintf("on %d %s", r.Days, r.Month)
	case InMonth:
		return "in " + r.Month.String()
	case DaysAgo:
		return fmt.Sprintf("%d days ago", r.Days)
	case SinceWeekday:
		return "since " + time.Weekday(r.Days).String()
	}
	return string(r.Kind)
}

// Period is a resolved time range: From inclusive, To exclusive.
type Period struct {
	From  time.Time
	To    time.Time
	Label string
}

// Period resolves the range against now in now's location. Weeks start on
// Monday; "last 7 days" ends now and includes today.
func (r TimeRange) Period(now time.Time) Period {
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	weekStart := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	p := Period{Label: r.Label()}
	switch r.Kind {
	case Today:
		p.From, p.To = day, day.AddDate(0, 0, 1)
	case Yesterday:
		p.From, p.To = day.AddDate(0, 0, -1), day
	case ThisWeek:
		p.From, p.To = weekStart, now
	case LastWeek:
		p.From, p.To = weekStart.AddDate(0, 0, -7), weekStart
	case ThisMonth:
		p.From, p.To = monthStart, now
	case LastMonth:
		p.From, p.To = monthStart.AddDate(0, -1, 0), monthStart
	case OnWeekday, SinceWeekday:
		back := (int(day.Weekday()) - r.Days + 7) % 7
		p.From = day.AddDate(0, 0, -back)
		p.To = p.From.AddDate(0, 0, 1)
		p.Label = "on " + p.From.Format("Monday 2 January")
		if r.Kind == SinceWeekday {
			p.To, p.Label = now, "since "+p.From.Format("Monday 2 January")
		}
	case DaysAgo:
		p.From = day.AddDate(0, 0, -r.Days)
		p.To = p.From.AddDate(0, 0, 1)
		p.Label = "on " + p.From.Format("Monday 2 January")
	case OnDate:
		if r.Month == 0 { // "on the 17th": this month, or the last when the day is still ahead
			p.From = time.Date(now.Year(), now.Month(), r.Days, 0, 0, 0, 0, now.Location())
			if p.From.After(day) {
				p.From = time.Date(now.Year(), now.Month()-1, r.Days, 0, 0, 0, 0, now.Location())
			}
		} else {
			p.From = time.Date(now.Year(), r.Month, r.Days, 0, 0, 0, 0, now.Location())
			if p.From.After(day) {
				p.From = p.From.AddDate(-1, 0, 0)
			}
		}
		p.To = p.From.AddDate(0, 0, 1)
		p.Label = "on " + p.From.Format("Monday 2 January")
	case InMonth:
		p.From = time.Date(now.Year(), r.Month, 1, 0, 0, 0, 0, now.Location())
		if p.From.After(day) {
			p.From = p.From.AddDate(-1, 0, 0)
		}
		p.To = p.From.AddDate(0, 1, 0)
		if p.To.After(now) {
			p.To = now
		}
		p.Label = "in " + p.From.Format("January 2006")
	default:
		n := max(r.Days, 1)
		p.From, p.To = day.AddDate(0, 0, -(n-1)), now
	}
	return p
}

// numberWords are amounts written as words (English, Luganda, Swahili).
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "thirty": 30, "half": 0.5, "quarter": 0.25,
	"couple": 2, "emu": 1, "bbiri": 2, "ssatu": 3, "nnya": 4, "ttaano": 5, "moja": 1, "mbili": 2,
	"tatu": 3, "kimu": 1, "kibiri": 2, "bibiri": 2, "ebibiri": 2, "bisatu": 3, "mawili": 2, "matatu": 3,
}

// postNumberWords are the Luganda and Swahili number words, which follow the noun they
// count ("chapati bbiri": two chapatis).
var postNumberWords = map[string]bool{
	"emu": true, "bbiri": true, "ssatu": true, "nnya": true, "ttaano": true, "moja": true, "mbili": true,
	"tatu": true, "kimu": true, "kibiri": true, "bibiri": true, "ebibiri": true, "bisatu": true,
	"mawili": true, "matatu": true,
}

// unitDef is a canonical unit and the factor into it.
type unitDef struct {
	unit   string
	factor float64
}

// unitWords maps measure words to a canonical unit and a factor into it
// (kilograms and litres are stored as grams and millilitres).
var unitWords = map[string]unitDef{
	"g": {"g", 1}, "gm": {"g", 1}, "gms": {"g", 1}, "gram": {"g", 1}, "grams": {"g", 1},
	"gramme": {"g", 1}, "grammes": {"g", 1}, "gr": {"g", 1}, "grm": {"g", 1},
	"kg": {"g", 1000}, "kgs": {"g", 1000}, "kilo": {"g", 1000}, "kilos": {"g", 1000},
	"kilogram": {"g", 1000}, "kilograms": {"g", 1000},
	"ml": {"ml", 1}, "mls": {"ml", 1}, "millilitre": {"ml", 1}, "millilitres": {"ml", 1},
	"milliliter": {"ml", 1}, "milliliters": {"ml", 1}, "l": {"ml", 1000}, "litre": {"ml", 1000},
	"litres": {"ml", 1000}, "liter": {"ml", 1000}, "liters": {"ml", 1000}, "ltr": {"ml", 1000},
	"finger": {"finger", 1}, "fingers": {"finger", 1},
	"cup": {"cup", 1}, "cups": {"cup", 1}, "cupz": {"cup", 1}, "cupful": {"cup", 1}, "mug": {"cup", 1}, "mugs": {"cup", 1},
	"kikopo": {"cup", 1}, "ekikopo": {"cup", 1}, "bikopo": {"cup", 1}, "ebikopo": {"cup", 1},
	"glass": {"glass", 1}, "glasses": {"glass", 1}, "gilaasi": {"glass", 1},
	"plate": {"plate", 1}, "plates": {"plate", 1}, "plateful": {"plate", 1}, "sahani": {"plate", 1},
	"bowl": {"bowl", 1}, "bowls": {"bowl", 1}, "bakuli": {"bowl", 1},
	"tablespoon": {"tablespoon", 1}, "tablespoons": {"tablespoon", 1}, "tbsp": {"tablespoon", 1},
	"tbs": {"tablespoon", 1}, "tblsp": {"tablespoon", 1},
	"teaspoon": {"teaspoon", 1}, "teaspoons": {"teaspoon", 1}, "tsp": {"teaspoon", 1},
	"tsps":  {"teaspoon", 1},
	"spoon": {"spoon", 1}, "spoons": {"spoon", 1}, "spoonful": {"spoon", 1}, "spoonfuls": {"spoon", 1},
	"kijiiko": {"spoon", 1}, "ekijiiko": {"spoon", 1}, "bijiiko": {"spoon", 1},
	"slice": {"slice", 1}, "slices": {"slice", 1},
	"piece": {"piece", 1}, "pieces": {"piece", 1}, "pc": {"piece", 1}, "pcs": {"piece", 1},
	"tuber": {"piece", 1}, "tubers": {"piece", 1}, "cob": {"piece", 1}, "cobs": {"piece", 1},
	"handful": {"handful", 1}, "handfuls": {"handful", 1},
	"serving": {"serving", 1}, "servings": {"serving", 1}, "portion": {"serving", 1}, "portions": {"serving", 1},
	"ladle": {"ladle", 1}, "ladles": {"ladle", 1},
	"heap": {"heap", 1}, "heaps": {"heap", 1}, "bunch": {"bunch", 1}, "bunches": {"bunch", 1},
	"packet": {"packet", 1}, "packets": {"packet", 1},
	"bottle": {"bottle", 1}, "bottles": {"bottle", 1},
}

// nearUnit reads a measure word with one typo ("slises", "cupps", "tablespon"), for words
// of five letters or more that are not otherwise known.
func nearUnit(w string) (unitDef, bool) {
	if _, known := loadVocabulary().canonical(w); known || len([]rune(w)) < 5 {
		return unitDef{}, false
	}
	best := ""
	for name := range unitWords {
		if len(name) >= 5 && editDistance(w, name, 1) <= 1 && (best == "" || name < best) {
			best = name
		}
	}
	return unitWords[best], best != ""
}

// twoWordUnits are measures written as two words.
var twoWordUnits = map[[2]string]string{
	{"tea", "spoon"}: "teaspoon", {"tea", "spoons"}: "teaspoon",
	{"table", "spoon"}: "tablespoon", {"table", "spoons"}: "tablespoon",
	{"serving", "spoon"}: "ladle", {"serving", "spoons"}: "ladle",
}

// mealWords are the canonical words that name a meal.
var mealWords = map[string]MealType{
	"breakfast": Breakfast, "lunch": Lunch, "dinner": Dinner, "snack": Snack,
}

// glucoseCues introduce a glucose number ("sugar 7.2", "fbs 6.1",
// "tested 4.5"); "sugar" only counts in a glucose context (see isGlucoseSugar).
var glucoseCues = map[string]bool{
	"glucose": true, "reading": true, "level": true, "tested": true, "checked": true,
	"measured": true, "test": true, "meter": true, "hypo": true,
}

// glucoseCueWindow is how many tokens after a cue a number may come
// ("my sugar has gone down to 60").
const glucoseCueWindow = 5

// sugarBefore and sugarAfter are words around "sugar" that make it blood
// sugar rather than table sugar.
var sugarBefore = map[string]bool{
	"my": true, "blood": true, "average": true, "the": true, "check": true, "checked": true,
	"test": true, "tested": true, "her": true, "his": true, "our": true, "your": true, "low": true,
	"high": true, "fasting": true, "random": true, "raise": true, "lower": true, "control": true,
	"affect": true, "reduce": true, "drop": true, "normal": true, "mum": true, "dad": true,
	"moms": true, "mothers": true, "fathers": true, "its": true, "for": true,
}

var sugarAfter = map[string]bool{
	"level": true, "reading": true, "has": true, "been": true, "went": true, "dropped": true,
	"rose": true, "now": true, "today": true, "this": true, "yesterday": true, "mgdl": true,
	"mmoll": true, "high": true, "low": true, "patient": true, "patients": true, "after": true,
	"before": true, "during": true, "last": true, "my": true, "summary": true,
	"average": true, "stats": true, "trend": true, "control": true,
}

// isGlucoseSugar reports whether toks[i] ("sugar") means blood sugar.
func isGlucoseSugar(toks []token, i int) bool {
	if toks[i].text != "sugar" {
		return false
	}
	if i > 0 && sugarBefore[toks[i-1].text] {
		// "3 teaspoons of sugar" and "no sugar" stay food; "my sugar" does not
		return true
	}
	if i+1 >= len(toks) {
		return false
	}
	next := toks[i+1]
	if next.kind == numberToken || sugarAfter[next.text] {
		return true
	}
	if (next.text == "in" || next.text == "of" || next.raw == "ya") && i+2 < len(toks) && toks[i+2].text == "blood" {
		return true // "sukaali mu musaayi", "sukari ya damu": sugar in (of) the blood
	}
	if next.text == "is" || next.text == "was" || next.text == "at" || next.text == "of" {
		for k := i + 2; k < len(toks) && k <= i+3; k++ {
			t := toks[k]
			if t.kind == numberToken || t.text == "high" || t.text == "low" || t.text == "normal" || t.text == "ok" || t.text == "very" {
				return true
			}
		}
	}
	return false
}

// parseAmount reads an amount starting at toks[i]: "2", "two", "1.5",
// "1 1/2", "2 and a half", "half", "half a", "half of a", "a"/"an" (only
// when a unit follows). It returns the amount and the index after it.
func parseAmount(toks []token, i int, used []bool) (float64, int, bool) {
	if i >= len(toks) || used[i] {
		return 0, i, false
	}
	t := toks[i]
	var v float64
	j := i + 1
	switch {
	case t.kind == numberToken && !t.thousands:
		v = t.num
		// "1 1/2"
		if j < len(toks) && toks[j].kind == numberToken && toks[j].num < 1 && strings.Contains(toks[j].raw, "/") {
			v += toks[j].num
			j++
		}
	case t.kind == wordToken && t.raw == "half":
		v = 0.5
		for j < len(toks) && (toks[j].raw == "a" || toks[j].raw == "an" || toks[j].raw == "of") {
			j++
		}
		return v, j, true
	case t.kind == wordToken && (t.raw == "a" || t.raw == "an"):
		// "a half cup"
		if j < len(toks) && toks[j].raw == "half" {
			return 0.5, j + 1, true
		}
		return 1, j, true
	case t.kind == wordToken:
		n, ok := numberWords[t.raw]
		if !ok || t.raw == "half" {
			return 0, i, false
		}
		v = n
	default:
		return 0, i, false
	}
	// "2 and a half", "one and half"
	if j+1 < len(toks) && toks[j].text == "and" {
		k := j + 1
		if toks[k].raw == "a" && k+1 < len(toks) {
			k++
		}
		if toks[k].raw == "half" {
			v += 0.5
			j = k + 1
		}
	}
	return v, j, true
}

// unitAt reads a measure word at toks[j] and returns the canonical unit, its
// factor and the index after it (and after a following "of").
func unitAt(toks []token, j int) (string, float64, int, bool) {
	if j >= len(toks) || toks[j].kind != wordToken {
		return "", 0, j, false
	}
	unit, factor, next := "", 1.0, j+1
	if j+1 < len(toks) {
		if u, ok := twoWordUnits[[2]string{toks[j].raw, toks[j+1].raw}]; ok {
			unit, next = u, j+2
		}
	}
	if unit == "" {
		u, ok := unitWords[toks[j].raw]
		if !ok {
			if u, ok = nearUnit(toks[j].raw); !ok {
				return "", 0, j, false
			}
		}
		unit, factor = u.unit, u.factor
	}
	if next < len(toks) && toks[next].raw == "of" {
		next++
	}
	return unit, factor, next, true
}

// span is a half-open range of token indexes.
type span struct{ start, end int }

type quantitySpan struct {
	q Quantity
	span
	linked bool
}

// extractQuantities finds amounts followed by a measure ("2 fingers",
// "half plate", "200g", "a cup of") and marks their tokens used.
func extractQuantities(toks []token, used []bool) []quantitySpan {
	var out []quantitySpan
	for i := 0; i < len(toks); i++ {
		amount, j, ok := parseAmount(toks, i, used)
		if !ok {
			// "tea spoon of honey": a two-word measure without an amount is one
			if i+1 < len(toks) && !used[i] && !used[i+1] && twoWordUnits[[2]string{toks[i].raw, toks[i+1].raw}] != "" {
				amount, j, ok = 1, i, true
			} else {
				continue
			}
		}
		unit, factor, next, ok := unitAt(toks, j)
		if !ok || anyUsed(used, i, next) {
			continue
		}
		out = append(out, quantitySpan{q: Quantity{Amount: round3(amount * factor), Unit: unit}, span: span{i, next}})
		markUsed(used, i, next)
		i = next - 1
	}
	return out
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func anyUsed(used []bool, from, to int) bool {
	for k := from; k < to && k < len(used); k++ {
		if used[k] {
			return true
		}
	}
	return false
}

func markUsed(used []bool, from, to int) {
	for k := from; k < to && k < len(used); k++ {
		used[k] = true
	}
}

// weekdayWords and monthWords name days and months (English, with a few
// Luganda and Swahili forms; see chatdata/LEXICON.md for their sources).
var weekdayWords = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

var monthWords = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March, "april": time.April,
	"may": time.May, "june": time.June, "july": time.July, "august": time.August, "september": time.September,
	"october": time.October, "november": time.November, "december": time.December, "jan": time.January,
	"feb": time.February, "mar": time.March, "apr": time.April, "jun": time.June, "jul": time.July,
	"aug": time.August, "sep": time.September, "sept": time.September, "oct": time.October, "nov": time.November,
	"dec": time.December,
}

// ordinalSuffix are the endings of "17th", "1st", "2nd", "3rd".
var ordinalSuffix = map[string]bool{"th": true, "st": true, "nd": true, "rd": true}

// tokRaw is the raw text of toks[i], or "" past the end.
func tokRaw(toks []token, i int) string {
	if i < len(toks) {
		return toks[i].raw
	}
	return ""
}

// monthWord reads a month name or abbreviation, allowing one typo in a name of five
// letters or more ("novembr", "octobr").
func monthWord(w string) (time.Month, bool) {
	if m, ok := monthWords[w]; ok {
		return m, true
	}
	if _, known := loadVocabulary().canonical(w); known || len(w) < 5 {
		return 0, false // "match" is not March
	}
	for name, m := range monthWords {
		if len(name) >= 5 && editDistance(w, name, 1) <= 1 {
			return m, true
		}
	}
	return 0, false
}

// dateAt reads "17 November", "November 17", "17th of november" at toks[i].
func dateAt(toks []token, i int) (TimeRange, int, bool) {
	dayNum := func(t token) (int, bool) {
		if t.kind != numberToken || t.num != float64(int(t.num)) || t.num < 1 || t.num > 31 {
			return 0, false
		}
		return int(t.num), true
	}
	t := toks[i]
	if d, ok := dayNum(t); ok {
		j := i + 1
		for j < len(toks) && (toks[j].raw == "th" || toks[j].raw == "st" || toks[j].raw == "nd" || toks[j].raw == "rd" || toks[j].raw == "of") {
			j++
		}
		if j < len(toks) {
			if m, ok := monthWord(toks[j].raw); ok {
				return TimeRange{Kind: OnDate, Days: d, Month: m}, j + 1, true
			}
		}
		// "on the 17th": a day of this month (or the last, when it is still ahead)
		if i+1 < len(toks) && ordinalSuffix[toks[i+1].raw] && i > 0 && (toks[i-1].raw == "the" || toks[i-1].raw == "on") {
			if _, unit := unitWords[tokRaw(toks, i+2)]; !unit {
				return TimeRange{Kind: OnDate, Days: d}, i + 2, true
			}
		}
		return TimeRange{}, i, false
	}
	if m, ok := monthWord(t.raw); ok && t.raw != "may" && t.raw != "mar" {
		if i+1 < len(toks) {
			if d, ok := dayNum(toks[i+1]); ok {
				return TimeRange{Kind: OnDate, Days: d, Month: m}, i + 2, true
			}
		}
		return TimeRange{Kind: InMonth, Month: m}, i + 1, true
	}
	return TimeRange{}, i, false
}

// maxRangeDays bounds "last N days".
const maxRangeDays = 366

// extractRange finds the first time range and marks its tokens used.
func extractRange(toks []token, used []bool) *TimeRange {
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		// "3 days ago", "two days ago"; "in 30 days", "over 14 days": the last N days
		if n, after, ok := parseAmount(toks, i, used); ok && n >= 1 && n <= maxRangeDays && after < len(toks) &&
			(toks[after].text == "day" || toks[after].text == "days") {
			switch {
			case after+1 < len(toks) && toks[after+1].raw == "ago":
				markUsed(used, i, after+2)
				return &TimeRange{Kind: DaysAgo, Days: int(n)}
			case i > 0 && (toks[i-1].raw == "in" || toks[i-1].raw == "over" || toks[i-1].raw == "for" || toks[i-1].raw == "within"):
				markUsed(used, i, after+1)
				return &TimeRange{Kind: LastNDays, Days: int(n)}
			}
		}
		if toks[i].kind == numberToken {
			if r, end, ok := dateAt(toks, i); ok && !anyUsed(used, i, end) {
				markUsed(used, i, end)
				return &r
			}
			continue
		}
		if toks[i].kind != wordToken {
			continue
		}
		w := toks[i].text
		if r, end, ok := dateAt(toks, i); ok && !anyUsed(used, i, end) {
			markUsed(used, i, end)
			return &r
		}
		if wd, ok := weekdayWords[toks[i].raw]; ok {
			used[i] = true
			if i > 0 && toks[i-1].raw == "since" {
				used[i-1] = true
				return &TimeRange{Kind: SinceWeekday, Days: int(wd)}
			}
			return &TimeRange{Kind: OnWeekday, Days: int(wd)}
		}
		next := func(k int) string {
			if i+k < len(toks) {
				return toks[i+k].text
			}
			return ""
		}
		switch {
		case w == "day" && next(1) == "before" && next(2) == "yesterday":
			markUsed(used, i, i+3)
			return &TimeRange{Kind: DaysAgo, Days: 2}
		case w == "today":
			used[i] = true
			return &TimeRange{Kind: Today}
		case w == "yesterday":
			used[i] = true
			return &TimeRange{Kind: Yesterday}
		case w == "this" && (next(1) == "morning" || next(1) == "afternoon" || next(1) == "evening"):
			markUsed(used, i, i+2)
			return &TimeRange{Kind: Today}
		case w == "the" && (next(1) == "week" || next(1) == "month") && i > 0 &&
			(toks[i-1].text == "for" || toks[i-1].text == "in" || toks[i-1].text == "during" || toks[i-1].text == "over"):
			// "spending for the week", "lows in the month": the current one
			markUsed(used, i, i+2)
			if next(1) == "week" {
				return &TimeRange{Kind: ThisWeek}
			}
			return &TimeRange{Kind: ThisMonth}
		case (w == "week" || w == "month") && next(1) == "last" && (i+2 >= len(toks) || toks[i+2].kind != wordToken || toks[i+2].text != "week" && toks[i+2].text != "month"):
			// "wiiki ewedde", "wiki iliyopita": the week that has passed
			markUsed(used, i, i+2)
			if w == "week" {
				return &TimeRange{Kind: LastWeek}
			}
			return &TimeRange{Kind: LastMonth}
		case w == "this" && next(1) == "week", w == "week" && next(1) == "this":
			markUsed(used, i, i+2)
			return &TimeRange{Kind: ThisWeek}
		case w == "this" && next(1) == "month", w == "month" && next(1) == "this":
			markUsed(used, i, i+2)
			return &TimeRange{Kind: ThisMonth}
		case w == "weekly":
			used[i] = true
			return &TimeRange{Kind: LastNDays, Days: 7}
		case w == "last" || (w == "the" && next(1) == "last"):
			k := i + 1
			if w == "the" {
				k++
			}
			if k >= len(toks) {
				continue
			}
			n, unitIdx := 1.0, k
			if a, after, ok := parseAmount(toks, k, used); ok && toks[k].raw != "a" && toks[k].raw != "an" {
				n, unitIdx = a, after
			}
			if unitIdx >= len(toks) {
				continue
			}
			// a range longer than a year is a typo; keep it bounded
			n = min(max(n, 1), maxRangeDays)
			switch toks[unitIdx].text {
			case "day", "days":
				markUsed(used, i, unitIdx+1)
				return &TimeRange{Kind: LastNDays, Days: int(n)}
			case "fortnight":
				markUsed(used, i, unitIdx+1)
				return &TimeRange{Kind: LastNDays, Days: min(int(n)*14, maxRangeDays)}
			case "week":
				markUsed(used, i, unitIdx+1)
				if unitIdx == k && toks[k-1].raw != "past" {
					return &TimeRange{Kind: LastWeek}
				}
				return &TimeRange{Kind: LastNDays, Days: min(int(n)*7, maxRangeDays)}
			case "month":
				markUsed(used, i, unitIdx+1)
				if unitIdx == k {
					return &TimeRange{Kind: LastMonth}
				}
				return &TimeRange{Kind: LastNDays, Days: min(int(n)*30, maxRangeDays)}
			}
		}
	}
	return nil
}

// extractMeal returns the first meal named in the message.
func extractMeal(toks []token, used []bool) MealType {
	for i, t := range toks {
		if m, ok := mealWords[t.text]; ok && !used[i] {
			used[i] = true
			return m
		}
	}
	return ""
}

// extractGlucose finds glucose values: a number with a glucose unit, a
// number shortly after a glucose cue ("my sugar is 3.2", "fbs 6.1"), or the
// meter's HI/LO display. HbA1c values are consumed and ignored: they are
// percentages, not glucose.
func extractGlucose(toks []token, used []bool) []GlucoseReading {
	var out []GlucoseReading
	cue := -100
	// a band edge in a question about past readings: "how many were above 10",
	// "did my sugar go below 3.9 yesterday"
	counting := countsReadings(toks) || (len(toks) > 0 && pastQuestion[toks[0].text])
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if counting && t.kind == numberToken && i > 0 && thresholdWords[toks[i-1].text] {
			used[i] = true // "how many readings above 13.9": a band edge, not a reading
			continue
		}
		if t.kind == numberToken && clockTime(toks, i) {
			used[i] = true // "at 2pm", "at 14:30": a time of day, not a reading
			continue
		}
		if t.kind == punctToken && (t.text == "." || t.text == "?" || t.text == "!") {
			cue = -100
			continue
		}
		if t.kind == wordToken {
			switch {
			case t.text == "hba1c":
				// swallow the HbA1c value
				for k := i + 1; k < len(toks) && k <= i+3; k++ {
					if toks[k].kind == numberToken {
						used[k] = true
						break
					}
				}
				cue = -100
			case glucoseCues[t.text] || isGlucoseSugar(toks, i):
				cue = i
			case (t.raw == "hi" || t.raw == "high" || t.raw == "lo" || t.raw == "low") && i > 0 && i-cue <= 3 && meterWord(toks, i):
				m := "HI"
				if t.raw == "lo" || t.raw == "low" {
					m = "LO"
				}
				out = append(out, GlucoseReading{Meter: m, Unit: MgPerDL, UnitGiven: true})
				used[i] = true
			}
			continue
		}
		if t.kind != numberToken || used[i] || t.thousands || t.num <= 0 || t.num > 1000 {
			continue
		}
		if i+1 < len(toks) && (toks[i+1].text == "mgdl" || toks[i+1].text == "mmoll") {
			unit := MgPerDL
			if toks[i+1].text == "mmoll" {
				unit = MmolPerL
			}
			out = append(out, GlucoseReading{Value: t.num, Unit: unit, UnitGiven: true})
			markUsed(used, i, i+2)
			continue
		}
		if cue >= 0 && i-cue <= glucoseCueWindow && !currencyNear(toks, i) {
			out = append(out, GlucoseReading{Value: t.num, Unit: inferUnit(t.num)})
			used[i] = true
		}
	}
	return out
}

// clockTime reports whether the number at toks[i] is a time of day: followed by am/pm
// or o'clock, or hours and minutes written with a colon.
func clockTime(toks []token, i int) bool {
	if i+1 < len(toks) {
		switch toks[i+1].raw {
		case "am", "pm", "oclock", "o'clock", "hrs":
			return true
		case ":":
			return i+2 < len(toks) && toks[i+2].kind == numberToken
		}
	}
	if i >= 2 && toks[i-1].raw == ":" && toks[i-2].kind == numberToken {
		return true
	}
	return false
}

// pastQuestion are first words of a question about past readings.
var pastQuestion = map[string]bool{"did": true, "was": true, "were": true, "have": true, "has": true, "any": true}

// thresholdWords come before a band edge in a question that counts readings.
var thresholdWords = map[string]bool{"above": true, "below": true, "over": true, "under": true, "than": true}

// countsReadings reports whether the message counts readings ("how many", "how often",
// "number of", "times"), so a number after "above" or "below" is a threshold.
func countsReadings(toks []token) bool {
	for i, t := range toks {
		switch t.text {
		case "times", "count", "number", "often", "lows", "highs":
			return true
		case "many":
			if i > 0 && toks[i-1].text == "how" {
				return true
			}
		}
	}
	return false
}

// meterWord reports whether a HI/LO at toks[i] follows "meter says/reads/shows".
func meterWord(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch toks[k].text {
		case "says", "say", "said", "reads", "read", "shows", "showing", "meter":
			return true
		}
	}
	return false
}

func inferUnit(v float64) GlucoseUnit {
	if v < unitlessMmolBelow {
		return MmolPerL
	}
	return MgPerDL
}

func currencyNear(toks []token, i int) bool {
	return (i > 0 && toks[i-1].text == "ugx") || (i+1 < len(toks) && (toks[i+1].text == "ugx" || toks[i+1].text == "thousand"))
}

// extractMoney finds amounts that are money by their form: "3k", "UGX 2,500",
// "2500 shillings", "2,000/=", "5 thousand".
func extractMoney(toks []token, used []bool) []int {
	var out []int
	for i, t := range toks {
		if t.kind != numberToken || used[i] {
			continue
		}
		switch {
		case t.thousands:
			out = append(out, int(math.Round(t.num)))
			used[i] = true
		case i+1 < len(toks) && toks[i+1].text == "thousand":
			out = append(out, int(math.Round(t.num*1000)))
			markUsed(used, i, i+2)
		case currencyNear(toks, i):
			out = append(out, int(math.Round(t.num)))
			used[i] = true
		}
	}
	return out
}

// sizeWords may sit between an amount and its measure ("1 medium banana").
var sizeWords = map[string]bool{
	"small": true, "medium": true, "large": true, "big": true, "heaped": true, "level": true,
	"heaping": true, "rounded": true, "full": true, "whole": true,
}

// ParseMeasure reads a household measure label from a food table ("1 cup",
// "1 cup (240 ml)", "2 fingers", "1 tablespoon", "1 medium banana") into the
// canonical unit the NLU writes, so Data can fill Measure.Unit. A counted
// item ("1 large egg", "1 fruit") is a "piece". Grams per unit are then the
// table's grams divided by Amount.
func ParseMeasure(label string) (Quantity, bool) {
	toks := tokenize(label)
	used := make([]bool, len(toks))
	amount, j, ok := parseAmount(toks, 0, used)
	if !ok || amount <= 0 {
		amount, j = 1, 0
	}
	for j < len(toks) && sizeWords[toks[j].raw] {
		j++
	}
	if j >= len(toks) || toks[j].kind != wordToken {
		return Quantity{}, false
	}
	if unit, factor, _, ok := unitAt(toks, j); ok {
		return Quantity{Amount: round3(amount * factor), Unit: unit}, true
	}
	return Quantity{Amount: amount, Unit: "piece"}, true
}
