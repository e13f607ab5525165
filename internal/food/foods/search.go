// Package foods holds the rules about foods that do not depend on where they are stored:
// how names are normalised and matched (typo-tolerant search), how foods are flagged as
// diabetes-, weight-loss- or weight-gain-friendly, and how alternatives are chosen.
package foods

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize lowercases, strips accents and turns punctuation into spaces:
// "G-nut Paste (Ebinyeebwa)" → "g nut paste ebinyeebwa".
func Normalize(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, s)
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// SearchText is what search matches against: the name and every local name, normalised.
func SearchText(name string, localNames []string) string {
	parts := append([]string{name}, localNames...)
	return Normalize(strings.Join(parts, " "))
}

// aliases are the short forms and spellings people type for a food, each with the words
// the food table uses. Keys and values are normalised (see Normalize); a key of two words
// matches those two words side by side ("g nuts" is what "g.nuts" and "g-nuts" become).
var aliases = map[string]string{
	"gnuts": "groundnuts", "gnut": "groundnut", "g nuts": "groundnuts", "g nut": "groundnut",
	"gnts": "groundnuts", "peanuts": "groundnuts", "peanut": "groundnut", "binyebwa": "ebinyeebwa",
	"irish": "irish potato", "irish potatoes": "irish potato", "irish potato": "irish potato", "irsh": "irish potato",
	"matoke": "matooke", "matok": "matooke", "matoooke": "matooke", "matooki": "matooke",
	"sukuma": "sukuma wiki", "sukumawiki": "sukuma wiki", "sukuma wiki": "sukuma wiki",
	"chapo": "chapati", "chapatti": "chapati", "posha": "posho", "poshow": "posho",
}

// Expand rewrites a query's short forms into the food table's words ("g.nuts" → "groundnuts",
// "irish" → "irish potato"): the normalised query, ready for FTSQuery and Rank.
func Expand(query string) string {
	words := strings.Fields(Normalize(query))
	out := make([]string, 0, len(words)+2)
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) {
			if to, ok := aliases[words[i]+" "+words[i+1]]; ok {
				out = append(out, to)
				i++
				continue
			}
		}
		if to, ok := aliases[words[i]]; ok {
			out = append(out, to)
			continue
		}
		out = append(out, words[i])
	}
	return strings.Join(out, " ")
}

// gram packs three runes into one integer: trigram sets without string allocations.
type gram uint64

// appendTrigrams appends the trigrams of a word padded the way pg_trgm pads it
// ("  w", " wo", …, "rd "), without duplicates.
func appendTrigrams(dst []gram, word string) []gram {
	var r0, r1 rune = ' ', ' '
	add := func(r2 rune) {
		g := gram(r0)<<42 | gram(r1)<<21 | gram(r2)
		for _, x := range dst {
			if x == g {
				return
			}
		}
		dst = append(dst, g)
	}
	for _, r := range word {
		add(r)
		r0, r1 = r1, r
	}
	add(' ')
	return dst
}

// queryWord is a word of the query with its trigrams, computed once per search.
type queryWord struct {
	text  string
	grams []gram
}

func newQueryWords(query string) []queryWord {
	var out []queryWord
	for _, w := range strings.Fields(Normalize(query)) {
		out = append(out, queryWord{w, appendTrigrams(nil, w)})
	}
	return out
}

// wordScore is how well a query word matches a text word: 1 for equal, 0.95 for a prefix,
// otherwise the Jaccard similarity of their trigram sets (typo tolerance).
func wordScore(q queryWord, w string, buf []gram) (float64, []gram) {
	switch {
	case q.text == w || plural(q.text, w) || plural(w, q.text):
		return 1, buf
	case len(q.text) >= 2 && strings.HasPrefix(w, q.text):
		return 0.95, buf
	}
	buf = appendTrigrams(buf[:0], w)
	common := 0
	for _, g := range q.grams {
		for _, h := range buf {
			if g == h {
				common++
				break
			}
		}
	}
	union := len(q.grams) + len(buf) - common
	if union == 0 {
		return 0, buf
	}
	return float64(common) / float64(union), buf
}

// plural reports whether long is short with an English plural ending ("egg" → "eggs",
// "tomato" → "tomatoes").
func plural(short, long string) bool {
	return len(short) >= 2 && strings.HasPrefix(long, short) && (long[len(short):] == "s" || long[len(short):] == "es")
}

// headBonus is added when the query is the start of the food's name ("egg" for "Egg,
// boiled"), so a food named by the query ranks above one whose longer name only contains
// the word ("Nakati (garden egg leaves)").
const headBonus = 0.1

// isHead reports whether the query's words are the first words of the search text (whose
// first words are the food's name), a plural counting as the same word.
func isHead(qw []queryWord, words []string) bool {
	if len(qw) == 0 || len(qw) > len(words) {
		return false
	}
	for i, q := range qw {
		if w := words[i]; q.text != w && !plural(q.text, w) && !plural(w, q.text) {
			return false
		}
	}
	return true
}

// Score ranks a food for a query: each query word takes its best match among the words of
// the food's search text (with adjacent words also tried joined, so "sukumawiki" finds
// "sukuma wiki"); the food scores the mean. Description words count for less.
func Score(query, searchText, description string) float64 {
	return score(newQueryWords(query), searchText, description, nil)
}

func score(qw []queryWord, searchText, description string, buf []gram) float64 {
	if len(qw) == 0 {
		return 0
	}
	words := strings.Fields(searchText)
	for i, n := 0, len(words); i+1 < n; i++ {
		words = append(words, words[i]+words[i+1])
	}
	desc := strings.Fields(Normalize(description))
	total := 0.0
	var s float64
	for _, q := range qw {
		best := 0.0
		for _, w := range words {
			if s, buf = wordScore(q, w, buf); s > best {
				best = s
			}
		}
		for _, w := range desc {
			if best >= 0.6 {
				break
			}
			if s, buf = wordScore(q, w, buf); 0.6*s > best {
				best = 0.6 * s
			}
		}
		total += best
	}
	s = total / float64(len(qw))
	if isHead(qw, words) {
		s += headBonus
	}
	return s
}

// MinScore is the least score a search result needs: enough for one or two typos in a
// word of six or more letters ("matooke" → "matokee" scores 0.45), not for unrelated words.
const MinScore = 0.4

// FTSQuery turns a query into an SQLite FTS5 expression over its trigrams (the index uses
// the trigram tokenizer), so a misspelt word still finds candidates; "" when no word has
// three letters (then search falls back to browsing by prefix).
func FTSQuery(query string) string {
	seen := map[string]bool{}
	var terms []string
	for _, w := range strings.Fields(Normalize(query)) {
		r := []rune(w)
		for i := 0; i+3 <= len(r); i++ {
			g := string(r[i : i+3])
			if !seen[g] {
				seen[g] = true
				terms = append(terms, `"`+g+`"`)
			}
		}
	}
	return strings.Join(terms, " OR ")
}

// Candidate is a food found by the database's index, before ranking.
type Candidate struct {
	ID          int64
	SearchText  string
	Description string
}

// Ranked is a candidate with its score.
type Ranked struct {
	ID    int64
	Score float64
}

// Rank scores candidates for the query, keeps those above MinScore and sorts them best
// first (ties by id, so both engines give the same order).
func Rank(query string, cands []Candidate) []Ranked {
	out := make([]Ranked, 0, len(cands))
	qw := newQueryWords(query)
	buf := make([]gram, 0, 32)
	for _, c := range cands {
		if s := score(qw, c.SearchText, c.Description, buf); s >= MinScore {
			out = append(out, Ranked{c.ID, s})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out
}
