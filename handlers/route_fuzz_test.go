package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// The route fuzzer: every route of Fiber's route list, as every actor, with hostile and
// generated values in every path, query and form parameter, with and without the CSRF
// token. The app must never answer 5xx, must keep serving, must never redirect off-site or
// let a value split a header, and must never change another user's rows. It found the crash
// of issue 13 (a huge ?page= on /foods killed the process from a cache loader's goroutine).
//
// A route missing from fuzzParams fails TestEveryRouteIsFuzzed: whoever adds a route lists
// the query and form parameters its handler reads.

type fuzzSpec struct {
	query []string // query parameters the handler reads
	form  []string // form fields the handler reads (POST)
}

// fuzzParams: METHOD and path exactly as registered in handlers/routes.go.
var fuzzParams = map[string]fuzzSpec{
	"GET /healthz": {}, "GET /readyz": {}, "GET /static/*": {query: []string{"v"}}, "GET /manifest.webmanifest": {},
	"GET /sw.js": {}, "GET /offline": {}, "GET /bench/constant": {}, "GET /": {},
	"GET /login":                 {query: []string{"next"}},
	"POST /login":                {form: []string{"login", "password", "next"}},
	"GET /register":              {},
	"POST /register":             {form: []string{"username", "email", "password", "confirm", "role", "first_name", "last_name"}},
	"POST /logout":               {},
	"GET /password/reset":        {query: []string{"login", "code"}},
	"POST /password/reset":       {form: []string{"login", "code", "password", "confirm"}},
	"GET /account/password":      {},
	"POST /account/password":     {form: []string{"old", "password", "confirm"}},
	"GET /admin/password-reset":  {},
	"POST /admin/password-reset": {form: []string{"login"}},

	"GET /profile": {query: []string{"welcome"}},
	"POST /profile": {form: []string{"email", "first_name", "last_name", "birth_date", "gender", "height_cm", "weight_kg",
		"activity_level", "diabetes_type", "primary_goal", "glucose_unit", "time_zone", "monthly_budget_ugx", "offline_mode"}},
	"GET /account/data": {}, "GET /account/export.zip": {},
	"POST /account/delete": {form: []string{"password", "confirm"}},

	"GET /foods":          {query: foodsQuery},
	"GET /foods/results":  {query: foodsQuery},
	"GET /foods/:id<int>": {}, "GET /foods/new": {},
	"POST /foods":                 {form: append([]string{"propose"}, foodForm...)},
	"GET /foods/:id<int>/edit":    {},
	"POST /foods/:id<int>":        {form: foodForm},
	"POST /foods/:id<int>/prices": {form: []string{"quantity", "unit", "weight_g", "price_ugx", "date", "market", "place", "confirm"}},

	"GET /home": {}, "GET /home/glucose": {},
	"GET /records":                         {query: []string{"new", "type", "before"}},
	"POST /records":                        {form: append([]string{"type", "quick"}, recordForm...)},
	"GET /records/stats":                   {},
	"GET /records/:id/edit":                {},
	"POST /records/:id":                    {form: recordForm},
	"POST /records/:id/delete":             {},
	"GET /weight":                          {},
	"POST /weight":                         {form: []string{"weight", "when", "quick"}},
	"POST /weight/:id/delete":              {},
	"GET /diary":                           {query: []string{"date"}},
	"GET /diary/week":                      {query: []string{"date"}},
	"GET /diary/search":                    {query: []string{"q", "date", "meal"}},
	"GET /diary/add":                       {query: []string{"food", "date", "meal"}},
	"POST /diary":                          {form: diaryForm},
	"POST /diary/copy":                     {form: []string{"from", "to", "meal"}},
	"POST /diary/meals":                    {form: []string{"name", "date", "meal"}},
	"POST /diary/meals/:id/log":            {form: []string{"date"}},
	"POST /diary/meals/:id/delete":         {},
	"GET /diary/:id/edit":                  {},
	"POST /diary/:id":                      {form: diaryForm},
	"POST /diary/:id/delete":               {},
	"GET /goals":                           {},
	"POST /goals":                          {form: goalForm},
	"GET /goals/:id":                       {},
	"POST /goals/:id/progress":             {form: []string{"value", "when", "note"}},
	"POST /goals/:id/progress/:pid/delete": {},
	"POST /goals/:id/status":               {form: []string{"status"}},
	"POST /goals/:id/delete":               {},
	"GET /offline/data.json":               {}, "GET /sync/token": {},
	"POST /sync":            {form: []string{"items"}}, // JSON bodies: see syncBodies
	"GET /chat":             {query: []string{"before"}},
	"GET /chat/history":     {query: []string{"before"}},
	"POST /chat":            {form: []string{"message"}},
	"POST /chat/delete":     {},
	"POST /chat/:id/delete": {},
	"GET /recommendations":  {}, "GET /recommendations/history": {},
	"POST /recommendations/:id<int>/accept": {}, "POST /recommendations/:id<int>/reject": {},
	"POST /recommendations/:id<int>/dislike": {}, "POST /recommendations/dislikes/:food<int>/delete": {},
	"GET /plan":                   {query: []string{"cap", "days"}},
	"POST /plan/log":              {form: []string{"meal", "food", "grams"}},
	"GET /care":                   {},
	"POST /care/invite":           {form: []string{"who"}},
	"POST /care/links/:id/shares": {form: []string{"share"}},
	"POST /care/links/:id/end":    {},

	"GET /dietitian":                               {query: []string{"days", "dir", "flag", "q", "sort", "view", "page"}},
	"GET /dietitian/links":                         {},
	"POST /dietitian/code":                         {},
	"POST /dietitian/links/:id/accept":             {},
	"POST /dietitian/links/:id/end":                {},
	"GET /dietitian/patients/:id":                  {query: []string{"agp"}},
	"GET /dietitian/patients/:id/report":           {},
	"POST /dietitian/patients/:id/reviewed":        {},
	"POST /dietitian/patients/:id/tags":            {form: []string{"tags"}},
	"POST /dietitian/patients/:id/notes":           {form: []string{"body"}},
	"POST /dietitian/patients/:id/goals":           {form: goalForm},
	"POST /dietitian/patients/:id/recommendations": {form: []string{"food_id", "grams", "meal", "reasoning", "suggestion"}},

	"GET /admin": {}, "GET /admin/foods": {},
	"POST /admin/foods/:id<int>/status":         {form: []string{"status"}},
	"POST /admin/prices":                        {form: []string{"food", "price_ugx", "per_unit", "source", "date", "market"}},
	"GET /admin/foods/export.csv":               {},
	"GET /admin/prices/reports":                 {},
	"POST /admin/prices/reports/:id<int>":       {form: []string{"action"}},
	"POST /admin/prices/reporters/:id<int>/ban": {},
	"POST /admin/foods/import":                  {form: []string{"file"}}, // multipart: see fuzzOne
	"GET /admin/status":                         {}, "GET /admin/models": {}, "POST /admin/models/reload": {},
	"GET /admin/care":                {query: []string{"page"}},
	"POST /admin/care/link":          {form: []string{"patient", "dietitian"}},
	"POST /admin/care/links/:id/end": {},
	"GET /metrics":                   {},
}

