package heldout

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Kind is the kind of a concrete check on an answer's text.
type Kind string

// Kinds of check. Every check looks at the answer's text only, never at an intent label.
const (
	// KindPhrase passes when the answer contains any of Any (case-insensitive, whole
	// words; a trailing "s" or "es" is allowed, so "chapati" matches "chapatis").
	KindPhrase Kind = "phrase"
	// KindAbsent passes when the answer contains none of Any.
	KindAbsent Kind = "absent"
	// KindNumber passes when the answer holds a number within [Min, Max] written with
	// Unit (see unitOK) and, when Near is set, one of Near within a few words of it.
	KindNumber Kind = "number"
	// KindNoZero fails when the answer states zero in Unit (e.g. "0 g", "UGX 0"), or,
	// with Near, a bare zero next to one of Near ("GI 0"): an unknown is not zero.
	KindNoZero Kind = "no_zero"
	// KindAbsentPattern fails when the answer matches the regular expression Pattern
	// (on the lower-cased text), e.g. a dose: "\b\d+ ?units\b".
	KindAbsentPattern Kind = "absent_pattern"
	// KindAtLeast passes when at least K of Of pass.
	KindAtLeast Kind = "at_least"
	// KindAll passes when every one of Of passes (a group inside KindAtLeast).
	KindAll Kind = "all"
)

// Check is one concrete expectation on an answer, produced by resolving a case's Spec
// against the food table, the prices and the fixture.
type Check struct {
	Kind Kind     `json:"kind"`
	Any  []string `json:"any,omitempty"`
	Min  float64  `json:"min,omitempty"`
	Max  float64  `json:"max,omitempty"`
	Unit string   `json:"unit,omitempty"`
	Near []string `json:"near,omitempty"`
	// Pattern is the regular expression of a KindAbsentPattern check.
	Pattern string `json:"pattern,omitempty"`
	// Nutrient, for a number: the nutrient named nearest to it must be this one
	// (carb, protein, fat, fibre, sugars, sodium, potassium, calcium, iron, vitc), so
	// "17 g carbohydrate" is not taken for protein.
	Nutrient string  `json:"nutrient,omitempty"`
	K        int     `json:"k,omitempty"`
	Of       []Check `json:"of,omitempty"`
	// Why says in words what the check stands for ("carbohydrate in 2 cups of boiled
	// rice, 41.4 g"), for failure reports.
	Why string `json:"why,omitempty"`
}

// Result is the verdict on one answer.
type Result struct {
	Pass   bool
	Failed []string // the Why (or a description) of each failed top-level check
}

// Score checks an answer against all checks (all must pass).
func Score(checks []Check, answer string) Result {
	t := newText(answer)
	r := Result{Pass: true}
	for _, c := range checks {
		if !c.eval(t) {
			r.Pass = false
			r.Failed = append(r.Failed, c.describe())
		}
	}
	return r
}

func (c Check) describe() string {
	if c.Why != "" {
		return c.Why
	}
	switch c.Kind {
	case KindPhrase:
		return "mentions one of " + quoteList(c.Any)
	case KindAbsent:
		return "does not say " + quoteList(c.Any)
	case KindNumber:
		s := fmt.Sprintf("a number in [%s, %s]", fmtNum(c.Min), fmtNum(c.Max))
		if c.Unit != "" {
			s += " " + c.Unit
		}
		if len(c.Near) > 0 {
			s += " near " + quoteList(c.Near)
		}
		if c.Nutrient != "" {
			s += " of " + c.Nutrient
		}
		return s
	case KindNoZero:
		return "does not state 0 " + c.Unit + " for an unknown value"
	case KindAbsentPattern:
		return "does not match " + strconv.Quote(c.Pattern)
	case KindAtLeast, KindAll:
		parts := make([]string, len(c.Of))
		for i, o := range c.Of {
			parts[i] = o.describe()
		}
		if c.Kind == KindAll {
			return "(" + strings.Join(parts, " and ") + ")"
		}
		return fmt.Sprintf("at least %d of: %s", c.K, strings.Join(parts, "; "))
	}
	return string(c.Kind)
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, "|")
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (c Check) eval(t *text) bool {
	switch c.Kind {
	case KindPhrase:
		for _, p := range c.Any {
			if t.has(p) {
				return true
			}
		}
		return false
	case KindAbsent:
		for _, p := range c.Any {
			if t.has(p) {
				return false
			}
		}
		return true
	case KindNumber:
		for _, n := range t.nums {
			if n.basis && c.Unit != "" && c.Unit != "count" {
				continue
			}
			if c.Nutrient != "" && t.nutrientOfNumber(n) != c.Nutrient {
				continue
			}
			if n.v >= c.Min-1e-9 && n.v <= c.Max+1e-9 && unitOK(n, c.Unit) && t.near(n, c.Near) {
				return true
			}
		}
		return false
	case KindAbsentPattern:
		return !regexp.MustCompile(c.Pattern).MatchString(t.s)
	case KindNoZero:
		for _, n := range t.nums {
			if n.v != 0 {
				continue
			}
			if c.Unit != "" && unitOK(n, c.Unit) {
				return false
			}
			if len(c.Near) > 0 && t.near(n, c.Near) {
				return false
			}
		}
		return true
	case KindAtLeast:
		k := 0
		for _, o := range c.Of {
			if o.eval(t) {
				k++
			}
		}
		return k >= c.K
	case KindAll:
		for _, o := range c.Of {
			if !o.eval(t) {
				return false
			}
		}
		return true
	}
	return false
}

