package catalog

import (
	"sort"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// priceSeries groups retail rows by month: a national median (each market once) and the
// markets with the most observations.
func priceSeries(rows []db.ListPriceHistoryRow, topMarkets int) []PriceSeries {
	type key struct {
		market string
		month  time.Time
	}
	unit := ""
	perMarketMonth := map[key][]float64{}
	counts := map[string]int{}
	for _, r := range rows {
		if r.PriceType != "retail" {
			continue
		}
		if unit == "" {
			unit = r.PerUnit
		}
		if r.PerUnit != unit {
			continue
		}
		name := r.MarketName
		if name == "" {
			name = "reported"
		}
		k := key{name, monthOf(r.RecordedAt)}
		perMarketMonth[k] = append(perMarketMonth[k], r.PriceUgx)
		counts[name]++
	}
	if len(perMarketMonth) == 0 {
		return nil
	}
	national := map[time.Time][]float64{}
	series := map[string][]PricePoint{}
	for k, v := range perMarketMonth {
		m := prices.Median(v)
		national[k.month] = append(national[k.month], m)
		series[k.market] = append(series[k.market], PricePoint{k.month, m})
	}
	var out []PriceSeries
	nat := PriceSeries{Label: "National median", PerUnit: unit}
	for month, v := range national {
		nat.Points = append(nat.Points, PricePoint{month, prices.Median(v)})
	}
	sortPoints(nat.Points)
	out = append(out, nat)
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] > counts[names[j]]
		}
		return names[i] < names[j]
	})
	for i, n := range names {
		if i >= topMarkets {
			break
		}
		s := PriceSeries{Label: n, PerUnit: unit, Points: series[n]}
		sortPoints(s.Points)
		out = append(out, s)
	}
	return out
}

func sortPoints(p []PricePoint) {
	sort.Slice(p, func(i, j int) bool { return p[i].Month.Before(p[j].Month) })
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
