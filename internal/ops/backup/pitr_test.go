package backup

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// Point-in-time recovery as the README's operations section sets it up: WAL archiving on,
// a base backup, then rows written before and after a chosen moment; the base backup plus
// the archived WAL restored with recovery_target_time holds exactly the earlier rows.
func TestPointInTimeRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: initdb's and recovers a PostgreSQL cluster (runs in make test)")
	}
	ctx := context.Background()
	work := dbtest.PGDir(t, "zoe-pitr-")
	archive := filepath.Join(work, "wal_archive")
	if err := os.Mkdir(archive, 0o700); err != nil {
		t.Fatal(err)
	}
	chownLike(t, archive, work)
	primary := dbtest.NewCluster(t, map[string]string{
		"wal_level":       "replica",
		"archive_mode":    "on",
		"archive_command": "test ! -f " + archive + "/%f && cp %p " + archive + "/%f",
		"archive_timeout": "60",
	})
	primary.Exec("postgres", "CREATE DATABASE zoe")
	primary.Exec("zoe", "CREATE TABLE readings (id bigint PRIMARY KEY, mgdl double precision NOT NULL, at timestamptz NOT NULL DEFAULT now())")
	base := filepath.Join(work, "base")
	primary.BaseBackup(base, "-X", "none", "--checkpoint=fast")

	primary.Exec("zoe", "INSERT INTO readings (id, mgdl) SELECT g, 90 + g FROM generate_series(1, 100) g")
	conn, err := pgx.Connect(ctx, primary.URL("zoe"))
	if err != nil {
		t.Fatal(err)
	}
	var target time.Time
	if err := conn.QueryRow(ctx, "SELECT clock_timestamp()").Scan(&target); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // commits after the target carry a later timestamp
	primary.Exec("zoe", "INSERT INTO readings (id, mgdl) SELECT g, 90 + g FROM generate_series(101, 150) g",
		"DELETE FROM readings WHERE id <= 10")
	// Archive the segment holding the later commits and wait for the archiver.
	var seg string
	if err := conn.QueryRow(ctx, "SELECT pg_walfile_name(pg_switch_wal())").Scan(&seg); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(archive, seg)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WAL segment %s not archived\n%s", seg, primary.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
	primary.Stop() // the primary is "lost"; only the base backup and the archive remain

	if err := os.WriteFile(filepath.Join(base, "recovery.signal"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	chownLike(t, filepath.Join(base, "recovery.signal"), work)
	restored := dbtest.OpenCluster(t, primary.Bin, base, map[string]string{
		"restore_command":        "cp " + archive + "/%f %p",
		"recovery_target_time":   target.UTC().Format("2006-01-02 15:04:05.999999+00"),
		"recovery_target_action": "promote",
		"archive_mode":           "off",
	})
	rc, err := pgx.Connect(ctx, restored.URL("zoe"))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close(ctx)
	deadline = time.Now().Add(60 * time.Second)
	for {
		var inRecovery bool
		if err := rc.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&inRecovery); err != nil {
			t.Fatal(err)
		}
		if !inRecovery {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("recovery did not finish\n%s", restored.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
	var n, lo, hi int64
	if err := rc.QueryRow(ctx, "SELECT count(*), min(id), max(id) FROM readings").Scan(&n, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if n != 100 || lo != 1 || hi != 100 {
		t.Fatalf("restored to %s: %d rows, ids %d–%d; want exactly the 100 rows written before it\n%s", target, n, lo, hi, restored.Log())
	}
}

// chownLike gives path the owner of ref (the PostgreSQL server user under root).
func chownLike(t *testing.T, path, ref string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	out, err := exec.Command("chown", "--reference="+ref, path).CombinedOutput()
	if err != nil {
		t.Fatalf("chown: %v %s", err, out)
	}
}
