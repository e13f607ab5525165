package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// reportPrice posts the food page's "report a price" form as a browser would.
func reportPrice(c *client, food int64, form url.Values) resp {
	c.t.Helper()
	page := fmt.Sprintf("/foods/%d", food)
	if form.Get("date") == "" {
		form.Set("date", time.Now().In(time.FixedZone("EAT", 3*3600)).Format(time.DateOnly))
	}
	return c.post(page, page+"/prices", form)
}

// Issue 16, done means: a food with no price gets a published current price after
// reports from three different users in one region, stays tentative after one, and an
// outlier report does not move it; every report is audited.
func TestPriceReportsPublishAfterThreePeople(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := foodServer(t, d)
		ctx := context.Background()
		dodo := foodID(t, d, "dodo-raw")
		page := fmt.Sprintf("/foods/%d", dodo)
		var clients []*client
		for _, name := range []string{"amina", "brian", "carol", "dan"} {
			createUser(t, d, name, "patient")
			c := srv.as(t, name)
			clients = append(clients, c)
		}
		if body := clients[0].get(page).Body; !strings.Contains(body, "Report a price you paid") || strings.Contains(body, "Current price") {
			t.Fatalf("food page before any report:\n%s", body)
		}
		// Per-field messages, nothing stored.
		r := reportPrice(clients[0], dodo, url.Values{"quantity": {"1"}, "unit": {"heap"}, "price_ugx": {"abc"}, "place": {"Owino"}})
		if r.Status != 422 || !strings.Contains(r.Body, "whole shillings") || !strings.Contains(r.Body, "what a heap of") {
			t.Fatalf("bad report: %d\n%s", r.Status, r.Body)
		}
		good := func(price, place string) url.Values {
			return url.Values{"quantity": {"2"}, "unit": {"kg"}, "price_ugx": {price}, "place": {place}}
		}
		if r := reportPrice(clients[0], dodo, good("4000", "Owino market")); r.Status != http.StatusSeeOther {
			t.Fatalf("first report: %d\n%s", r.Status, r.Body)
		}
		body := clients[0].get(page).Body
		if !strings.Contains(body, "Tentative price") || !strings.Contains(body, "UGX 2,000") || strings.Contains(body, "Current price") {
			t.Fatalf("after one report, want a tentative UGX 2,000 per kg:\n%s", body)
		}
		if r := reportPrice(clients[1], dodo, good("4400", "Owino market")); r.Status != http.StatusSeeOther {
			t.Fatalf("second report: %d", r.Status)
		}
		if r := reportPrice(clients[2], dodo, good("4800", "Owino market")); r.Status != http.StatusSeeOther {
			t.Fatalf("third report: %d", r.Status)
		}
		body = clients[0].get(page).Body
		if !strings.Contains(body, "Current price") || !strings.Contains(body, "UGX 2,200") || !strings.Contains(body, "3 user reports") {
			t.Fatalf("after three people, want a current UGX 2,200 per kg from 3 user reports:\n%s", body)
		}
		// Far from the current price: asks for confirmation, then stores and flags it;
		// the aggregation leaves it out as an outlier, so the price does not move.
		r = reportPrice(clients[3], dodo, good("60000", "Owino market"))
		if r.Status != 422 || !strings.Contains(r.Body, "tick the box to confirm") {
			t.Fatalf("far price without confirmation: %d\n%s", r.Status, r.Body)
		}
		f := good("60000", "Owino market")
		f.Set("confirm", "yes")
		if r := reportPrice(clients[3], dodo, f); r.Status != http.StatusSeeOther {
			t.Fatalf("confirmed far price: %d\n%s", r.Status, r.Body)
		}
		if body := clients[0].get(page).Body; !strings.Contains(body, "UGX 2,200") {
			t.Fatalf("the outlier moved the price:\n%s", body)
		}
		// Every report is audited.
		var n int64
		if err := d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'price.report'").Scan(&n); err != nil || n != 4 {
			t.Fatalf("audited reports: %d %v", n, err)
		}
		// The moderation queue shows the flagged report with its reason; an admin rejects it.
		createUser(t, d, "root", "admin")
		admin := srv.as(t, "root")
		q := admin.get("/admin/prices/reports")
		if q.Status != 200 || !strings.Contains(q.Body, "the reporter confirmed it") || !strings.Contains(q.Body, "dan") {
			t.Fatalf("moderation queue: %d\n%s", q.Status, q.Body)
		}
		var rid int64
		if err := d.SQL().QueryRowContext(ctx, "SELECT id FROM price_reports WHERE unit_price_ugx = 30000").Scan(&rid); err != nil {
			t.Fatal(err)
		}
		if r := admin.post("/admin/prices/reports", fmt.Sprintf("/admin/prices/reports/%d", rid), url.Values{"action": {"rejected"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", r.Status)
		}
		if q := admin.get("/admin/prices/reports"); strings.Contains(q.Body, "the reporter confirmed it") {
			t.Fatalf("rejected report still queued")
		}
		// The status page counts the food priced by reports.
		if st := admin.get("/admin/status"); !strings.Contains(st.Body, "Price coverage") || !strings.Contains(st.Body, "1 user reports") {
			t.Fatalf("status page lacks price coverage:\n%s", st.Body)
		}
		// The form carries a key: the same post sent twice (a retry, a double tap) stores one report.
		countReports := func() (n int64) {
			if err := d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM price_reports").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := countReports()
		twice := good("4400", "Owino market")
		twice.Set("_idem", "5f0c7a52-8a7e-4d8e-9a55-0f1e2d3c4b5a")
		for i := 0; i < 2; i++ {
			if r := reportPrice(clients[1], dodo, twice); r.Status != http.StatusSeeOther {
				t.Fatalf("post %d: %d\n%s", i+1, r.Status, r.Body)
			}
		}
		if after := countReports(); after != before+1 {
			t.Fatalf("a post sent twice stored %d reports", after-before)
		}
	})
}
