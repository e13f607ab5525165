package catalog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/food/regions"
)

// Beans in one Central market (Kampala) and two Northern ones (Gulu, Lira), and an old
// price in an Eastern one (Busia, 2018).
const regional = `2024-01-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3600,0.92
2024-01-15,Gulu,Gulu Municipality,Gulu,2666,2.78,32.29,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3000,0.8
2024-01-15,Lira,Lira Municipality,Lira,2667,2.25,32.9,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3200,0.85
2018-06-15,Busia,Samia-bugwe,Busia,2665,0.47,34.09,pulses and nuts,Beans,50,KG,actual,Retail,UGX,2500,0.7
`

// Each region gets the price of its own markets, named when one market gives it; a region
// without data, and a user without a region, keep the national price and are told why;
// reports without a market count in their reporter's region once three people agree.
func TestRegionalPricesFromMarketsAndReports(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		if _, err := c.ImportPrices(ctx, strings.NewReader(header+regional), nil); err != nil {
			t.Fatal(err)
		}
		beans, err := d.GetFoodItemBySlug(ctx, "beans-dry-raw")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		local := func(region string, id int64) catalog.Card {
			t.Helper()
			card, err := c.Food(ctx, 0, id)
			if err != nil {
				t.Fatal(err)
			}
			cards := []catalog.Card{card}
			if err := c.Localize(ctx, region, cards, now); err != nil {
				t.Fatal(err)
			}
			return cards[0]
		}
		if nat := local("", beans.ID); *nat.PriceUGX != 3200 || nat.PriceRegion != "" || !strings.Contains(nat.PriceNational, "not chosen") {
			t.Fatalf("no region: %v %q %q", *nat.PriceUGX, nat.PriceRegion, nat.PriceNational)
		}
		central := local(regions.Central, beans.ID)
		if *central.PriceUGX != 3600 || central.PriceRegion != regions.Central || central.PriceMarket != "Owino" || central.PriceMarkets != 1 {
			t.Fatalf("Central: %v %q %q %d", *central.PriceUGX, central.PriceRegion, central.PriceMarket, central.PriceMarkets)
		}
		north := local(regions.Northern, beans.ID)
		if *north.PriceUGX != 3100 || north.PriceRegion != regions.Northern || north.PriceMarket != "" || north.PriceMarkets != 2 {
			t.Fatalf("Northern: %v %q %q %d", *north.PriceUGX, north.PriceRegion, north.PriceMarket, north.PriceMarkets)
		}
		west := local(regions.Western, beans.ID)
		if *west.PriceUGX != 3200 || west.PriceRegion != "" || west.PriceNational != "no Western region price yet" {
			t.Fatalf("Western: %v %q %q", *west.PriceUGX, west.PriceRegion, west.PriceNational)
		}

		// An old regional price gives way to a newer national one, saying so.
		east := local(regions.Eastern, beans.ID)
		if *east.PriceUGX != 3200 || east.PriceRegion != "" || !strings.Contains(east.PriceNational, "Eastern region's latest price is from June 2018") {
			t.Fatalf("Eastern: %v %q %q", *east.PriceUGX, east.PriceRegion, east.PriceNational)
		}

		// The price history shows the region's median beside the national one, its
		// markets first.
		hist, err := c.PriceHistory(ctx, beans.ID, 1, regions.Northern)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 3 || hist[0].Label != "National median" || hist[1].Label != "Northern region median" ||
			hist[1].Points[0].UGX != 3100 || (hist[2].Label != "Gulu" && hist[2].Label != "Lira") {
			t.Fatalf("history: %+v", hist)
		}

		// Reports without a market, from people in the Eastern region.
		dodo, err := d.GetFoodItemBySlug(ctx, "dodo-raw")
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range []string{"ann", "ben", "cy"} {
			r, errs := pricereports.Draft{Quantity: "1", Unit: "kg", PriceUGX: []string{"2000", "2200", "2400"}[i], Place: name + " stall",
				Date: time.Now().UTC().Format(time.DateOnly), Confirm: true}.Check("food", nil, nil, time.Now(), time.UTC)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if _, err := c.SubmitReport(ctx, catalog.ReportInput{UserID: reporter(t, d, name), FoodID: dodo.ID, Region: regions.Eastern, Report: r}); err != nil {
				t.Fatal(err)
			}
		}
		now = time.Now()
		if east := local(regions.Eastern, dodo.ID); east.PriceUGX == nil || *east.PriceUGX != 2200 || east.PriceRegion != regions.Eastern {
			t.Fatalf("Eastern dodo: %+v", east)
		}
		if north := local(regions.Northern, dodo.ID); north.PriceUGX == nil || north.PriceRegion != "" {
			t.Fatalf("Northern dodo should be the national price: %+v", north)
		}
	})
}
