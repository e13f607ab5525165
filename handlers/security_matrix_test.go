package handlers_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/demo"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
)

// The access matrix: every route of the app (read from Fiber's route list, so new routes
// are covered as they are added) against six actors. A route without an expectation below
// fails TestEveryRouteHasAnAccessRule: whoever adds a route decides who may use it.

type actor int

const (
	anon       actor = iota // not signed in
	owner                   // the patient who owns the rows in the URL (demo-patient)
	other                   // another patient (demo-patient2)
	dLinked                 // a dietitian actively linked to the owner (demo-dietitian)
	dNotLinked              // a dietitian with no link to the owner (synth-dietitian-001)
	admin                   // demo-admin
	nActors
)

var actorNames = [nActors]string{"anonymous", "patient (owner)", "other patient", "dietitian (linked)", "dietitian (not linked)", "admin"}

// outcome is what an actor must get.
type outcome int

const (
	allow    outcome = iota // the guard lets it through: not 401/403/404 (the page may still say 409/422)
	toLogin                 // GET: 303 to /login; other methods: 401
	forbid                  // 403
	notFound                // 404: someone else's row
	ownRow                  // the owner: allowed, or 404 when the fixture has no such row
	anyOK                   // public assets and probes: anything below 500
	deny                    // 401 or 403 (metrics)
)

type rule [nActors]outcome

var (
	public     = rule{anyOK, anyOK, anyOK, anyOK, anyOK, anyOK}
	signedIn   = rule{toLogin, allow, allow, allow, allow, allow}
	patient    = rule{toLogin, allow, allow, forbid, forbid, forbid}
	patientRow = rule{toLogin, ownRow, notFound, forbid, forbid, forbid}
	dietitian  = rule{toLogin, forbid, forbid, allow, allow, forbid}
	dietRow    = rule{toLogin, forbid, forbid, allow, notFound, forbid}
	adminOnly  = rule{toLogin, forbid, forbid, forbid, forbid, allow}
	metricsR   = rule{deny, deny, deny, deny, deny, allow}
	// A meal photo: its patient, and a dietitian linked with diary access; nobody else
	// learns it exists.
	photoR = rule{toLogin, allow, notFound, allow, notFound, notFound}
)

