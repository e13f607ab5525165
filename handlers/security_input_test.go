package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
)

const xssPayload = `"><script>zoeXSS(1)</script><img src=x onerror=zoeXSS(2)>`

// rawXSS are pieces of the payload that must never reach a page unescaped.
var rawXSS = []string{"<script>zoeXSS", "<img src=x onerror"}

func noRawXSS(t *testing.T, where string, body string) {
	t.Helper()
	for _, r := range rawXSS {
		if strings.Contains(body, r) {
			i := strings.Index(body, r)
			t.Errorf("%s shows %q unescaped: …%s…", where, r, body[max(0, i-80):min(len(body), i+80)])
			return
		}
	}
}

// firstAllowed is an actor the rule lets through (to crawl a route as).
func firstAllowed(r rule) (actor, bool) {
	for a := anon; a < nActors; a++ {
		if r[a] == allow || r[a] == anyOK || r[a] == ownRow {
			return a, true
		}
	}
	return 0, false
}

// TestXSSPayloadsShownEscaped types a script payload into every free-text field the
// patients, dietitians and visitors have, then reads every page of the app as every
// allowed actor: the payload must appear only escaped (the forms that refuse < and >
// answer 422 with the value escaped in the form).
func TestXSSPayloadsShownEscaped(t *testing.T) {
	f := newFixture(t, dbtest.NewSQLite(t), serverOpts{})
	kampala, _ := time.LoadLocation("Africa/Kampala")
	now := time.Now().In(kampala)
	when := now.Add(-time.Hour).Format("2006-01-02T15:04")
	today := now.Format("2006-01-02")
	patientID := fmt.Sprint(f.ids["owner"])
	posts := []struct {
		a    actor
		path string
		form url.Values
	}{
		{anon, "/register", url.Values{"username": {xssPayload}, "email": {xssPayload}, "password": {"x"}, "confirm": {"y"}, "role": {"patient"}}},
		{anon, "/login", url.Values{"login": {xssPayload}, "password": {"wrong"}}},
		{owner, "/profile", url.Values{"first_name": {xssPayload}, "last_name": {xssPayload}, "email": {"demo-patient@demo.zoe.invalid"},
			"glucose_unit": {"mmol/L"}, "time_zone": {"Africa/Kampala"}, "diabetes_type": {"type2"}, "primary_goal": {"glucose_control"}}},
		{owner, "/records", url.Values{"type": {"note"}, "notes": {xssPayload}, "when": {when}}},
		{owner, "/records", url.Values{"type": {"medication"}, "medication_name": {xssPayload}, "medication_dose": {xssPayload}, "notes": {xssPayload}, "when": {when}}},
		{owner, "/records", url.Values{"type": {"insulin"}, "insulin_type": {xssPayload}, "insulin_units": {"4"}, "when": {when}}},
		{owner, "/goals", url.Values{"type": {"lose_weight"}, "title": {xssPayload}, "start": {"80"}, "target": {"75"}}},
		{owner, "/chat", url.Values{"message": {xssPayload}}},
		{owner, "/diary/meals", url.Values{"name": {xssPayload}, "date": {today}, "meal": {"lunch"}}},
		{owner, "/care/invite", url.Values{"who": {xssPayload}}},
		{owner, "/foods", url.Values{"name": {xssPayload}, "local_names": {xssPayload}, "description": {xssPayload}, "category": {"staples"},
			"energy_kcal": {"100"}, "protein_g": {"2"}, "carb_g": {"20"}, "fibre_g": {"1"}, "fat_g": {"1"}, "serving_grams": {"100"}}},
		{dLinked, "/dietitian/patients/" + patientID + "/notes", url.Values{"body": {xssPayload}}},
		{dLinked, "/dietitian/patients/" + patientID + "/tags", url.Values{"tags": {xssPayload}}},
		{dLinked, "/dietitian/patients/" + patientID + "/goals", url.Values{"type": {"lose_weight"}, "title": {xssPayload}, "start": {"80"}, "target": {"75"}}},
		{dLinked, "/dietitian/patients/" + patientID + "/recommendations", url.Values{"food_id": {fmt.Sprint(f.ids["food"])}, "grams": {"100"},
			"meal": {"lunch"}, "reasoning": {xssPayload}, "suggestion": {xssPayload}}},
	}
	for _, p := range posts {
		p.form.Set("_csrf", f.tokens[p.a])
		r := f.clients[p.a].do("POST", p.path, p.form, nil)
		if r.Status >= 500 {
			t.Errorf("POST %s: %d", p.path, r.Status)
		}
		noRawXSS(t, "POST "+p.path+" answer", r.Body)
		if r.Status == http.StatusSeeOther {
			if loc := r.Header.Get("Location"); strings.HasPrefix(loc, "/") {
				noRawXSS(t, "page after POST "+p.path, f.clients[p.a].get(loc).Body)
			}
		}
	}
	stored, crawled := 0, 0
	for _, rt := range appRoutes(f.srv) {
		if rt.Method != "GET" {
			continue
		}
		rule := accessRules[rt.key()]
		for a := anon; a < nActors; a++ {
			if rule[a] != allow && rule[a] != ownRow && rule[a] != anyOK {
				continue
			}
			r := f.clients[a].get(f.concrete(rt.Path))
			crawled++
			noRawXSS(t, fmt.Sprintf("GET %s as %s", rt.Path, actorNames[a]), r.Body)
			if strings.Contains(r.Body, "&lt;script&gt;zoeXSS") || strings.Contains(r.Body, `\u003cscript\u003ezoeXSS`) {
				stored++
			}
		}
	}
	t.Logf("%d pages read, %d show the payload escaped", crawled, stored)
	if stored == 0 {
		t.Fatal("no page shows the stored payload at all: the test did not store anything")
	}
}

