package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/redis/go-redis/v9"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/accounts/throttle"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/clientip"
	"github.com/zoe-nutritech/zoe/internal/config"
)

// limiterStores are the two throttle stores: this process, and a real Redis.
func limiterStores(t *testing.T) map[string]func(t *testing.T) throttle.Store {
	return map[string]func(t *testing.T) throttle.Store{
		"memory": func(*testing.T) throttle.Store { return throttle.NewMemory() },
		"redis": func(t *testing.T) throttle.Store {
			// Generous timeouts: under a loaded CI machine 50 parallel argon2 hashes can
			// delay a dial past the production 500 ms, and a 503 here would measure the
			// machine, not the limiter.
			o := *redisClient(t).Options()
			o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolTimeout = 10*time.Second, 10*time.Second, 10*time.Second, 30*time.Second
			o.PoolSize = 64
			rc := redis.NewClient(&o)
			t.Cleanup(func() { rc.Close() })
			prefix := "zoe-test-" + strings.ReplaceAll(t.Name(), "/", "-") + ":"
			cleanupPrefix(t, rc, prefix)
			return throttle.NewRedis(rc, prefix, 5*time.Second) // generous: 50 parallel argon2 hashes load the test machine
		},
	}
}

// parallelLogins sends n login attempts at once, each from its own client with its own
// CSRF token, and counts the answers by status.
func parallelLogins(t *testing.T, srv *testServer, n int, form func(i int) (url.Values, map[string]string)) map[int]int {
	t.Helper()
	clients := make([]*client, n)
	tokens := make([]string, n)
	for i := range clients {
		clients[i] = srv.client(t)
		clients[i].hc.Timeout = 3 * time.Minute // every attempt must be answered, however loaded the machine
		tokens[i] = clients[i].csrf("/login")
	}
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f, h := form(i)
			f.Set("_csrf", tokens[i])
			r := clients[i].do("POST", "/login", f, h)
			mu.Lock()
			got[r.Status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// Finding 13.5: 40 parallel wrong passwords for one account checked 25–31 passwords
// against a limit of 5. Each password checked answers 422; refused attempts 429.
func TestLoginThrottleHoldsUnderConcurrency(t *testing.T) {
	for name, open := range limiterStores(t) {
		t.Run(name, func(t *testing.T) {
			d := dbtest.NewSQLite(t)
			createUser(t, d, "wanjiru", "patient")
			srv := startServer(t, d, serverOpts{limiter: open(t)})
			got := parallelLogins(t, srv, 40, func(i int) (url.Values, map[string]string) {
				// Username and email alternate: one account, one counter.
				login := "wanjiru"
				if i%2 == 1 {
					login = "WANJIRU@example.org"
				}
				return url.Values{"login": {login}, "password": {fmt.Sprintf("wrong-%d", i)}}, nil
			})
			if got[422] > 5 || got[422]+got[429] != 40 {
				t.Fatalf("40 parallel wrong passwords: %v; want at most 5 checked (422), the rest 429", got)
			}
			t.Logf("40 parallel wrong passwords for one account: %v", got)
		})
	}
}

func TestLoginThrottleSprayFromOneIP(t *testing.T) {
	for name, open := range limiterStores(t) {
		t.Run(name, func(t *testing.T) {
			d := dbtest.NewSQLite(t)
			srv := startServer(t, d, serverOpts{limiter: open(t)})
			got := parallelLogins(t, srv, 50, func(i int) (url.Values, map[string]string) {
				return url.Values{"login": {fmt.Sprintf("victim%d", i)}, "password": {"Password1"}}, nil
			})
			if got[422] > 20 || got[422]+got[429] != 50 {
				t.Fatalf("spray of 50 accounts from one IP: %v; want at most 20 checked", got)
			}
		})
	}
}

// The email and the username of one account share one counter, typed in any case.
func TestLoginThrottleCountsAccountOnce(t *testing.T) {
	d := dbtest.NewSQLite(t)
	createUser(t, d, "okello", "patient")
	srv := startServer(t, d, serverOpts{})
	for i, login := range []string{"okello", "okello@example.org", "OKELLO", "Okello@Example.org", " okello "} {
		c := srv.client(t)
		// A new "IP" each time cannot help: the account limit is per account.
		if r := c.post("/login", "/login", url.Values{"login": {login}, "password": {"wrong-password"}}); r.Status != 422 {
			t.Fatalf("attempt %d (%q): %d", i+1, login, r.Status)
		}
	}
	c := srv.client(t)
	if r := c.post("/login", "/login", url.Values{"login": {"okello@example.org"}, "password": {"password-okello"}}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("sixth attempt by email after five mixed: %d, want 429", r.Status)
	}
}

// A forged X-Forwarded-For neither escapes the per-IP limit nor lands in the audit log,
// whether proxies are trusted (the client is the right-most untrusted hop) or not (the
// header is ignored).
func TestForgedForwardedForDoesNotBypass(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies string // ZOE_TRUSTED_PROXIES
		header  func(i int) string
		want    string // the address the audit log must show
	}{
		{"no proxy trusted", "", func(i int) string { return fmt.Sprintf("203.0.113.%d", i) }, "127.0.0.1"},
		{"behind a trusted proxy", "127.0.0.1", func(i int) string { return fmt.Sprintf("203.0.113.%d, 41.210.1.1", i) }, "41.210.1.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := dbtest.NewSQLite(t)
			amina := createUser(t, d, "amina", "patient")
			srv := startServer(t, d, serverOpts{config: func(c *config.Config) {
				p, err := clientip.Parse(tc.proxies)
				if err != nil {
					t.Fatal(err)
				}
				c.TrustedProxies = p
			}})
			// A successful login is audited with the real address, not the forged one.
			c := srv.client(t)
			tok := c.csrf("/login")
			h := map[string]string{"X-Forwarded-For": "198.51.100.7"}
			if tc.proxies != "" {
				h["X-Forwarded-For"] = "198.51.100.7, 41.210.9.9"
				tc.want = "41.210.9.9"
			}
			r := c.do("POST", "/login", url.Values{"_csrf": {tok}, "login": {"amina"}, "password": {"password-amina"}}, h)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("login: %d", r.Status)
			}
			rows, err := d.ListAuditForSubject(context.Background(), db.ListAuditForSubjectParams{SubjectUserID: &amina.ID, Lim: 10})
			if err != nil || len(rows) == 0 {
				t.Fatalf("audit rows: %v %v", rows, err)
			}
			if rows[0].Ip != tc.want {
				t.Errorf("audit log IP %q, want %q", rows[0].Ip, tc.want)
			}
			var last resp
			for i := 0; i < 25; i++ {
				c := srv.client(t)
				tok := c.csrf("/login")
				last = c.do("POST", "/login", url.Values{"_csrf": {tok}, "login": {fmt.Sprintf("someone%d", i)}, "password": {"guess-guess"}},
					map[string]string{"X-Forwarded-For": tc.header(i)})
			}
			if last.Status != http.StatusTooManyRequests {
				t.Fatalf("25th guess from one client with forged X-Forwarded-For: %d, want 429", last.Status)
			}
		})
	}
}