var (
	foodsQuery = []string{"q", "page", "category", "diabetes", "max_gi", "max_price", "min_protein", "min_fibre", "sort"}
	foodForm   = []string{"name", "category", "description", "local_names", "energy_kcal", "protein_g", "carb_g", "fat_g",
		"fibre_g", "sugars_g", "sodium_mg", "gi", "gi_source", "serving_grams", "source"}
	recordForm = []string{"glucose", "context", "insulin_type", "insulin_units", "hba1c", "hba1c_unit", "medication_name",
		"medication_dose", "notes", "when"}
	diaryForm = []string{"food_id", "meal", "grams", "measure", "quantity", "amount", "when"}
	goalForm  = []string{"type", "title", "start", "target", "target_date"}
)

// hostile values sent in every parameter, one parameter at a time.
var hostile = []string{
	"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-1", "0", "1e308",
	"0x1p3", "1_0", "NaN", "-Inf", "\xff\xfe\xfd", "a\x00b", "/home\r\nSet-Cookie: injected=1\r\nX-Injected: 1",
	strings.Repeat("9", 4000), "' OR 1=1 --", "<script>alert(1)</script>", "", "[]", "0001-01-01T00:00", "9999-12-31",
	"//evil.example/", "%00%ff", "2025-02-30",
}

