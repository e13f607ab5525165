// Command zoe-bench is the load run of `make bench`: for each engine (SQLite; PostgreSQL
// with Redis) and each data scale it builds a fresh database with the real commands
// (migrate, import foods and prices, seed-demo --patients N --days D: synthetic data),
// starts `zoe serve` on loopback with ZOE_BENCH=1, signs in, and drives the hot pages with
// a bounded number of concurrent clients: food search (htmx partial), patient dashboard,
// diary day, dietitian roster, offline cache, sync batch — beside GET /bench/constant, a bare
// handler of the same server, measured in the same run. The ratio of a page's median to
// the constant's is the figure that counts (it cancels the machine). Results are written
// as markdown to docs/bench/results/<date>-<engine>.md; cmd/benchcompare compares two files.
//
// Everything stays on 127.0.0.1 and every request loop is bounded by time and count.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	engines     []string
	scales      []int
	days        int
	duration    time.Duration
	concurrency int
	maxRequests int
	pgAdminURL  string
	redisServer string
	outDir      string
	bin         string
	keep        bool
	roster      int    // patients per synthetic dietitian (the roster measured)
	profile     bool   // save CPU and allocation profiles of each page (ZOE_PPROF)
	goBench     bool   // run the offline snapshot Go benchmark for the build target
	bareBase    string // base URL of the bare Fiber server (set by run)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-serve-bare" {
		// The bare Fiber server of the ratios, started by the run itself (see startBare).
		if err := serveBare(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "zoe-bench -serve-bare:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoe-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("zoe-bench", flag.ContinueOnError)
	engines := fs.String("engines", "sqlite,postgres", "engines to measure (sqlite, postgres)")
	scales := fs.String("scales", "10,100,1000", "synthetic patients per run (1×, 10×, 100× data)")
	var o options
	fs.IntVar(&o.days, "days", 60, "days of history per synthetic patient")
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "measuring time per endpoint")
	fs.IntVar(&o.concurrency, "concurrency", 16, "concurrent clients (connections)")
	fs.IntVar(&o.maxRequests, "max-requests", 500000, "upper bound of requests per endpoint")
	fs.IntVar(&o.roster, "roster", 500, "patients per synthetic dietitian (the roster page measured)")
	fs.BoolVar(&o.profile, "profile", false, "save CPU and allocation profiles of each page at the largest scale (serve with ZOE_PPROF)")
	fs.BoolVar(&o.goBench, "go-bench", true, "run BenchmarkSnapshot300Foods for the offline build target")
	quick := fs.Bool("quick", false, "smoke run: -scales 30 -days 14 -duration 1s (unless given)")
	fs.StringVar(&o.pgAdminURL, "pg-url", envOr("ZOE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"),
		"PostgreSQL URL used to create and drop the bench databases")
	fs.StringVar(&o.redisServer, "redis-server", "redis-server", "redis-server binary (a private instance on a free port)")
	fs.StringVar(&o.outDir, "out", "docs/bench/results", "directory of the markdown reports")
	fs.StringVar(&o.bin, "bin", "", "zoe binary (default: built from ./cmd/zoe)")
	fs.BoolVar(&o.keep, "keep", false, "keep the work directories and databases")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *quick {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		if !given["scales"] {
			*scales = "30"
		}
		if !given["days"] {
			o.days = 14
		}
		if !given["duration"] {
			o.duration = time.Second
		}
	}
	o.engines = strings.Split(*engines, ",")
	for _, s := range strings.Split(*scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-scales: %q is not a positive number", s)
		}
		o.scales = append(o.scales, n)
	}
	if o.concurrency < 1 || o.concurrency > 64 || o.maxRequests < 10 || o.duration <= 0 || o.duration > time.Minute {
		return fmt.Errorf("-concurrency 1..64, -max-requests ≥ 10 and -duration up to 1m")
	}
	work, err := os.MkdirTemp("", "zoe-bench-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(work)
	}
	if o.bin != "" {
		if o.bin, err = filepath.Abs(o.bin); err != nil {
			return err
		}
	}
	if o.bin == "" {
		o.bin = filepath.Join(work, "zoe")
		fmt.Println("building zoe …")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", o.bin, "./cmd/zoe")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build zoe: %w", err)
		}
	}
	bare, stopBare, err := startBare(ctx)
	if err != nil {
		return err
	}
	defer stopBare()
	o.bareBase = bare
	var build *goBenchResult
	if o.goBench {
		fmt.Println("offline snapshot build (BenchmarkSnapshot300Foods) …")
		if build, err = runSnapshotBench(ctx); err != nil {
			fmt.Println("  not measured:", err)
		} else {
			fmt.Printf("  %s per build+encode (%s)\n", build.PerOp.Round(time.Microsecond), build.Line)
		}
	}
	for _, e := range o.engines {
		rep, err := runEngine(ctx, o, strings.TrimSpace(e), work)
		if rep != nil {
			rep.build = build
		}
		if err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		path, err := rep.write(o.outDir)
		if err != nil {
			return err
		}
		fmt.Println("wrote", path)
		fmt.Print(rep.targetsText())
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
