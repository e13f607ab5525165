package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"os"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/demo"
)

func seedDemo(ctx context.Context, args []string) error {
	c := newCommand("seed-demo", "zoe seed-demo [--patients N --days D --roster R] [--database-url URL]",
		"Adds the synthetic demo accounts with 30 days of history (idempotent); with --patients, N synthetic\npatients with D days each and one synthetic dietitian per R (default 25) of them: made-up data, never real patients.", true)
	var o demo.Options
	c.IntVar(&o.Patients, "patients", 0, "synthetic patients to add (0 to 1000000)")
	c.IntVar(&o.Days, "days", 0, "days of history per synthetic patient (0 to 3650; 0 means 90)")
	c.IntVar(&o.RosterSize, "roster", 0, "synthetic patients per synthetic dietitian (0 means 25; 0 to 1000000)")
	check := func(rest []string) error {
		if err := c.noArgs(rest); err != nil {
			return err
		}
		switch {
		case o.Patients < 0 || o.Patients > 1_000_000:
			return c.fail("--patients %d: want a whole number from 0 to 1000000", o.Patients)
		case o.Days < 0 || o.Days > 3650:
			return c.fail("--days %d: want a whole number from 0 to 3650", o.Days)
		case o.RosterSize < 0 || o.RosterSize > 1_000_000:
			return c.fail("--roster %d: want a whole number from 0 to 1000000", o.RosterSize)
		}
		return nil
	}
	return c.runDB(ctx, args, check, func(d *db.DB, _ []string) error {
		return runSeedWith(ctx, d, c.cfg, o, os.Stdout)
	})
}

func runSeed(ctx context.Context, d *db.DB, cfg config.Config, out io.Writer) error {
	return runSeedWith(ctx, d, cfg, demo.Options{}, out)
}

func runSeedWith(ctx context.Context, d *db.DB, cfg config.Config, opts demo.Options, out io.Writer) error {
	opts.TimeZone = cfg.DefaultTimeZone
	if opts.Patients > 0 {
		started := time.Now()
		opts.Progress = func(done, total int) {
			fmt.Fprintf(out, "\rsynthetic patients: %d/%d (%s)", done, total, time.Since(started).Round(time.Second))
			if done == total {
				fmt.Fprintln(out)
			}
		}
	}
	res, err := demo.Seed(ctx, d, opts)
	if err != nil {
		return fmt.Errorf("seed-demo: %w", err)
	}
	if res.NoFoods {
		fmt.Fprintln(out, "The food table is empty: no diary entries were made (run `zoe import foods` first).")
	}
	if opts.Patients > 0 {
		fmt.Fprintf(out, "Synthetic data: %d patients and %d dietitians created (%d existed), %d history rows.\n",
			res.Patients, res.Dietitians, res.Skipped, res.Rows)
		fmt.Fprintf(out, "  synthetic accounts: synth-patient-00001…, synth-dietitian-001… (password %s)\n", demo.DemoPassword)
	}
	fmt.Fprintln(out, "Demo data (synthetic, for trying the app) — log in with:")
	for _, l := range res.Logins {
		fmt.Fprintf(out, "  %-10s username %-16s password %s\n", l.Role, l.Username, l.Password)
	}
	return nil
}

const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func randomPassword() string {
	b := make([]byte, 16)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(passwordAlphabet))))
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b)
}
