package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/alexedwards/scs/goredisstore"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// The signed-in user is kept in each server's first level, and a change made anywhere is
// seen by the next request on every instance: two app instances share PostgreSQL or SQLite
// and Redis; the user is read (and cached) on A; a role change made and invalidated through
// B is enforced by A at once; so is a session key renewed by `zoe end-sessions`.
func TestCachedUserChangesTakeEffectAtOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rc := redisClient(t)
		prefix := "zoe-test-" + strings.ReplaceAll(t.Name(), "/", "-") + ":"
		cleanupPrefix(t, rc, prefix)
		store := goredisstore.NewWithPrefix(rc, prefix+"session:")
		a := startServer(t, d, serverOpts{store: store, cache: cache.NewRedis(rc, prefix)})
		b := startServer(t, d, serverOpts{store: store, cache: cache.NewRedis(redisClient(t), prefix)})
		u := createUser(t, d, "cached-amina", "patient")
		ca := a.client(t)
		ca.login("cached-amina")
		for range 3 {
			if r := ca.get("/home"); r.Status != 200 {
				t.Fatalf("home: %d", r.Status)
			}
		}
		// The row changes behind A's back; until someone invalidates, A serves its copy
		// (this is what saves the query), then B's invalidation reaches A at once.
		if _, err := d.SQL().Exec(rebind(d, "UPDATE users SET role = 'dietitian' WHERE id = ?"), u.ID); err != nil {
			t.Fatal(err)
		}
		if r := ca.get("/home"); r.Status != 200 {
			t.Fatalf("home before the invalidation: %d, want 200 from the cached user (is the first level used?)", r.Status)
		}
		if err := suggest.InvalidateUser(ctx, b.Cache, u.ID); err != nil {
			t.Fatal(err)
		}
		if r := ca.get("/home"); r.Status != http.StatusForbidden {
			t.Fatalf("home after the role change: %d, want 403 at once", r.Status)
		}
		// A new session key for everyone (end-sessions bumps the accounts namespace).
		if _, err := d.RotateAllSessionKeys(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.Cache.Invalidate(ctx, handlers.AccountsNamespace); err != nil {
			t.Fatal(err)
		}
		if r := ca.get("/dietitian"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("after new session keys: %d %q, want a redirect to log in", r.Status, r.Header.Get("Location"))
		}
	})
}

func rebind(d *db.DB, q string) string {
	if d.Engine() == db.Postgres {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
}