// generated adds a few random values per run (the seed is logged to replay a failure).
func generated(r *rand.Rand) []string {
	out := []string{strconv.FormatInt(r.Int64()-r.Int64(), 10), strconv.FormatFloat(r.NormFloat64()*1e12, 'g', -1, 64)}
	b := make([]byte, 1+r.IntN(300))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return append(out, string(b))
}

// baseline is a valid value for each parameter name: one parameter is hostile at a time
// while the others carry these, so the hostile value reaches the code behind validation
// (the crash needed a real search, q=beans, with the huge page).
func (f *fixture) baseline(name string) string {
	loc, _ := time.LoadLocation("Africa/Kampala")
	day := time.Now().In(loc).AddDate(0, 0, -2)
	switch name {
	case "q":
		return "beans"
	case "page", "days", "welcome", "diabetes", "new":
		return "1"
	case "date", "from", "to", "birth_date", "target_date":
		if name == "birth_date" {
			return "1980-05-01"
		}
		if name == "target_date" {
			return day.AddDate(0, 2, 0).Format("2006-01-02")
		}
		return day.Format("2006-01-02")
	case "when":
		return day.Format("2006-01-02T15:04")
	case "food", "food_id":
		return fmt.Sprint(f.ids["food"])
	case "meal":
		return "lunch"
	case "grams", "weight", "weight_kg", "value":
		return "70"
	case "glucose", "target", "start":
		return "6.1"
	case "type":
		return "glucose"
	case "context":
		return "random"
	case "login":
		return "nobody-fuzz"
	case "password", "confirm":
		return "not-the-password"
	case "next":
		return "/home"
	case "email":
		return "fuzz@example.org"
	case "username":
		return "fuzz-user"
	case "role":
		return "patient"
	case "time_zone":
		return "Africa/Kampala"
	case "glucose_unit":
		return "mmol/L"
	case "status":
		return "active"
	case "patient":
		return "demo-patient"
	case "dietitian":
		return "demo-dietitian"
	case "height_cm":
		return "165"
	case "monthly_budget_ugx", "price_ugx", "cap":
		return "300000"
	case "per_unit":
		return "kg"
	case "source":
		return "market_survey"
	case "category":
		return "cereals"
	case "name", "title", "message", "body", "notes", "note", "first_name", "last_name", "description":
		return "Fuzz " + name
	}
	return ""
}

// ownerTables hold rows belonging to one user (column: its owner).
var ownerTables = [][2]string{{"users", "id"}, {"food_logs", "user_id"}, {"diabetes_records", "user_id"},
	{"weight_entries", "user_id"}, {"goals", "user_id"}, {"goal_progress", "user_id"}, {"recommendations", "user_id"},
	{"chat_history", "user_id"}, {"saved_meals", "user_id"}, {"disliked_foods", "user_id"}, {"care_links", "patient_id"},
	{"care_notes", "patient_id"}}

type ownedBy struct {
	user  int64
	table string
}

// fingerprints is a checksum of the rows each user owns, per table.
func fingerprints(t *testing.T, d *db.DB) map[ownedBy]string {
	t.Helper()
	ctx := context.Background()
	hs := map[ownedBy][]byte{}
	for _, tc := range ownerTables {
		rows, err := d.SQL().QueryContext(ctx, "SELECT * FROM "+tc[0]+" ORDER BY 1, 2")
		if err != nil {
			t.Fatalf("snapshot %s: %v", tc[0], err)
		}
		cols, _ := rows.Columns()
		owner := -1
		for i, c := range cols {
			if c == tc[1] {
				owner = i
			}
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			id, _ := vals[owner].(int64)
			if tc[0] == "users" {
				vals = vals[:0] // a user's own row changes at login (last seen): its existence is what counts
				vals = append(vals, id)
			}
			k := ownedBy{id, tc[0]}
			hs[k] = fmt.Appendf(hs[k], "%v;", vals)
		}
		rows.Close()
	}
	out := make(map[ownedBy]string, len(hs))
	for k, b := range hs {
		s := sha256.Sum256(b)
		out[k] = hex.EncodeToString(s[:8])
	}
	return out
}

