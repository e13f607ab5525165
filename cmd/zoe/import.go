package main

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// importCmd loads the curated food table or a WFP market-price file.
func importCmd(ctx context.Context, args []string) error {
	what, args := verb(args)
	var c *command
	var bundled, ifEmpty *bool
	switch what {
	case "foods":
		c = newCommand("import foods", "zoe import foods [--database-url URL]",
			"Loads or updates the curated food table (idempotent).", true)
	case "prices":
		c = newCommand("import prices", "zoe import prices FILE... | --bundled [--if-empty] [--database-url URL]",
			"Imports WFP/HDX market-price CSV files (also .csv.gz), or the WFP file shipped with the app.", true)
		bundled = c.Bool("bundled", false, "import the WFP file shipped with the app")
		ifEmpty = c.Bool("if-empty", false, "only when no price is stored yet")
	default:
		c = newCommand("import", "zoe import foods | zoe import prices FILE... | --bundled [--if-empty]",
			"Loads the curated food table or WFP market prices. zoe import foods --help and\nzoe import prices --help show their flags.", true)
	}
	check := func(rest []string) error {
		switch {
		case what == "":
			return c.fail("needs foods or prices")
		case what == "foods":
			return c.noArgs(rest)
		}
		return nil
	}
	return c.runDB(ctx, args, check, func(d *db.DB, rest []string) error {
		cat := catalog.New(d, sharedCache(c.cfg), newLogger(c.cfg))
		switch what {
		case "foods":
			res, err := cat.ImportFoods(ctx)
			if err != nil {
				return err
			}
			fmt.Printf("food table: %d foods and %d dishes (computed from recipes), %d household measures\n", res.Foods, res.Dishes, res.Measures)
			return nil
		case "prices":
			if *ifEmpty {
				if n, err := d.CountFoodPrices(ctx); err != nil {
					return err
				} else if n > 0 {
					fmt.Printf("prices: %d stored already; nothing imported (--if-empty)\n", n)
					return nil
				}
			}
			return importPrices(ctx, cat, d, rest, *bundled)
		}
		return c.fail("unknown %q (use foods or prices)", what)
	})
}

// sharedCache lets a command invalidate what running servers cached (Redis); without Redis
// each server's cache is its own and expires by TTL.
func sharedCache(cfg config.Config) cache.Cache {
	if cfg.RedisURL != "" {
		if client, err := cache.NewRedisClient(cfg.RedisURL); err == nil {
			return cache.NewRedis(client, "zoe:")
		}
	}
	return cache.NewLRU(100, time.Minute)
}

func importPrices(ctx context.Context, cat *catalog.Catalog, d *db.DB, files []string, bundled bool) error {
	var r io.Reader
	var size int64
	name := prices.BundledName
	switch {
	case bundled && len(files) == 0:
		br, err := prices.Bundled()
		if err != nil {
			return err
		}
		r = br
	case !bundled && len(files) == 1:
		name = files[0]
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		r = f
		if strings.HasSuffix(name, ".gz") {
			gz, err := gzip.NewReader(f)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			r, size = gz, 0
		}
	default:
		return usageError{msg: "import prices: takes one FILE, or --bundled"}
	}
	bar := newProgressBar(os.Stderr, size)
	res, err := cat.ImportPrices(ctx, r, bar.update)
	bar.done()
	if err != nil {
		var le *prices.LineError
		if errors.As(err, &le) {
			return fmt.Errorf("%s: %w (nothing of this file was stored)", name, err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Printf("%s: %d rows read (%s to %s): %d food rows, %d non-food rows skipped, %d unmapped commodities\n",
		name, res.Rows, res.First.Format("2006-01"), res.Last.Format("2006-01"), res.Food, res.NonFood, res.Unmapped)
	fmt.Printf("prices: %d added, %d already present (updated in place), %d not comparable (packet/farm gate), %d for foods not in the table\n",
		res.Added, res.Updated, res.NotComparable, res.UnknownFoods)
	est, _ := cat.EstimatedPrices(ctx)
	fmt.Printf("current prices recomputed for %d foods, and estimated for %d cooked foods from them, in %s\n",
		res.CurrentPrices, est, res.Elapsed.Round(time.Millisecond))
	return nil
}