// /account/delete checks a password: it is throttled like a login.
func TestAccountDeletePasswordIsThrottled(t *testing.T) {
	d := dbtest.NewSQLite(t)
	createUser(t, d, "kato", "patient")
	srv := startServer(t, d, serverOpts{})
	c := srv.as(t, "kato")
	var last resp
	for i := 0; i < 6; i++ {
		last = c.post("/account/data", "/account/delete", url.Values{"password": {fmt.Sprintf("guess-%d", i)}, "confirm": {"DELETE"}})
	}
	if last.Status != http.StatusTooManyRequests || !strings.Contains(last.Body, "Too many attempts") {
		t.Fatalf("sixth wrong password on /account/delete: %d, want 429", last.Status)
	}
	if r := c.get("/profile"); r.Status != 200 {
		t.Fatalf("account gone or session lost: %d", r.Status)
	}
}

// countSessions counts the stored sessions of the database store.
func countSessions(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	var err error
	if d.Engine() == db.Postgres {
		err = d.Pool().QueryRow(context.Background(), "SELECT count(*) FROM sessions").Scan(&n)
	} else {
		err = d.SQL().QueryRow("SELECT count(*) FROM sessions").Scan(&n)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// browseAnonymously fetches the pages an anonymous visitor (or a load run) reaches.
func browseAnonymously(t *testing.T, srv *testServer, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		c := srv.client(t) // a new visitor each time
		for _, p := range []string{"/login", "/register", "/no-such-page", "/login?next=/home", "/"} {
			if r := c.get(p); r.Status >= 500 {
				t.Fatalf("GET %s: %d", p, r.Status)
			}
		}
		// Returning visitors too (with their CSRF cookie).
		if r := c.get("/login"); r.Status != 200 {
			t.Fatalf("GET /login again: %d", r.Status)
		}
	}
}

// Finding 13.6: anonymous page views stored a session each. Now they store nothing, on
// the database store (both engines) and on Redis; and forms still work with CSRF enforced.
func TestAnonymousVisitorsStoreNoSession(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		createUser(t, d, "nakato", "patient")
		srv := startServer(t, d, serverOpts{})
		browseAnonymously(t, srv, 20)
		if n := countSessions(t, d); n != 0 {
			t.Fatalf("%d sessions stored after 120 anonymous page views, want 0", n)
		}
		checkCSRFAndLogin(t, srv)
		if n := countSessions(t, d); n != 1 {
			t.Fatalf("%d sessions stored after one login, want 1", n)
		}
	})
	t.Run("redis", func(t *testing.T) {
		rc := redisClient(t)
		prefix := "zoe-test-" + t.Name() + ":"
		cleanupPrefix(t, rc, prefix)
		d := dbtest.NewSQLite(t)
		createUser(t, d, "nakato", "patient")
		srv := startServer(t, d, serverOpts{store: goredisstore.NewWithPrefix(rc, prefix+"session:"), cache: cache.NewRedis(rc, prefix)})
		browseAnonymously(t, srv, 20)
		keys, err := rc.Keys(context.Background(), prefix+"session:*").Result()
		if err != nil || len(keys) != 0 {
			t.Fatalf("%d session keys in Redis after anonymous page views (%v), want 0", len(keys), err)
		}
		checkCSRFAndLogin(t, srv)
		if keys, _ := rc.Keys(context.Background(), prefix+"session:*").Result(); len(keys) != 1 {
			t.Fatalf("%d session keys after one login, want 1", len(keys))
		}
	})
}

