package mealplan

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time. The machine is shared, so
// wall-clock ns/op swings with the load; cpu-ms/op is reported beside it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The benchmarks plan over clearly synthetic foods (syntheticFoods); the
// figures measure the solver, not any real diet. Each reports the node
// count and the gap between the plan's cost and the proven lower bound.

func BenchmarkPlanDay200Foods(b *testing.B) {
	foods := syntheticFoods(200, 1)
	c := syntheticDay()
	var p Plan
	start := cpuTime()
	for b.Loop() {
		var err error
		if p, err = PlanDay(foods, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(p.Nodes), "nodes")
	b.ReportMetric(100*p.GapUGX()/p.Totals.CostUGX, "gap%")
}

func BenchmarkPlanWeek200Foods(b *testing.B) {
	foods := syntheticFoods(200, 2)
	c := syntheticDay()
	c.MaxDaysPerFood = 3
	c.MaxServingsPerWeek = 4
	var w WeekPlan
	start := cpuTime()
	for b.Loop() {
		var err error
		if w, err = PlanWeek(foods, c, 7); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(100*(w.CostUGX-w.LowerBoundUGX)/w.CostUGX, "gap%")
}
