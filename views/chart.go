package views

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Charts are server-rendered SVG: geometry is computed here, the templates only draw it
// with presentation attributes (no inline styles, which the CSP forbids). The viewBox is
// 360 units wide, the width of a small phone, so one unit is about one CSS pixel there
// and labels stay readable; on wider screens the chart scales up.

// Chart sizes (viewBox units).
const (
	chartW      = 360.0
	chartH      = 200.0
	chartLeft   = 40.0 // room for y labels
	chartRight  = 8.0
	chartTop    = 10.0
	chartBottom = 24.0 // room for x labels
)

// ChartPoint is a plotted value.
type ChartPoint struct {
	X, Y  float64
	Class string // band class for colouring (e.g. "pt-in_range")
	Title string // tooltip text
}

// Tick is an axis label at a position.
type Tick struct {
	Pos   float64
	Label string
}

// ChartBand is a shaded horizontal band (the target range).
type ChartBand struct {
	Y, H  float64
	Label string
}

// TimeChart is a value-over-time chart.
type TimeChart struct {
	ID, Title, Summary string
	W, H               float64
	PlotLeft, PlotTop  float64
	PlotW, PlotH       float64
	Points             []ChartPoint
	Path               string // polyline through the points, empty to draw dots only
	Band               *ChartBand
	YTicks, XTicks     []Tick
	Empty              bool
}

// TimeValue is one value at a time, already in the unit shown.
type TimeValue struct {
	At    time.Time
	V     float64
	Class string
	Title string
}

// TimeChartSpec describes a chart to build.
type TimeChartSpec struct {
	ID, Title, Summary string
	From, To           time.Time
	YMin, YMax         float64
	YTicks             []float64
	FormatY            func(float64) string
	BandLo, BandHi     *float64 // shaded target band (same unit as the values)
	BandLabel          string
	Line               bool
	XTickEvery         int // days between x labels
	Loc                *time.Location
}

// NewTimeChart lays out values over [From, To). Values outside the y range are drawn at
// its edge (a 600 mg/dL reading stays visible at the top).
func NewTimeChart(spec TimeChartSpec, values []TimeValue) TimeChart {
	c := TimeChart{ID: spec.ID, Title: spec.Title, Summary: spec.Summary, W: chartW, H: chartH,
		PlotLeft: chartLeft, PlotTop: chartTop, PlotW: chartW - chartLeft - chartRight, PlotH: chartH - chartTop - chartBottom,
		Empty: len(values) == 0}
	span := spec.To.Sub(spec.From).Seconds()
	if span <= 0 {
		span = 1
	}
	yr := spec.YMax - spec.YMin
	if yr <= 0 {
		yr = 1
	}
	x := func(t time.Time) float64 { return c.PlotLeft + c.PlotW*t.Sub(spec.From).Seconds()/span }
	y := func(v float64) float64 {
		v = math.Max(spec.YMin, math.Min(spec.YMax, v))
		return c.PlotTop + c.PlotH*(1-(v-spec.YMin)/yr)
	}
	if spec.BandLo != nil && spec.BandHi != nil {
		top, bot := y(*spec.BandHi), y(*spec.BandLo)
		c.Band = &ChartBand{Y: round1(top), H: round1(bot - top), Label: spec.BandLabel}
	}
	for _, v := range spec.YTicks {
		pos := round1(y(v))
		// Labels closer than a line of text (3.0 and 3.9 mmol/L on a tall scale) would
		// overprint each other: the later one (the target range's edge) replaces the first.
		if n := len(c.YTicks); n > 0 && math.Abs(c.YTicks[n-1].Pos-pos) < 12 {
			c.YTicks = c.YTicks[:n-1]
		}
		c.YTicks = append(c.YTicks, Tick{Pos: pos, Label: spec.FormatY(v)})
	}
	loc := spec.Loc
	if loc == nil {
		loc = time.UTC
	}
	every := max(spec.XTickEvery, 1)
	days := int(math.Round(span / 86400))
	for i := 0; i <= days; i += every {
		t := spec.From.AddDate(0, 0, i)
		if !t.Before(spec.To) {
			break
		}
		c.XTicks = append(c.XTicks, Tick{Pos: round1(x(t)), Label: t.In(loc).Format("2 Jan")})
	}
	var path strings.Builder
	for i, v := range values {
		p := ChartPoint{X: round1(x(v.At)), Y: round1(y(v.V)), Class: v.Class, Title: v.Title}
		c.Points = append(c.Points, p)
		if spec.Line {
			if i == 0 {
				path.WriteString("M")
			} else {
				path.WriteString(" L")
			}
			path.WriteString(f1(p.X) + " " + f1(p.Y))
		}
	}
	c.Path = path.String()
	return c
}

// Segment is one part of a stacked bar, in percent of its width.
type Segment struct {
	X, W  float64
	Class string
	Label string
}

// Stack lays out shares (percentages summing to about 100) side by side.
func Stack(shares []float64, classes, labels []string) []Segment {
	var out []Segment
	x := 0.0
	for i, s := range shares {
		if s <= 0 {
			continue
		}
		out = append(out, Segment{X: round1(x), W: round1(s), Class: classes[i], Label: labels[i]})
		x += s
	}
	return out
}

// Bar is one column of a bar chart.
type Bar struct {
	X, Y, W, H float64
	Label      string // under the bar
	Value      string // above the bar
	Class      string
}

// BarChart is a column chart with an optional target line.
type BarChart struct {
	ID, Title, Summary string
	W, H               float64
	Bars               []Bar
	TargetY            float64
	HasTarget          bool
	TargetLabel        string
	Baseline           float64
}

// BarValue is one column to draw.
type BarValue struct {
	Label, Value, Class string
	V                   float64
}

// NewBarChart lays out columns scaled to the largest of the values and the target.
func NewBarChart(id, title, summary string, values []BarValue, target float64, targetLabel string) BarChart {
	c := BarChart{ID: id, Title: title, Summary: summary, W: chartW, H: 160, HasTarget: target > 0, TargetLabel: targetLabel}
	top, bottom := 18.0, 22.0
	plotH := c.H - top - bottom
	c.Baseline = c.H - bottom
	hi := target
	for _, v := range values {
		hi = math.Max(hi, v.V)
	}
	if hi <= 0 {
		hi = 1
	}
	hi *= 1.1
	n := float64(max(len(values), 1))
	slot := (c.W - 16) / n
	for i, v := range values {
		h := plotH * math.Max(v.V, 0) / hi
		c.Bars = append(c.Bars, Bar{X: round1(8 + slot*float64(i) + slot*0.15), W: round1(slot * 0.7),
			Y: round1(c.Baseline - h), H: round1(h), Label: v.Label, Value: v.Value, Class: v.Class})
	}
	if c.HasTarget {
		c.TargetY = round1(c.Baseline - plotH*target/hi)
	}
	return c
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// f1 prints a coordinate with at most one decimal.
func f1(v float64) string { return strconv.FormatFloat(round1(v), 'f', -1, 64) }

// Mid is the centre of a segment or bar (for labels).
func (s Segment) Mid() float64 { return round1(s.X + s.W/2) }
func (b Bar) Mid() float64     { return round1(b.X + b.W/2) }
