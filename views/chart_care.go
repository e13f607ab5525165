package views

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Server-rendered SVG charts of the dietitian's views. Geometry is computed here, in Go;
// the templates only place the strings. Presentation attributes and classes, no style=.

// ChartTick is one labelled grid line.
type ChartTick struct {
	Pos    string // x or y in chart units
	Label  string // "" for a line without a label
	Anchor string // text-anchor of an x label: start, middle or end
}

// AGPBox is one time-of-day bucket drawn alone (its neighbours have too few readings to
// join it in a band): a box-and-whisker of its percentiles.
type AGPBox struct {
	X, W               string
	Y95, H95, Y75, H75 string
	MedX1, MedX2, MedY string
}

// ChartDot is one point.
type ChartDot struct {
	X, Y  string
	Class string
}

// AGPChart is the ambulatory glucose profile: readings pooled by time of day, with the
// 5–95 % and 25–75 % percentile bands and the median (Bergenstal et al., Diabetes
// Technol Ther 2013;15:198–211; bucket statistics from glucose.DailyProfile).
type AGPChart struct {
	W, H             int
	PlotX, PlotW     string
	TargetY, TargetH string
	Outer, Inner     []string // polygon point lists, one per run of buckets with readings
	Median           []string // polyline point lists
	Boxes            []AGPBox // buckets with enough readings but no neighbour to join
	Thin             []ChartDot
	YTicks, XTicks   []ChartTick
	Summary          string
	Empty            bool
}

const (
	cchartW, cchartH             = 720, 260
	cchartLeft, cchartRight      = 44, 8
	cchartTop, cchartBottom      = 8, 24
	cchartMinMgdl, cchartMaxMgdl = 40.0, 350.0
)

