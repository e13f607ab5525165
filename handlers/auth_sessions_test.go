package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

// register signs a new patient up through the form and returns the new user.
func (c *client) register(d *db.DB, username string) db.User {
	c.t.Helper()
	r := c.post("/register", "/register", url.Values{"username": {username}, "email": {username + "@example.org"},
		"password": {"a long enough passphrase"}, "confirm": {"a long enough passphrase"}, "role": {"patient"}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("register %s: %d\n%s", username, r.Status, r.Body)
	}
	u, err := d.GetUserByLogin(context.Background(), username)
	if err != nil {
		c.t.Fatal(err)
	}
	return u
}

// Issue 21.1: with sessions in Redis, a user who signed up after the backup keeps a
// cookie for id N; after the restore the next sign-up gets id N again. The old cookie
// must not open the new user's account. (The restore alone is done here, without `zoe
// restore` ending the sessions, to show that the session key is what protects.)
func TestRestoredIDsDoNotReopenOldSessions(t *testing.T) {
	for _, engine := range []db.Engine{db.SQLite, db.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			dsn := filepath.Join(t.TempDir(), "zoe.db")
			if engine == db.Postgres {
				dsn = dbtest.NewPostgresURL(t)
			}
			open := func() *db.DB {
				d, err := db.Open(ctx, dsn, db.Options{MaxConns: 4})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := d.MigrateUp(ctx); err != nil {
					t.Fatal(err)
				}
				return d
			}
			rc := redisClient(t)
			prefix := "zoe-test-" + strings.ReplaceAll(t.Name(), "/", "-") + ":"
			cleanupPrefix(t, rc, prefix)
			opts := serverOpts{store: goredisstore.NewWithPrefix(rc, prefix+"session:"), cache: cache.NewRedis(rc, prefix)}

			d := open()
			createUser(t, d, "early", "patient")
			id, err := age.GenerateX25519Identity()
			if err != nil {
				t.Fatal(err)
			}
			res, err := backup.Database(ctx, d, backup.Options{Dir: filepath.Join(t.TempDir(), "backups"), Recipients: []age.Recipient{id.Recipient()}})
			if err != nil {
				t.Fatal(err)
			}

			srv := startServer(t, d, opts)
			a := srv.client(t)
			amina := a.register(d, "amina")
			if r := a.get("/profile"); r.Status != 200 || !strings.Contains(r.Body, "amina@example.org") {
				t.Fatalf("amina's profile before the restore: %d", r.Status)
			}
			_ = srv.app.ShutdownWithTimeout(5 * time.Second)
			d.Close()

			loc := db.Location{Engine: engine, DSN: dsn}
			if _, err := backup.Restore(ctx, res.Path, loc, true, backup.VerifyOptions{Identities: []age.Identity{id}}); err != nil {
				t.Fatalf("restore: %v", err)
			}
			d = open()
			t.Cleanup(d.Close)
			srv = startServer(t, d, opts)
			// The same browser on the restored app: cookies are per host, not per port.
			a.srv = srv
			brian := srv.client(t).register(d, "brian")
			if brian.ID != amina.ID {
				t.Fatalf("brian got id %d, amina had %d: the scenario needs the id reused", brian.ID, amina.ID)
			}
			r := a.get("/profile")
			if strings.Contains(r.Body, "brian") || r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
				t.Fatalf("amina's old cookie on brian's id: %d %q, want a redirect to log in", r.Status, r.Header.Get("Location"))
			}
		})
	}
}

