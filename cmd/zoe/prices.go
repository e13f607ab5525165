package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// pricesCmd reports price coverage or recomputes every current price.
func pricesCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"prices needs: coverage [--json], or recompute"}
	}
	what, rest := args[0], args[1:]
	fs := flag.NewFlagSet("zoe prices "+what, flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "coverage: print JSON")
	if err := fs.Parse(rest); err != nil {
		return usageError{err.Error()}
	}
	if what != "coverage" && what != "recompute" {
		return usageError{fmt.Sprintf("unknown prices command %q", what)}
	}
	cfg, _, err := loadConfig("prices", nil)
	if err != nil {
		return err
	}
	d, err := openMigratedDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	cat := catalog.New(d, sharedCache(cfg), newLogger(cfg))
	if what == "recompute" {
		n, err := cat.RecomputePrices(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("prices: %d foods have a current price\n", n)
		return nil
	}
	cv, err := cat.Coverage(ctx, time.Now())
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cv)
	}
	for _, l := range cv.Lines() {
		fmt.Println(l)
	}
	return nil
}