// mayChange lists whose rows an actor may legitimately change: its own, and for a
// dietitian or an admin those of the patients linked to it (notes, goals, advice, links).
func (f *fixture) mayChange(t *testing.T, a actor, ids [nActors]int64) map[int64]bool {
	ok := map[int64]bool{ids[a]: true}
	switch a {
	case dLinked, dNotLinked:
		rows, err := f.srv.DB.SQL().QueryContext(context.Background(), fmt.Sprintf("SELECT patient_id FROM care_links WHERE dietitian_id = %d", ids[a]))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var p int64
			_ = rows.Scan(&p)
			ok[p] = true
		}
		rows.Close()
	}
	return ok
}

// allowedChange: an actor may change its own rows and those mayChange lists; rows of an
// account created during the pass (a sign-up) are its creator's; an admin links and ends
// care links of any patient (/admin/care).
func allowedChange(a actor, k ownedBy, may map[int64]bool, existed map[int64]bool) bool {
	return may[k.user] || !existed[k.user] || (a == admin && k.table == "care_links")
}

func TestEveryRouteIsFuzzed(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{config: benchOn})
	var missing []string
	for _, r := range appRoutes(srv) {
		if _, ok := fuzzParams[r.key()]; !ok {
			missing = append(missing, r.key())
		}
	}
	if len(missing) > 0 {
		t.Fatalf("routes without an entry in fuzzParams (route_fuzz_test.go: list the query and form parameters they read):\n  %s",
			strings.Join(missing, "\n  "))
	}
}

// TestRouteFuzz: see the top of this file. ZOE_FUZZ_SEED replays a run.
func TestRouteFuzz(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("ZOE_FUZZ_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("ZOE_FUZZ_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))
	routeFuzz(t, dbtest.NewSQLite(t), append(append([]string{}, hostile...), generated(rng)...), true)
}

// TestRouteFuzzPostgres is the short run on PostgreSQL, which refuses what SQLite keeps
// (invalid UTF-8, NUL, out-of-range dates): the values that differ, main actors only.
func TestRouteFuzzPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("the SQLite run covers the rest")
	}
	routeFuzz(t, dbtest.NewPostgres(t), []string{"9223372036854775808", "\xff\xfe\xfd", "a\x00b",
		"/home\r\nX-Injected: 1", "0001-01-01T00:00"}, false)
}

func routeFuzz(t *testing.T, d *db.DB, values []string, lightToo bool) {
	f := newFixture(t, d, serverOpts{config: benchOn})
	var ids [nActors]int64
	for a, name := range []string{"", "demo-patient", "demo-patient2", "demo-dietitian", "synth-dietitian-001", "demo-admin"} {
		if name != "" {
			if err := d.SQL().QueryRowContext(context.Background(), "SELECT id FROM users WHERE username = '"+name+"'").Scan(&ids[a]); err != nil {
				t.Fatal(err)
			}
		}
	}
	fz := &fuzzer{t: t, f: f, values: values, start: time.Now()}

	routes := appRoutes(f.srv)
	// Actors whose guard lets them through get every value in every parameter; the others
	// get every value once, in all parameters together (the guard must hold whatever comes).
	order := []actor{anon, other, dNotLinked, dLinked, admin, owner}
	for _, a := range order {
		before := fingerprints(t, d)
		for _, rt := range routes {
			if rt.key() == "POST /logout" || rt.key() == "POST /account/delete" && a != anon {
				continue // run last: they end the actor's session
			}
			level := fuzzLevel(rt, a)
			if level == light && !lightToo {
				level = guardOnly
			}
			fz.route(a, rt, level)
		}
		if r := f.clients[owner].get("/healthz"); r.Status != 200 {
			t.Fatalf("after fuzzing as %s the app stopped serving: %d", actorNames[a], r.Status)
		}
		after := fingerprints(t, d)
		may := f.mayChange(t, a, ids)
		existed := map[int64]bool{}
		for k := range before {
			existed[k.user] = true
		}
		for k := range mergeKeys(before, after) {
			if !allowedChange(a, k, may, existed) && before[k] != after[k] {
				t.Errorf("fuzzing as %s changed the %s rows of user %d", actorNames[a], k.table, k.user)
			}
		}
	}
	for _, a := range order {
		fz.route(a, route{"POST", "/account/delete"}, light)
		fz.route(a, route{"POST", "/logout"}, light)
	}
	if r := f.srv.client(t).get("/login"); r.Status != 200 {
		t.Fatalf("after the fuzz: /login %d", r.Status)
	}
	t.Logf("%d requests in %v (%d answers by status: %v)", fz.n, time.Since(fz.start).Round(time.Millisecond), len(fz.statuses), fz.statuses)
}

