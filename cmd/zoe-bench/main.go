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
}

func main() {
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
	fs.DurationVar(&o.duration, "duration", 2*time.Second, "measuring time per endpoint")
	fs.IntVar(&o.concurrency, "concurrency", 4, "concurrent clients")
	fs.IntVar(&o.maxRequests, "max-requests", 20000, "upper bound of requests per endpoint")
	fs.StringVar(&o.pgAdminURL, "pg-url", envOr("ZOE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"),
		"PostgreSQL URL used to create and drop the bench databases")
	fs.StringVar(&o.redisServer, "redis-server", "redis-server", "redis-server binary (a private instance on a free port)")
	fs.StringVar(&o.outDir, "out", "docs/bench/results", "directory of the markdown reports")
	fs.StringVar(&o.bin, "bin", "", "zoe binary (default: built from ./cmd/zoe)")
	fs.BoolVar(&o.keep, "keep", false, "keep the work directories and databases")
	if err := fs.Parse(args); err != nil {
		return err
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
	for _, e := range o.engines {
		rep, err := runEngine(ctx, o, strings.TrimSpace(e), work)
		if err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		path, err := rep.write(o.outDir)
		if err != nil {
			return err
		}
		fmt.Println("wrote", path)
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
