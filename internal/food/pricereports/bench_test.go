package pricereports

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkAggregate: one food with 10,000 reports from 2,000 people in 50 places and a
// year of market data; 100 such foods are 1 M reports.
func BenchmarkAggregate(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var pts []Point
	for i := range 10_000 {
		pts = append(pts, report(int64(i), int64(r.IntN(2000)), 3000+r.Float64()*800, r.IntN(200), fmt.Sprint("place:", r.IntN(50))))
	}
	for m := range 20 {
		for d := 0; d < 365; d += 30 {
			pts = append(pts, wfp(fmt.Sprint("wfp:", m), 3200+r.Float64()*400, d))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, ok := Aggregate(pts, Options{}); !ok {
			b.Fatal("no price")
		}
	}
}