// accessRules: METHOD and path exactly as registered in handlers/routes.go.
var accessRules = map[string]rule{
	"GET /healthz": public, "GET /readyz": public, "GET /static/*": public, "GET /manifest.webmanifest": public,
	"GET /sw.js": public, "GET /offline": public, "GET /bench/constant": public, "GET /": public,
	"GET /login": public, "POST /login": public, "GET /register": public, "POST /register": public, "POST /logout": public,
	"GET /password/reset": public, "POST /password/reset": public,

	"GET /profile": signedIn, "POST /profile": signedIn, "GET /account/data": signedIn, "GET /account/export.zip": signedIn,
	"POST /account/delete": signedIn, "GET /account/password": signedIn, "POST /account/password": signedIn,
	"GET /foods": signedIn, "GET /foods/results": signedIn, "GET /foods/:id<int>": signedIn, "GET /foods/new": signedIn,
	"POST /foods": signedIn,
	// The food in the URL is a published one: only admins edit those (owners edit their own
	// private foods: foods_test.go).
	"GET /foods/:id<int>/edit": adminOnly, "POST /foods/:id<int>": adminOnly,
	// Any signed-in user reports a price paid for a published food.
	"POST /foods/:id<int>/prices": signedIn,

	"GET /home": patient, "GET /home/glucose": patient,
	"GET /records": patient, "POST /records": patient, "GET /records/stats": patient,
	"GET /records/:id/edit": patientRow, "POST /records/:id": patientRow, "POST /records/:id/delete": patientRow,
	"GET /weight": patient, "POST /weight": patient, "POST /weight/:id/delete": patientRow,
	"GET /diary": patient, "GET /diary/week": patient, "GET /diary/search": patient, "GET /diary/add": patient,
	"POST /diary": patient, "POST /diary/copy": patient, "POST /diary/meals": patient,
	"POST /diary/meals/:id/log": patientRow, "POST /diary/meals/:id/delete": patientRow,
	"GET /diary/:id/edit": patientRow, "POST /diary/:id": patientRow, "POST /diary/:id/delete": patientRow,
	"POST /diary/:id/photos": patientRow, "POST /diary/photos/:uuid/delete": patientRow,
	"GET /photos/:uuid": photoR, "GET /photos/:uuid/thumb": photoR, "POST /sync/photos": patient,
	"GET /goals": patient, "POST /goals": patient, "GET /goals/:id": patientRow, "POST /goals/:id/progress": patientRow,
	"POST /goals/:id/progress/:pid/delete": patientRow, "POST /goals/:id/status": patientRow, "POST /goals/:id/delete": patientRow,
	"GET /offline/data.json": patient, "GET /sync/token": patient, "POST /sync": patient,
	"GET /chat": patient, "GET /chat/history": patient, "POST /chat": patient, "POST /chat/delete": patient,
	"POST /chat/:id/delete": patientRow,
	"GET /recommendations":  patient, "GET /recommendations/history": patient,
	"POST /recommendations/:id<int>/accept": patientRow, "POST /recommendations/:id<int>/reject": patientRow,
	"POST /recommendations/:id<int>/dislike": patientRow, "POST /recommendations/dislikes/:food<int>/delete": patient,
	"GET /plan": patient, "POST /plan/log": patient,
	"GET /care": patient, "POST /care/invite": patient, "POST /care/links/:id/shares": patientRow, "POST /care/links/:id/end": patientRow,

	"GET /dietitian": dietitian, "GET /dietitian/links": dietitian, "POST /dietitian/code": dietitian,
	"POST /dietitian/links/:id/accept": dietRow, "POST /dietitian/links/:id/end": dietRow,
	"GET /dietitian/patients/:id": dietRow, "GET /dietitian/patients/:id/report": dietRow,
	"POST /dietitian/patients/:id/reviewed": dietRow, "POST /dietitian/patients/:id/tags": dietRow,
	"POST /dietitian/patients/:id/notes": dietRow, "POST /dietitian/patients/:id/goals": dietRow,
	"POST /dietitian/patients/:id/recommendations": dietRow,

	"GET /admin": adminOnly, "GET /admin/foods": adminOnly, "POST /admin/foods/:id<int>/status": adminOnly,
	"POST /admin/prices": adminOnly, "GET /admin/prices/reports": adminOnly, "POST /admin/prices/reports/:id<int>": adminOnly,
	"POST /admin/prices/reporters/:id<int>/ban": adminOnly, "GET /admin/foods/export.csv": adminOnly, "POST /admin/foods/import": adminOnly,
	"GET /admin/status": adminOnly, "GET /admin/models": adminOnly, "POST /admin/models/reload": adminOnly,
	"GET /admin/password-reset": adminOnly, "POST /admin/password-reset": adminOnly,
	"GET /admin/care": adminOnly, "POST /admin/care/link": adminOnly, "POST /admin/care/links/:id/end": adminOnly,
	"GET /metrics": metricsR,
}

type route struct{ Method, Path string }

func (r route) key() string { return r.Method + " " + r.Path }

