package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The endpoints the targets of issue 19 name (see endpoints()).
const (
	epBare      = "bare Fiber handler (separate binary)"
	epConstant  = "constant (same server)"
	epSearch    = "food search (htmx partial, cached)"
	epRoster    = "dietitian roster"
	epOffline   = "offline snapshot (from cache)"
	epSync      = "sync batch (10 readings)"
	rssLimitMB  = 200
	seedAppNote = "not measured: the seed Flask app is not in this repository, so the ≥ 20× comparison cannot be run here"
)

// patientPages are the pages of the "every patient page ≥ 10 % of bare" target.
var patientPages = []string{"patient home", "diary day", "records", "records stats", "recommendations", "meal plan"}

type target struct {
	Name, Measured, Goal string
	OK                   bool
}

// targets checks one scale's results against the targets.
func (r *report) targets(s scaleResult) []target {
	by := map[string]result{}
	for _, x := range s.Results {
		by[x.Name] = x
	}
	bare := by[epBare].Throughput
	var out []target
	share := func(name string, min float64, label string) {
		x, ok := by[name]
		if !ok || bare == 0 {
			out = append(out, target{Name: label, Measured: "not measured", Goal: fmt.Sprintf("≥ %.0f %% of bare", min*100)})
			return
		}
		f := x.Throughput / bare
		out = append(out, target{Name: label, Measured: fmt.Sprintf("%.1f %% (%.0f of %.0f req/s)", f*100, x.Throughput, bare),
			Goal: fmt.Sprintf("≥ %.0f %% of bare", min*100), OK: f >= min})
	}
	share(epSearch, 0.25, "cached food search partial")
	for _, p := range patientPages {
		share(p, 0.10, p)
	}
	roster := min(s.Patients, r.o.roster)
	share(epRoster, 0.05, fmt.Sprintf("dietitian roster (%d patients%s)", roster, map[bool]string{true: "", false: "; the target is for 500"}[roster >= 500]))
	// p99 ≤ 5× p50 for every page of the app.
	worst, worstName := 0.0, ""
	for _, x := range s.Results {
		if x.Name == epBare || x.P50 == 0 {
			continue
		}
		if f := float64(x.P99) / float64(x.P50); f > worst {
			worst, worstName = f, x.Name
		}
	}
	out = append(out, target{Name: fmt.Sprintf("p99 / p50 under %d connections (worst page)", r.o.concurrency),
		Measured: fmt.Sprintf("%.1f× (%s)", worst, worstName), Goal: "≤ 5×", OK: worst > 0 && worst <= 5})
	p50 := func(name, label string, limit time.Duration) {
		x, ok := by[name]
		if !ok || x.N == 0 {
			out = append(out, target{Name: label, Measured: "not measured", Goal: "p50 ≤ " + limit.String()})
			return
		}
		out = append(out, target{Name: label, Measured: ms(x.P50) + " ms", Goal: "p50 ≤ " + limit.String(), OK: x.P50 <= limit})
	}
	p50(epSync, "sync of 10 readings", 5*time.Millisecond)
	p50(epOffline, "offline snapshot from cache", time.Millisecond)
	if r.build != nil {
		out = append(out, target{Name: "offline snapshot build, 300 foods (Go benchmark)", Measured: fmt.Sprintf("%.2f ms", float64(r.build.PerOp)/1e6),
			Goal: "≤ 10 ms", OK: r.build.PerOp <= 10*time.Millisecond})
	} else {
		out = append(out, target{Name: "offline snapshot build, 300 foods (Go benchmark)", Measured: "not measured (-go-bench=false or failed)", Goal: "≤ 10 ms"})
	}
	if s.RSS > 0 {
		out = append(out, target{Name: fmt.Sprintf("RSS of zoe serve after the run (%d patients)", s.Patients),
			Measured: fmt.Sprintf("%.0f MB", float64(s.RSS)/(1<<20)), Goal: fmt.Sprintf("< %d MB", rssLimitMB), OK: s.RSS < rssLimitMB<<20})
	}
	out = append(out, target{Name: "≥ 20× the seed app", Measured: seedAppNote, Goal: "≥ 20×"})
	return out
}

// targetsMarkdown is the targets table of every scale.
func (r *report) targetsMarkdown() string {
	var b strings.Builder
	for _, s := range r.scales {
		fmt.Fprintf(&b, "\n## Targets of issue 19: %s, %d patients (load average %s at start, %s at end)\n\n", r.engineName(), s.Patients, s.LoadStart, s.LoadEnd)
		b.WriteString("| target | measured | goal | met |\n|---|---|---|---|\n")
		for _, t := range r.targets(s) {
			met := map[bool]string{true: "yes", false: "**no**"}[t.OK]
			if strings.HasPrefix(t.Measured, "not measured") {
				met = "–"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Name, t.Measured, t.Goal, met)
		}
	}
	return b.String()
}

// targetsText is the same for the terminal.
func (r *report) targetsText() string {
	var b strings.Builder
	for _, s := range r.scales {
		fmt.Fprintf(&b, "\nTargets, %s, %d patients — load average %s at start, %s at end:\n", r.engineName(), s.Patients, s.LoadStart, s.LoadEnd)
		for _, t := range r.targets(s) {
			met := map[bool]string{true: "ok", false: "MISSED"}[t.OK]
			if strings.HasPrefix(t.Measured, "not measured") {
				met = "-"
			}
			fmt.Fprintf(&b, "  %-6s %-58s %-40s target %s\n", met, t.Name, t.Measured, t.Goal)
		}
	}
	return b.String()
}

type goBenchResult struct {
	PerOp time.Duration
	Line  string
}

var benchLineRE = regexp.MustCompile(`^BenchmarkSnapshot300Foods\S*\s+\d+\s+([\d.]+) ns/op(.*)$`)

// runSnapshotBench runs the offline package's snapshot benchmark (build and encode at ≈300
// foods) from the repository this is run in.
func runSnapshotBench(ctx context.Context) (*goBenchResult, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "^BenchmarkSnapshot300Foods$", "-benchtime", "30x", "./internal/offline")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test: %w\n%s", err, out)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := benchLineRE.FindStringSubmatch(sc.Text()); m != nil {
			ns, _ := strconv.ParseFloat(m[1], 64)
			return &goBenchResult{PerOp: time.Duration(ns), Line: strings.Join(strings.Fields(m[2]), " ")}, nil
		}
	}
	return nil, fmt.Errorf("no BenchmarkSnapshot300Foods line in:\n%s", out)
}

// rssOf reads a process's resident set size in bytes (Linux).
func rssOf(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) >= 1 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
