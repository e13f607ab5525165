package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// loadFoodsAndPrices imports the real food table and the bundled WFP prices.
func loadFoodsAndPrices(t *testing.T, d *db.DB) {
	t.Helper()
	cat := catalog.New(d, cache.NewLRU(100, time.Minute), nil)
	if _, err := cat.ImportFoods(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := prices.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.ImportPrices(context.Background(), r, nil); err != nil {
		t.Fatal(err)
	}
	if rc, ok := r.(io.Closer); ok {
		_ = rc.Close()
	}
}

var (
	recCardRE   = regexp.MustCompile(`id="rec-(\d+)"`)
	budgetRE    = regexp.MustCompile(`Budget today: UGX ([\d,]+) left of UGX ([\d,]+)`)
	recWhyRE    = regexp.MustCompile(`<p class="rec-why">([^<]+)</p>`)
	recCostRE   = regexp.MustCompile(`<strong>([\d,]+ g[^<]*)</strong> · <strong>([^<]+)</strong>`)
	whitespaceR = regexp.MustCompile(`\s+`)
)

func recUGX(t *testing.T, s string) int64 {
	t.Helper()
	s = strings.TrimPrefix(strings.ReplaceAll(s, ",", ""), "UGX ")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("not an amount: %q", s)
	}
	return n
}

