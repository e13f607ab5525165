package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// foodServer is a server whose database holds the food table and a few prices.
func foodServer(t *testing.T, d *db.DB) *testServer {
	t.Helper()
	srv := startServer(t, d, serverOpts{})
	cat := catalog.New(d, srv.Cache, nil)
	ctx := context.Background()
	if _, err := cat.ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	csv := "date,admin1,admin2,market,market_id,latitude,longitude,category,commodity,commodity_id,unit,priceflag,pricetype,currency,price,usdprice\n" +
		"2024-11-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3500,0.9\n" +
		"2024-12-15,Kampala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,3600,0.9\n" +
		"2024-12-15,Kampala,Kampala,Owino,258,0.32,32.57,cereals and tubers,Maize flour,58,KG,actual,Retail,UGX,2600,0.7\n"
	if _, err := cat.ImportPrices(ctx, strings.NewReader(csv), nil); err != nil {
		t.Fatal(err)
	}
	return srv
}

func foodID(t *testing.T, d *db.DB, slug string) int64 {
	t.Helper()
	f, err := d.GetFoodItemBySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("food %s: %v", slug, err)
	}
	return f.ID
}

func TestFoodSearchPages(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := foodServer(t, d)
		createUser(t, d, "patient1", "patient")
		c := srv.as(t, "patient1")
		r := c.get("/foods?q=matoke")
		if r.Status != 200 || !strings.Contains(r.Body, "Matooke") || !strings.Contains(r.Body, "<html") {
			t.Fatalf("search page: %d", r.Status)
		}
		// Search-as-you-type answers a fragment, never a whole page.
		frag := c.do("GET", "/foods/results?q=posho", nil, map[string]string{"HX-Request": "true"})
		if frag.Status != 200 || strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, `id="food-results"`) ||
			!strings.Contains(strings.ToLower(frag.Body), "posho") {
			t.Fatalf("results fragment: %d %.300s", frag.Status, frag.Body)
		}
		// A bad filter value gets a message, not a 500.
		if r := c.get("/foods?max_gi=abc"); r.Status != 200 || !strings.Contains(r.Body, "Enter a GI") {
			t.Fatalf("bad filter: %d", r.Status)
		}
		// XSS in the query is shown escaped.
		r = c.get("/foods?q=" + url.QueryEscape("<script>alert(1)</script>"))
		if strings.Contains(r.Body, "<script>alert(1)") || !strings.Contains(r.Body, "&lt;script&gt;") {
			t.Fatal("query not escaped")
		}
		// A food page: nutrition, price per serving (the Owino median of the 90 days to
		// December 2024: 3,500 and 3,600), its source and date, marked old, history chart,
		// alternatives, source.
		beans := foodID(t, d, "beans-dry-raw")
		r = c.get(fmt.Sprintf("/foods/%d", beans))
		for _, want := range []string{"per 100 g", "UGX 3,550 per kg", "WFP market data, median of 1 market(s); latest price 15 December 2024",
			"old price", "Price history", "<svg", "Source:", "Cheaper alternatives"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("food page lacks %q", want)
			}
		}
		if r := c.get("/foods/999999"); r.Status != 404 {
			t.Errorf("missing food: %d", r.Status)
		}
	})
}

