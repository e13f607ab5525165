package chatdata

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// Food is one row of the food table as the lexicon needs it.
type Food struct {
	Slug, Name, LocalNames, Category string
}

// BuildLexicon reads every published food and builds the assistant's lexicon.
func BuildLexicon(ctx context.Context, q db.Queries) (*assistant.MemoryLexicon, error) {
	rows, err := q.ChatLexiconFoods(ctx)
	if err != nil {
		return nil, fmt.Errorf("chatdata: lexicon foods: %w", err)
	}
	foods := make([]Food, len(rows))
	for i, r := range rows {
		foods[i] = Food{Slug: r.Slug, Name: r.Name, LocalNames: r.LocalNames, Category: r.Category}
	}
	return assistant.NewMemoryLexicon(LexiconEntries(foods))
}

// LexiconEntries turns the food table into lexicon entries, ordered so that a name
// several foods share ("matooke", "beans", "rice") goes to the form people eat.
//
// The rule, in order:
//  1. A curated alias (aliases.go) names the food it lists, whatever else claims it.
//  2. Otherwise the food whose key has the most "as eaten" form wins: cooked in water
//     (steamed, boiled, cooked) first; then foods with no form word or another way of
//     cooking (stewed, fried, mashed, grilled; prepared dishes such as posho or chapati);
//     then foods as bought (dried, dry, flour, grain, powder); raw last.
//  3. Between foods of the same rank, the food table's order (its first row) wins.
//
// Each food is known by its key, its full name, its name before the first comma or
// bracket ("Matooke"), a short bracketed alias ("French fries"), its key without the
// form words ("dodo" for dodo-boiled), "boiled beans"-style phrases, its local names and
// the curated aliases.
func LexiconEntries(foods []Food) []assistant.LexiconEntry {
	order := make([]int, len(foods))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return formRank(foods[order[a]].Slug) < formRank(foods[order[b]].Slug) })

	claimed := map[string]string{} // normalised alias → the slug it belongs to
	for slug, names := range aliases {
		for _, n := range names {
			claimed[assistant.NormalizeName(n)] = slug
		}
	}
	out := make([]assistant.LexiconEntry, 0, len(foods))
	for _, i := range order {
		f := foods[i]
		seen := map[string]bool{}
		var names []string
		add := func(n string) {
			n = assistant.NormalizeName(n)
			if n == "" || seen[n] {
				return
			}
			if owner, ok := claimed[n]; ok && owner != f.Slug {
				return
			}
			seen[n] = true
			names = append(names, n)
		}
		for _, a := range aliases[f.Slug] {
			add(a)
		}
		for _, n := range derivedNames(f) {
			add(n)
		}
		out = append(out, assistant.LexiconEntry{Key: f.Slug, Names: names})
	}
	// aliased foods first, so their names (and keys) are never shadowed
	sort.SliceStable(out, func(a, b int) bool {
		_, ia := aliases[out[a].Key]
		_, ib := aliases[out[b].Key]
		return ia && !ib
	})
	return out
}

// formWords name how a food was prepared; they end food keys ("beans-dry-raw").
var formWords = map[string]int{
	"steamed": 0, "boiled": 0, "cooked": 0,
	"stewed": 1, "stew": 1, "fried": 1, "mashed": 1, "grilled": 1, "roasted": 1, "salted": 1,
	"dried": 2, "dry": 2, "flour": 2, "grain": 2, "powder": 2,
	"raw": 3, "fresh": 3,
}

// formRank ranks a food key by how close it is to the form people eat (0 best).
func formRank(slug string) int {
	rank := 1
	found := false
	for _, w := range strings.Split(slug, "-") {
		r, ok := formWords[w]
		if !ok {
			continue
		}
		if !found || r > rank {
			rank = r // "beans-fresh-raw" and "cassava-dried" rank by their least eaten word
		}
		found = true
	}
	return rank
}

// derivedNames lists the names a food is known by, from its key, name and local names.
func derivedNames(f Food) []string {
	names := []string{f.Slug, f.Name}
	head := f.Name
	if i := strings.IndexAny(head, ",("); i > 0 {
		head = strings.TrimSpace(head[:i])
	}
	names = append(names, head)
	if i, j := strings.IndexByte(f.Name, '('), strings.IndexByte(f.Name, ')'); i >= 0 && j > i {
		inner := strings.TrimSpace(f.Name[i+1 : j])
		if len(strings.Fields(inner)) <= 3 && !strings.ContainsAny(inner, "0123456789/,") {
			names = append(names, inner)
		}
	}
	var base, forms []string
	for _, w := range strings.Split(f.Slug, "-") {
		if _, ok := formWords[w]; ok {
			forms = append(forms, w)
		} else {
			base = append(base, w)
		}
	}
	if len(base) > 0 {
		b := strings.Join(base, " ")
		names = append(names, b)
		for _, fw := range forms {
			if formWords[fw] <= 1 {
				names = append(names, fw+" "+b, fw+" "+strings.ToLower(head))
			}
		}
	}
	return append(names, catalog.LocalNameList(f.LocalNames)...)
}