// Changing the password needs the current one, refuses weak ones, keeps this session
// (renewed) and ends every other session of the account.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		createUser(t, d, "sarah", "patient")
		srv := startServer(t, d, serverOpts{})
		phone, laptop := srv.client(t), srv.client(t)
		phone.login("sarah")
		laptop.login("sarah")
		for _, tc := range []struct {
			form  url.Values
			field string
		}{
			{url.Values{"old": {"wrong-password"}, "password": {"mango tree at noon"}, "confirm": {"mango tree at noon"}}, "old"},
			{url.Values{"old": {"password-sarah"}, "password": {"password"}, "confirm": {"password"}}, "password"},
			{url.Values{"old": {"password-sarah"}, "password": {"password123"}, "confirm": {"password123"}}, "password"},
			{url.Values{"old": {"password-sarah"}, "password": {"mango tree at noon"}, "confirm": {"mango tree at 1pm"}}, "confirm"},
		} {
			if r := phone.post("/account/password", "/account/password", tc.form); r.Status != 422 || !strings.Contains(r.Body, `id="e-`+tc.field+`"`) {
				t.Fatalf("%v: %d, want 422 with a message on %s", tc.form, r.Status, tc.field)
			}
		}
		before := phone.sessionCookie()
		r := phone.post("/account/password", "/account/password", url.Values{"old": {"password-sarah"}, "password": {"mango tree at noon"}, "confirm": {"mango tree at noon"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("change: %d\n%s", r.Status, r.Body)
		}
		if phone.sessionCookie() == before {
			t.Error("the session token was not renewed")
		}
		if r := phone.get("/profile"); r.Status != 200 || !strings.Contains(r.Body, "Every other device") {
			t.Fatalf("this device after the change: %d", r.Status)
		}
		if r := laptop.get("/profile"); r.Status != http.StatusSeeOther {
			t.Fatalf("the other device after the change: %d, want sent to log in", r.Status)
		}
		old := srv.client(t)
		if r := old.post("/login", "/login", url.Values{"login": {"sarah"}, "password": {"password-sarah"}}); r.Status != 422 {
			t.Fatalf("old password after the change: %d", r.Status)
		}
		if r := old.post("/login", "/login", url.Values{"login": {"sarah"}, "password": {"mango tree at noon"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("new password: %d", r.Status)
		}
	})
}

var resetCodeRE = regexp.MustCompile(`<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>`)

// An administrator issues a one-time code (shown once, stored hashed, expiring); the
// user sets a new password with it; every session of theirs ends; the code works once.
func TestAdminPasswordResetCode(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		createUser(t, d, "boss", "admin")
		joyce := createUser(t, d, "joyce", "patient")
		srv := startServer(t, d, serverOpts{})
		adm, old := srv.client(t), srv.client(t)
		adm.login("boss")
		old.login("joyce")
		issue := func() string {
			t.Helper()
			r := adm.post("/admin/password-reset", "/admin/password-reset", url.Values{"login": {"Joyce"}})
			m := resetCodeRE.FindStringSubmatch(r.Body)
			if r.Status != 200 || m == nil || r.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("issue a code: %d %q", r.Status, r.Header.Get("Cache-Control"))
			}
			return m[1]
		}
		if r := adm.post("/admin/password-reset", "/admin/password-reset", url.Values{"login": {"nobody"}}); r.Status != 422 {
			t.Fatalf("code for an unknown user: %d", r.Status)
		}
		code := issue()
		var stored string
		q := "SELECT code_hash FROM password_reset_codes WHERE user_id = $1"
		var err error
		if d.Engine() == db.Postgres {
			err = d.Pool().QueryRow(ctx, q, joyce.ID).Scan(&stored)
		} else {
			err = d.SQL().QueryRow(strings.Replace(q, "$1", "?", 1), joyce.ID).Scan(&stored)
		}
		if err != nil || stored == code || strings.Contains(stored, strings.ReplaceAll(code, "-", "")) || len(stored) != 64 {
			t.Fatalf("stored %q (%v): want only a hash of the code", stored, err)
		}

		anon := srv.client(t)
		if r := anon.get("/password/reset?login=joyce&code=" + code); r.Status != 200 || !strings.Contains(r.Body, code) {
			t.Fatalf("reset link: %d", r.Status)
		}
		set := func(code, pw string) resp {
			return anon.post("/password/reset", "/password/reset", url.Values{"login": {"joyce"}, "code": {code}, "password": {pw}, "confirm": {pw}})
		}
		if r := set("ABCD-EFGH-JKMN-PQRS", "sweet potatoes at dawn"); r.Status != 422 || !strings.Contains(r.Body, `id="e-code"`) {
			t.Fatalf("wrong code: %d", r.Status)
		}
		if r := set(code, "password"); r.Status != 422 || !strings.Contains(r.Body, `id="e-password"`) {
			t.Fatalf("weak password with the code: %d", r.Status)
		}
		// Typed in lower case with spaces: still the code; the weak try did not use it up.
		if r := set(strings.ToLower(strings.ReplaceAll(code, "-", " ")), "sweet potatoes at dawn"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login?reset=1" {
			t.Fatalf("reset: %d %q\n%s", r.Status, r.Header.Get("Location"), r.Body)
		}
		if r := old.get("/home"); r.Status != http.StatusSeeOther {
			t.Fatalf("joyce's old session after the reset: %d", r.Status)
		}
		if r := set(code, "another fine passphrase"); r.Status != 422 {
			t.Fatalf("the code worked twice: %d", r.Status)
		}
		if r := srv.client(t).post("/login", "/login", url.Values{"login": {"joyce"}, "password": {"sweet potatoes at dawn"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("login with the new password: %d", r.Status)
		}
		// An expired code is refused.
		code = issue()
		past := "UPDATE password_reset_codes SET expires_at = $1"
		if d.Engine() == db.Postgres {
			_, err = d.Pool().Exec(ctx, past, time.Now().Add(-time.Minute))
		} else {
			_, err = d.SQL().Exec(strings.Replace(past, "$1", "?", 1), time.Now().Add(-time.Minute).UTC())
		}
		if err != nil {
			t.Fatal(err)
		}
		if r := set(code, "another fine passphrase"); r.Status != 422 {
			t.Fatalf("expired code: %d", r.Status)
		}
	})
}

