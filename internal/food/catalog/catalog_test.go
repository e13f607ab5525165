package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

func newCatalog(t *testing.T, d *db.DB) *catalog.Catalog {
	t.Helper()
	c := catalog.New(d, cache.NewLRU(1000, time.Minute), nil)
	if _, err := c.ImportFoods(context.Background()); err != nil {
		t.Fatalf("import foods: %v", err)
	}
	return c
}

func names(cards []catalog.Card) []string {
	var out []string
	for _, c := range cards {
		out = append(out, c.Slug)
	}
	return out
}

func hasPrefix(cards []catalog.Card, prefix string, within int) bool {
	for i, c := range cards {
		if i >= within {
			break
		}
		if strings.HasPrefix(c.Slug, prefix) {
			return true
		}
	}
	return false
}

// The same searches find the same foods on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm).
func TestSearchBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		cases := []struct{ query, wantPrefix string }{
			{"matoke", "matooke"}, {"matooke", "matooke"}, {"matokee", "matooke"}, {"posho", "posho"},
			{"poshoo", "posho"}, {"dodo", "dodo"}, {"doddo", "dodo"}, {"sukumawiki", "sukuma"}, {"sukuma", "sukuma"},
			{"nakati", "nakati"}, {"katogo", "katogo"}, {"tilapia", "tilapia"}, {"mukene", "mukene"}, {"groundnut", "groundnut"},
		}
		for _, cs := range cases {
			res, err := c.Search(ctx, catalog.Query{Text: cs.query, PerPage: 10})
			if err != nil {
				t.Fatalf("search %q: %v", cs.query, err)
			}
			if !hasPrefix(res.Cards, cs.wantPrefix, 5) {
				t.Errorf("search %q: want a %s… food in the top 5, got %v", cs.query, cs.wantPrefix, names(res.Cards))
			}
		}
		if res, _ := c.Search(ctx, catalog.Query{Text: "xyzzyq", PerPage: 10}); res.Total != 0 {
			t.Errorf("nonsense query found %v", names(res.Cards))
		}
		// SQL metacharacters and FTS syntax are plain text.
		for _, q := range []string{`matooke' OR 1=1 --`, `"dodo" OR *`, `%_\`, "NEAR(a b)"} {
			if _, err := c.Search(ctx, catalog.Query{Text: q}); err != nil {
				t.Errorf("search %q: %v", q, err)
			}
		}
	})
}

func TestBrowseFiltersBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		all, err := c.Search(ctx, catalog.Query{PerPage: 20})
		if err != nil || all.Total < 200 || len(all.Cards) != 20 {
			t.Fatalf("browse: total %d, %d cards, %v", all.Total, len(all.Cards), err)
		}
		p2, _ := c.Search(ctx, catalog.Query{PerPage: 20, Page: 2})
		if p2.Cards[0].ID == all.Cards[0].ID {
			t.Fatal("page 2 repeats page 1")
		}
		gi := 55.0
		low, err := c.Search(ctx, catalog.Query{Filter: catalog.Filter{MaxGI: &gi, DiabetesOnly: true}, Sort: "gi", PerPage: 100})
		if err != nil || low.Total == 0 {
			t.Fatalf("filter: %v %v", low.Total, err)
		}
		prev := -1.0
		for _, f := range low.Cards {
			if f.GI == nil || *f.GI > 55 || !f.DiabetesFriendly || *f.GI < prev {
				t.Fatalf("filter/sort broken at %s (GI %v)", f.Slug, f.GI)
			}
			prev = *f.GI
		}
		veg, _ := c.Search(ctx, catalog.Query{Filter: catalog.Filter{Category: "vegetables"}, PerPage: 100})
		for _, f := range veg.Cards {
			if f.Category != "vegetables" {
				t.Fatalf("category filter let %s (%s) through", f.Slug, f.Category)
			}
		}
		// The search path applies the same filters.
		s, _ := c.Search(ctx, catalog.Query{Text: "matooke", Filter: catalog.Filter{Category: "dishes"}})
		for _, f := range s.Cards {
			if f.Category != "dishes" {
				t.Fatalf("search filter let %s through", f.Slug)
			}
		}
	})
}

// A WFP file built from rows of the real file, to keep the test quick.
const header = "date,admin1,admin2,market,market_id,latitude,longitude,category,commodity,commodity_id,unit,priceflag,pricetype,currency,price,usdprice\n"

const jan = `2024-01-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3500,0.92
2024-01-15,Gulu,Gulu,Gulu,2658,2.78,32.3,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3700,0.97
2024-01-15,Kampala,Kampala,Owino,258,0.32,32.57,cereals and tubers,Maize flour,58,KG,actual,Retail,UGX,2600,0.68
2024-01-15,Kampala,Kampala,Owino,258,0.32,32.57,non-food,Charcoal,999,KG,actual,Retail,UGX,900,0.2
2024-01-15,Kampala,Kampala,Owino,258,0.32,32.57,cereals and tubers,Maize,51,100 KG,actual,Wholesale,UGX,120000,31
`

const feb = `2024-02-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3600,0.94
2024-02-15,Gulu,Gulu,Gulu,2658,2.78,32.3,pulses and nuts,Beans,50,KG,actual,Retail,UGX,4000,1.05
`

func TestImportPricesIdempotentAndOverlapping(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		res, err := c.ImportPrices(ctx, strings.NewReader(header+jan), nil)
		if err != nil {
			t.Fatal(err)
		}
		// Beans ×2, maize flour → 2 food keys (sifted and whole), maize wholesale → 1 key.
		if res.Added != 5 || res.NonFood != 1 {
			t.Fatalf("first import: added %d, non-food %d", res.Added, res.NonFood)
		}
		again, err := c.ImportPrices(ctx, strings.NewReader(header+jan), nil)
		if err != nil || again.Added != 0 || again.Updated != 5 {
			t.Fatalf("re-import added %d updated %d: %v", again.Added, again.Updated, err)
		}
		// A newer file overlapping the first adds only February.
		newer, err := c.ImportPrices(ctx, strings.NewReader(header+jan+feb), nil)
		if err != nil || newer.Added != 2 {
			t.Fatalf("overlapping file added %d: %v", newer.Added, err)
		}
		// Unit normalisation: 100 KG wholesale sack → per kg.
		beans, err := d.GetFoodItemBySlug(ctx, "beans-dry-raw")
		if err != nil {
			t.Fatal(err)
		}
		card, err := c.Food(ctx, 0, beans.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Current price: the 90 days to 15 February, each market once (Owino 3,500 and 3,600
		// → 3,550; Gulu 3,700 and 4,000 → 3,850), median over markets 3,700 per kg.
		if card.PriceUGX == nil || *card.PriceUGX != 3700 || card.PricePerUnit != "kg" || card.PriceMarkets != 2 ||
			card.PriceMonth.Month() != time.February {
			t.Fatalf("current price of beans: %+v", card)
		}
		// A cooked food without a market price gets one estimated from the dry food, and
		// says so; the estimate follows the new price.
		boiled, _ := d.GetFoodItemBySlug(ctx, "beans-boiled")
		bc, err := c.Food(ctx, 0, boiled.ID)
		if err != nil {
			t.Fatal(err)
		}
		ratio := (boiled.ProteinG + boiled.CarbG + boiled.FibreG) / (beans.ProteinG + beans.CarbG + beans.FibreG)
		if bc.PriceUGX == nil || bc.PriceEstimatedFrom != beans.Name || *bc.PriceUGX != math.Round(3700*ratio) {
			t.Fatalf("estimated price of boiled beans: %v from %q (want %v from %q)", bc.PriceUGX, bc.PriceEstimatedFrom, math.Round(3700*ratio), beans.Name)
		}
		maize, _ := d.GetFoodItemBySlug(ctx, "maize-grain-raw")
		hist, err := d.ListPriceHistory(ctx, maize.ID)
		if err != nil || len(hist) != 1 || hist[0].PriceUgx != 1200 || hist[0].PerUnit != "kg" || hist[0].PriceType != "wholesale" {
			t.Fatalf("100 KG sack not normalised per kg: %+v %v", hist, err)
		}
	})
}

func TestMalformedPriceFileStoresNothing(t *testing.T) {
	d := dbtest.NewSQLite(t)
	c := newCatalog(t, d)
	ctx := context.Background()
	bad := map[string]struct {
		body, column string
		line         int
	}{
		"bad number":     {jan + "2024-03-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,12x,0.9\n", "price", 7},
		"unknown unit":   {jan + "2024-03-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,Bucket,actual,Retail,UGX,12,0.9\n", "unit", 7},
		"other currency": {jan + "2024-03-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,KES,12,0.9\n", "currency", 7},
	}
	for name, b := range bad {
		_, err := c.ImportPrices(ctx, strings.NewReader(header+b.body), nil)
		var le *prices.LineError
		if !errors.As(err, &le) || le.Line != b.line || le.Column != b.column {
			t.Errorf("%s: want line %d column %s, got %v", name, b.line, b.column, err)
		}
	}
	_, err := c.ImportPrices(ctx, strings.NewReader(strings.Replace(header, "currency,", "", 1)+jan), nil)
	if err == nil || !strings.Contains(err.Error(), "currency") {
		t.Errorf("missing column: %v", err)
	}
	if n, _ := d.CountFoodPrices(ctx); n != 0 {
		t.Fatalf("a malformed file stored %d prices", n)
	}
}

func TestImportWholeWFPFile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 20,980 rows")
	}
	d := dbtest.NewSQLite(t)
	c := newCatalog(t, d)
	r, _ := prices.Bundled()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r)
	res, err := c.ImportPrices(context.Background(), &buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 20980 || res.NonFood != 4656 || res.Added == 0 || res.CurrentPrices < 15 {
		t.Fatalf("%+v", res)
	}
	t.Logf("whole WFP file: %d rows, %d prices added, %d current prices, %s", res.Rows, res.Added, res.CurrentPrices, res.Elapsed)
}

// Against real Redis: a search is a miss then a hit; a price change invalidates it.
func TestSearchCacheRedis(t *testing.T) {
	client := cachetest.Client(t)
	prefix := cachetest.Prefix(t, client)
	reg := prometheus.NewRegistry()
	m, err := cache.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	d := dbtest.NewSQLite(t)
	c := catalog.New(d, cache.WithMetrics(cache.NewRedis(client, prefix), m), nil)
	ctx := context.Background()
	if _, err := c.ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	q := catalog.Query{Text: "beans", PerPage: 5}
	first, err := c.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	misses := testutil.ToFloat64(m.Misses.WithLabelValues("food_search"))
	hits := testutil.ToFloat64(m.Hits.WithLabelValues("food_search"))
	if misses != 1 || hits != 0 {
		t.Fatalf("first search: %v misses %v hits", misses, hits)
	}
	if _, err := c.Search(ctx, q); err != nil {
		t.Fatal(err)
	}
	if testutil.ToFloat64(m.Hits.WithLabelValues("food_search")) != 1 {
		t.Fatal("second search was not a hit")
	}
	// A price change must be visible at once: the next search is a miss with the new price.
	if _, err := c.ImportPrices(ctx, strings.NewReader(header+jan), nil); err != nil {
		t.Fatal(err)
	}
	after, err := c.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if testutil.ToFloat64(m.Misses.WithLabelValues("food_search")) != 2 {
		t.Fatal("search after a price import was served from the cache")
	}
	priced := func(r catalog.Results) int {
		n := 0
		for _, c := range r.Cards {
			if c.PriceUGX != nil {
				n++
			}
		}
		return n
	}
	if priced(after) <= priced(first) {
		t.Fatalf("new prices not visible: %d before, %d after", priced(first), priced(after))
	}
}

// TestSearchHugePage: a page number near the int64 limit once overflowed the offset and
// panicked slicing the results (inside the cache loader, killing the process). Every page
// number is an answer: beyond the results, an empty page.
func TestSearchHugePage(t *testing.T) {
	c := newCatalog(t, dbtest.NewSQLite(t))
	for _, text := range []string{"beans", ""} {
		for _, page := range []int{math.MaxInt, math.MaxInt / 20, catalog.MaxPage + 1, -5, math.MinInt} {
			res, err := c.Search(context.Background(), catalog.Query{Text: text, Page: page, PerPage: 20})
			if err != nil {
				t.Fatalf("search %q page %d: %v", text, page, err)
			}
			if len(res.Cards) > 20 {
				t.Errorf("search %q page %d: %d cards", text, page, len(res.Cards))
			}
		}
	}
}

// Bytes that are not UTF-8 are refused the same way on both engines, naming the line and
// column, before anything reaches the database (SQLite used to store them and PostgreSQL
// to fail with an SQL error); a header-only file says it held no rows.
func TestImportRefusesNonUTF8AndEmptyFilesOnBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		latin1 := jan + "2024-03-15,Kampala,Kampala,Kisenyi Caf\xe9,259,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,4200,1.1\n"
		_, err := c.ImportPrices(ctx, strings.NewReader(header+latin1), nil)
		var le *prices.LineError
		if !errors.As(err, &le) || le.Line != 7 || le.Column != "market" || !errors.Is(err, prices.ErrNotUTF8) {
			t.Fatalf("non-UTF-8 market: %v", err)
		}
		if want := "line 7, column \"market\": \"Kisenyi Caf\ufffd\" has a byte that is not UTF-8 text at character 12"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("message %q, want it to start %q", err.Error(), want)
		}
		_, err = c.ImportPrices(ctx, strings.NewReader(header), nil)
		if !errors.Is(err, prices.ErrNoRows) || !strings.Contains(err.Error(), "held no rows") {
			t.Errorf("header-only price file: %v", err)
		}
		if n, _ := d.CountFoodPrices(ctx); n != 0 {
			t.Fatalf("refused files stored %d prices", n)
		}

		before, _ := d.CountFoodItems(ctx)
		_, err = c.ImportCSV(ctx, strings.NewReader(catalogHeader+"new-food,Caf\xe9 au lait,,vegetables,,32,3.2,3.6,2.9,0.3,,,,,,,,,100,KE18,,published\n"))
		var ie catalog.ImportErrors
		if !errors.As(err, &ie) || len(ie) != 1 || ie[0].Line != 2 || ie[0].Field != "name" || !strings.Contains(ie[0].Msg, "not UTF-8") {
			t.Errorf("non-UTF-8 food name: %v", err)
		}
		_, err = c.ImportCSV(ctx, strings.NewReader(catalogHeader))
		if err == nil || !strings.Contains(err.Error(), "held no rows") {
			t.Errorf("header-only food file: %v", err)
		}
		if after, _ := d.CountFoodItems(ctx); after != before {
			t.Fatalf("refused food files stored %d foods", after-before)
		}
	})
}

// The price filter and sort are one rule for browsing and searching (issue 14): fresh milk,
// priced per litre, is found by both with "price per serving at most" set, and a browse and
// a search that meet the same foods list them in the same order.
func TestPriceFilterAndSortSameForBrowseAndSearch(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		month := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		priced := map[string]struct {
			ugx float64
			per string
		}{
			"milk-raw": {2000, "l"}, "milk-skimmed": {1600, "l"}, "milk-goat": {9000, "l"},
			"milk-powder-whole": {30000, "kg"}, "milk-condensed": {1000, "unit"},
		}
		for slug, p := range priced {
			f, err := d.GetFoodItemBySlug(ctx, slug)
			if err != nil {
				t.Fatalf("%s: %v", slug, err)
			}
			if err := d.UpsertCurrentPrice(ctx, db.UpsertCurrentPriceParams{FoodItemID: f.ID, PriceUgx: p.ugx, PerUnit: p.per,
				Month: month, Markets: 3, Source: "test", UpdatedAt: db.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		c.Invalidate(ctx)
		limit := 1000.0
		filter := catalog.Filter{Category: "eggs_dairy", MaxServingUGX: &limit}
		browse, err := c.Search(ctx, catalog.Query{Filter: filter, Sort: "price", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		search, err := c.Search(ctx, catalog.Query{Text: "milk", Filter: filter, Sort: "price", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		for name, res := range map[string]catalog.Results{"browse": browse, "search": search} {
			if !hasPrefix(res.Cards, "milk-raw", len(res.Cards)) {
				t.Errorf("%s with a price limit lost fresh milk (priced per litre): %v", name, names(res.Cards))
			}
			prev := int64(-1)
			for _, card := range res.Cards {
				cost, ok := card.ServingCostUGX(card.ServingGrams)
				if !ok || float64(cost) > limit || cost < prev {
					t.Errorf("%s: %s (cost %d, priced %t) breaks the filter or the order %v", name, card.Slug, cost, ok, names(res.Cards))
				}
				prev = cost
			}
		}
		// The search's hits are a subset of the browse's, in the same order.
		inSearch := map[string]bool{}
		for _, card := range search.Cards {
			inSearch[card.Slug] = true
		}
		var browsed []string
		for _, card := range browse.Cards {
			if inSearch[card.Slug] {
				browsed = append(browsed, card.Slug)
			}
		}
		if got := names(search.Cards); strings.Join(got, ",") != strings.Join(browsed, ",") {
			t.Errorf("browse and search disagree: browse %v, search %v", browsed, got)
		}
		// Priced per item: no cost per serving, so neither path lists it under a price limit.
		for _, card := range append(browse.Cards, search.Cards...) {
			if card.Slug == "milk-condensed" {
				t.Errorf("a price per item passed the per-serving price filter")
			}
		}
	})
}
