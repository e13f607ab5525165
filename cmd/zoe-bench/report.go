package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

type scaleResult struct {
	Patients, Days, Rows int
	Setup, Seed          time.Duration
	Results              []result
	ServerLog            string // the end of the server's log when requests failed
	RSS                  int64  // resident memory of zoe serve after the run, bytes
	LoadStart, LoadEnd   string // load average around the measurements
	Profiles             []string
}

type report struct {
	engine    string
	redis     bool
	o         options
	started   time.Time
	loadStart string
	loadEnd   string
	notes     []string
	scales    []scaleResult
	build     *goBenchResult
}

func (r *report) engineName() string {
	if r.engine == "postgres" && r.redis {
		return "postgres+redis"
	}
	return r.engine
}

func newReport(engine string, o options) *report {
	return &report{engine: engine, o: o, started: time.Now(), loadStart: loadAverage()}
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			if _, v, ok := strings.Cut(l, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// write renders the report; the "results" table is what cmd/benchcompare reads.
func (r *report) write(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	engine := r.engineName()
	var b strings.Builder
	fmt.Fprintf(&b, "# Load run: %s, %s\n\n", engine, r.started.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Synthetic data (`zoe seed-demo --patients N --days %d`), `zoe serve` on loopback with `ZOE_BENCH=1`, ", r.o.days)
	fmt.Fprintf(&b, "%d concurrent clients, %s per endpoint (after a %s warm-up, at most %d requests). ",
		r.o.concurrency, r.o.duration, r.o.duration/5, r.o.maxRequests)
	b.WriteString("Latency is measured by the client (request sent → body read). ")
	b.WriteString("**×const** is the endpoint's median (p95) over the median (p95) of `GET /bench/constant`, a bare handler of the same server measured in the same run: it cancels the machine. ")
	b.WriteString("**% bare** is the endpoint's req/s over that of a bare Fiber handler in a separate binary, measured by the same client in the same run (the targets of issue 19). The client shares the machine's cores with the server.\n\n")
	fmt.Fprintf(&b, "- machine: %s, %d CPUs, %s, load average %s at start, %s at end\n", cpuModel(), runtime.NumCPU(), runtime.Version(), r.loadStart, r.loadEnd)
	for _, n := range r.notes {
		fmt.Fprintf(&b, "- note: %s\n", n)
	}
	b.WriteString("\n## Data\n\n| patients | days | history rows | migrate + import | seed |\n|---:|---:|---:|---:|---:|\n")
	for _, s := range r.scales {
		fmt.Fprintf(&b, "| %d | %d | %d | %s | %s |\n", s.Patients, s.Days, s.Rows, s.Setup.Round(time.Millisecond), s.Seed.Round(time.Millisecond))
	}
	b.WriteString("\n## Results\n\n| engine | patients | endpoint | requests | errors | p50 ms | p95 ms | p99 ms | req/s | ×const p50 | ×const p95 | % bare |\n")
	b.WriteString("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.scales {
		for _, x := range s.Results {
			fmt.Fprintf(&b, "| %s | %d | %s | %d | %d | %s | %s | %s | %.0f | %.1f | %.1f | %.1f |\n", engine, s.Patients, x.Name, x.N, x.Errors,
				ms(x.P50), ms(x.P95), ms(x.P99), x.Throughput, x.RatioP50, x.RatioP95, x.ShareOfBare*100)
		}
	}
	if len(r.scales) > 1 {
		b.WriteString("\n## Growth (p95 ms by data size; flat is good)\n\n| endpoint |")
		for _, s := range r.scales {
			fmt.Fprintf(&b, " %d patients |", s.Patients)
		}
		fmt.Fprintf(&b, " last / first |\n|---|%s---:|\n", strings.Repeat("---:|", len(r.scales)))
		for i, x := range r.scales[0].Results {
			fmt.Fprintf(&b, "| %s |", x.Name)
			for _, s := range r.scales {
				if i < len(s.Results) {
					fmt.Fprintf(&b, " %s |", ms(s.Results[i].P95))
				} else {
					b.WriteString(" – |")
				}
			}
			last := r.scales[len(r.scales)-1].Results
			if i < len(last) && x.P95 > 0 {
				fmt.Fprintf(&b, " %.2f |\n", float64(last[i].P95)/float64(x.P95))
			} else {
				b.WriteString(" – |\n")
			}
		}
	}
	b.WriteString(r.targetsMarkdown())
	for _, s := range r.scales {
		if len(s.Profiles) > 0 {
			fmt.Fprintf(&b, "\nProfiles at %d patients (`go tool pprof -top FILE`): %s\n", s.Patients, strings.Join(s.Profiles, ", "))
		}
	}
	var errs []string
	for _, s := range r.scales {
		for _, x := range s.Results {
			if x.Errors > 0 {
				errs = append(errs, fmt.Sprintf("- %d patients, %s: %d errors (first: %s)", s.Patients, x.Name, x.Errors, x.FirstError))
			}
		}
	}
	if len(errs) > 0 {
		b.WriteString("\n## Errors\n\n" + strings.Join(errs, "\n") + "\n")
		for _, s := range r.scales {
			if s.ServerLog != "" {
				fmt.Fprintf(&b, "\nServer log at %d patients (end):\n\n```\n%s\n```\n", s.Patients, s.ServerLog)
			}
		}
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%s.md", r.started.Format("2006-01-02"), r.engine))
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}