func mergeKeys(a, b map[ownedBy]string) map[ownedBy]bool {
	out := map[ownedBy]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// How hard a route is fuzzed as an actor.
const (
	guardOnly = iota // refused by the access guard: a few requests with everything hostile
	light            // let through, not the route's main actor: every fourth value
	full             // the route's main actor: every value in every parameter
)

// fuzzLevel: the route's main actor (the first let through of owner, linked dietitian,
// admin, anonymous) gets every value; other actors let through a fourth; the rest the guard.
func fuzzLevel(rt route, a actor) int {
	rule := accessRules[rt.key()]
	pass := func(o outcome) bool { return o == allow || o == ownRow || o == anyOK }
	if !pass(rule[a]) && rule[a] != notFound {
		return guardOnly
	}
	for _, m := range []actor{owner, dLinked, admin, anon} {
		if pass(rule[m]) {
			if m == a {
				return full
			}
			break
		}
	}
	return light
}

type fuzzer struct {
	t        *testing.T
	f        *fixture
	values   []string
	start    time.Time
	n        int
	statuses map[int]int
}

// route fuzzes one route as one actor.
func (z *fuzzer) route(a actor, rt route, level int) {
	spec := fuzzParams[rt.key()]
	params := paramRE.FindAllStringSubmatch(rt.Path, -1)
	values := z.values
	if level == light {
		values = nil
		for i := 0; i < len(z.values); i += 4 {
			values = append(values, z.values[i])
		}
	}
	if level == guardOnly {
		// One request with every parameter hostile, for a few values.
		for _, v := range []string{"9223372036854775808", "\xff\x00", "/home\r\nX-Injected: 1"} {
			z.send(a, rt, z.f.concrete(rt.Path), spec, -1, v, true)
		}
		return
	}
	// Path parameters: each hostile value in each parameter (the others concrete).
	for pi := range params {
		for _, v := range values {
			n := 0
			path := paramRE.ReplaceAllStringFunc(rt.Path, func(m string) string {
				defer func() { n++ }()
				if n == pi {
					if m == "*" {
						return strings.TrimPrefix(url.PathEscape(v), "/")
					}
					return url.PathEscape(v)
				}
				return ""
			})
			// Fill the other parameters with the fixture's ids.
			path = mergeConcrete(z.f.concrete(rt.Path), path)
			z.send(a, rt, path, spec, -2, "", true)
		}
	}
	// Query and form parameters, one at a time. Routes that end or delete the row in their
	// path get an id nobody has, so the fixture stays for the routes after them.
	path := z.f.concrete(rt.Path)
	if strings.HasSuffix(rt.Path, "/delete") || strings.HasSuffix(rt.Path, "/end") || strings.HasSuffix(rt.Path, "/dislike") ||
		strings.HasSuffix(rt.Path, "/reject") || strings.HasSuffix(rt.Path, "/accept") {
		path = paramRE.ReplaceAllString(rt.Path, "987654321")
	}
	names := append(append([]string{}, spec.query...), spec.form...)
	for i := range names {
		for _, v := range values {
			z.send(a, rt, path, spec, i, v, true)
		}
	}
	// Missing CSRF token, with hostile values everywhere.
	if rt.Method == "POST" {
		for _, v := range []string{"1", "\xff", "/home\r\nX-Injected: 1"} {
			z.send(a, rt, path, spec, -1, v, false)
		}
	}
	if len(names) == 0 && len(params) == 0 {
		z.send(a, rt, path, spec, -2, "", true)
	}
}

// mergeConcrete takes the hostile path with empty segments for the other parameters and
// fills those from the concrete path.
func mergeConcrete(concrete, hostilePath string) string {
	c, h := strings.Split(concrete, "/"), strings.Split(hostilePath, "/")
	if len(c) != len(h) {
		return hostilePath
	}
	for i := range h {
		if h[i] == "" {
			h[i] = c[i]
		}
	}
	return strings.Join(h, "/")
}

// send makes one request: parameter number which (query first, then form) carries v, the
// others their baseline; which == -1: every parameter carries v; -2: only baselines.
func (z *fuzzer) send(a actor, rt route, path string, spec fuzzSpec, which int, v string, withCSRF bool) {
	t := z.t
	t.Helper()
	val := func(i int, name string) string {
		if which == -1 || which == i {
			return v
		}
		return z.f.baseline(name)
	}
	q := url.Values{}
	for i, name := range spec.query {
		q.Set(name, val(i, name))
	}
	form := url.Values{}
	for i, name := range spec.form {
		form.Set(name, val(len(spec.query)+i, name))
	}
	c := z.f.clients[a]
	tok := z.f.tokens[a]
	if rt.key() == "POST /login" || rt.key() == "POST /register" {
		// A sign-in or sign-up that works would change who the actor is: a fresh visitor.
		c = z.f.srv.client(t)
		tok = c.csrf("/login")
	}
	if withCSRF {
		form.Set("_csrf", tok)
	}
	target := path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var body []byte
	headers := map[string]string{}
	switch {
	case rt.Method != "POST":
	case rt.key() == "POST /sync":
		body = syncBody(form.Get("items"))
		headers["Content-Type"] = "application/json"
		headers["Accept"] = "application/json"
		if withCSRF {
			headers["X-CSRF-Token"] = tok
		}
	case rt.key() == "POST /admin/foods/import":
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("_csrf", form.Get("_csrf"))
		fw, _ := mw.CreateFormFile("file", "foods.csv")
		_, _ = fw.Write([]byte("name,category,energy_kcal\n" + form.Get("file") + ",cereals," + form.Get("file") + "\n"))
		_ = mw.Close()
		body = buf.Bytes()
		headers["Content-Type"] = mw.FormDataContentType()
	default:
		body = []byte(form.Encode())
		headers["Content-Type"] = "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequest(rt.Method, z.f.srv.URL+target, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s %q: %v", rt.Method, target, err)
	}
	for k, hv := range headers {
		req.Header.Set(k, hv)
	}
	res, err := c.hc.Do(req)
	z.n++
	if err != nil && len(target) > 4000 && (strings.Contains(err.Error(), "reset by peer") || strings.Contains(err.Error(), "broken pipe")) {
		// A request line over fasthttp's 4 KB read buffer: answered 431 and closed while the
		// client was still writing. Refused, not a failure; the server must still answer.
		if r := c.get("/healthz"); r.Status != 200 {
			t.Fatalf("%s %.100q: the server stopped answering (%d)", rt.Method, target, r.Status)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s %s as %s: the server did not answer: %v", rt.Method, target, actorNames[a], err)
	}
	res.Body.Close()
	if z.statuses == nil {
		z.statuses = map[int]int{}
	}
	z.statuses[res.StatusCode]++
	where := fmt.Sprintf("%s %.200q as %s (value %.60q, csrf %v)", rt.Method, target, actorNames[a], v, withCSRF)
	if res.StatusCode >= 500 {
		t.Errorf("%s: status %d", where, res.StatusCode)
	}
	for k, hv := range res.Header {
		if strings.EqualFold(k, "X-Injected") || strings.Contains(strings.ToLower(strings.Join(hv, " ")), "injected=1") {
			t.Errorf("%s: a value reached a header: %s: %v", where, k, hv)
		}
	}
	for _, loc := range []string{res.Header.Get("Location"), res.Header.Get("HX-Redirect")} {
		if loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t")) {
			t.Errorf("%s: redirect off-site: %q", where, loc)
		}
	}
}

// syncBody is a sync batch with v in every field (a JSON string, or a raw number where it
// is one).
func syncBody(v string) []byte {
	item := map[string]any{"uuid": v, "kind": "glucose", "unit": v, "context": v, "notes": v, "recorded_at": v, "meal_type": v,
		"consumed_at": v, "measure_label": v}
	b, _ := json.Marshal(map[string]any{"items": []any{item}})
	if _, err := strconv.ParseFloat(v, 64); err == nil && json.Valid([]byte(v)) {
		b = []byte(`{"items":[{"uuid":"0b6f5a6e-2f55-4c55-9d0b-1f3c7e9d2a11","kind":"glucose","value":` + v +
			`,"unit":"mmol/L","recorded_at":"2025-06-01T07:00:00Z","food_item_id":` + v + `,"goal_id":` + v + `}]}`)
	}
	return b
}
