package prices

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Median returns the middle of values (the mean of the two middle ones for an even
// count), or NaN when there are none. values is not modified.
func Median(values []float64) float64 {
	n := len(values)
	if n == 0 {
		return math.NaN()
	}
	s := slices.Clone(values)
	slices.Sort(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// MonthPrice is the retail price of a food in one month.
type MonthPrice struct {
	Month   time.Time // first day of the month, UTC
	PerUnit string    // "kg", "l", "unit" or "packet"
	// UGX is the median over markets of each market's median price per PerUnit
	// that month, so a market reporting several commodities for one food (Maize and
	// Maize (white)) counts once.
	UGX          float64
	Markets      int // markets that reported that month
	Observations int
}

// RetailSeries returns a food's retail price month by month, oldest first, from
// observations loaded in any order:
//   - only Retail prices; rows flagged "forecast" or "aggregate" are left out, so the
//     figure is a median of observed market prices;
//   - foodKey selects observations whose FoodKeys contain it (observations built
//     without FoodKeys are looked up in DefaultCommodityMap by commodity); "" keeps
//     all, for callers that loaded one food already;
//   - market "" gives the national median over markets; otherwise only that market,
//     matched by name (any case) or by market ID written as a number;
//   - prices are compared per one unit only: the PerUnit most observations use.
func RetailSeries(obs []Observation, foodKey, market string) []MonthPrice {
	var picked []Observation
	perCount := map[string]int{}
	for _, o := range obs {
		if o.PriceType != "Retail" || estimated(o.PriceFlag) ||
			!pricesFood(o, foodKey) || !inMarket(o, market) {
			continue
		}
		picked = append(picked, o)
		perCount[o.PerUnit]++
	}
	if len(picked) == 0 {
		return nil
	}
	per := mostCommon(perCount)

	type monthMarket struct {
		month  time.Time
		market int
	}
	byMarket := map[monthMarket][]float64{}
	observations := map[time.Time]int{}
	for _, o := range picked {
		if o.PerUnit != per {
			continue
		}
		m := monthOf(o.Date)
		k := monthMarket{m, o.MarketID}
		byMarket[k] = append(byMarket[k], o.PricePerUnitUGX)
		observations[m]++
	}
	marketMedians := map[time.Time][]float64{}
	for k, prices := range byMarket {
		marketMedians[k.month] = append(marketMedians[k.month], Median(prices))
	}
	series := make([]MonthPrice, 0, len(marketMedians))
	for month, medians := range marketMedians {
		series = append(series, MonthPrice{
			Month:        month,
			PerUnit:      per,
			UGX:          Median(medians),
			Markets:      len(medians),
			Observations: observations[month],
		})
	}
	slices.SortFunc(series, func(a, b MonthPrice) int { return a.Month.Compare(b.Month) })
	return series
}

// LatestRetail is the last month of RetailSeries: the "current price" of a food,
// nationally (market "") or in one market. ok is false when nothing matches.
func LatestRetail(obs []Observation, foodKey, market string) (price MonthPrice, ok bool) {
	series := RetailSeries(obs, foodKey, market)
	if len(series) == 0 {
		return MonthPrice{}, false
	}
	return series[len(series)-1], true
}

// estimated reports WFP price flags that are not a price observed in a market.
func estimated(flag string) bool {
	f := strings.ToLower(flag)
	return strings.Contains(f, "forecast") || strings.Contains(f, "aggregate")
}

func pricesFood(o Observation, foodKey string) bool {
	if foodKey == "" {
		return true
	}
	keys := o.FoodKeys
	if keys == nil {
		keys = DefaultCommodityMap().FoodKeys(o.Commodity)
	}
	return slices.Contains(keys, foodKey)
}

func inMarket(o Observation, market string) bool {
	market = strings.TrimSpace(market)
	return market == "" || strings.EqualFold(o.Market, market) || strconv.Itoa(o.MarketID) == market
}

// mostCommon returns the key with the highest count; ties go to the first in
// alphabetical order so the choice does not depend on map order.
func mostCommon(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	return keys[0]
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
