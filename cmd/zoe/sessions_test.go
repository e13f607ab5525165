package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
)

// After a restore every session ends: each user gets a new session key, the database
// session store is emptied, and the sessions in Redis are deleted (nothing else there).
func TestEndAllSessions(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var keys []string
		var ids []int64
		for _, name := range []string{"amina", "brian"} {
			u, err := d.CreateUser(ctx, db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: "x",
				Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if u, err = d.GetUser(ctx, u.ID); err != nil || u.SessionKey == "" {
				t.Fatalf("new user without a session key: %+v %v", u, err)
			}
			keys, ids = append(keys, u.SessionKey), append(ids, u.ID)
		}
		if keys[0] == keys[1] {
			t.Fatal("two users share a session key")
		}
		var err error
		if d.Engine() == db.Postgres {
			_, err = d.Pool().Exec(ctx, "INSERT INTO sessions (token, data, expiry) VALUES ('a', '\\x00', $1), ('b', '\\x00', $1)", time.Now().Add(time.Hour))
		} else {
			_, err = d.SQL().Exec("INSERT INTO sessions (token, data, expiry) VALUES ('a', x'00', 9e9), ('b', x'00', 9e9)")
		}
		if err != nil {
			t.Fatal(err)
		}
		rc := cachetest.Client(t)
		prefix := cachetest.Prefix(t, rc)
		for _, k := range []string{"session:a", "session:b", "session:c"} {
			rc.Set(ctx, prefix+k, "x", time.Hour)
		}
		rc.Set(ctx, prefix+"cache:keep", "x", time.Hour)

		gen0, err := cache.NewRedis(rc, prefix).Generation(ctx, handlers.AccountsNamespace)
		if err != nil {
			t.Fatal(err)
		}
		e, err := endAllSessions(ctx, d, rc, prefix+"session:")
		if err != nil {
			t.Fatal(err)
		}
		if e.Users != 2 || e.StoredRows != 2 || e.RedisKeys != 3 || e.RedisUnreached != nil {
			t.Fatalf("ended %+v, want 2 users, 2 stored sessions, 3 Redis keys", e)
		}
		for i, id := range ids {
			u, err := d.GetUser(ctx, id)
			if err != nil || u.SessionKey == keys[i] || u.SessionKey == "" {
				t.Errorf("user %d key %q → %q (%v): want a new one", id, keys[i], u.SessionKey, err)
			}
		}
		// Signed-in users cached by serve are read again: the accounts generation moved.
		if g, err := cache.NewRedis(rc, prefix).Generation(ctx, handlers.AccountsNamespace); err != nil || g <= gen0 {
			t.Errorf("accounts generation %d (%v): want it bumped", g, err)
		}
		if n, _ := rc.Exists(ctx, prefix+"cache:keep").Result(); n != 1 {
			t.Error("a key outside the session prefix was deleted")
		}
		if s := e.String(); !strings.Contains(s, "new session keys for 2 users") || !strings.Contains(s, "3 Redis sessions deleted") {
			t.Errorf("report %q", s)
		}
	})
}
