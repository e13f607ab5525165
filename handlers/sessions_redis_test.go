package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/redis/go-redis/v9"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

func redisClient(t *testing.T) *redis.Client {
	t.Helper()
	u := os.Getenv("ZOE_TEST_REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379/0"
	}
	rc, err := cache.NewRedisClient(u)
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Ping(context.Background()).Err(); err != nil {
		dbtest.Unavailable(t, "Redis", err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc
}

func cleanupPrefix(t *testing.T, rc *redis.Client, prefix string) {
	t.Cleanup(func() {
		ctx := context.Background()
		keys, _ := rc.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			rc.Del(ctx, keys...)
		}
	})
}

// Sessions in real Redis: the next request is authenticated, logout invalidates, and a
// session survives a restart of the app (a new app instance on the same Redis).
func TestRedisSessionsSurviveRestart(t *testing.T) {
	rc := redisClient(t)
	prefix := "zoe-test-" + t.Name() + ":"
	cleanupPrefix(t, rc, prefix)
	d := dbtest.NewSQLite(t)
	createUser(t, d, "mukasa", "patient")
	newServer := func() *testServer {
		return startServer(t, d, serverOpts{store: goredisstore.NewWithPrefix(rc, prefix+"session:"), cache: cache.NewRedis(rc, prefix)})
	}
	first := newServer()
	c := first.client(t)
	c.login("mukasa")
	if r := c.get("/home"); r.Status != 200 {
		t.Fatalf("next request not authenticated: %d", r.Status)
	}
	tok := c.sessionCookie()
	if n, _ := rc.Exists(context.Background(), prefix+"session:"+tok).Result(); n != 1 {
		t.Fatal("session not stored in Redis")
	}
	_ = first.app.Shutdown()

	second := newServer()
	c2 := second.client(t)
	u, _ := url.Parse(second.URL)
	c2.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "zoe_session", Value: tok}})
	if r := c2.get("/home"); r.Status != 200 {
		t.Fatalf("session lost across restart: %d", r.Status)
	}
	if r := c2.post("/home", "/logout", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.Status)
	}
	if n, _ := rc.Exists(context.Background(), prefix+"session:"+tok).Result(); n != 0 {
		t.Fatal("session still in Redis after logout")
	}
	c3 := second.client(t)
	c3.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "zoe_session", Value: tok}})
	if r := c3.get("/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("logged-out session still accepted: %d", r.Status)
	}
}
