// Package catalog is the food catalogue service: it loads the curated food table and the
// WFP market prices into the database, keeps each food's current price, and answers
// searches (cached, typo-tolerant, the same on SQLite and PostgreSQL). It sits between the
// handlers and the database; the rules themselves live in the foods and prices packages.
package catalog

import (
	"context"
	"encoding/json"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// Catalog is safe for concurrent use.
type Catalog struct {
	DB    *db.DB
	Cache cache.Cache
	Log   *slog.Logger
	// TTL of cached search results; every food or price change invalidates them at once.
	TTL time.Duration
}

// New builds a catalogue over the database and cache.
func New(d *db.DB, c cache.Cache, log *slog.Logger) *Catalog {
	if log == nil {
		log = slog.Default()
	}
	return &Catalog{DB: d, Cache: c, Log: log, TTL: 10 * time.Minute}
}

// CacheNamespace holds every cached food answer; Invalidate bumps it.
const CacheNamespace = "foods"

// Invalidate drops every cached food answer, on this instance and (with Redis) all others.
func (c *Catalog) Invalidate(ctx context.Context) {
	if err := c.Cache.Invalidate(ctx, CacheNamespace); err != nil {
		c.Log.Warn("food cache invalidation failed; entries expire within the TTL", "err", err)
	}
}

// Measure is a household measure of a food.
type Measure struct {
	Label string  `json:"label"`
	Grams float64 `json:"grams"`
	// Basis says where the weight comes from: a published table, or a typical estimate.
	Basis string `json:"basis,omitempty"`
}

// Card is a food as pages show it, with its current price and per-serving figures.
type Card struct {
	ID                 int64
	Slug, Name         string
	LocalNames         string // "Luganda: matooke; Swahili: matoke"
	Category           string
	Description        string
	EnergyKcal         float64 // per 100 g
	ProteinG, CarbG    float64
	FibreG, FatG       float64
	SugarsG            *float64 // nil: not reported by the source table
	SodiumMg           float64
	GI                 *float64
	ServingGrams       float64
	Measures           []Measure
	DiabetesFriendly   bool
	WeightLossFriendly bool
	WeightGainFriendly bool
	Status             string
	OwnerID            *int64
	PriceUGX           *float64 // per PricePerUnit
	PricePerUnit       string   // kg, l, unit
	PriceMonth         *time.Time
	PriceMarkets       int64
	// PriceEstimatedFrom names the as-bought food whose market price this cooked food's
	// price was estimated from (foods.EstimateCookedPrices); "" for a market price.
	PriceEstimatedFrom string
	// PriceSource is the stored source of the current price (pricereports.ParseSource reads
	// it; estimates start with EstimatePrefix).
	PriceSource string
}

// EstimatePrefix starts the source of an estimated current price; the name of the food it
// was estimated from follows.
const EstimatePrefix = "estimate:"

// ServingCostUGX is the cost of a portion in whole shillings, when the food has a price per
// kilogram (a price per litre counts through the food's density, foods.PricePerKg). A
// price per item gives no cost. The card, the price filter and sort, and the cheaper
// alternatives all use it; the diary and the planner use the same foods rule.
func (c Card) ServingCostUGX(grams float64) (int64, bool) {
	return foods.CostUGX(c.PriceUGX, &c.PricePerUnit, c.Category, c.Slug, grams)
}

// GLServing is the glycaemic load of the usual serving, when the GI is published.
func (c Card) GLServing() (float64, bool) {
	if c.GI == nil {
		return 0, false
	}
	return *c.GI * c.CarbG * c.ServingGrams / 100 / 100, true
}

func cardFrom(r db.FoodCard) Card {
	c := Card{ID: r.ID, Slug: r.Slug, Name: r.Name, LocalNames: r.LocalNames, Category: r.Category, Description: r.Description,
		EnergyKcal: r.EnergyKcal, ProteinG: r.ProteinG, CarbG: r.CarbG, FibreG: r.FibreG, FatG: r.FatG, SugarsG: r.SugarsG,
		SodiumMg: r.SodiumMg, GI: r.GlycaemicIndex, ServingGrams: r.ServingGrams, DiabetesFriendly: r.DiabetesFriendly,
		WeightLossFriendly: r.WeightLossFriendly, WeightGainFriendly: r.WeightGainFriendly, Status: r.Status, OwnerID: r.OwnerID,
		PriceUGX: r.PriceUgx, PriceMonth: r.PriceMonth}
	if r.PerUnit != nil {
		c.PricePerUnit = *r.PerUnit
	}
	if r.PriceMarkets != nil {
		c.PriceMarkets = *r.PriceMarkets
	}
	if r.PriceSource != nil {
		c.PriceSource = *r.PriceSource
		c.PriceEstimatedFrom, _ = strings.CutPrefix(*r.PriceSource, EstimatePrefix)
		if c.PriceEstimatedFrom == *r.PriceSource {
			c.PriceEstimatedFrom = ""
		}
	}
	_ = json.Unmarshal([]byte(r.Measures), &c.Measures)
	return c
}

// LocalNameList splits the stored "Language: name; …" form into the names alone.
func LocalNameList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if i := strings.IndexByte(part, ':'); i >= 0 {
			part = strings.TrimSpace(part[i+1:])
		}
		for _, n := range strings.Split(part, ",") {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// Clone copies the card so that the copy shares no slice or pointer with it (cached cards
// are handed to many requests).
func (c Card) Clone() Card {
	c.Measures = slices.Clone(c.Measures)
	c.SugarsG = clonePtr(c.SugarsG)
	c.GI = clonePtr(c.GI)
	c.OwnerID = clonePtr(c.OwnerID)
	c.PriceUGX = clonePtr(c.PriceUGX)
	c.PriceMonth = clonePtr(c.PriceMonth)
	return c
}

// Clone copies the results and every card (see Card.Clone).
func (r Results) Clone() Results {
	if r.Cards != nil {
		cards := make([]Card, len(r.Cards))
		for i, c := range r.Cards {
			cards[i] = c.Clone()
		}
		r.Cards = cards
	}
	return r
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
