package pricereports

import (
	"fmt"
	"testing"
	"time"
)

func day(n int) time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).AddDate(0, 0, -n) }

func report(id, user int64, ugx float64, daysAgo int, market string) Point {
	return Point{UGX: ugx, PerUnit: "kg", Date: day(daysAgo), Kind: UserReport, Market: market, Reporter: user, ReportID: id}
}

func wfp(market string, ugx float64, daysAgo int) Point {
	return Point{UGX: ugx, PerUnit: "kg", Date: day(daysAgo), Kind: MarketData, Market: market}
}

func TestReportsPublishOnlyFromThreePeople(t *testing.T) {
	one := []Point{report(1, 10, 3000, 1, "place:owino")}
	p, ok := Aggregate(one, Options{})
	if !ok || !p.Tentative || p.UGX != 3000 || p.Reporters != 1 {
		t.Fatalf("one report: %+v", p)
	}
	// One user sending many reports is still one person.
	var spam []Point
	for i := range 20 {
		spam = append(spam, report(int64(i+1), 10, 9000, 0, fmt.Sprint("place:", i)))
	}
	if p, _ := Aggregate(spam, Options{}); !p.Tentative || p.Reporters != 1 {
		t.Fatalf("twenty reports from one user: %+v", p)
	}
	three := append(one, report(2, 11, 3200, 2, "place:owino"), report(3, 12, 3400, 3, "place:nakasero"))
	p, _ = Aggregate(three, Options{})
	// Owino: reporters 10 and 11 → 3100; Nakasero 3400; median over markets 3250.
	if p.Tentative || p.Reporters != 3 || p.Markets != 2 || p.UGX != 3250 || !p.Latest.Equal(day(1)) {
		t.Fatalf("three reporters: %+v", p)
	}
}

func TestOutlierDoesNotMoveThePrice(t *testing.T) {
	base := []Point{report(1, 10, 3000, 1, "place:a"), report(2, 11, 3100, 2, "place:b"), report(3, 12, 3200, 3, "place:c")}
	before, _ := Aggregate(base, Options{})
	after, _ := Aggregate(append(base, report(4, 13, 30000, 0, "place:d")), Options{})
	if after.UGX != before.UGX || len(after.Outliers) != 1 || after.Outliers[0].ReportID != 4 || after.Reporters != 3 {
		t.Fatalf("before %+v after %+v", before, after)
	}
	// Market data is never rejected, even when far.
	mixed, _ := Aggregate([]Point{wfp("wfp:1", 3000, 5), wfp("wfp:2", 3100, 5), wfp("wfp:3", 12000, 5)}, Options{})
	if len(mixed.Outliers) != 0 || mixed.WFP != 3 || mixed.UGX != 3100 {
		t.Fatalf("market data: %+v", mixed)
	}
}

func TestWindowTakesNinetyDaysWithData(t *testing.T) {
	// The newest month has one market; the window still counts the others from the 90 days
	// before it, and drops older prices.
	pts := []Point{wfp("wfp:1", 4000, 0), wfp("wfp:2", 3600, 40), wfp("wfp:3", 3800, 80), wfp("wfp:4", 100, 200)}
	p, _ := Aggregate(pts, Options{})
	if p.Markets != 3 || p.UGX != 3800 || p.Tentative || p.Source().String() != "market" {
		t.Fatalf("%+v", p)
	}
	// Market data with one report: published, and says both.
	p, _ = Aggregate(append(pts, report(9, 10, 3900, 1, "wfp:1")), Options{})
	if p.Tentative || p.Source().String() != "market+reports:1:1" {
		t.Fatalf("%+v %s", p, p.Source())
	}
	if _, ok := Aggregate(nil, Options{}); ok {
		t.Fatal("no points gave a price")
	}
}
