package views

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// LinePoint is one point of a time series.
type LinePoint struct {
	At time.Time
	V  float64
}

// LineSeries is one line of a LineChart.
type LineSeries struct {
	Label  string
	Points []LinePoint
}

// LineChart is a server-rendered SVG chart: it works offline and without JavaScript.
type LineChart struct {
	Title, YLabel string
	Series        []LineSeries
	Width, Height int
}

// chartGeom holds the computed drawing of a LineChart.
type chartGeom struct {
	W, H         int
	Paths        []chartPath
	YTicks       []chartTick
	XTicks       []chartTick
	Left, Bottom int
	Right, Top   int
}

type chartPath struct {
	D, Label, Class string
}

type chartTick struct {
	Pos   float64
	Label string
}

var seriesClasses = []string{"s0", "s1", "s2", "s3", "s4", "s5"}

func (c LineChart) geom() chartGeom {
	g := chartGeom{W: c.Width, H: c.Height, Left: 56, Right: 8, Top: 10, Bottom: 26}
	if g.W == 0 {
		g.W = 640
	}
	if g.H == 0 {
		g.H = 260
	}
	var t0, t1 time.Time
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, p := range s.Points {
			if t0.IsZero() || p.At.Before(t0) {
				t0 = p.At
			}
			if p.At.After(t1) {
				t1 = p.At
			}
			lo, hi = math.Min(lo, p.V), math.Max(hi, p.V)
		}
	}
	if t0.IsZero() {
		return g
	}
	if lo == hi {
		lo, hi = lo*0.9, hi*1.1+1
	}
	lo = math.Max(0, lo-(hi-lo)*0.1)
	hi += (hi - lo) * 0.1
	span := t1.Sub(t0).Seconds()
	if span == 0 {
		span = 1
	}
	pw, ph := float64(g.W-g.Left-g.Right), float64(g.H-g.Top-g.Bottom)
	x := func(t time.Time) float64 { return float64(g.Left) + t.Sub(t0).Seconds()/span*pw }
	y := func(v float64) float64 { return float64(g.Top) + (hi-v)/(hi-lo)*ph }
	for i, s := range c.Series {
		var b strings.Builder
		for j, p := range s.Points {
			cmd := "L"
			if j == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&b, "%s%.1f %.1f ", cmd, x(p.At), y(p.V))
		}
		g.Paths = append(g.Paths, chartPath{D: strings.TrimSpace(b.String()), Label: s.Label, Class: seriesClasses[i%len(seriesClasses)]})
	}
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		g.YTicks = append(g.YTicks, chartTick{Pos: y(v), Label: Num(math.Round(v), 0)})
	}
	years := t1.Year() - t0.Year()
	step := 1
	if years > 8 {
		step = 3
	} else if years > 4 {
		step = 2
	}
	for yr := t0.Year(); yr <= t1.Year(); yr += step {
		at := time.Date(yr, 1, 1, 0, 0, 0, 0, time.UTC)
		if at.Before(t0) {
			continue
		}
		g.XTicks = append(g.XTicks, chartTick{Pos: x(at), Label: fmt.Sprint(yr)})
	}
	if years == 0 {
		g.XTicks = []chartTick{{Pos: x(t0), Label: t0.Format("Jan 2006")}, {Pos: x(t1), Label: t1.Format("Jan 2006")}}
	}
	return g
}

func fmtF(f float64) string { return fmt.Sprintf("%.1f", f) }