// A newcomer signs up, fills in the profile and logs a few meals, and then sees
// explained suggestions for every meal within what is left of the day's budget; the
// glycaemic caps hold for their diabetes; answers and the plan work through the pages.
func TestNewcomerGetsExplainedSuggestionsWithinBudget(t *testing.T) {
	d := dbtest.NewSQLite(t)
	loadFoodsAndPrices(t, d)
	srv := startServer(t, d, serverOpts{})
	c := srv.client(t)

	r := c.post("/register", "/register", url.Values{"username": {"newcomer"}, "email": {"newcomer@example.org"},
		"password": {"a long enough passphrase"}, "confirm": {"a long enough passphrase"}, "first_name": {"Sarah"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", r.Status, r.Body)
	}
	r = c.post("/profile", "/profile", url.Values{"email": {"newcomer@example.org"}, "first_name": {"Sarah"},
		"birth_date": {"1979-03-14"}, "gender": {"female"}, "height_cm": {"160"}, "weight_kg": {"82"},
		"activity_level": {"light"}, "diabetes_type": {"type2"}, "primary_goal": {"lose_weight"},
		"monthly_budget_ugx": {"150000"}, "glucose_unit": {"mmol/L"}, "time_zone": {"Africa/Kampala"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("profile: %d\n%s", r.Status, r.Body)
	}

	page := c.get("/recommendations")
	if page.Status != 200 {
		t.Fatalf("recommendations: %d\n%s", page.Status, page.Body)
	}
	ids := recCardRE.FindAllStringSubmatch(page.Body, -1)
	if len(ids) < 8 {
		t.Fatalf("%d suggestions on the page", len(ids))
	}
	// Log a few meals: accept the first priced suggestion of breakfast and of lunch.
	accepted := 0
	for _, m := range ids {
		if accepted == 2 {
			break
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		rec, err := d.RecGet(context.Background(), db.RecGetParams{ID: id, UserID: userID(t, d, "newcomer")})
		if err != nil {
			t.Fatal(err)
		}
		if rec.EstimatedCostUgx == nil || (accepted == 1 && rec.MealType == "breakfast") {
			continue
		}
		tok := c.csrf("/recommendations")
		res := c.do("POST", "/recommendations/"+m[1]+"/accept", url.Values{"_csrf": {tok}}, map[string]string{"HX-Request": "true"})
		if res.Status != 200 || !strings.Contains(res.Body, "Added to your diary") {
			t.Fatalf("accept: %d\n%s", res.Status, res.Body)
		}
		accepted++
	}
	if accepted != 2 {
		t.Fatalf("accepted %d suggestions", accepted)
	}

	page = c.get("/recommendations")
	bm := budgetRE.FindStringSubmatch(page.Body)
	if bm == nil {
		t.Fatalf("no budget line:\n%s", page.Body)
	}
	left, daily := recUGX(t, bm[1]), recUGX(t, bm[2])
	if daily != 150000/int64(daysInMonthNow()) && daily != (150000+int64(daysInMonthNow())/2)/int64(daysInMonthNow()) {
		t.Errorf("daily budget %d", daily)
	}
	if left >= daily {
		t.Errorf("nothing spent: %d of %d left after logging two meals", left, daily)
	}
	whys := recWhyRE.FindAllStringSubmatch(page.Body, -1)
	costs := recCostRE.FindAllStringSubmatch(page.Body, -1)
	if len(whys) < 8 || len(costs) != len(whys) {
		t.Fatalf("%d explanations, %d costs", len(whys), len(costs))
	}
	priced := 0
	for i, w := range whys {
		why := whitespaceR.ReplaceAllString(w[1], " ")
		if !regexp.MustCompile(`\d`).MatchString(why) {
			t.Errorf("explanation without a food figure: %q", why)
		}
		if strings.HasPrefix(costs[i][2], "UGX ") {
			priced++
			if cost := recUGX(t, costs[i][2]); cost > left {
				t.Errorf("%q costs %d, more than the %d left", why, cost, left)
			}
		}
	}
	if priced == 0 {
		t.Error("no suggestion shows a cost")
	}
	if !strings.Contains(page.Body, "no food with a glycaemic index of 70 or more") {
		t.Error("the page does not say the diabetes caps apply")
	}

	// Another patient cannot answer these suggestions.
	createUser(t, d, "intruder", "patient")
	other := srv.as(t, "intruder")
	tok := other.csrf("/recommendations")
	if res := other.do("POST", "/recommendations/"+ids[len(ids)-1][1]+"/reject", url.Values{"_csrf": {tok}}, nil); res.Status != 404 {
		t.Errorf("another patient's reject: %d", res.Status)
	}

	// History, "not now", the plan and its one-click logging.
	tok = c.csrf("/recommendations")
	last := recCardRE.FindAllStringSubmatch(page.Body, -1)
	res := c.do("POST", "/recommendations/"+last[len(last)-1][1]+"/reject", url.Values{"_csrf": {tok}}, nil)
	if res.Status != http.StatusSeeOther {
		t.Errorf("reject without htmx: %d", res.Status)
	}
	if h := c.get("/recommendations/history"); h.Status != 200 || !strings.Contains(h.Body, "added to diary") || !strings.Contains(h.Body, "turned down") {
		t.Errorf("history: %d", h.Status)
	}
	plan := c.get("/plan")
	if plan.Status != 200 || !strings.Contains(plan.Body, "Log this meal") || !strings.Contains(plan.Body, "Sugars: not known") {
		t.Fatalf("plan: %d\n%s", plan.Status, plan.Body)
	}
	if bad := c.get("/plan?cap=lots"); bad.Status != 422 {
		t.Errorf("bad cap: %d", bad.Status)
	}
	// A cap too low still gives a day to eat, and says the budget was exceeded.
	if tight := c.get("/plan?cap=300"); tight.Status != 200 || !strings.Contains(tight.Body, "Not everything fits") ||
		!strings.Contains(tight.Body, "above the budget of 300") || !strings.Contains(tight.Body, "Log this meal") {
		t.Errorf("a cap too low should give a plan and name the budget:\n%s", tight.Body)
	}
	form := regexp.MustCompile(`(?s)<form id="plan-log-0-0".*?</form>`).FindString(plan.Body)
	vals := url.Values{"_csrf": {tok}}
	for _, m := range regexp.MustCompile(`name="(meal|food|grams)" value="([^"]+)"`).FindAllStringSubmatch(form, -1) {
		vals.Add(m[1], m[2])
	}
	before := diaryCount(t, d, "newcomer")
	res = c.do("POST", "/plan/log", vals, map[string]string{"HX-Request": "true"})
	if res.Status != 200 || diaryCount(t, d, "newcomer") != before+int64(len(vals["food"])) || len(vals["food"]) == 0 {
		t.Errorf("log planned meal: %d, %d foods\n%s", res.Status, len(vals["food"]), res.Body)
	}
}

func daysInMonthNow() int {
	now := time.Now().In(time.FixedZone("EAT", 3*3600))
	return time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func userID(t *testing.T, d *db.DB, username string) int64 {
	t.Helper()
	u, err := d.GetUserByLogin(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func diaryCount(t *testing.T, d *db.DB, username string) int64 {
	t.Helper()
	sig, err := d.RecUserSignature(context.Background(), userID(t, d, username))
	if err != nil {
		t.Fatal(err)
	}
	return sig.Entries
}

// The model status page is for administrators only and says when rules alone are used.
func TestAdminModelsPage(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	createUser(t, d, "root", "admin")
	createUser(t, d, "pat", "patient")
	c := srv.as(t, "pat")
	if r := c.get("/admin/models"); r.Status != 403 && r.Status != 404 {
		t.Errorf("patient on /admin/models: %d", r.Status)
	}
	a := srv.as(t, "root")
	r := a.get("/admin/models")
	if r.Status != 200 || !strings.Contains(r.Body, "rules only") {
		t.Errorf("admin models: %d\n%s", r.Status, r.Body)
	}
	if r := a.post("/admin/models", "/admin/models/reload", url.Values{}); r.Status != http.StatusSeeOther {
		t.Errorf("reload: %d", r.Status)
	}
}
