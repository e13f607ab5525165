package catalog

import (
	"sort"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
	"github.com/zoe-nutritech/zoe/internal/food/regions"
)

// priceSeries groups retail rows by month: a national median (each market once), the
// median of the region's markets when a region is given, and the markets with the most
// observations (those of the region first).
func priceSeries(rows []db.ListPriceHistoryRow, topMarkets int, region string) []PriceSeries {
	type key struct {
		market string
		month  time.Time
	}
	unit := ""
	perMarketMonth := map[key][]float64{}
	counts := map[string]int{}
	inRegion := map[string]bool{}
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
		if r, ok := regions.District(r.MarketAdmin1); ok && region != "" && r == region {
			inRegion[name] = true
		}
	}
	if len(perMarketMonth) == 0 {
		return nil
	}
	national := map[time.Time][]float64{}
	regional := map[time.Time][]float64{}
	series := map[string][]PricePoint{}
	for k, v := range perMarketMonth {
		m := prices.Median(v)
		national[k.month] = append(national[k.month], m)
		if inRegion[k.market] {
			regional[k.month] = append(regional[k.month], m)
		}
		series[k.market] = append(series[k.market], PricePoint{k.month, m})
	}
	out := []PriceSeries{medianSeries("National median", unit, national)}
	if len(regional) > 0 {
		out = append(out, medianSeries(region+" region median", unit, regional))
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if inRegion[names[i]] != inRegion[names[j]] {
			return inRegion[names[i]]
		}
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

// medianSeries is the monthly median of the markets' monthly prices.
func medianSeries(label, unit string, byMonth map[time.Time][]float64) PriceSeries {
	s := PriceSeries{Label: label, PerUnit: unit}
	for month, v := range byMonth {
		s.Points = append(s.Points, PricePoint{month, prices.Median(v)})
	}
	sortPoints(s.Points)
	return s
}

func sortPoints(p []PricePoint) {
	sort.Slice(p, func(i, j int) bool { return p[i].Month.Before(p[j].Month) })
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
