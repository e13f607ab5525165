package pricereports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OldAfter is the age from which a price is marked old wherever it is shown.
const OldAfter = 180 * 24 * time.Hour

// IsOld reports whether a price dated on is older than OldAfter at now.
func IsOld(on, now time.Time) bool { return now.Sub(on) > OldAfter }

// Source says what a current price was worked out from. Its String is what the catalogue
// stores; ParseSource reads it back (and the sources stored before reports existed).
type Source struct {
	Market    bool // WFP market data or an admin's market survey
	Reports   int  // user reports used
	Reporters int  // distinct people behind them
	Demo      bool // some report came from a synthetic demo account
}

// String is the stored form: "market", "reports:5:3", "market+reports:5:3", with
// ";demo" appended when demo reports were used.
func (s Source) String() string {
	var parts []string
	if s.Market {
		parts = append(parts, "market")
	}
	if s.Reports > 0 {
		parts = append(parts, fmt.Sprintf("reports:%d:%d", s.Reports, s.Reporters))
	}
	out := strings.Join(parts, "+")
	if s.Demo {
		out += ";demo"
	}
	return out
}

// ParseSource reads a stored source. Sources written before reports existed ("import",
// "market_survey", "user_report", comma-separated) all mean market data: they were
// imported or recorded by an admin.
func ParseSource(stored string) Source {
	var s Source
	stored, s.Demo = strings.CutSuffix(stored, ";demo")
	for _, part := range strings.FieldsFunc(stored, func(r rune) bool { return r == '+' || r == ',' }) {
		if rest, ok := strings.CutPrefix(part, "reports:"); ok {
			n, r, _ := strings.Cut(rest, ":")
			s.Reports, _ = strconv.Atoi(n)
			s.Reporters, _ = strconv.Atoi(r)
			continue
		}
		s.Market = true
	}
	return s
}

// Describe says the source in words for a page: "WFP market data", "4 user reports from
// 3 people", "WFP market data and 2 user reports"; demo reports are said to be demo data.
func (s Source) Describe() string {
	reports := ""
	if s.Reports > 0 {
		reports = plural(s.Reports, "user report", "user reports")
		if s.Reporters > 0 && s.Reporters != s.Reports {
			reports += " from " + plural(s.Reporters, "person", "people")
		}
	}
	var out string
	switch {
	case s.Market && reports != "":
		out = "WFP market data and " + reports
	case s.Market:
		out = "WFP market data"
	case reports != "":
		out = reports
	default:
		out = "unknown source"
	}
	if s.Demo {
		out += " (includes demo data from synthetic accounts)"
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
