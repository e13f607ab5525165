package offline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/offline"
)

// Prune removes the snapshots of accounts that no longer exist and half-written files, and
// keeps those of existing accounts.
func TestPruneRemovesSnapshotsOfDeletedAccounts(t *testing.T) {
	d := dbtest.NewSQLite(t)
	u, err := d.CreateUser(t.Context(), db.CreateUserParams{Username: "kept", Email: "kept@example.org", PasswordHash: "x",
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kept := filepath.Join(dir, "1.json")
	if u.ID != 1 {
		t.Fatalf("user id %d", u.ID)
	}
	for _, name := range []string{"1.json", "424242.json", ".snapshot-123", "README"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(`{"user":{"username":"x"}}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n, err := (&offline.Store{Dir: dir, DB: d}).Prune(t.Context())
	if err != nil || n != 2 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left %v", entries)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("an existing account's snapshot was removed: %v", err)
	}
	if n, err := (&offline.Store{Dir: filepath.Join(dir, "missing"), DB: d}).Prune(t.Context()); err != nil || n != 0 {
		t.Errorf("missing dir: %d %v", n, err)
	}
}
