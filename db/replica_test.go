package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// A real streaming replica on loopback: a primary initdb'd on a free port and a standby made
// with pg_basebackup -R. Reads go to the replica while it keeps up, to the primary when it
// lags beyond the bound (replay paused) or is stopped, and back to the replica when it recovers.
func TestReadReplicaFallback(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: starts two PostgreSQL clusters (runs in make test)")
	}
	ctx := context.Background()
	primary := dbtest.NewCluster(t, map[string]string{"wal_level": "replica", "max_wal_senders": "5"})
	primary.Exec("postgres", "CREATE DATABASE zoe")
	standbyDir := filepath.Join(dbtest.PGDir(t, "zoe-standby-"), "data")
	primary.BaseBackup(standbyDir, "-R", "-X", "stream")
	standby := dbtest.OpenCluster(t, primary.Bin, standbyDir, map[string]string{"hot_standby": "on"})

	const maxLag = 2 * time.Second
	d, err := db.Open(ctx, primary.URL("zoe"), db.Options{ReplicaURL: standby.URL("zoe"), ReplicaMaxLag: maxLag,
		ReplicaCheckEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	mkUser := func(name string) db.User {
		u, err := d.CreateUser(ctx, db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: "x",
			Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; replica status %+v", what, d.Replica())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	visible := func(id int64) bool { _, err := d.Read().GetUser(ctx, id); return err == nil }

	a := mkUser("akello")
	waitFor("the replica to replay the first user", func() bool { return d.ReadTarget() == "replica" && visible(a.ID) })
	if st := d.Replica(); !st.Healthy || st.Lag > maxLag {
		t.Fatalf("replica should be healthy: %+v", st)
	}

	// Pause replay: the replica falls behind; a fresh write is on the primary only.
	standby.Exec("zoe", "SELECT pg_wal_replay_pause()")
	b := mkUser("byaruhanga")
	if d.ReadTarget() == "replica" && visible(b.ID) {
		t.Fatal("a row written after replay paused is visible through Read(): reads are not on the replica")
	}
	waitFor("reads to fall back to the primary once the lag passes the bound", func() bool { return d.ReadTarget() == "primary" })
	if st := d.Replica(); st.Healthy || st.Problem == "" {
		t.Fatalf("status should report lag: %+v", st)
	}
	if !visible(b.ID) {
		t.Fatal("fallback to the primary does not see the new row")
	}

	standby.Exec("zoe", "SELECT pg_wal_replay_resume()")
	waitFor("the replica to catch up and serve reads again", func() bool { return d.ReadTarget() == "replica" && visible(b.ID) })

	// A hung replica: the primary takes an exclusive lock on users, the replica replays it,
	// replay is paused, the primary lets go. The replica now holds the lock for as long as
	// replay stays paused, so any query on users waits there. A second handle whose lag check
	// cannot notice (1 h bound, no periodic check) must still answer within its replica
	// timeout, from the primary.
	const timeout = 500 * time.Millisecond
	openHung := func() *db.DB {
		d2, err := db.Open(ctx, primary.URL("zoe"), db.Options{ReplicaURL: standby.URL("zoe"), ReplicaMaxLag: time.Hour,
			ReplicaCheckEvery: time.Hour, ReplicaTimeout: timeout})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d2.Close)
		if d2.ReadTarget() != "replica" {
			t.Fatalf("the handle does not read the replica: %+v", d2.Replica())
		}
		return d2
	}
	lockConn, err := pgx.Connect(ctx, primary.URL("zoe"))
	if err != nil {
		t.Fatal(err)
	}
	defer lockConn.Close(ctx)
	standbyConn, err := pgx.Connect(ctx, standby.URL("zoe"))
	if err != nil {
		t.Fatal(err)
	}
	defer standbyConn.Close(ctx)
	tx, err := lockConn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE users IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	waitFor("the replica to replay the lock", func() bool {
		var n int
		err := standbyConn.QueryRow(ctx, `SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
			WHERE c.relname = 'users' AND l.mode = 'AccessExclusiveLock'`).Scan(&n)
		return err == nil && n > 0
	})
	standby.Exec("zoe", "SELECT pg_wal_replay_pause()")
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	for i, read := range []func(d2 *db.DB) error{
		func(d2 *db.DB) error { _, err := d2.Read().GetUser(ctx, a.ID); return err },                 // QueryRow
		func(d2 *db.DB) error { _, err := d2.Read().CareListLinksForPatient(ctx, a.ID); return err }, // Query (:many)
	} {
		d2 := openHung()
		start := time.Now()
		err := read(d2)
		took := time.Since(start)
		if err != nil {
			t.Fatalf("read %d with the replica holding a lock: %v", i, err)
		}
		if took > timeout+time.Second {
			t.Fatalf("read %d took %s with a %s replica timeout", i, took, timeout)
		}
		t.Logf("read %d answered from the primary in %s", i, took.Round(time.Millisecond))
		if d2.ReadTarget() != "primary" {
			t.Fatalf("after a timeout reads still go to the replica: %+v", d2.Replica())
		}
		// The health check (which does not touch tables) does not put it back at once.
		d2.CheckReplica(ctx)
		if d2.ReadTarget() != "primary" || !strings.Contains(d2.Replica().Problem, "no answer within") {
			t.Fatalf("the health check put a timed-out replica back at once: %+v", d2.Replica())
		}
	}
	standby.Exec("zoe", "SELECT pg_wal_replay_resume()")

	// Stop the replica: reads keep working, on the primary, at once.
	standby.Stop()
	for i := range 5 {
		u, err := d.Read().GetUser(ctx, a.ID)
		if err != nil || u.Username != "akello" {
			t.Fatalf("read %d with the replica stopped: %v", i, err)
		}
	}
	waitFor("status to report the replica down", func() bool { return d.ReadTarget() == "primary" })
	if st := d.Replica(); st.Healthy {
		t.Fatalf("stopped replica reported healthy: %+v", st)
	}

	standby.Start()
	waitFor("the restarted replica to serve reads", func() bool { return d.ReadTarget() == "replica" })
	c := mkUser("child" + fmt.Sprint(time.Now().UnixNano()%1000))
	waitFor("the restarted replica to replay new writes", func() bool { return visible(c.ID) })
}
