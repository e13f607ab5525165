package handlers_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
	"regexp"
)

// Findings of issue 13, each reproduced against the running app (a real listener).

// TestHugePageIsABadRequest: ?page=9223372036854775807 on the food search once overflowed
// the offset and panicked inside the cache loader's goroutine, ending the process.
func TestHugePageIsABadRequest(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	createUser(t, srv.DB, "nakato", "patient")
	c := srv.as(t, "nakato")
	for _, path := range []string{"/foods", "/foods/results"} {
		for _, page := range []string{"9223372036854775807", "9223372036854775808", "-1", "0", "1e9", "0x10", "1_0", "100001"} {
			r := c.get(path + "?q=beans&page=" + url.QueryEscape(page))
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "page") {
				t.Errorf("%s?page=%s: %d, want 400 with a message about the page", path, page, r.Status)
			}
		}
		if r := c.get(path + "?q=beans&page=2"); r.Status != 200 {
			t.Errorf("%s?page=2: %d", path, r.Status)
		}
	}
	if r := c.get("/foods?q=beans"); r.Status != 200 {
		t.Fatalf("the server stopped serving: %d", r.Status)
	}
}

// TestLoginNextStaysOnSite: after a real login, ?next= only ever leads to a path on this site.
func TestLoginNextStaysOnSite(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	createUser(t, srv.DB, "nakato", "patient")
	cases := map[string]string{
		"/\t/evil.example/phish":          "/home",
		"//evil.example/":                 "/home",
		"/\\evil.example":                 "/home",
		"https://evil.example/":           "/home",
		"/%2F/evil.example":               "/home",
		"/home\r\nSet-Cookie: injected=1": "/home",
		"/diary?date=2025-06-01":          "/diary?date=2025-06-01",
	}
	for next, want := range cases {
		c := srv.client(t)
		// The login page carries next into its form; the form posts it back.
		page := c.get("/login?next=" + url.QueryEscape(next))
		if strings.Contains(page.Body, "evil.example") {
			t.Errorf("the login page keeps next=%q in its form", next)
		}
		r := c.post("/login", "/login", url.Values{"login": {"nakato"}, "password": {"password-nakato"}, "next": {next}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("login with next=%q: %d to %q, want %q", next, r.Status, r.Header.Get("Location"), want)
		}
	}
}

// TestNoHeaderInjection: a raw POST (no client library to refuse the bytes) with CR/LF in
// next must not add header lines to the answer.
func TestNoHeaderInjection(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	createUser(t, srv.DB, "nakato", "patient")
	for _, htmx := range []bool{false, true} {
		c := srv.client(t)
		tok := c.csrf("/login")
		body := "_csrf=" + url.QueryEscape(tok) + "&login=nakato&password=password-nakato&next=/home\r\nSet-Cookie:%20injected=1\r\nX-Injected:%201"
		u, _ := url.Parse(srv.URL)
		var cookies []string
		for _, ck := range c.hc.Jar.Cookies(u) {
			cookies = append(cookies, ck.Name+"="+ck.Value)
		}
		head := rawPost(t, srv.URL, "/login", strings.Join(cookies, "; "), body, htmx)
		if strings.Contains(strings.ToLower(head), "injected") {
			t.Errorf("htmx=%v: injected header lines:\n%s", htmx, head)
		}
		if !strings.Contains(head, " 303 ") && !strings.Contains(head, " 204 ") {
			t.Errorf("htmx=%v: no redirect:\n%s", htmx, head)
		}
	}
}

// rawPost sends a form over a bare TCP connection (the body bytes exactly as given) and
// returns the response head.
func rawPost(t *testing.T, base, path, cookie, body string, htmx bool) string {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	extra := ""
	if htmx {
		extra = "HX-Request: true\r\n"
	}
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		path, u.Host, cookie, extra, len(body), body)
	var head strings.Builder
	br := bufio.NewReader(conn)
	for {
		line, err := br.ReadString('\n')
		head.WriteString(line)
		if err != nil || line == "\r\n" {
			break
		}
	}
	_, _ = io.Copy(io.Discard, br)
	return head.String()
}

// TestMetricsSurviveManyRequests: labels once pointed into fasthttp's reused buffers; after
// ~20 anonymous requests /metrics failed for good (labels like "GETT", "HEA").
func TestMetricsSurviveManyRequests(t *testing.T) {
	m, err := metrics.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{metrics: m, config: func(c *config.Config) { c.MetricsToken = "scrape-token" }})
	c := srv.client(t)
	paths := []string{"/login", "/register", "/nowhere", "/healthz", "/foods/12", "/static/css/app.css", "/a/very/long/path/that/is/not/a/route"}
	for i := 0; i < 60; i++ {
		method := []string{"GET", "HEAD", "POST", "OPTIONS", "PUT", "GETT"}[i%6]
		c.do(method, paths[i%len(paths)], nil, nil)
	}
	for i := 0; i < 3; i++ {
		r := c.do("GET", "/metrics", nil, map[string]string{"Authorization": "Bearer scrape-token"})
		if r.Status != 200 {
			t.Fatalf("/metrics: %d\n%s", r.Status, r.Body)
		}
		for _, bad := range []string{`method="GETT"`, `method="HEA"`, `method="GE"`} {
			if strings.Contains(r.Body, bad) {
				t.Errorf("/metrics holds a label from a request buffer: %s", bad)
			}
		}
	}
}

