package assistant

import (
	"strconv"
	"strings"
	"unicode"
)

type tokenKind uint8

const (
	wordToken tokenKind = iota
	numberToken
	punctToken
)

// token is one word, number or punctuation mark of a message.
type token struct {
	raw       string // lower case, as typed (apostrophes removed)
	text      string // canonical form after aliases and typo correction
	kind      tokenKind
	num       float64 // value of a number token, "3k" already multiplied
	thousands bool    // number written with a k suffix ("3k")
}

// rewrites run on the lower-cased message before tokenising: units written
// with a slash, currency suffixes used in Uganda ("2,000/=", "5000/-") and
// curly apostrophes.
var rewrites = strings.NewReplacer(
	"mg/dl", " mgdl ", "mg / dl", " mgdl ", "mg per dl", " mgdl ",
	"mmol/l", " mmoll ", "mmol / l", " mmoll ", "mmol per l", " mmoll ",
	"b/fast", " breakfast ", "/=", " ugx ", "/-", " ugx ",
	"’", "'", "‘", "'", "&", " and ", "+", " and ", "overspen", "over spen",
)

// textNumberWords are chat spellings where a digit stands for a syllable.
var textNumberWords = map[string]string{
	"2day": "today", "2dy": "today", "2nite": "tonight", "2night": "tonight",
	"b4": "before", "2moro": "tomorrow", "hba1c": "hba1c", "a1c": "hba1c",
}

// tokenize splits a message into words, numbers and the punctuation that
// matters for intent (question marks, commas, full stops).
func tokenize(msg string) []token {
	s := rewrites.Replace(strings.ToLower(msg))
	rs := []rune(s)
	toks := make([]token, 0, len(rs)/4+1)
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			// chat spellings such as "2day" and "b4" mix digits and letters
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			if w, ok := textNumberWords[string(rs[i:j])]; ok {
				toks = append(toks, token{raw: string(rs[i:j]), text: w, kind: wordToken})
				i = j
				continue
			}
		}
		switch {
		case r == '½':
			toks = append(toks, token{raw: "½", text: "0.5", kind: numberToken, num: 0.5})
			i++
		case unicode.IsDigit(r) || (r == '.' && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
			t, n := scanNumber(rs, i)
			toks = append(toks, t)
			i = n
		case unicode.IsLetter(r):
			w, n := scanWord(rs, i)
			toks = append(toks, token{raw: w, text: w, kind: wordToken})
			i = n
		case r == '?' || r == ',' || r == '.' || r == '!' || r == ';' || r == ':':
			toks = append(toks, token{raw: string(r), text: string(r), kind: punctToken})
			i++
		default:
			i++
		}
	}
	return toks
}

// scanWord reads letters from rs[i]; an apostrophe between letters is dropped
// ("eky'eggulo" → "ekyeggulo", "don't" → "dont").
func scanWord(rs []rune, i int) (string, int) {
	var b strings.Builder
	j := i
	for j < len(rs) {
		c := rs[j]
		if unicode.IsLetter(c) {
			b.WriteRune(c)
			j++
			continue
		}
		if c == '\'' && j > i && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) {
			j++
			continue
		}
		break
	}
	return b.String(), j
}

