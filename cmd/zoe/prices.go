package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// pricesCmd reports price coverage or recomputes every current price.
func pricesCmd(ctx context.Context, args []string) error {
	cfg, envErr := envConfig()
	what := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		what, args = args[0], args[1:]
	}
	var f *cmdFlags
	var asJSON *bool
	switch what {
	case "coverage":
		f = newFlags("prices coverage", "zoe prices coverage [--json] [--database-url URL]",
			"Foods with a current price by source (WFP market data, user reports, estimates), old prices,\ntentative prices, and the share of the last 30 days' diary entries whose food has a current price.")
		asJSON = f.Bool("json", false, "print JSON")
	case "recompute":
		f = newFlags("prices recompute", "zoe prices recompute [--database-url URL]",
			"Recomputes every food's current price from the stored market data and user reports.")
	default:
		f = newFlags("prices", "zoe prices coverage [--json] | zoe prices recompute",
			"Price coverage and the current prices. zoe prices coverage --help and\nzoe prices recompute --help show their flags.")
	}
	cfg.DatabaseFlag(f.FlagSet)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	switch {
	case what == "":
		return f.fail("needs coverage or recompute")
	case len(rest) > 0:
		return f.fail("unexpected argument %q", rest[0])
	}
	if envErr != nil {
		return envErr
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
