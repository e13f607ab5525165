package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/demo"
)

func seedDemo(ctx context.Context, args []string) error {
	gen, args, err := seedFlags(args)
	if err != nil {
		return usageError{err.Error()}
	}
	cfg, _, err := loadConfig("seed-demo", args)
	if err != nil {
		return err
	}
	d, err := openMigratedDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	return runSeedWith(ctx, d, cfg, gen, os.Stdout)
}

// seedFlags takes the generator's flags (--patients N --days D) out of args; the rest are
// the configuration flags every command accepts.
func seedFlags(args []string) (demo.Options, []string, error) {
	var o demo.Options
	var rest []string
	for i := 0; i < len(args); i++ {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "-") || (name != "patients" && name != "days") {
			rest = append(rest, args[i])
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return o, nil, fmt.Errorf("seed-demo: --%s needs a number", name)
			}
			i++
			val = args[i]
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || n > 1_000_000 || (name == "days" && n > 3650) {
			return o, nil, fmt.Errorf("seed-demo: --%s %q: want a whole number (days at most 3650)", name, val)
		}
		if name == "patients" {
			o.Patients = n
		} else {
			o.Days = n
		}
	}
	return o, rest, nil
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
