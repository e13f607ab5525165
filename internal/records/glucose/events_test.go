package glucose

import (
	"testing"
	"time"
)

// seq builds readings two hours apart (or at the given hour offsets when hours is set).
func seq(start time.Time, mgdl []float64, hours []float64) []Reading {
	rs := make([]Reading, len(mgdl))
	for i, v := range mgdl {
		h := float64(2 * i)
		if hours != nil {
			h = hours[i]
		}
		rs[i] = Reading{At: start.Add(time.Duration(h * float64(time.Hour))), Mgdl: v, Context: Random}
	}
	return rs
}

func TestCountEvents(t *testing.T) {
	start := time.Date(2026, 3, 2, 6, 0, 0, 0, kampala)
	tests := []struct {
		name                string
		mgdl                []float64
		hours               []float64
		hypo, severe, hyper int
	}{
		{"none", []float64{100, 120, 180, 70}, nil, 0, 0, 0},
		{"one low", []float64{100, 65, 110}, nil, 1, 0, 0},
		{"run of lows is one event", []float64{100, 65, 60, 68, 110}, nil, 1, 0, 0},
		{"run reaching below 54 is level 2 too", []float64{65, 50, 60, 100}, nil, 1, 1, 0},
		{"back in range splits", []float64{65, 100, 60}, nil, 2, 0, 0},
		{"69.5 is still low (unrounded)", []float64{65, 69.5, 60}, nil, 1, 0, 0},
		{"69.5 alone is a low event", []float64{100, 69.5, 100}, nil, 1, 0, 0},
		{"a high reading also ends a low", []float64{60, 200, 60}, nil, 2, 0, 0},
		{"open event at the end counts", []float64{100, 52}, nil, 1, 1, 0},
		{"high alone is no hyper event", []float64{200, 240, 190}, nil, 0, 0, 0},
		{"high run reaching very high is one event", []float64{200, 260, 200, 270, 150}, nil, 0, 0, 1},
		{"in range splits hyper events", []float64{260, 150, 270}, nil, 0, 0, 2},
		{"250.4 is not very high", []float64{250.4, 240}, nil, 0, 0, 0},
		{"180.4 keeps a high run going", []float64{260, 180.4, 270}, nil, 0, 0, 1},
		// Rule-of-15 recheck 15 minutes later stays in the same event.
		{"recheck after 15 min", []float64{62, 66, 95}, []float64{0, 0.25, 0.5}, 1, 0, 0},
		// Bedtime 22:00 low and the next morning's 06:30 low: 8.5 h apart, two events.
		{"gap over 6 h splits", []float64{65, 64}, []float64{0, 8.5}, 2, 0, 0},
		{"gap of exactly 6 h keeps", []float64{65, 64}, []float64{0, 6}, 1, 0, 0},
		{"gap splits hyper too", []float64{260, 270}, []float64{0, 7}, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, s, y := countEvents(seq(start, tt.mgdl, tt.hours))
			if h != tt.hypo || s != tt.severe || y != tt.hyper {
				t.Errorf("events = hypo %d, level 2 %d, hyper %d; want %d, %d, %d", h, s, y, tt.hypo, tt.severe, tt.hyper)
			}
		})
	}
}
