package assistant

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Lexicon resolves a food name, as typed, to a food key. Names include the
// English name and local names (Luganda, Swahili, market names).
type Lexicon interface {
	// Lookup resolves one name (one to four words, lower or mixed case) to a
	// food. A match with Distance > 0 was found despite typos; the NLU
	// decides whether to trust it.
	Lookup(name string) (FoodMatch, bool)
}

// FoodMatch is the result of a Lexicon lookup.
type FoodMatch struct {
	Key      string // food key, as used by Data
	Name     string // the lexicon name that matched
	Distance int    // edits between the query and Name; 0 is exact
}

// LexiconEntry is one food and every name it is known by.
type LexiconEntry struct {
	Key   string   `json:"key"`
	Names []string `json:"names"`
}

// MemoryLexicon is an in-memory Lexicon built from a list of entries. It is
// safe for concurrent use once built.
type MemoryLexicon struct {
	exact   map[string]FoodMatch // normalised name → match
	compact map[string]FoodMatch // name without spaces ("gnuts", "sukumawiki")
	fuzzy   *fuzzyIndex
	size    int
}

// NewMemoryLexicon builds a lexicon. Each entry's key is also one of its
// names. When two entries share a name, the earlier entry keeps it, so order
// entries by preference.
func NewMemoryLexicon(entries []LexiconEntry) (*MemoryLexicon, error) {
	l := &MemoryLexicon{
		exact:   make(map[string]FoodMatch),
		compact: make(map[string]FoodMatch),
		fuzzy:   newFuzzyIndex(2),
	}
	for i, e := range entries {
		key := strings.TrimSpace(e.Key)
		if key == "" {
			return nil, fmt.Errorf("assistant: lexicon entry %d has no key", i)
		}
		names := append([]string{strings.ReplaceAll(key, "_", " ")}, e.Names...)
		for _, n := range names {
			norm := normalizeName(n)
			if norm == "" {
				continue
			}
			if _, dup := l.exact[norm]; dup {
				continue
			}
			l.exact[norm] = FoodMatch{Key: key, Name: norm}
			c := strings.ReplaceAll(norm, " ", "")
			if _, dup := l.compact[c]; !dup {
				l.compact[c] = FoodMatch{Key: key, Name: norm}
			}
			// only names a fuzzy lookup can reach (see maxFuzzyWords)
			if strings.Count(norm, " ") < maxFuzzyWords {
				l.fuzzy.add(norm)
			}
		}
		l.size++
	}
	return l, nil
}

// LoadLexiconJSON reads a JSON array of LexiconEntry.
func LoadLexiconJSON(r io.Reader) (*MemoryLexicon, error) {
	var entries []LexiconEntry
	if err := json.NewDecoder(r).Decode(&entries); err != nil {
		return nil, fmt.Errorf("assistant: decode lexicon: %w", err)
	}
	return NewMemoryLexicon(entries)
}

// Len is the number of foods in the lexicon.
func (l *MemoryLexicon) Len() int { return l.size }

// Lookup implements Lexicon: exact name, then singular forms ("eggs",
// "tomatoes", "pastries"), then the name without spaces ("gnuts" for
// "g-nuts"), then, for queries of one or two words, the nearest name within
// allowedTypos edits.
func (l *MemoryLexicon) Lookup(name string) (FoodMatch, bool) {
	norm := normalizeName(name)
	if norm == "" {
		return FoodMatch{}, false
	}
	if m, ok := l.exact[norm]; ok {
		return m, true
	}
	for _, s := range singulars(norm) {
		if m, ok := l.exact[s]; ok {
			return m, true
		}
	}
	if m, ok := l.compact[strings.ReplaceAll(norm, " ", "")]; ok {
		return m, true
	}
	maxDist := allowedTypos(len([]rune(norm)))
	if maxDist == 0 || strings.Count(norm, " ") >= maxFuzzyWords {
		return FoodMatch{}, false
	}
	term, d, ok := l.fuzzy.search(norm, maxDist)
	if !ok {
		return FoodMatch{}, false
	}
	m := l.exact[term]
	m.Distance = d
	return m, true
}

// maxFuzzyWords: names of up to this many words are matched despite typos
// ("brwon rice"); longer phrases must match exactly, which keeps lookups on
// long messages cheap.
const maxFuzzyWords = 2

// singulars lists the singular forms an English plural may come from; only
// the last word of a name is changed ("sweet potatoes" → "sweet potato").
func singulars(s string) []string {
	var out []string
	switch {
	case strings.HasSuffix(s, "ies") && len(s) > 4:
		out = append(out, s[:len(s)-3]+"y")
	case strings.HasSuffix(s, "oes") || strings.HasSuffix(s, "ches") || strings.HasSuffix(s, "shes") || strings.HasSuffix(s, "ses"):
		out = append(out, s[:len(s)-2])
	}
	if strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") && len(s) > 3 {
		out = append(out, s[:len(s)-1])
	}
	return out
}
