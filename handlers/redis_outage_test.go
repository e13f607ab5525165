package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
)

// redisServer is a redis-server of the test's own, on a free port, that the test can stop
// and start again.
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

func startRedisServer(t *testing.T) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		dbtest.Unavailable(t, "redis-server binary", err)
	}
	r := &redisServer{t: t, port: dbtest.FreePort(t)}
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *redisServer) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", fmt.Sprint(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	rc, _ := cache.NewRedisClient(r.url())
	defer rc.Close()
	deadline := time.Now().Add(10 * time.Second)
	for rc.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			r.t.Fatal("redis-server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *redisServer) stop() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}

func (r *redisServer) url() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

// With Redis (sessions and cache) stopped, pages still render, cache lookups are bypassed and
// counted, logging in says "try again shortly"; when Redis returns everything recovers.
func TestRedisOutageAndRecovery(t *testing.T) {
	rs := startRedisServer(t)
	rc, err := cache.NewRedisClient(rs.url())
	if err != nil {
		t.Fatal(err)
	}
	rc.Options().ReadTimeout = 300 * time.Millisecond
	rc.Options().WriteTimeout = 300 * time.Millisecond
	t.Cleanup(func() { rc.Close() })
	m, err := metrics.New()
	if err != nil {
		t.Fatal(err)
	}
	c := cache.WithMetrics(cache.NewRedis(rc, "zoe:", cache.WithCooldown(200*time.Millisecond)), m.Cache)
	d := dbtest.NewSQLite(t)
	createUser(t, d, "nakato", "patient")
	srv := startServer(t, d, serverOpts{store: goredisstore.NewWithPrefix(rc, "zoe:session:"), cache: c, metrics: m})
	ctx := context.Background()
	lookup := func() (string, error) {
		return cache.GetOrLoad(ctx, c, "food", "food", "matooke", time.Minute, func(context.Context) (string, error) {
			return "plantain", nil
		})
	}

	// Before: sessions and cache in Redis.
	u := srv.as(t, "nakato")
	if r := u.get("/home"); r.Status != 200 {
		t.Fatalf("home before the outage: %d", r.Status)
	}
	if _, err := lookup(); err != nil {
		t.Fatal(err)
	}
	if n, _ := rc.DBSize(ctx).Result(); n == 0 {
		t.Fatal("nothing stored in Redis")
	}

	rs.stop()

	// Pages render (no 500s); the signed-in user is asked to log in again.
	anon := srv.client(t)
	for _, p := range []string{"/login", "/register", "/healthz"} {
		start := time.Now()
		if r := anon.get(p); r.Status != 200 {
			t.Fatalf("%s during the outage: %d\n%s", p, r.Status, r.Body)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%s took %s during the outage", p, took)
		}
	}
	if r := u.get("/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("/home during the outage: %d, want a redirect to log in", r.Status)
	}
	// Cache lookups still answer, loading directly, and the bypass is counted.
	before := testutil.ToFloat64(m.Cache.Bypasses.WithLabelValues("food"))
	if v, err := lookup(); err != nil || v != "plantain" {
		t.Fatalf("lookup during the outage: %q %v", v, err)
	}
	if after := testutil.ToFloat64(m.Cache.Bypasses.WithLabelValues("food")); after != before+1 {
		t.Fatalf("bypasses %v → %v, want one more", before, after)
	}
	// Logging in says plainly to try again shortly.
	r := anon.do("POST", "/login", url.Values{"login": {"nakato"}, "password": {"password-nakato"}, "_csrf": {"x"}}, nil)
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "try again shortly") {
		t.Fatalf("login during the outage: %d\n%s", r.Status, r.Body)
	}

	rs.start()

	// After: log in again, sessions persist, cache used again.
	deadline := time.Now().Add(10 * time.Second)
	again := srv.client(t)
	for {
		tok := csrfRE.FindStringSubmatch(again.get("/login").Body)
		if tok != nil {
			res := again.do("POST", "/login", url.Values{"login": {"nakato"}, "password": {"password-nakato"}, "_csrf": {tok[1]}}, nil)
			if res.Status == http.StatusSeeOther {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("login did not recover after Redis returned")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := again.get("/home"); r.Status != 200 {
		t.Fatalf("home after recovery: %d", r.Status)
	}
	// The cache skips Redis for its cooldown (200 ms) after the last failure it saw.
	hits := testutil.ToFloat64(m.Cache.Hits.WithLabelValues("food"))
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := lookup(); err != nil {
			t.Fatal(err)
		}
		if testutil.ToFloat64(m.Cache.Hits.WithLabelValues("food")) > hits {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cache is not used again after recovery")
		}
	}
}