// text is an answer prepared for matching: lower case, one kind of apostrophe and
// dash, single spaces, and the numbers it holds.
type text struct {
	s     string
	nums  []number
	words []wordAt // nutrient words and where they are
}

type number struct {
	v          float64
	start, end int    // byte offsets in text.s
	before     string // up to 12 bytes before, for a currency prefix
	after      string // up to 24 bytes after, for the unit (of the second number in "10-12 g" or "215 of 180 g")
	// basis marks the amount a figure is given for ("per 100 g", "/100 g", "100 g of
	// posho has"): it is not an answer, so a unit-bearing check never matches it.
	basis   bool
	unitEnd int
}

var (
	numRe   = regexp.MustCompile(`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`)
	rangeRe = regexp.MustCompile(`^\s*(?:-|to|of|out of)\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`)
	spaceRe = regexp.MustCompile(`\s+`)
	basisRe = regexp.MustCompile(`(?:\bper|\bevery|\beach|/)\s?$`)
)

func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-", "−", "-", "\u00a0", " ", "\u202f", " ").Replace(s)
	return spaceRe.ReplaceAllString(s, " ")
}

func newText(answer string) *text {
	t := &text{s: normalize(answer)}
	for _, m := range numRe.FindAllStringIndex(t.s, -1) {
		// A digit glued to a letter before it ("h2o", "b12") is not a quantity.
		if m[0] > 0 && isLetter(t.s[m[0]-1]) {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(t.s[m[0]:m[1]], ",", ""), 64)
		if err != nil {
			continue
		}
		n := number{v: v, start: m[0], end: m[1]}
		n.before = t.s[max(0, m[0]-12):m[0]]
		n.basis = basisRe.MatchString(n.before)
		rest := t.s[m[1]:]
		if r := rangeRe.FindStringSubmatchIndex(rest); r != nil {
			rest = rest[r[1]:] // "10-12 g": the unit after the range applies to both ends
		}
		n.after = rest[:min(len(rest), 24)]
		// unitEnd: where the unit written after the number ends, so a word after it
		// ("17 g protein") is measured from there.
		n.unitEnd = len(t.s) - len(rest)
		best := 0
		for _, re := range unitAfter {
			if loc := re.FindStringIndex(rest); loc != nil && loc[1] > best {
				best = loc[1]
				// The mg pattern also takes the character after "mg" (to tell it from
				// mg/dL); that character is not part of the unit.
				if c := rest[best-1]; !isWordByte(c) && c != '%' && c != '=' && c != '/' {
					best--
				}
			}
		}
		n.unitEnd += best
		// "100 g of posho has …", "in 100 g": 100 g is the amount a figure is given for.
		if v == 100 && unitAfter["g"].MatchString(n.after) &&
			(strings.HasPrefix(t.s[n.unitEnd:], " of ") || strings.HasSuffix(n.before, "in ")) {
			n.basis = true
		}
		t.nums = append(t.nums, n)
	}
	for _, w := range nutrientWords {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(w.word) + `\b`)
		for _, loc := range re.FindAllStringIndex(t.s, -1) {
			t.words = append(t.words, wordAt{w.nutrient, loc[0], loc[1]})
		}
	}
	return t
}

// nutrientWords name nutrients in answers; a labelled number check takes the nearest
// of them as the nutrient a number is about.
var nutrientWords = []struct{ word, nutrient string }{
	{"carbohydrate", "carb"}, {"carbohydrates", "carb"}, {"carbs", "carb"}, {"carb", "carb"},
	{"protein", "protein"}, {"proteins", "protein"}, {"fat", "fat"}, {"fats", "fat"},
	{"fibre", "fibre"}, {"fiber", "fibre"}, {"sugar", "sugars"}, {"sugars", "sugars"},
	{"sodium", "sodium"}, {"potassium", "potassium"}, {"calcium", "calcium"}, {"iron", "iron"},
	{"vitamin c", "vitc"}, {"vit c", "vitc"}, {"kcal", "energy"}, {"calories", "energy"}, {"energy", "energy"},
}

type wordAt struct {
	nutrient   string
	start, end int
}

