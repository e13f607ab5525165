package chatdata

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/zoe-nutritech/zoe/internal/assistant"
)

// PricedFood is a food with a current price per kg.
type PricedFood struct {
	Key, Name, Category string
	ServingG            float64
	PriceUGXPerKg       float64
	GI                  *float64
	DiabetesFriendly    bool
}

// ServingCost is the price of the food's usual serving, in whole UGX.
func (f PricedFood) ServingCost() int {
	return int(math.Round(f.PriceUGXPerKg * f.ServingG / 1000))
}

type plate struct {
	foods    []PricedFood
	cost     int
	friendly int // parts flagged diabetes-friendly
}

// ComposeMeals builds up to limit meals costing at most budget UGX from priced foods: a
// starch, a protein food and a vegetable where the money allows, otherwise two of them,
// otherwise one food. Fuller plates come first; for people with diabetes, then plates
// with more diabetes-friendly foods; then the cheaper. No two meals share their starch and
// protein food, so the options differ.
func ComposeMeals(foods []PricedFood, budget int, diabetes bool, limit int) []assistant.BudgetOption {
	roles := map[string][]PricedFood{}
	for _, f := range foods {
		if r := assistant.MealRole(f.Category); r != "" && f.ServingG > 0 && f.ServingCost() <= budget {
			roles[r] = append(roles[r], f)
		}
	}
	for _, fs := range roles {
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].ServingCost() < fs[j].ServingCost() })
		if len(fs) > 12 {
			fs = fs[:12] // the cheapest dozen of each role is plenty to choose from
		}
	}
	var plates []plate
	add := func(fs ...PricedFood) {
		p := plate{foods: fs}
		for _, f := range fs {
			p.cost += f.ServingCost()
			if f.DiabetesFriendly {
				p.friendly++
			}
		}
		if p.cost <= budget {
			plates = append(plates, p)
		}
	}
	starch, protein, veg := firstN(roles["starch"], 12), firstN(roles["protein"], 12), firstN(roles["veg"], 12)
	for _, s := range starch {
		for _, p := range protein {
			for _, v := range veg {
				add(s, p, v)
			}
			add(s, p)
		}
		for _, v := range veg {
			add(s, v)
		}
	}
	for _, p := range protein {
		for _, v := range veg {
			add(p, v)
		}
	}
	if len(plates) == 0 {
		for _, r := range []string{"starch", "protein", "veg"} {
			for _, f := range roles[r] {
				add(f)
			}
		}
	}
	sort.SliceStable(plates, func(i, j int) bool {
		a, b := plates[i], plates[j]
		if len(a.foods) != len(b.foods) {
			return len(a.foods) > len(b.foods)
		}
		if diabetes && a.friendly != b.friendly {
			return a.friendly > b.friendly
		}
		return a.cost < b.cost
	})
	var out []assistant.BudgetOption
	used := map[string]bool{}
	for _, p := range plates {
		if len(out) >= limit {
			break
		}
		if used[p.foods[0].Key] || (len(p.foods) > 1 && used[p.foods[1].Key]) {
			continue
		}
		for _, f := range p.foods[:min(2, len(p.foods))] {
			used[f.Key] = true
		}
		out = append(out, option(p))
	}
	return out
}

func firstN(fs []PricedFood, n int) []PricedFood { return fs[:min(n, len(fs))] }

func option(p plate) assistant.BudgetOption {
	o := assistant.BudgetOption{CostUGX: p.cost}
	var short []string
	for _, f := range p.foods {
		short = append(short, shortName(f.Name))
		o.Foods = append(o.Foods, f.Name+", "+trimFloat(f.ServingG)+" g")
	}
	o.Title = strings.Join(short, " + ")
	notes := []string{"market prices of the food as bought"}
	if p.friendly == len(p.foods) {
		notes = append([]string{"all diabetes-friendly"}, notes...)
	}
	o.Note = strings.Join(notes, "; ")
	return o
}

// shortName is a food's name before the first comma or bracket ("Beans" for "Beans, dry
// (kidney/red), raw").
func shortName(name string) string {
	if i := strings.IndexAny(name, ",("); i > 0 {
		return strings.TrimSpace(name[:i])
	}
	return name
}

func trimFloat(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