// TestUnstorableTextIs422: invalid UTF-8 or a NUL byte in any form field is a 422 with a
// message (PostgreSQL refuses both: it was a 500), on both engines.
func TestUnstorableTextIs422(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		createUser(t, srv.DB, "nakato", "patient")
		for _, bad := range []string{"\xff\xfe", "Nak\x00ato", "a\xc3"} {
			anon := srv.client(t)
			for _, f := range []struct {
				path string
				form url.Values
			}{
				{"/login", url.Values{"login": {bad}, "password": {"x"}}},
				{"/register", url.Values{"username": {bad}, "email": {"x@example.org"}, "password": {"long-password-1"}, "confirm": {"long-password-1"}, "role": {"patient"}}},
			} {
				if r := anon.post("/login", f.path, f.form); r.Status != 422 {
					t.Errorf("POST %s with %q: %d, want 422", f.path, bad, r.Status)
				}
			}
			c := srv.as(t, "nakato")
			for _, f := range []struct {
				page, path string
				form       url.Values
			}{
				{"/profile", "/profile", url.Values{"first_name": {bad}, "email": {"nakato@example.org"}, "time_zone": {"Africa/Kampala"}}},
				{"/foods/new", "/foods", url.Values{"name": {bad}, "category": {"cereals"}}},
				{"/care", "/care/invite", url.Values{"code": {bad}}},
				{"/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.1"}, "notes": {bad}}},
			} {
				if r := c.post(f.page, f.path, f.form); r.Status != 422 {
					t.Errorf("POST %s with %q: %d, want 422", f.path, bad, r.Status)
				}
			}
			if r := c.get("/foods?q=" + url.QueryEscape(bad)); r.Status != 400 {
				t.Errorf("GET /foods?q=%q: %d, want 400", bad, r.Status)
			}
		}
	})
}

// TestConcurrentSignUpsOneUsername: of several sign-ups racing for one username, one
// succeeds and the others are told the name is taken (422), never a 500.
func TestConcurrentSignUpsOneUsername(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		const n = 6
		clients := make([]*client, n)
		tokens := make([]string, n)
		for i := range clients {
			clients[i] = srv.client(t)
			tokens[i] = clients[i].csrf("/register")
		}
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := clients[i].do("POST", "/register", url.Values{"_csrf": {tokens[i]}, "username": {"racer"},
					"email": {fmt.Sprintf("racer%d@example.org", i)}, "password": {"a-long-passphrase-9"}, "confirm": {"a-long-passphrase-9"},
					"role": {"patient"}}, nil)
				statuses[i] = r.Status
			}()
		}
		wg.Wait()
		ok := 0
		for i, s := range statuses {
			switch s {
			case http.StatusSeeOther:
				ok++
			case 422:
			default:
				t.Errorf("sign-up %d: %d, want 303 or 422", i, s)
			}
		}
		if ok != 1 {
			t.Errorf("%d sign-ups succeeded, want 1 (%v)", ok, statuses)
		}
	})
}

// TestOnlyPlainDecimalsAsGlucose: "0x1p3" and "1_0" were stored as glucose 8 and 10.
func TestOnlyPlainDecimalsAsGlucose(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	u := createUser(t, srv.DB, "nakato", "patient")
	c := srv.as(t, "nakato")
	for _, v := range []string{"0x1p3", "1_0", "Inf", "NaN", "1e1"} {
		if r := c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {v}, "context": {"random"}}); r.Status != 422 {
			t.Errorf("glucose %q: %d, want 422", v, r.Status)
		}
	}
	if r := c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6,1"}, "context": {"random"}}); r.Status != http.StatusSeeOther {
		t.Errorf("glucose 6,1: %d\n%s", r.Status, r.Body)
	}
	var n int
	if err := srv.DB.SQL().QueryRowContext(context.Background(), "SELECT count(*) FROM diabetes_records WHERE user_id = ?", u.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("records stored: %d (%v), want 1", n, err)
	}
}

// TestNoStoreOnUserPages: pages with user data are never cached (Back after logout showed
// health data); static assets keep their long cache.
func TestNoStoreOnUserPages(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	createUser(t, srv.DB, "nakato", "patient")
	c := srv.as(t, "nakato")
	for _, p := range []string{"/home", "/records", "/profile", "/diary", "/foods", "/login", "/nowhere"} {
		if r := c.get(p); r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s (%d): Cache-Control %q, want no-store", p, r.Status, r.Header.Get("Cache-Control"))
		}
	}
	r := c.get("/home")
	m := staticRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no hashed static URL on /home")
	}
	if cc := c.get(m[0]).Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("static %s: Cache-Control %q", m[0], cc)
	}
}

// TestSyncTooLargeIsJSON: the offline client gets a JSON error for an oversized body.
func TestSyncTooLargeIsJSON(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	createUser(t, srv.DB, "nakato", "patient")
	c := srv.as(t, "nakato")
	tok := c.csrf("/profile")
	big := `{"items":[{"uuid":"` + strings.Repeat("a", 2<<20) + `"}]}`
	req, _ := http.NewRequest("POST", srv.URL+"/sync", strings.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", tok)
	res, err := c.hc.Do(req)
	if err != nil {
		t.Skipf("the server closed while the client was sending: %v", err)
	}
	defer res.Body.Close()
	var body struct{ Error string }
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		json.NewDecoder(res.Body).Decode(&body) != nil || body.Error == "" {
		t.Fatalf("oversized /sync: %d %s %+v, want 413 with a JSON error", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}

var staticRE = regexp.MustCompile(`/static/[^"?]+\?v=[0-9a-f]+`)
