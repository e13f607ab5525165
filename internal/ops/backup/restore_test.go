package backup

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// A restore --force interrupted at every step (while the data is extracted, while
// pg_restore loads it, while it is checked, just before the swap) leaves the old data in
// place and says so; the next restore succeeds and leaves no scratch database behind.
func TestInterruptedRestoreKeepsOldData(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, 20)
		id, o := newKey(t)
		res, err := Database(ctx, d, o)
		if err != nil {
			t.Fatal(err)
		}
		// The live data moves on after the backup: 25 users.
		for i := range 5 {
			name := fmt.Sprintf("later%d", i)
			if _, err := d.CreateUser(ctx, db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: "x",
				Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: fixed}); err != nil {
				t.Fatal(err)
			}
		}
		loc, err := db.ParseURL(d.URL())
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
		users := func() int64 {
			t.Helper()
			h, err := db.Open(ctx, loc.DSN, db.Options{MaxConns: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			n, err := h.RowCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n["users"]
		}
		vo := VerifyOptions{Identities: []age.Identity{id}}
		if loc.Engine == db.Postgres {
			vo.PostgresURL = loc.DSN
		}
		stages := []string{"extract", "check", "swap"}
		if loc.Engine == db.Postgres {
			stages = []string{"extract", "create", "load", "check", "swap"}
		}
		defer func() { restoreStage = func(string) {} }()
		for _, stage := range stages {
			for _, delay := range []time.Duration{0, 150 * time.Millisecond} {
				if delay > 0 && stage != "load" {
					continue
				}
				t.Run(fmt.Sprintf("%s+%s", stage, delay), func(t *testing.T) {
					rctx, cancel := context.WithCancel(ctx)
					defer cancel()
					restoreStage = func(s string) {
						if s == stage {
							time.AfterFunc(delay, cancel)
							if delay == 0 {
								cancel()
							}
						}
					}
					_, err := Restore(rctx, res.Path, loc, true, vo)
					if err == nil {
						t.Fatal("the interrupted restore succeeded")
					}
					if !errors.Is(err, ErrUnchanged) || !strings.Contains(err.Error(), "the database was not changed") {
						t.Fatalf("error does not say the database is unchanged: %v", err)
					}
					if n := users(); n != 25 {
						t.Fatalf("after a restore interrupted at %s the database holds %d users, want the old 25", stage, n)
					}
				})
			}
		}
		restoreStage = func(string) {}
		rep, err := Restore(ctx, res.Path, loc, true, vo)
		if err != nil {
			t.Fatal(err)
		}
		if n := users(); n != 20 || rep.Rows != res.Manifest.Rows() {
			t.Fatalf("after the restore: %d users (want the backup's 20), report %d rows", n, rep.Rows)
		}
		if loc.Engine == db.Postgres {
			admin, err := pgx.Connect(ctx, dbtest.PostgresAdminURL())
			if err != nil {
				t.Fatal(err)
			}
			defer admin.Close(ctx)
			var left int
			name := strings.TrimPrefix(loc.DSN[strings.LastIndexByte(loc.DSN, '/'):], "/")
			if i := strings.IndexByte(name, '?'); i >= 0 {
				name = name[:i]
			}
			staging, old := pgNames(name)
			if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname IN ($1, $2)", staging, old).Scan(&left); err != nil || left != 0 {
				t.Fatalf("%d scratch databases left (%v)", left, err)
			}
		}
	})
}