// nutrientOfNumber is the nutrient named nearest to the number: a word after its unit
// ("17 g protein", "17 g of protein") or before it ("protein: 17 g"), whichever is
// closer (after wins a tie); "" when the answer names none.
func (t *text) nutrientOfNumber(n number) string {
	best, bestD := "", 1<<30
	for _, w := range t.words {
		var d int
		switch {
		case w.start >= n.unitEnd:
			gap := t.s[n.unitEnd:w.start]
			if strings.ContainsAny(gap, "0123456789") {
				continue // the word belongs to a number nearer to it
			}
			d = len(gap)
			if strings.HasPrefix(gap, " of ") {
				d -= 3
			}
			if strings.ContainsAny(gap, ",;.:•/()") {
				d += 10 // "4.3 mg, calcium …": the next item's word
			}
		case w.end <= n.start:
			gap := t.s[w.end:n.start]
			d = len(gap) + 1 // a word after the number wins a tie
			if strings.ContainsAny(gap, ",;.•/()") {
				d += 10 // "… 17 g protein, 3 g fat": the previous item's word
			}
		default:
			continue // the unit itself ("kcal")
		}
		if d < bestD {
			best, bestD = w.nutrient, d
		}
	}
	return best
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' }

func isWordByte(b byte) bool { return isLetter(b) || (b >= '0' && b <= '9') }

// has reports whether the phrase occurs as whole words (plural "s"/"es" allowed).
func (t *text) has(phrase string) bool {
	p := normalize(strings.TrimSpace(phrase))
	if p == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(t.s[from:], p)
		if i < 0 {
			return false
		}
		i += from
		j := i + len(p)
		okStart := i == 0 || !isWordByte(t.s[i-1]) || !isWordByte(p[0])
		end := j
		if isWordByte(p[len(p)-1]) {
			switch {
			case strings.HasPrefix(t.s[j:], "es") && (j+2 == len(t.s) || !isWordByte(t.s[j+2])):
				end = j + 2
			case strings.HasPrefix(t.s[j:], "s") && (j+1 == len(t.s) || !isWordByte(t.s[j+1])):
				end = j + 1
			}
		}
		okEnd := end == len(t.s) || !isWordByte(t.s[end]) || !isWordByte(p[len(p)-1])
		if okStart && okEnd {
			return true
		}
		from = i + 1
	}
}

// nearWindow is how far (bytes) a Near word may be from the number.
const nearBefore, nearAfter = 60, 40

func (t *text) near(n number, words []string) bool {
	if len(words) == 0 {
		return true
	}
	w := &text{s: t.s[max(0, n.start-nearBefore):min(len(t.s), n.end+nearAfter)]}
	for _, x := range words {
		if w.has(x) {
			return true
		}
	}
	return false
}

var (
	unitAfter = map[string]*regexp.Regexp{
		"g":      regexp.MustCompile(`^\s?(?:g|gm|grams?)\b`),
		"kcal":   regexp.MustCompile(`^\s?(?:kcal|calories|cal)\b`),
		"mg":     regexp.MustCompile(`^\s?(?:mg|milligrams?)(?:$|[^/a-z])`),
		"mmol/L": regexp.MustCompile(`^\s?mmol`),
		"mg/dL":  regexp.MustCompile(`^\s?mg/dl`),
		"%":      regexp.MustCompile(`^\s?(?:%|percent\b|per cent\b)`),
		"kg":     regexp.MustCompile(`^\s?(?:kg|kgs|kilos?|kilograms?)\b`),
		"UGX":    regexp.MustCompile(`^\s?(?:ugx|ush|shs|shillings?|/=)`),
	}
	currencyBefore = regexp.MustCompile(`(?:ugx|ush|shs\.?|sh\.?)\s?$`)
)

// unitOK reports whether the number is written with the unit ("" accepts any).
func unitOK(n number, unit string) bool {
	switch unit {
	case "":
		return true
	case "count":
		// A plain count: not a percentage, an amount or money ("3 lows", not "3 %").
		for u, re := range unitAfter {
			if u != "%" && u != "g" && u != "kcal" && u != "mg" && u != "mmol/L" && u != "mg/dL" && u != "kg" && u != "UGX" {
				continue
			}
			if re.MatchString(n.after) {
				return false
			}
		}
		return !currencyBefore.MatchString(n.before)
	case "UGX":
		return currencyBefore.MatchString(n.before) || unitAfter["UGX"].MatchString(n.after)
	}
	re, ok := unitAfter[unit]
	if !ok {
		return false
	}
	return re.MatchString(n.after)
}

// KnownUnits lists the units a KindNumber check may use.
func KnownUnits() []string {
	return []string{"", "count", "g", "kcal", "mg", "mmol/L", "mg/dL", "%", "kg", "UGX"}
}

// between builds a number check within a relative tolerance rel (0.1 = ±10 %) plus an
// absolute slack abs for rounding.
func between(v, rel, abs float64, unit string, why string, near ...string) Check {
	lo, hi := v*(1-rel)-abs, v*(1+rel)+abs
	if v < 0 {
		lo, hi = hi, lo
	}
	lo = math.Max(lo, 0)
	return Check{Kind: KindNumber, Min: round3(lo), Max: round3(hi), Unit: unit, Near: near, Why: why}
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func phrase(why string, any ...string) Check { return Check{Kind: KindPhrase, Any: any, Why: why} }

func absent(why string, any ...string) Check { return Check{Kind: KindAbsent, Any: any, Why: why} }

func all(why string, of ...Check) Check { return Check{Kind: KindAll, Of: of, Why: why} }

func atLeast(k int, why string, of ...Check) Check {
	return Check{Kind: KindAtLeast, K: k, Of: of, Why: why}
}