// checkCSRFAndLogin: a missing, forged or borrowed token is refused; the right one logs in;
// the CSRF cookie and token rotate at login.
func checkCSRFAndLogin(t *testing.T, srv *testServer) {
	t.Helper()
	form := func(tok string) url.Values {
		return url.Values{"_csrf": {tok}, "login": {"nakato"}, "password": {"password-nakato"}}
	}
	c := srv.client(t)
	tok := c.csrf("/login")
	other := srv.client(t)
	otherTok := other.csrf("/login")
	for name, bad := range map[string]string{"missing": "", "forged": strings.Repeat("A", len(tok)), "another visitor's": otherTok} {
		if r := c.do("POST", "/login", form(bad), nil); r.Status != http.StatusForbidden {
			t.Fatalf("%s CSRF token: %d, want 403", name, r.Status)
		}
	}
	// Without the cookie the token is worthless too.
	bare := srv.client(t)
	if r := bare.do("POST", "/login", form(tok), nil); r.Status != http.StatusForbidden {
		t.Fatalf("token without its cookie: %d, want 403", r.Status)
	}
	if r := c.do("POST", "/login", form(tok), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("login with the right token: %d", r.Status)
	}
	after := c.csrf("/home")
	if after == tok {
		t.Fatal("CSRF token not rotated at login")
	}
	// The pre-login token no longer works for the signed-in session.
	if r := c.do("POST", "/logout", url.Values{"_csrf": {tok}}, nil); r.Status != http.StatusForbidden {
		t.Fatalf("pre-login token after login: %d, want 403", r.Status)
	}
	if r := c.get("/home"); r.Status != 200 {
		t.Fatalf("home after login: %d", r.Status)
	}
}
