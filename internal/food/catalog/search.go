package catalog

import (
	"context"
	"fmt"
	"sort"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"strings"
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

// match applies the filter to a card (the search path filters in Go, after ranking).
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

func (c *Catalog) search(ctx context.Context, q Query) (Results, error) {
	text := foods.Normalize(q.Text)
	if text == "" || foods.FTSQuery(text) == "" {
		return c.browse(ctx, q, text)
	}
	query := text
	if c.DB.Engine() == db.SQLite {
		query = foods.FTSQuery(text)
	}
	rows, err := c.DB.SearchFoodCandidates(ctx, db.SearchFoodCandidatesParams{ViewerID: &q.ViewerID, Query: query, Lim: maxCandidates})
	if err != nil {
		return Results{}, fmt.Errorf("catalog: search %q: %w", text, err)
	}
	cands := make([]foods.Candidate, len(rows))
	for i, r := range rows {
		cands[i] = foods.Candidate{ID: r.ID, SearchText: r.SearchText, Description: r.Description}
	}
	ranked := foods.Rank(text, cands)
	if len(ranked) == 0 {
		return Results{Page: q.Page, PerPage: q.PerPage}, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	cardRows, err := c.DB.ListFoodCardsByIDs(ctx, ids)
	if err != nil {
		return Results{}, fmt.Errorf("catalog: load search results: %w", err)
	}
	byID := make(map[int64]Card, len(cardRows))
	for _, r := range cardRows {
		byID[r.ID] = cardFrom(db.GetFoodCardRow(r))
	}
	var all []Card
	for _, r := range ranked {
		if card, ok := byID[r.ID]; ok && q.Filter.match(card) {
			all = append(all, card)
		}
	}
	if q.Sort != "" {
		sortCards(all, q.Sort)
	}
	res := Results{Total: len(all), Page: q.Page, PerPage: q.PerPage}
	from := (q.Page - 1) * q.PerPage
	if from >= 0 && from < len(all) {
		res.Cards = all[from:min(from+q.PerPage, len(all))]
	}
	return res, nil
}

// sortCards orders search results by a chosen column; stable, so relevance breaks ties.
func sortCards(cards []Card, by string) {
	key := func(c Card) float64 {
		switch by {
		case "price":
			if cost, ok := c.ServingCostUGX(c.ServingGrams); ok {
				return float64(cost)
			}
			return 1e12
		case "gi":
			if c.GI != nil {
				return *c.GI
			}
			return 1000
		case "protein":
			return -c.ProteinG
		case "fibre":
			return -c.FibreG
		case "energy":
			return c.EnergyKcal
		}
		return 0
	}
	if by == "name" {
		sort.SliceStable(cards, func(i, j int) bool { return cards[i].Name < cards[j].Name })
		return
	}
	sort.SliceStable(cards, func(i, j int) bool { return key(cards[i]) < key(cards[j]) })
}

func (c *Catalog) browse(ctx context.Context, q Query, text string) (Results, error) {
	var category *string
	if q.Filter.Category != "" {
		category = &q.Filter.Category
	}
	p := db.BrowseFoodsParams{Sort: q.Sort, ViewerID: &q.ViewerID, Category: category, DiabetesOnly: q.Filter.DiabetesOnly,
		MaxGi: q.Filter.MaxGI, MinProtein: q.Filter.MinProteinServ, MinFibre: q.Filter.MinFibreServ,
		MaxPrice: q.Filter.MaxServingUGX, Lim: int64(q.PerPage), Off: int64((q.Page - 1) * q.PerPage)}
	if text != "" {
		// One or two letters: no trigram to search by, so filter the listing by prefix.
		p.Lim, p.Off = 5000, 0
	}
	rows, err := c.DB.BrowseFoods(ctx, p)
	if err != nil {
		return Results{}, fmt.Errorf("catalog: browse: %w", err)
	}
	res := Results{Page: q.Page, PerPage: q.PerPage}
	if text != "" {
		var all []Card
		for _, r := range rows {
			card := cardFrom(db.GetFoodCardRow(browseRowToCard(r)))
			if foods.Score(text, foods.SearchText(card.Name, LocalNameList(card.LocalNames)), "") >= 0.95 {
				all = append(all, card)
			}
		}
		res.Total = len(all)
		from := (q.Page - 1) * q.PerPage
		if from >= 0 && from < len(all) {
			res.Cards = all[from:min(from+q.PerPage, len(all))]
		}
		return res, nil
	}
	n, err := c.DB.CountBrowseFoods(ctx, db.CountBrowseFoodsParams{ViewerID: p.ViewerID, Category: p.Category,
		DiabetesOnly: p.DiabetesOnly, MaxGi: p.MaxGi, MinProtein: p.MinProtein, MinFibre: p.MinFibre, MaxPrice: p.MaxPrice})
	if err != nil {
		return Results{}, fmt.Errorf("catalog: count: %w", err)
	}
	res.Total = int(n)
	for _, r := range rows {
		res.Cards = append(res.Cards, cardFrom(db.GetFoodCardRow(browseRowToCard(r))))
	}
	return res, nil
}

// browseRowToCard drops the sort key the browse query adds.
func browseRowToCard(r db.BrowseFoodsRow) db.GetFoodCardRow {
	return db.GetFoodCardRow{ID: r.ID, Slug: r.Slug, Name: r.Name, LocalNames: r.LocalNames, Category: r.Category,
		Description: r.Description, EnergyKcal: r.EnergyKcal, ProteinG: r.ProteinG, CarbG: r.CarbG, FibreG: r.FibreG,
		FatG: r.FatG, SugarsG: r.SugarsG, SodiumMg: r.SodiumMg, GlycaemicIndex: r.GlycaemicIndex, ServingGrams: r.ServingGrams,
		Measures: r.Measures, DiabetesFriendly: r.DiabetesFriendly, WeightLossFriendly: r.WeightLossFriendly,
		WeightGainFriendly: r.WeightGainFriendly, Status: r.Status, OwnerID: r.OwnerID, PriceUgx: r.PriceUgx,
		PerUnit: r.PerUnit, PriceMonth: r.PriceMonth, PriceMarkets: r.PriceMarkets, PriceSource: r.PriceSource}
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
