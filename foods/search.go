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

// trigrams of a word padded the way pg_trgm pads it ("  w", " wo", …, "rd ").
func trigrams(word string) map[string]bool {
	p := "  " + word + " "
	r := []rune(p)
	out := map[string]bool{}
	for i := 0; i+3 <= len(r); i++ {
		out[string(r[i:i+3])] = true
	}
	return out
}

// wordScore is how well a query word matches a text word: 1 for equal, 0.95 for a prefix,
// otherwise the share of the query word's trigrams found in the text word (typo tolerance).
func wordScore(q, w string) float64 {
	switch {
	case q == w:
		return 1
	case strings.HasPrefix(w, q) && len([]rune(q)) >= 2:
		return 0.95
	}
	tq, tw := trigrams(q), trigrams(w)
	common := 0
	for g := range tq {
		if tw[g] {
			common++
		}
	}
	union := len(tq) + len(tw) - common
	if union == 0 {
		return 0
	}
	return float64(common) / float64(union)
}

// Score ranks a food for a query: each query word takes its best match among the words of
// the food's search text (with adjacent words also tried joined, so "sukumawiki" finds
// "sukuma wiki"); the food scores the mean. Description words count for less.
func Score(query, searchText, description string) float64 {
	qw := strings.Fields(Normalize(query))
	if len(qw) == 0 {
		return 0
	}
	words := strings.Fields(searchText)
	for i, n := 0, len(words); i+1 < n; i++ {
		words = append(words, words[i]+words[i+1])
	}
	desc := strings.Fields(Normalize(description))
	total := 0.0
	for _, q := range qw {
		best := 0.0
		for _, w := range words {
			if s := wordScore(q, w); s > best {
				best = s
			}
		}
		for _, w := range desc {
			if s := 0.6 * wordScore(q, w); s > best {
				best = s
			}
		}
		total += best
	}
	return total / float64(len(qw))
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
	for _, c := range cands {
		if s := Score(query, c.SearchText, c.Description); s >= MinScore {
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