// appRoutes lists the GET and POST routes of the running app.
func appRoutes(srv *testServer) []route {
	seen := map[string]bool{}
	var out []route
	for _, r := range srv.app.GetRoutes(true) {
		if (r.Method != "GET" && r.Method != "POST") || seen[r.Method+" "+r.Path] {
			continue
		}
		seen[r.Method+" "+r.Path] = true
		out = append(out, route{r.Method, r.Path})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

func TestEveryRouteHasAnAccessRule(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{config: benchOn})
	var missing []string
	for _, r := range appRoutes(srv) {
		if _, ok := accessRules[r.key()]; !ok {
			missing = append(missing, r.key())
		}
	}
	if len(missing) > 0 {
		t.Fatalf("routes without an access rule in security_matrix_test.go (say who may use them):\n  %s", strings.Join(missing, "\n  "))
	}
}

// fixture is a seeded app with the six actors signed in.
type fixture struct {
	srv     *testServer
	clients [nActors]*client
	tokens  [nActors]string
	ids     map[string]int64
	photo   string // uuid of a meal photo of the owner's diary entry ids["diary"]
}

var tokenRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func newFixture(t *testing.T, d *db.DB, o serverOpts) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), slog.Default()).ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, d, demo.Options{Patients: 2, Days: 5, RosterSize: 1, DemoDays: 15}); err != nil {
		t.Fatal(err)
	}
	if o.metrics == nil {
		m, err := metrics.New()
		if err != nil {
			t.Fatal(err)
		}
		o.metrics = m
	}
	f := &fixture{srv: startServer(t, d, o), ids: map[string]int64{}}
	one := func(name, q string) {
		var v int64
		if err := d.SQL().QueryRowContext(ctx, q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f.ids[name] = v
	}
	owner := "(SELECT id FROM users WHERE username = 'demo-patient')"
	one("owner", "SELECT id FROM users WHERE username = 'demo-patient'")
	one("record", "SELECT min(id) FROM diabetes_records WHERE user_id = "+owner)
	one("weight", "SELECT min(id) FROM weight_entries WHERE user_id = "+owner)
	one("diary", "SELECT min(id) FROM food_logs WHERE user_id = "+owner)
	one("goal", "SELECT min(id) FROM goals WHERE user_id = "+owner)
	one("link", "SELECT min(l.id) FROM care_links l JOIN users u ON u.id = l.dietitian_id WHERE u.username = 'demo-dietitian' AND l.patient_id = "+owner)
	one("food", "SELECT min(id) FROM food_items WHERE status = 'published'")
	f.photo = addPhoto(t, f.srv, f.ids["owner"], f.ids["diary"])
	for a, name := range []string{"", "demo-patient", "demo-patient2", "demo-dietitian", "synth-dietitian-001", "demo-admin"} {
		c := f.srv.client(t)
		tok := c.csrf("/login")
		if name != "" {
			r := c.do("POST", "/login", url.Values{"_csrf": {tok}, "login": {name}, "password": {demo.DemoPassword}}, nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("login %s: %d", name, r.Status)
			}
			page := c.get("/profile")
			m := tokenRE.FindStringSubmatch(page.Body)
			if m == nil {
				t.Fatalf("no CSRF token for %s on /profile (%d)", name, page.Status)
			}
			tok = m[1]
		}
		f.clients[a], f.tokens[a] = c, tok
	}
	return f
}

var paramRE = regexp.MustCompile(`:(\w+)(<\w+>)?|\*`)

// concrete fills a route's parameters with the owner's rows (ids nobody has: 987654321).
func (f *fixture) concrete(path string) string {
	if path == "/diary/add" {
		return fmt.Sprintf("/diary/add?food=%d", f.ids["food"])
	}
	return paramRE.ReplaceAllStringFunc(path, func(m string) string {
		if m == "*" {
			return "css/app.css"
		}
		name := paramRE.FindStringSubmatch(m)[1]
		if name == "uuid" {
			return f.photo
		}
		id := int64(987654321)
		switch {
		case name == "pid":
		case name == "food":
			id = f.ids["food"]
		case strings.HasPrefix(path, "/records/"):
			id = f.ids["record"]
		case strings.HasPrefix(path, "/weight/"):
			id = f.ids["weight"]
		case strings.HasPrefix(path, "/diary/meals/"):
		case strings.HasPrefix(path, "/diary/"):
			id = f.ids["diary"]
		case strings.HasPrefix(path, "/goals/"):
			id = f.ids["goal"]
		case strings.HasPrefix(path, "/care/links/"), strings.HasPrefix(path, "/dietitian/links/"), strings.HasPrefix(path, "/admin/care/links/"):
			id = f.ids["link"]
		case strings.HasPrefix(path, "/dietitian/patients/"):
			id = f.ids["owner"]
		case strings.HasPrefix(path, "/foods/"), strings.HasPrefix(path, "/admin/foods/"):
			id = f.ids["food"]
		}
		return fmt.Sprint(id)
	})
}

func check(o outcome, method string, r resp) bool {
	switch o {
	case allow:
		return r.Status < 500 && r.Status != 401 && r.Status != 403 && r.Status != 404 &&
			!(r.Status == 303 && strings.HasPrefix(r.Header.Get("Location"), "/login"))
	case ownRow:
		return r.Status == 404 || check(allow, method, r)
	case toLogin:
		if method == "GET" {
			return r.Status == 303 && strings.HasPrefix(r.Header.Get("Location"), "/login")
		}
		return r.Status == 401
	case forbid:
		return r.Status == 403
	case notFound:
		return r.Status == 404
	case deny:
		return r.Status == 401 || r.Status == 403
	}
	return r.Status < 500
}

func benchOn(c *config.Config) { c.Bench = true }

