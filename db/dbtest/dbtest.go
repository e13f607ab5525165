// Package dbtest gives tests fresh, migrated databases on both engines, so that the same
// contract tests run against SQLite and PostgreSQL back to back.
//
// PostgreSQL comes from ZOE_TEST_POSTGRES_URL (default: the local server's "test" database);
// each test gets its own database, dropped at the end. When PostgreSQL cannot be reached the
// PostgreSQL half is skipped with the reason — or fails when ZOE_REQUIRE_SERVICES=1 (CI).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db"
)

// DefaultPostgresURL is the local server every developer machine and CI has.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// RequireServices reports whether missing PostgreSQL or Redis must fail tests (CI sets it).
func RequireServices() bool { return os.Getenv("ZOE_REQUIRE_SERVICES") == "1" }

// PostgresAdminURL is the URL tests use to create their own databases.
func PostgresAdminURL() string {
	if u := os.Getenv("ZOE_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Unavailable skips the test with the reason, or fails it when services are required.
func Unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if RequireServices() {
		t.Fatalf("%s is required (ZOE_REQUIRE_SERVICES=1) but unreachable: %v", what, err)
	}
	t.Skipf("skipped: %s unreachable (%v); set ZOE_REQUIRE_SERVICES=1 to make this a failure", what, err)
}

// ForEachEngine runs fn as a subtest on a fresh SQLite database and a fresh PostgreSQL database.
func ForEachEngine(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, NewSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgres(t)) })
}

// NewSQLite opens a migrated SQLite database in a temporary directory.
func NewSQLite(t testing.TB) *db.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "zoe.db")
	return openMigrated(t, path)
}

// NewPostgresURL creates an empty PostgreSQL database for this test and returns its URL; the
// database is dropped when the test ends.
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, PostgresAdminURL())
	if err != nil {
		Unavailable(t, "PostgreSQL", err)
	}
	defer admin.Close(context.Background())
	name := "zoe_t_" + randomHex(6)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, PostgresAdminURL())
		if err != nil {
			t.Logf("drop test database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return replaceDBName(PostgresAdminURL(), name)
}

// NewPostgres opens a migrated PostgreSQL database of its own.
func NewPostgres(t testing.TB) *db.DB {
	t.Helper()
	return openMigrated(t, NewPostgresURL(t))
}

func openMigrated(t testing.TB, url string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, url, db.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(d.Close)
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

func replaceDBName(url, name string) string {
	q := ""
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, q = url[:i], url[i:]
	}
	if i := strings.LastIndexByte(url, '/'); i > len("postgres://") {
		url = url[:i]
	}
	return fmt.Sprintf("%s/%s%s", url, name, q)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Count runs a query that returns one integer (a count, a sum) on either engine.
func Count(t testing.TB, d *db.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := d.SQL().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
