package catalog

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
)

// Filter narrows a search or a browse; zero values mean "any".
type Filter struct {
	Category       string
	DiabetesOnly   bool
	MaxGI          *float64
	MaxServingUGX  *float64
	MinProteinServ *float64 // grams per serving
	MinFibreServ   *float64
}

// Sorts a listing offers. "" is relevance for a search and name for browsing.
var Sorts = []string{"", "name", "price", "gi", "protein", "fibre", "energy"}

// Query is one search or browse request.
type Query struct {
	ViewerID int64
	Text     string
	Filter   Filter
	Sort     string
	Page     int // from 1
	PerPage  int
}

// Results is one page of foods.
type Results struct {
	Cards   []Card
	Total   int
	Page    int
	PerPage int
}

// Pages is how many pages the results fill.
func (r Results) Pages() int {
	if r.PerPage == 0 {
		return 0
	}
	return (r.Total + r.PerPage - 1) / r.PerPage
}

// match is the one filter of the catalogue: browsing and searching apply it to their
// candidate cards alike (browse: every food the viewer may list; search: the ranked hits).
func (f Filter) match(c Card) bool {
	if f.Category != "" && c.Category != f.Category {
		return false
	}
	if f.DiabetesOnly && !c.DiabetesFriendly {
		return false
	}
	if f.MaxGI != nil && (c.GI == nil || *c.GI > *f.MaxGI) {
		return false
	}
	if f.MaxServingUGX != nil {
		cost, ok := c.ServingCostUGX(c.ServingGrams)
		if !ok || float64(cost) > *f.MaxServingUGX {
			return false
		}
	}
	if f.MinProteinServ != nil && c.ProteinG*c.ServingGrams/100 < *f.MinProteinServ {
		return false
	}
	if f.MinFibreServ != nil && c.FibreG*c.ServingGrams/100 < *f.MinFibreServ {
		return false
	}
	return true
}

// MaxPage is the highest page number a search answers (an empty page beyond the results).
const MaxPage = 100_000

// maxCandidates bounds how many index hits are ranked for one search.
const maxCandidates = 100

// Search answers a query from the cache, or from the database on a miss.
func (c *Catalog) Search(ctx context.Context, q Query) (Results, error) {
	if q.PerPage <= 0 || q.PerPage > 100 {
		q.PerPage = 20
	}
	// A page far beyond any result is still a valid (empty) page, but (Page-1)*PerPage
	// must never overflow: that once sent a negative offset into a slice expression.
	q.Page = min(max(q.Page, 1), MaxPage)
	// The load may outlive the caller (a shared load finishes for the others): it keeps
	// copies of the request's strings, never views into a buffer the server reuses.
	q.Text, q.Sort, q.Filter.Category = strings.Clone(q.Text), strings.Clone(q.Sort), strings.Clone(q.Filter.Category)
	key := fmt.Sprintf("search:%d:%q:%+v:%s:%d:%d", q.ViewerID, foods.Normalize(q.Text), filterKey(q.Filter), q.Sort, q.Page, q.PerPage)
	// Decoded first level: a hit is a clone, not a JSON decode (13–29 % of CPU on this page).
	return cache.GetOrLoadDecodedIn(ctx, c.Cache, "food_search", []string{CacheNamespace}, key, c.TTL, func(ctx context.Context) (Results, error) {
		return c.search(ctx, q)
	})
}

func filterKey(f Filter) string {
	s := fmt.Sprintf("%s|%t", f.Category, f.DiabetesOnly)
	for _, p := range []*float64{f.MaxGI, f.MaxServingUGX, f.MinProteinServ, f.MinFibreServ} {
		if p == nil {
			s += "|-"
		} else {
			s += fmt.Sprintf("|%g", *p)
		}
	}
	return s
}

// search gathers the candidates (every listable food when browsing, the ranked hits of
// the text otherwise), then applies the one filter, the one sort and the page.
func (c *Catalog) search(ctx context.Context, q Query) (Results, error) {
	text := foods.Expand(q.Text)
	browsing := text == "" || foods.FTSQuery(text) == ""
	var cands []Card
	var err error
	if browsing {
		cands, err = c.listable(ctx, q.ViewerID, text)
	} else {
		cands, err = c.ranked(ctx, q.ViewerID, text)
	}
	if err != nil {
		return Results{}, err
	}
	var all []Card
	for _, card := range cands {
		if q.Filter.match(card) {
			all = append(all, card)
		}
	}
	sortCards(all, q.Sort)
	res := Results{Total: len(all), Page: q.Page, PerPage: q.PerPage}
	from := (q.Page - 1) * q.PerPage
	if from >= 0 && from < len(all) {
		res.Cards = all[from:min(from+q.PerPage, len(all))]
	}
	if browsing && len(res.Cards) > 0 {
		// The listing's candidates carry only what the filter and sort read: load the page.
		ids := make([]int64, len(res.Cards))
		for i, card := range res.Cards {
			ids[i] = card.ID
		}
		if res.Cards, err = c.cardsByID(ctx, ids); err != nil {
			return Results{}, err
		}
	}
	return res, nil
}