// TestAccessMatrix runs every route as every actor. GETs are checked for every actor;
// POSTs only for the actors that must be refused (with a valid CSRF token, so the guard is
// what refuses them): the allowed ones would change the fixture under the other checks.
func TestAccessMatrix(t *testing.T) {
	f := newFixture(t, dbtest.NewSQLite(t), serverOpts{config: benchOn})
	checked := 0
	for _, rt := range appRoutes(f.srv) {
		rule, ok := accessRules[rt.key()]
		if !ok {
			continue // TestEveryRouteHasAnAccessRule reports it
		}
		path := f.concrete(rt.Path)
		for a := anon; a < nActors; a++ {
			want := rule[a]
			if rt.Method == "POST" && (want == allow || want == ownRow || want == anyOK) {
				continue
			}
			var r resp
			if rt.Method == "GET" {
				r = f.clients[a].get(path)
			} else {
				r = f.clients[a].do("POST", path, url.Values{"_csrf": {f.tokens[a]}}, nil)
			}
			checked++
			if !check(want, rt.Method, r) {
				t.Errorf("%s %s as %s: status %d (Location %q), want %s", rt.Method, path, actorNames[a], r.Status,
					r.Header.Get("Location"), [...]string{"allowed", "sent to login", "403", "404", "allowed or 404", "< 500", "401/403"}[want])
			}
		}
	}
	t.Logf("%d route × actor checks", checked)
}

// TestCSRFOnEveryPostRoute: every POST of the app, sent by a signed-in patient without a
// token or with a forged one, is refused with 403 before anything runs.
func TestCSRFOnEveryPostRoute(t *testing.T) {
	f := newFixture(t, dbtest.NewSQLite(t), serverOpts{config: benchOn})
	n := 0
	for _, rt := range appRoutes(f.srv) {
		if rt.Method != "POST" {
			continue
		}
		path := f.concrete(rt.Path)
		for _, a := range []actor{owner, dLinked, admin} {
			for _, form := range []url.Values{{"x": {"1"}}, {"_csrf": {"forged-token"}}} {
				if r := f.clients[a].do("POST", path, form, nil); r.Status != http.StatusForbidden {
					t.Errorf("POST %s as %s with %v: %d, want 403", path, actorNames[a], form, r.Status)
				}
				n++
			}
		}
		// The header htmx sends is checked the same way.
		if r := f.clients[owner].do("POST", path, url.Values{}, map[string]string{"X-CSRF-Token": "forged"}); r.Status != http.StatusForbidden {
			t.Errorf("POST %s with a forged X-CSRF-Token: %d", path, r.Status)
		}
	}
	if r := f.clients[owner].get("/home"); r.Status != 200 {
		t.Fatalf("refused POSTs changed the session: /home %d", r.Status)
	}
	t.Logf("%d refused POSTs", n)
}

// TestOversizedBodiesRejected: a body over the 1 MiB limit gets 413 on every POST route,
// before any handler reads it.
func TestOversizedBodiesRejected(t *testing.T) {
	f := newFixture(t, dbtest.NewSQLite(t), serverOpts{})
	big := strings.Repeat("a", 2<<20)
	for _, rt := range appRoutes(f.srv) {
		if rt.Method != "POST" || photoUploads[rt.key()] {
			continue // photo uploads: TestPhotoUploadBodyLimit
		}
		path := f.concrete(rt.Path)
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(url.Values{"_csrf": {f.tokens[owner]}, "notes": {big}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := f.clients[owner].hc.Do(req)
		if err != nil {
			// The server answered 413 and closed while the client was still sending: refused too.
			if !strings.Contains(err.Error(), "reset by peer") && !strings.Contains(err.Error(), "broken pipe") {
				t.Errorf("POST %s with 2 MiB: %v", path, err)
			}
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with 2 MiB: %d, want 413", path, res.StatusCode)
		}
	}
	// The server is still up and the session still works (an oversized body once crashed
	// the process: the error page asked scs for a flash message without a session).
	if r := f.clients[owner].get("/home"); r.Status != 200 {
		t.Fatalf("after oversized bodies: /home %d", r.Status)
	}
	r := f.clients[owner].do("POST", "/sync", nil, map[string]string{"X-CSRF-Token": f.tokens[owner], "Content-Type": "application/json"})
	if r.Status == http.StatusRequestEntityTooLarge {
		t.Fatalf("an empty body is not too large")
	}
}
