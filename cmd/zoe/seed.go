package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"os"

	"github.com/zoe-nutritech/zoe/config"
	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/demo"
)

func seedDemo(ctx context.Context, args []string) error {
	cfg, _, err := loadConfig("seed-demo", args)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := checkMigrated(ctx, d, false, newLogger(cfg)); err != nil {
		return err
	}
	return runSeed(ctx, d, cfg, os.Stdout)
}

func runSeed(ctx context.Context, d *db.DB, cfg config.Config, out io.Writer) error {
	res, err := demo.Seed(ctx, d, demo.Options{TimeZone: cfg.DefaultTimeZone})
	if err != nil {
		return fmt.Errorf("seed-demo: %w", err)
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
