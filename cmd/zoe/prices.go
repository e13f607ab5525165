package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// pricesCmd reports price coverage or recomputes every current price.
func pricesCmd(ctx context.Context, args []string) error {
	what, args := verb(args)
	var c *command
	var asJSON *bool
	switch what {
	case "coverage":
		c = newCommand("prices coverage", "zoe prices coverage [--json] [--database-url URL]",
			"Foods with a current price by source (WFP market data, user reports, estimates), old prices,\ntentative prices, and the share of the last 30 days' diary entries whose food has a current price.", true)
		asJSON = c.Bool("json", false, "print JSON")
	case "recompute":
		c = newCommand("prices recompute", "zoe prices recompute [--database-url URL]",
			"Recomputes every food's current price from the stored market data and user reports.", true)
	default:
		c = newCommand("prices", "zoe prices coverage [--json] | zoe prices recompute",
			"Price coverage and the current prices. zoe prices coverage --help and\nzoe prices recompute --help show their flags.", true)
	}
	check := func(rest []string) error {
		if what == "" {
			return c.fail("needs coverage or recompute")
		}
		return c.noArgs(rest)
	}
	return c.runDB(ctx, args, check, func(d *db.DB, _ []string) error {
		cat := catalog.New(d, sharedCache(c.cfg), newLogger(c.cfg))
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
	})
}