// ranked is the search path's candidates: the index's nearest documents, ranked by
// relevance in Go, as cards in that order.
func (c *Catalog) ranked(ctx context.Context, viewerID int64, text string) ([]Card, error) {
	query := text
	if c.DB.Engine() == db.SQLite {
		query = foods.FTSQuery(text)
	}
	rows, err := c.DB.SearchFoodCandidates(ctx, db.SearchFoodCandidatesParams{ViewerID: &viewerID, Query: query, Lim: maxCandidates})
	if err != nil {
		return nil, fmt.Errorf("catalog: search %q: %w", text, err)
	}
	cands := make([]foods.Candidate, len(rows))
	for i, r := range rows {
		cands[i] = foods.Candidate{ID: r.ID, SearchText: r.SearchText, Description: r.Description}
	}
	ranked := foods.Rank(text, cands)
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	return c.cardsByID(ctx, ids)
}

// cardsByID loads the cards of ids, in that order.
func (c *Catalog) cardsByID(ctx context.Context, ids []int64) ([]Card, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := c.DB.ListFoodCardsByIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("catalog: load %d foods: %w", len(ids), err)
	}
	byID := make(map[int64]Card, len(rows))
	for _, r := range rows {
		byID[r.ID] = cardFrom(r)
	}
	out := make([]Card, 0, len(ids))
	for _, id := range ids {
		if card, ok := byID[id]; ok {
			out = append(out, card)
		}
	}
	return out, nil
}

// listable is the listing's candidates: every food the viewer may list, by name, with the
// fields the filter and the sort read; with one or two letters (no trigram to search by),
// those whose name or local name starts with them.
func (c *Catalog) listable(ctx context.Context, viewerID int64, text string) ([]Card, error) {
	rows, err := c.DB.ListFoodFacts(ctx, &viewerID)
	if err != nil {
		return nil, fmt.Errorf("catalog: browse: %w", err)
	}
	out := make([]Card, 0, len(rows))
	for _, r := range rows {
		if text != "" && foods.Score(text, foods.SearchText(r.Name, LocalNameList(r.LocalNames)), "") < 0.95 {
			continue
		}
		card := Card{ID: r.ID, Slug: r.Slug, Name: r.Name, LocalNames: r.LocalNames, Category: r.Category, EnergyKcal: r.EnergyKcal,
			ProteinG: r.ProteinG, FibreG: r.FibreG, GI: r.GlycaemicIndex, ServingGrams: r.ServingGrams,
			DiabetesFriendly: r.DiabetesFriendly, PriceUGX: r.PriceUgx}
		if r.PerUnit != nil {
			card.PricePerUnit = *r.PerUnit
		}
		out = append(out, card)
	}
	return out, nil
}

// sortByName is the order of a sort by name, and the listing's own order (ListFoodFacts
// sorts the same way): by name ignoring case, then by id.
func sortByName(cards []Card) {
	slices.SortStableFunc(cards, func(a, b Card) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// sortCards is the one sort of the catalogue, for browsing and searching alike. It is
// stable: ties keep the candidates' order (by name when browsing, by relevance when
// searching). "" keeps that order; foods without the sorted value (no price, no published
// GI) come last.
func sortCards(cards []Card, by string) {
	if by == "name" {
		sortByName(cards)
		return
	}
	key := func(c Card) float64 {
		switch by {
		case "price":
			if cost, ok := c.ServingCostUGX(c.ServingGrams); ok {
				return float64(cost)
			}
			return math.Inf(1)
		case "gi":
			if c.GI != nil {
				return *c.GI
			}
			return math.Inf(1)
		case "protein":
			return -c.ProteinG
		case "fibre":
			return -c.FibreG
		}
		return c.EnergyKcal
	}
	switch by {
	case "price", "gi", "protein", "fibre", "energy":
	default:
		return
	}
	sort.SliceStable(cards, func(i, j int) bool { return key(cards[i]) < key(cards[j]) })
}

// Food returns one food as the viewer may see it (published or their own), cached.
func (c *Catalog) Food(ctx context.Context, viewerID, id int64) (Card, error) {
	key := fmt.Sprintf("card:%d:%d", viewerID, id)
	return cache.GetOrLoad(ctx, c.Cache, "food_card", CacheNamespace, key, c.TTL, func(ctx context.Context) (Card, error) {
		r, err := c.DB.GetFoodCard(ctx, db.GetFoodCardParams{ID: id, ViewerID: &viewerID})
		if err != nil {
			return Card{}, fmt.Errorf("catalog: food %d: %w", id, err)
		}
		return cardFrom(r), nil
	})
}
