package pricereports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// Kind says where a price point comes from.
type Kind int

const (
	// MarketData: WFP market monitoring or a price an admin recorded from a market survey.
	MarketData Kind = iota
	// UserReport: a price a user reported paying.
	UserReport
)

// Point is one price of a food: a market observation or a user's report.
type Point struct {
	UGX     float64 // per PerUnit
	PerUnit string  // kg, l or unit
	Date    time.Time
	Kind    Kind
	// Market groups points bought in one place ("wfp:258", "place:owino"); points of one
	// market count once, as the median of its points.
	Market string
	// Reporter is the user who reported a UserReport point; within a market each
	// reporter counts once.
	Reporter int64
	ReportID int64
	Demo     bool // reported by a synthetic demo account
}

// Options of Aggregate; the zero value means the defaults.
type Options struct {
	Window       time.Duration // before the latest point with data; default 90 days
	MinReporters int           // distinct reporters before reports alone publish; default 3
	// MADLimit: a report further from the median than MADLimit robust deviations is an
	// outlier; default 3.5 (Iglewicz and Hoaglin).
	MADLimit float64
	// MinSpread is the smallest deviation, as a share of the median, that the outlier
	// rule allows for (when most reports agree exactly, the MAD is 0); default 0.1.
	MinSpread float64
}

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = 90 * 24 * time.Hour
	}
	if o.MinReporters <= 0 {
		o.MinReporters = 3
	}
	if o.MADLimit <= 0 {
		o.MADLimit = 3.5
	}
	if o.MinSpread <= 0 {
		o.MinSpread = 0.1
	}
	return o
}

// Price is a food's aggregated current price.
type Price struct {
	UGX       float64 // median over markets, rounded to the shilling
	PerUnit   string
	Latest    time.Time // date of the newest point used
	Since     time.Time // start of the window
	Markets   int       // markets (and places reported) counted
	WFP       int       // of which market data
	Reports   int       // user reports used
	Reporters int       // distinct reporters of the reports used
	Demo      bool      // some report used came from a demo account
	// Tentative: only user reports, from fewer than MinReporters people. Shown as such,
	// never used as a market price.
	Tentative bool
	// Outliers are reports left out, with the reason, for the moderation queue.
	Outliers []Outlier
}

// Outlier is a report the aggregation left out.
type Outlier struct {
	ReportID int64
	Reason   string
}

// Source is the price's source for storage (see ParseSource).
func (p Price) Source() Source {
	return Source{Market: p.WFP > 0, Reports: p.Reports, Reporters: p.Reporters, Demo: p.Demo}
}

// Aggregate works out a food's current price from its points (any order): the unit most
// points use; the window of Options.Window before the newest point; report outliers
// rejected by median absolute deviation; each reporter counted once per market, each
// market once (its median); the median across markets. ok is false without points.
func Aggregate(points []Point, opt Options) (p Price, ok bool) {
	opt = opt.withDefaults()
	if len(points) == 0 {
		return p, false
	}
	units := map[string]int{}
	for _, pt := range points {
		units[pt.PerUnit]++
	}
	p.PerUnit = mostCommon(units)

	for _, pt := range points {
		if pt.PerUnit == p.PerUnit && pt.Date.After(p.Latest) {
			p.Latest = pt.Date
		}
	}
	p.Since = p.Latest.Add(-opt.Window)
	var in []Point
	for _, pt := range points {
		if pt.PerUnit == p.PerUnit && !pt.Date.Before(p.Since) && pt.UGX > 0 {
			in = append(in, pt)
		}
	}

	// Outliers: reports far from the median of everything in the window. Market data is
	// curated upstream and never rejected here.
	all := make([]float64, len(in))
	for i, pt := range in {
		all[i] = pt.UGX
	}
	center := prices.Median(all)
	dev := make([]float64, len(in))
	for i, v := range all {
		dev[i] = math.Abs(v - center)
	}
	scale := math.Max(1.4826*prices.Median(dev), opt.MinSpread*center)
	kept := in[:0:0]
	for _, pt := range in {
		if pt.Kind == UserReport && len(in) >= 3 && math.Abs(pt.UGX-center) > opt.MADLimit*scale {
			p.Outliers = append(p.Outliers, Outlier{ReportID: pt.ReportID, Reason: fmt.Sprintf(
				"outlier: UGX %s per %s is far from the median of %d prices (UGX %s) in the 90 days to %s",
				Shillings(pt.UGX), perLabel(pt.PerUnit), len(in), Shillings(center), p.Latest.Format("2 Jan 2006"))})
			continue
		}
		kept = append(kept, pt)
	}

	// Per market, per reporter, then across.
	type key struct {
		market   string
		reporter int64
	}
	byReporter := map[key][]float64{}
	marketKind := map[string]Kind{}
	reporters := map[int64]bool{}
	for _, pt := range kept {
		k := key{pt.Market, 0}
		if pt.Kind == UserReport {
			k.reporter = pt.Reporter
			reporters[pt.Reporter] = true
			p.Reports++
			p.Demo = p.Demo || pt.Demo
		}
		byReporter[k] = append(byReporter[k], pt.UGX)
		if pt.Kind == MarketData {
			marketKind[pt.Market] = MarketData
		} else if _, seen := marketKind[pt.Market]; !seen {
			marketKind[pt.Market] = UserReport
		}
	}
	byMarket := map[string][]float64{}
	for k, vals := range byReporter {
		byMarket[k.market] = append(byMarket[k.market], prices.Median(vals))
	}
	var medians []float64
	for m, vals := range byMarket {
		medians = append(medians, prices.Median(vals))
		if marketKind[m] == MarketData {
			p.WFP++
		}
	}
	if len(medians) == 0 {
		return p, false
	}
	p.Markets = len(medians)
	p.Reporters = len(reporters)
	p.UGX = math.Round(prices.Median(medians))
	p.Tentative = p.WFP == 0 && p.Reporters < opt.MinReporters
	p.Latest = time.Time{}
	for _, pt := range kept {
		if pt.Date.After(p.Latest) {
			p.Latest = pt.Date
		}
	}
	return p, true
}

func mostCommon(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		// kg first on ties: the planner budgets in grams.
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
	})
	return keys[0]
}

func rank(unit string) int {
	switch unit {
	case "kg":
		return 0
	case "l":
		return 1
	}
	return 2
}