func cfx(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

func cyOf(mgdl float64) float64 {
	v := min(max(mgdl, cchartMinMgdl), cchartMaxMgdl)
	plotH := float64(cchartH - cchartTop - cchartBottom)
	return float64(cchartTop) + plotH*(1-(v-cchartMinMgdl)/(cchartMaxMgdl-cchartMinMgdl))
}

func cglucoseTicks(u glucose.Unit) []ChartTick {
	var out []ChartTick
	for _, v := range []float64{54, 70, 180, 250} {
		t := ChartTick{Pos: cfx(cyOf(v)), Label: glucose.FormatValue(v, u)}
		if v == 54 {
			t.Label = "" // 16 mg/dL below the 70 line: its label would overlap
		}
		out = append(out, t)
	}
	return out
}

// agpThin is the bucket size under which a bucket's percentiles rest on too few readings
// to draw as a band; such buckets show their median as a faint dot only.
const agpThin = 5

// NewAGPChart lays out a daily profile in the reader's unit.
func NewAGPChart(buckets []glucose.ProfileBucket, u glucose.Unit, days, readings int) AGPChart {
	c := AGPChart{W: cchartW, H: cchartH, PlotX: cfx(cchartLeft), PlotW: cfx(cchartW - cchartLeft - cchartRight),
		YTicks: cglucoseTicks(u)}
	c.TargetY = cfx(cyOf(180))
	c.TargetH = cfx(cyOf(70) - cyOf(180))
	plotW := float64(cchartW - cchartLeft - cchartRight)
	xOf := func(min float64) float64 { return cchartLeft + plotW*min/1440 }
	for h := 0; h <= 24; h += 6 {
		c.XTicks = append(c.XTicks, ChartTick{Pos: cfx(xOf(float64(h * 60))), Label: strconv.Itoa(h) + ":00", Anchor: anchorAt(h, 0, 24)})
	}
	var run []glucose.ProfileBucket
	flush := func() {
		if len(run) == 0 {
			return
		}
		var outer, inner, med []string
		for _, b := range run {
			x := cfx(xOf(float64(b.StartMinute+b.EndMinute) / 2))
			outer = append(outer, x+","+cfx(cyOf(b.P95)))
			inner = append(inner, x+","+cfx(cyOf(b.P75)))
			med = append(med, x+","+cfx(cyOf(b.P50)))
		}
		for i := len(run) - 1; i >= 0; i-- {
			x := cfx(xOf(float64(run[i].StartMinute+run[i].EndMinute) / 2))
			outer = append(outer, x+","+cfx(cyOf(run[i].P5)))
			inner = append(inner, x+","+cfx(cyOf(run[i].P25)))
		}
		if len(run) == 1 {
			// A lone bucket has no neighbour to make a band with: draw it as a box.
			b := run[0]
			x1, x2 := xOf(float64(b.StartMinute)), xOf(float64(b.EndMinute))
			pad := (x2 - x1) * 0.15
			c.Boxes = append(c.Boxes, AGPBox{X: cfx(x1 + pad), W: cfx(x2 - x1 - 2*pad),
				Y95: cfx(cyOf(b.P95)), H95: cfx(cyOf(b.P5) - cyOf(b.P95)), Y75: cfx(cyOf(b.P75)), H75: cfx(cyOf(b.P25) - cyOf(b.P75)),
				MedX1: cfx(x1 + pad), MedX2: cfx(x2 - pad), MedY: cfx(cyOf(b.P50))})
		} else {
			c.Outer = append(c.Outer, strings.Join(outer, " "))
			c.Inner = append(c.Inner, strings.Join(inner, " "))
			c.Median = append(c.Median, strings.Join(med, " "))
		}
		run = run[:0]
	}
	with := 0
	for _, b := range buckets {
		switch {
		case b.N >= agpThin:
			run = append(run, b)
			with++
		case b.N > 0:
			flush()
			c.Thin = append(c.Thin, ChartDot{X: cfx(xOf(float64(b.StartMinute+b.EndMinute) / 2)), Y: cfx(cyOf(b.P50)), Class: "agp-thin"})
		default:
			flush()
		}
	}
	flush()
	c.Empty = readings == 0
	c.Summary = "Daily glucose profile over " + strconv.Itoa(days) + " days from " + strconv.Itoa(readings) +
		" finger-stick readings, by hour of day. " + strconv.Itoa(with) + " of 24 hours have at least " +
		strconv.Itoa(agpThin) + " readings and show the 5–95 % and 25–75 % ranges and the median (as bands, or as a box where the neighbouring hours have too few readings); hours with fewer show the median as a faint dot."
	return c
}

// ReadingsChart is every reading of a period against the target range.
type ReadingsChart struct {
	W, H             int
	PlotX, PlotW     string
	TargetY, TargetH string
	Dots             []ChartDot
	YTicks, XTicks   []ChartTick
	Summary          string
}

// NewReadingsChart places readings of [from, to) by time; each dot is coloured by its
// consensus band.
func NewReadingsChart(rs []glucose.Reading, from, to time.Time, u glucose.Unit) ReadingsChart {
	c := ReadingsChart{W: cchartW, H: cchartH, PlotX: cfx(cchartLeft), PlotW: cfx(cchartW - cchartLeft - cchartRight), YTicks: cglucoseTicks(u)}
	c.TargetY = cfx(cyOf(180))
	c.TargetH = cfx(cyOf(70) - cyOf(180))
	plotW := float64(cchartW - cchartLeft - cchartRight)
	span := to.Sub(from).Seconds()
	xOf := func(t time.Time) float64 { return cchartLeft + plotW*t.Sub(from).Seconds()/span }
	days := int(math.Round(to.Sub(from).Hours() / 24))
	step := max(1, days/7)
	for d := 0; d <= days; d += step {
		t := from.AddDate(0, 0, d)
		c.XTicks = append(c.XTicks, ChartTick{Pos: cfx(xOf(t)), Label: t.Format("2 Jan"), Anchor: anchorAt(d, 0, days)})
	}
	n := 0
	for _, r := range rs {
		if r.At.Before(from) || !r.At.Before(to) {
			continue
		}
		n++
		c.Dots = append(c.Dots, ChartDot{X: cfx(xOf(r.At)), Y: cfx(cyOf(r.Mgdl)), Class: "dot-" + cbandClass(glucose.Classify(r.Mgdl))})
	}
	c.Summary = strconv.Itoa(n) + " readings from " + from.Format("2 Jan") + " to " + to.AddDate(0, 0, -1).Format("2 Jan 2006") +
		", plotted against the target range " + glucose.FormatValue(70, u) + "–" + glucose.Format(180, u) + "."
	return c
}

// anchorAt keeps the first and last x labels inside the chart.
func anchorAt(v, first, last int) string {
	switch v {
	case first:
		return "start"
	case last:
		return "end"
	}
	return "middle"
}

func cbandClass(b glucose.Band) string {
	switch b {
	case glucose.VeryLow:
		return "very-low"
	case glucose.Low:
		return "low"
	case glucose.High:
		return "high"
	case glucose.VeryHigh:
		return "very-high"
	}
	return "in-range"
}