// countingStore counts the writes to a session store (sqlite3store: a plain scs.Store).
type countingStore struct {
	scs.Store
	commits atomic.Int64
}

func (s *countingStore) Commit(token string, b []byte, expiry time.Time) error {
	s.commits.Add(1)
	return s.Store.Commit(token, b, expiry)
}

// Issue 19: a page view that changes nothing writes nothing. scs re-commits every loaded
// session to push its idle expiry forward; now that happens at most once a minute.
func TestSignedInPageViewsDoNotWriteTheSession(t *testing.T) {
	d := dbtest.NewSQLite(t)
	createUser(t, d, "musoke", "patient")
	store := &countingStore{Store: sqlite3store.NewWithCleanupInterval(d.SQL(), 0)}
	srv := startServer(t, d, serverOpts{store: store})
	c := srv.as(t, "musoke")
	start := store.commits.Load()
	for i := 0; i < 20; i++ {
		for _, p := range []string{"/home", "/records", "/profile"} {
			if r := c.get(p); r.Status != 200 {
				t.Fatalf("GET %s: %d", p, r.Status)
			}
		}
	}
	if n := store.commits.Load() - start; n != 0 {
		t.Fatalf("60 signed-in page views wrote the session %d times, want 0", n)
	}
	// A change is still written at once: a flash message is set, then consumed.
	if r := c.post("/weight", "/weight", url.Values{"weight": {"72.5"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("weigh-in: %d\n%s", r.Status, r.Body)
	}
	if n := store.commits.Load() - start; n != 1 {
		t.Fatalf("a request that set a flash message wrote the session %d times, want 1", n)
	}
	if r := c.get("/weight"); r.Status != 200 || !strings.Contains(r.Body, "flash ok") {
		t.Fatalf("the flash message is not shown: %d", r.Status)
	}
	if n := store.commits.Load() - start; n != 2 {
		t.Fatalf("consuming the flash message: %d writes in all, want 2", n)
	}
	// With a touch interval of 1 ns every view pushes the idle expiry forward again.
	touchy := startServer(t, d, serverOpts{store: store, touch: time.Nanosecond})
	c2 := touchy.client(t)
	c2.login("musoke")
	start = store.commits.Load()
	for i := 0; i < 5; i++ {
		c2.get("/home")
	}
	if n := store.commits.Load() - start; n != 5 {
		t.Fatalf("5 views past the touch interval wrote %d times, want 5", n)
	}
}
