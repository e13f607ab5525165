package handlers_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/accounts/throttle"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
)

// testServer is the app on a real loopback listener, as a browser sees it.
type testServer struct {
	URL   string
	DB    *db.DB
	app   *fiber.App
	Cache cache.Cache
	// Uploads is the server's file store folder (meal photos).
	Uploads string
}

type serverOpts struct {
	store   scs.Store // nil: the database store
	cache   cache.Cache
	metrics *metrics.Metrics     // optional: /metrics and request counting
	config  func(*config.Config) // optional: adjust the configuration
	limiter throttle.Store       // nil: an in-process limiter
	touch   time.Duration        // session touch interval (0: the default)
}

func startServer(t *testing.T, d *db.DB, o serverOpts) *testServer {
	t.Helper()
	cfg, _, err := config.Load("test", nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.SecretKey = "test-secret-key-for-csrf-signing-0123456789"
	cfg.UploadsDir = t.TempDir() // meal photos: never in the source tree
	if o.config != nil {
		o.config(&cfg)
	}
	if o.store == nil {
		if d.Engine() == db.Postgres {
			ps := pgxstore.NewWithCleanupInterval(d.Pool(), 0)
			o.store = ps
		} else {
			o.store = sqlite3store.NewWithCleanupInterval(d.SQL(), 0)
		}
	}
	if o.cache == nil {
		o.cache = cache.NewLRU(1000, time.Minute)
	}
	if o.limiter == nil {
		o.limiter = throttle.NewMemory()
	}
	sm := handlers.NewSessionManager(o.store, time.Hour, time.Hour, false)
	app := handlers.New(handlers.Deps{Config: cfg, DB: d, Sessions: sm, Cache: o.cache,
		Limiter: throttle.New(o.limiter, throttle.DefaultLimits()), Metrics: o.metrics, SessionTouchInterval: o.touch})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return &testServer{URL: "http://" + ln.Addr().String(), DB: d, app: app, Cache: o.cache, Uploads: cfg.UploadsDir}
}

// client is a browser-like client: it keeps cookies and does not follow redirects.
type client struct {
	t   *testing.T
	srv *testServer
	hc  *http.Client
}

func (s *testServer) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, srv: s, hc: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as is a new client signed in as username (see login).
func (s *testServer) as(t *testing.T, username string) *client {
	t.Helper()
	c := s.client(t)
	c.login(username)
	return c
}

type resp struct {
	Status int
	Body   string
	Header http.Header
}

func (c *client) do(method, path string, form url.Values, headers map[string]string) resp {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(b), res.Header}
}

func (c *client) get(path string) resp { c.t.Helper(); return c.do("GET", path, nil, nil) }

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf fetches a page and returns the CSRF token its forms carry.
func (c *client) csrf(page string) string {
	c.t.Helper()
	r := c.get(page)
	m := csrfRE.FindStringSubmatch(r.Body)
	if m == nil {
		c.t.Fatalf("no CSRF token on %s (status %d)", page, r.Status)
	}
	return m[1]
}

// post submits a form the way the browser does: with the token of the page it came from.
func (c *client) post(page, path string, form url.Values) resp {
	c.t.Helper()
	form.Set("_csrf", c.csrf(page))
	return c.do("POST", path, form, nil)
}

func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.srv.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == "zoe_session" {
			return ck.Value
		}
	}
	return ""
}

// createUser makes an account directly in the database.
func createUser(t *testing.T, d *db.DB, username, role string) db.User {
	t.Helper()
	hash, err := accounts.HashPassword("password-" + username)
	if err != nil {
		t.Fatal(err)
	}
	u, err := d.CreateUser(context.Background(), db.CreateUserParams{Username: username, Email: username + "@example.org",
		PasswordHash: hash, Role: role, GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// login signs the client in as username (whose password is "password-"+username).
func (c *client) login(username string) {
	c.t.Helper()
	r := c.post("/login", "/login", url.Values{"login": {username}, "password": {"password-" + username}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d\n%s", username, r.Status, r.Body)
	}
}
