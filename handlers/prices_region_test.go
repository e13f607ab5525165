package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// setRegion posts the profile form with the user's own values and a region.
func setRegion(t *testing.T, d *db.DB, c *client, username, region string) resp {
	t.Helper()
	u, err := d.GetUserByLogin(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return c.post("/profile", "/profile", url.Values{"email": {u.Email}, "diabetes_type": {u.DiabetesType},
		"primary_goal": {u.PrimaryGoal}, "glucose_unit": {u.GlucoseUnit}, "time_zone": {u.TimeZone}, "price_region": {region}})
}

// Issue 16, regions: a user who chose a region in their profile sees that region's price,
// naming its market and date, and a chart of the region's prices; a user without a region,
// or in a region without data, sees the national price said as such.
func TestFoodPriceOfTheUsersRegion(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := foodServer(t, d)
		cat := catalog.New(d, srv.Cache, nil)
		csv := "date,admin1,admin2,market,market_id,latitude,longitude,category,commodity,commodity_id,unit,priceflag,pricetype,currency,price,usdprice\n" +
			"2024-12-15,Gulu,Gulu Municipality,Gulu,2666,2.78,32.29,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3000,0.8\n" +
			"2024-11-15,Gulu,Gulu Municipality,Gulu,2666,2.78,32.29,pulses and nuts,Beans,50,KG,actual,Retail,UGX,2900,0.8\n"
		if _, err := cat.ImportPrices(context.Background(), strings.NewReader(csv), nil); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/foods/%d", foodID(t, d, "beans-dry-raw"))
		for _, name := range []string{"okello", "nakato", "wanyama"} {
			createUser(t, d, name, "patient")
		}
		north, none, west := srv.client(t), srv.client(t), srv.client(t)
		north.login("okello")
		none.login("nakato")
		west.login("wanyama")

		if r := setRegion(t, d, north, "okello", "Atlantis"); r.Status != 422 || !strings.Contains(r.Body, "Choose one of the four regions") {
			t.Fatalf("unknown region: %d\n%s", r.Status, r.Body)
		}
		if u, _ := d.GetUserByLogin(context.Background(), "okello"); u.PriceRegion != "" {
			t.Fatalf("a refused region was stored: %q", u.PriceRegion)
		}
		if r := setRegion(t, d, north, "okello", "Northern"); r.Status != http.StatusSeeOther {
			t.Fatalf("profile: %d\n%s", r.Status, r.Body)
		}
		if r := setRegion(t, d, west, "wanyama", "Western"); r.Status != http.StatusSeeOther {
			t.Fatalf("profile: %d\n%s", r.Status, r.Body)
		}
		body := north.get(page).Body
		if !strings.Contains(body, "UGX 2,950 per kg · Northern region (Gulu market)") || !strings.Contains(body, "15 December 2024") {
			t.Fatalf("Northern user should see Gulu's price:\n%s", body)
		}
		if !strings.Contains(body, "Northern region median") || !strings.Contains(body, "<svg") {
			t.Fatalf("Northern user should see the region's price history:\n%s", body)
		}
		// National: the median of Owino (3,550 over two months) and Gulu (2,950).
		if body := none.get(page).Body; !strings.Contains(body, "UGX 3,250 per kg · National price (you have not chosen your region)") {
			t.Fatalf("user without a region:\n%s", body)
		}
		if body := west.get(page).Body; !strings.Contains(body, "UGX 3,250 per kg · National price (no Western region price yet)") ||
			strings.Contains(body, "Western region median") {
			t.Fatalf("Western user:\n%s", body)
		}
		// The search results say whose price they show.
		if body := north.get("/foods?q=beans").Body; !strings.Contains(body, "Northern region (Gulu market)") {
			t.Fatalf("search results for the Northern user:\n%s", body)
		}
	})
}