var sqlPayloads = []string{`' OR '1'='1`, `'; DROP TABLE users; --`, `%' UNION SELECT password_hash FROM users --`, `\' " ; --`, `%_%`, `1 OR 1=1`, "\x00"}

var filterParams = []string{"q", "category", "sort", "dir", "flag", "status", "type", "before", "before_id", "date", "meal", "days",
	"page", "view", "food", "max_gi", "max_price", "min_protein", "min_fibre", "diabetes", "week", "from", "to", "period", "unit"}

// TestSQLMetacharactersInFilters sends SQL metacharacters in every search and filter
// parameter of every page (the pages ignore parameters they do not take): no 500, no
// password hash in any answer, and the tables are all still there afterwards.
func TestSQLMetacharactersInFilters(t *testing.T) {
	f := newFixture(t, dbtest.NewSQLite(t), serverOpts{})
	ctx := context.Background()
	var usersBefore int
	if err := f.srv.DB.SQL().QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&usersBefore); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range appRoutes(f.srv) {
		if rt.Method != "GET" || rt.Path == "/static/*" {
			continue
		}
		a, ok := firstAllowed(accessRules[rt.key()])
		if !ok {
			a = admin
		}
		base := f.concrete(rt.Path)
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		for _, p := range sqlPayloads {
			v := url.Values{}
			for _, k := range filterParams {
				v.Set(k, p)
			}
			for _, hx := range []map[string]string{nil, {"HX-Request": "true"}} {
				r := f.clients[a].do("GET", base+sep+v.Encode(), nil, hx)
				n++
				if r.Status >= 500 {
					t.Errorf("GET %s with %q as %s: %d", rt.Path, p, actorNames[a], r.Status)
				}
				if strings.Contains(r.Body, "$argon2") {
					t.Errorf("GET %s with %q leaks a password hash", rt.Path, p)
				}
			}
		}
	}
	var usersAfter int
	if err := f.srv.DB.SQL().QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&usersAfter); err != nil || usersAfter != usersBefore {
		t.Fatalf("users before %d, after %d (%v)", usersBefore, usersAfter, err)
	}
	t.Logf("%d requests with SQL metacharacters", n)
}