func TestAddFoodValidatesAndStaysPrivate(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := foodServer(t, d)
	createUser(t, d, "adder", "patient")
	createUser(t, d, "other", "patient")
	createUser(t, d, "boss", "admin")
	c := srv.as(t, "adder")
	ctx := context.Background()
	before, _ := d.CountFoodItems(ctx)
	good := url.Values{"name": {"Ensujju boiled"}, "category": {"vegetables"}, "energy_kcal": {"32"}, "protein_g": {"3.2"},
		"carb_g": {"3.6"}, "fibre_g": {"2.9"}, "fat_g": {"0.3"}, "source": {"package label"}, "propose": {"1"}}
	for field, bad := range map[string]string{"energy_kcal": "320", "protein_g": "-1", "name": "", "source": "", "category": "sweets"} {
		f := url.Values{}
		for k, v := range good {
			f[k] = v
		}
		f.Set(field, bad)
		r := c.post("/foods/new", "/foods", f)
		if r.Status != 422 || !strings.Contains(r.Body, `id="e-`+field+`"`) {
			t.Errorf("%s=%q: status %d, no message on the field", field, bad, r.Status)
		}
	}
	if after, _ := d.CountFoodItems(ctx); after != before {
		t.Fatal("bad food stored")
	}
	r := c.post("/foods/new", "/foods", good)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("add food: %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	if r := c.get(loc); r.Status != 200 || !strings.Contains(r.Body, "Ensujju") {
		t.Fatalf("own food page: %d", r.Status)
	}
	other := srv.as(t, "other")
	if r := other.get(loc); r.Status != 404 {
		t.Fatalf("another patient sees a proposed food: %d", r.Status)
	}
	if r := other.get(loc + "/edit"); r.Status != 404 {
		t.Fatalf("another patient edits a proposed food: %d", r.Status)
	}
	// Patients may not use admin routes.
	for _, p := range []string{"/admin/foods", "/admin/foods/export.csv"} {
		if r := c.get(p); r.Status != 403 {
			t.Errorf("patient GET %s: %d", p, r.Status)
		}
	}
	// The admin sees the proposal and publishes it; then everyone finds it.
	adm := srv.as(t, "boss")
	if r := adm.get("/admin/foods"); !strings.Contains(r.Body, "Ensujju") {
		t.Fatal("proposal not in the admin queue")
	}
	id := strings.TrimPrefix(loc, "/foods/")
	if r := adm.post("/admin/foods", "/admin/foods/"+id+"/status", url.Values{"status": {"published"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Status)
	}
	if r := other.get("/foods/results?q=ensujju"); !strings.Contains(r.Body, "Ensujju") {
		t.Fatal("published food not found by others")
	}
}

func TestAdminPricesAndCSV(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := foodServer(t, d)
	createUser(t, d, "boss", "admin")
	adm := srv.as(t, "boss")
	ctx := context.Background()
	before, _ := d.CountFoodPrices(ctx)
	nakati := fmt.Sprint(foodID(t, d, "nakati-raw"))
	for field, bad := range map[string]string{"price_ugx": "-5", "date": "2999-01-01", "food": "999999", "per_unit": "bag"} {
		f := url.Values{"food": {nakati}, "price_ugx": {"1,500"}, "per_unit": {"kg"}, "source": {"market_survey"}, "date": {"2026-11-20"}}
		f.Set(field, bad)
		if r := adm.post("/admin/foods", "/admin/prices", f); r.Status != 422 || !strings.Contains(r.Body, `id="e-`+field+`"`) {
			t.Errorf("%s=%q: %d", field, bad, r.Status)
		}
	}
	if after, _ := d.CountFoodPrices(ctx); after != before {
		t.Fatal("bad price stored")
	}
	r := adm.post("/admin/foods", "/admin/prices", url.Values{"food": {nakati}, "price_ugx": {"1,500"}, "per_unit": {"kg"},
		"source": {"market_survey"}, "date": {"2026-11-20"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("record price: %d %s", r.Status, r.Body)
	}
	if r := adm.get("/foods/" + nakati); !strings.Contains(r.Body, "UGX 1,500 per kg") {
		t.Fatal("recorded price not shown (cache not invalidated?)")
	}
	exp := adm.get("/admin/foods/export.csv")
	if exp.Status != 200 || !strings.HasPrefix(exp.Body, "slug,name,") {
		t.Fatalf("export: %d", exp.Status)
	}
	// An import with one bad line stores nothing and names the line.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("_csrf", adm.csrf("/admin/foods"))
	fw, _ := mw.CreateFormFile("file", "foods.csv")
	lines := strings.SplitN(exp.Body, "\n", 4)
	_, _ = fw.Write([]byte(lines[0] + "\n" + lines[1] + "\n" + strings.Replace(lines[2], ",", ",BROKEN<>", 1) + "\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/admin/foods/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := adm.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 422 {
		t.Fatalf("bad import: %d", res.StatusCode)
	}
}
