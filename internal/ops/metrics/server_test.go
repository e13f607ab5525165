package metrics

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Database size and the server's disk on both engines; with no backup ever made, the
// last-success time is exported as 0 so that the age alert fires; a recorded verify shows.
func TestServerAndBackupMetrics(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		m, err := New()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := m.WatchBackups(dir); err != nil {
			t.Fatal(err)
		}
		srv := NewServer(d)
		if err := m.WatchServer(srv); err != nil {
			t.Fatal(err)
		}
		st := srv.Stats(context.Background())
		if st.SizeErr != "" || st.SizeBytes < 4096 {
			t.Fatalf("database size: %d %q", st.SizeBytes, st.SizeErr)
		}
		if st.FSErr != "" || st.FSFree == 0 || st.FSUsedPct <= 0 {
			t.Fatalf("server disk not measured on a local server: %+v", st)
		}
		out := scrape(t, m)
		for _, want := range []string{
			`zoe_db_size_bytes{engine="` + string(d.Engine()) + `"}`,
			"zoe_db_server_fs_used_ratio ",
			"zoe_db_server_fs_free_bytes ",
			`zoe_backup_last_success_timestamp_seconds{kind="database"} 0`,
			"zoe_backup_last_verify_success_timestamp_seconds 0",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		if d.Engine() == db.Postgres && !strings.Contains(out, "zoe_db_wal_archive_failed_total ") {
			t.Error("/metrics lacks the WAL archiver's failure count on PostgreSQL")
		}
		backup.RecordVerify(dir, dir+"/zoe-db-x.zoebak", backup.Report{Manifest: backup.Manifest{Kind: backup.KindDatabase}}, nil)
		if out := scrape(t, m); strings.Contains(out, "zoe_backup_last_verify_success_timestamp_seconds 0\n") ||
			!strings.Contains(out, "zoe_backup_last_verify_success 1") {
			t.Errorf("a recorded verify is not exported:\n%s", grepMetric(out, "verify"))
		}
	})
}

func grepMetric(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A PostgreSQL server whose archive_command fails: pg_stat_archiver's failure count shows in
// /metrics and the status page warns.
func TestWALArchiveFailureReported(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	ctx := context.Background()
	c := dbtest.NewCluster(t, map[string]string{"wal_level": "replica", "archive_mode": "on", "archive_command": "false"})
	c.Exec("postgres", "CREATE DATABASE zoe")
	d, err := db.Open(ctx, c.URL("zoe"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c.Exec("zoe", "CREATE TABLE t AS SELECT 1 AS x", "SELECT pg_switch_wal()")
	m, _ := New()
	var st ServerStats
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		st = NewServer(d).Stats(ctx)
		if st.Archive.Failed > 0 || time.Now().After(deadline) {
			break
		}
	}
	if !st.Archive.Known || !st.Archive.Enabled || st.Archive.Failed == 0 || !st.Archive.Failing() {
		t.Fatalf("archiver: %+v", st.Archive)
	}
	srv := NewServer(d)
	if err := m.WatchServer(srv); err != nil {
		t.Fatal(err)
	}
	if out := scrape(t, m); !strings.Contains(out, "zoe_db_wal_archive_enabled 1") || strings.Contains(out, "zoe_db_wal_archive_failed_total 0\n") {
		t.Fatalf("metrics:\n%s", grepMetric(out, "wal_archive"))
	}
	s := m.Collect(d, t.TempDir(), true, nil)
	found := false
	for _, w := range s.Warnings {
		found = found || strings.Contains(w, "WAL archiving is failing")
	}
	if !found {
		t.Fatalf("no archiving warning: %q", s.Warnings)
	}
}