// scanNumber reads "3", "3.2", "2,500", "1/2", "3k" starting at rs[i].
func scanNumber(rs []rune, i int) (token, int) {
	start := i
	var b strings.Builder
	for i < len(rs) && unicode.IsDigit(rs[i]) {
		b.WriteRune(rs[i])
		i++
	}
	// thousands separators: a comma followed by exactly three digits
	for i+3 < len(rs) && rs[i] == ',' && allDigits(rs[i+1:i+4]) && (i+4 == len(rs) || !unicode.IsDigit(rs[i+4])) {
		b.WriteString(string(rs[i+1 : i+4]))
		i += 4
	}
	if i+1 < len(rs) && rs[i] == '.' && unicode.IsDigit(rs[i+1]) {
		b.WriteRune('.')
		i++
		for i < len(rs) && unicode.IsDigit(rs[i]) {
			b.WriteRune(rs[i])
			i++
		}
	}
	v, _ := strconv.ParseFloat(b.String(), 64)
	if i+1 < len(rs) && rs[i] == '/' && unicode.IsDigit(rs[i+1]) {
		j := i + 1
		var d strings.Builder
		for j < len(rs) && unicode.IsDigit(rs[j]) {
			d.WriteRune(rs[j])
			j++
		}
		if den, err := strconv.ParseFloat(d.String(), 64); err == nil && den != 0 {
			v /= den
			i = j
		}
	}
	t := token{kind: numberToken, num: v}
	if i < len(rs) && rs[i] == 'k' && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1])) {
		t.thousands = true
		t.num = v * 1000
		i++
	}
	t.raw = string(rs[start:i])
	t.text = strconv.FormatFloat(t.num, 'f', -1, 64)
	return t, i
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// normalizeName turns a food name into its lookup form: lower case, no
// apostrophes, any other non-alphanumeric character (hyphens in "g-nuts",
// brackets, slashes) as a single space.
func normalizeName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// NormalizeName is how the assistant compares food names; lexicon builders use it so
// their names meet the assistant's on equal terms.
func NormalizeName(s string) string { return normalizeName(s) }

// editDistance is the optimal string alignment distance (Levenshtein plus
// adjacent transpositions, the commonest typing slip), computed on runes.
// It stops early and returns max+1 once the distance must exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// allowedTypos is how many edits a word of n letters may carry and still be
// recognised: none below 4 letters (too many short words are one letter
// apart), one up to 7, two from 8.
func allowedTypos(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// fuzzyIndex finds the closest known term within a small edit distance using
// the symmetric-delete method (SymSpell, Wolf Garbe 2012): every term is
// indexed under all strings reachable by deleting up to maxDist characters,
// so a lookup only generates the deletes of the query instead of comparing
// against every term.
type fuzzyIndex struct {
	maxDist int
	terms   []string
	deletes map[string][]int32
}

// maxIndexedRunes bounds the terms indexed for fuzzy lookup: long multi-word
// names would add hundreds of deletes each and are matched exactly instead.
const maxIndexedRunes = 20

func newFuzzyIndex(maxDist int) *fuzzyIndex {
	return &fuzzyIndex{maxDist: maxDist, deletes: make(map[string][]int32)}
}

func (f *fuzzyIndex) add(term string) {
	rs := []rune(term)
	if len(rs) > maxIndexedRunes {
		return
	}
	id := int32(len(f.terms))
	f.terms = append(f.terms, term)
	deletions(rs, f.maxDist, func(k string) { f.deletes[k] = append(f.deletes[k], id) })
}

// deletions calls visit once for each distinct string made by deleting up to maxDist runes
// from rs (rs itself included): the keys of a symmetric-delete index, for adding a term
// and for looking one up alike.
func deletions(rs []rune, maxDist int, visit func(string)) {
	seen := map[string]bool{}
	var walk func(rs []rune, depth int)
	walk = func(rs []rune, depth int) {
		k := string(rs)
		if seen[k] {
			return
		}
		seen[k] = true
		visit(k)
		if depth == maxDist || len(rs) <= 1 {
			return
		}
		for i := range rs {
			d := make([]rune, 0, len(rs)-1)
			d = append(d, rs[:i]...)
			d = append(d, rs[i+1:]...)
			walk(d, depth+1)
		}
	}
	walk(rs, 0)
}

// search returns the closest term within maxDist edits (ties go to the term
// added first).
func (f *fuzzyIndex) search(q string, maxDist int) (string, int, bool) {
	maxDist = min(maxDist, f.maxDist)
	bestID, bestDist := int32(-1), maxDist+1
	checked := map[int32]bool{}
	deletions([]rune(q), maxDist, func(k string) {
		for _, id := range f.deletes[k] {
			if checked[id] {
				continue
			}
			checked[id] = true
			d := editDistance(q, f.terms[id], maxDist)
			if d < bestDist || (d == bestDist && id < bestID) {
				bestID, bestDist = id, d
			}
		}
	})
	if bestID < 0 {
		return "", 0, false
	}
	return f.terms[bestID], bestDist, true
}
