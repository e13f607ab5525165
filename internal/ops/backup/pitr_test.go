package backup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// runbookBlocks reads the README's fenced blocks marked "```sh pitr:NAME".
func runbookBlocks(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?ms)^```sh pitr:([a-z-]+)\n(.*?)^```\n")
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = m[2]
	}
	for _, name := range []string{"vars-debian", "vars-initdb", "common", "enable", "basebackup", "recover", "after"} {
		if out[name] == "" {
			t.Fatalf("README.md has no ```sh pitr:%s block", name)
		}
	}
	return out
}

// Point-in-time recovery exactly as the README's runbook says, on both layouts: a Debian
// cluster made with pg_createcluster (configuration under /etc/postgresql) and a plain
// initdb cluster. The test only fills in the runbook's variables (through the environment
// its ${VAR:-default}s read) and plays the incident: rows written, a moment noted, more rows
// written and some deleted. The runbook's own blocks enable archiving, take the base backup,
// recover, and clean up afterwards; exactly the rows written before the moment must remain.
func TestPointInTimeRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: makes and recovers PostgreSQL clusters (runs in make test)")
	}
	if os.Geteuid() != 0 {
		t.Skip("skipped: the runbook runs as root (it chowns to the postgres user)")
	}
	blocks := runbookBlocks(t)
	t.Run("initdb", func(t *testing.T) {
		work := dbtest.PGDir(t, "zoe-pitr-")
		c := dbtest.NewCluster(t, nil)
		// The runbook starts the server with pg_ctl and no options: its port and socket
		// directory must be in the configuration, as in any real initdb cluster.
		c.AppendConf(map[string]string{"port": strconv.Itoa(c.Port), "unix_socket_directories": filepath.Dir(c.Dir),
			"listen_addresses": "127.0.0.1"})
		env := []string{"PGDATA=" + c.Dir, "PGPORT=" + strconv.Itoa(c.Port), "PGHOST=" + filepath.Dir(c.Dir),
			"PGBIN=" + c.Bin, "PGLOG=" + filepath.Join(work, "server.log")}
		pitr(t, blocks, blocks["vars-initdb"], env, work, c.URL)
	})
	t.Run("debian", func(t *testing.T) {
		if _, err := exec.LookPath("pg_createcluster"); err != nil {
			t.Skip("skipped: no pg_createcluster (not a Debian/Ubuntu PostgreSQL)")
		}
		bin := dbtest.PGBinDir(t)
		ver := filepath.Base(filepath.Dir(bin))
		work := dbtest.PGDir(t, "zoe-pitr-")
		name := "zoe_pitr_" + randHex(4)
		port := dbtest.FreePort(t)
		data := filepath.Join(work, "data")
		// Local connections keep Debian's peer authentication (the runbook uses them); TCP
		// from loopback is trusted for the test's own connections.
		sh(t, nil, "pg_createcluster", ver, name, "-d", data, "-p", strconv.Itoa(port), "--start", "--", "--auth-host=trust")
		t.Cleanup(func() {
			if out, err := exec.Command("pg_dropcluster", "--stop", ver, name).CombinedOutput(); err != nil {
				t.Logf("pg_dropcluster: %v %s", err, out)
			}
		})
		if _, err := os.Stat(filepath.Join(data, "postgresql.conf")); err == nil {
			t.Fatal("not the Debian layout: postgresql.conf is in the data directory")
		}
		env := []string{"PGVER=" + ver, "PGCLUSTER=" + name, "PGDATA=" + data, "PGPORT=" + strconv.Itoa(port),
			"PGHOST=/var/run/postgresql"}
		url := func(db string) string {
			return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", port, db)
		}
		pitr(t, blocks, blocks["vars-debian"], env, work, url)
	})
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func sh(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pitr plays the incident on a running cluster and recovers it with the runbook's blocks.
func pitr(t *testing.T, blocks map[string]string, vars string, env []string, work string, url func(string) string) {
	ctx := context.Background()
	env = append(env, "ARCHIVE="+filepath.Join(work, "wal_archive"), "BASEDIR="+filepath.Join(work, "base"))
	step := func(name string, extra ...string) string {
		t.Helper()
		script := vars + blocks["common"] + blocks[name]
		out := sh(t, append(append([]string{}, env...), extra...), "bash", "-e", "-c", script)
		t.Logf("runbook step %s:\n%s", name, out)
		return out
	}
	exec1 := func(dbname string, stmts ...string) {
		t.Helper()
		conn, err := pgx.Connect(ctx, url(dbname))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, s := range stmts {
			if _, err := conn.Exec(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	exec1("postgres", "CREATE DATABASE zoe")
	exec1("zoe", "CREATE TABLE readings (id bigint PRIMARY KEY, mgdl double precision NOT NULL, at timestamptz NOT NULL DEFAULT now())")

	if out := step("enable"); !strings.Contains(out, "\non\n") && !strings.HasPrefix(out, "on\n") {
		t.Fatalf("archive_mode is not on after the enable step:\n%s", out)
	}
	step("basebackup")
	time.Sleep(1100 * time.Millisecond) // the target must be after the base backup's name (seconds)

	exec1("zoe", "INSERT INTO readings (id, mgdl) SELECT g, 90 + g FROM generate_series(1, 100) g")
	conn, err := pgx.Connect(ctx, url("zoe"))
	if err != nil {
		t.Fatal(err)
	}
	var target time.Time
	if err := conn.QueryRow(ctx, "SELECT clock_timestamp()").Scan(&target); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // commits after the target carry a later timestamp
	exec1("zoe", "INSERT INTO readings (id, mgdl) SELECT g, 90 + g FROM generate_series(101, 150) g",
		"DELETE FROM readings WHERE id <= 10")
	// The incident's last writes reach the archive (archive_timeout would do it within 5 min).
	var seg string
	if err := conn.QueryRow(ctx, "SELECT pg_walfile_name(pg_switch_wal())").Scan(&seg); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(work, "wal_archive", seg)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WAL segment %s not archived", seg)
		}
	}

	out := step("recover", "TARGET_TIME="+target.UTC().Format("2006-01-02 15:04:05.999999+00"))
	if !strings.HasSuffix(strings.TrimSpace(out), "f") {
		t.Fatalf("the recover step did not end out of recovery:\n%s", out)
	}
	rc, err := pgx.Connect(ctx, url("zoe"))
	if err != nil {
		t.Fatal(err)
	}
	var n, lo, hi int64
	if err := rc.QueryRow(ctx, "SELECT count(*), min(id), max(id) FROM readings").Scan(&n, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	rc.Close(ctx)
	if n != 100 || lo != 1 || hi != 100 {
		t.Fatalf("recovered to %s: %d rows, ids %d–%d; want exactly the 100 rows written before it", target, n, lo, hi)
	}
	exec1("zoe", "INSERT INTO readings (id, mgdl) VALUES (1000, 101)") // open for writes

	step("after")
	rc, err = pgx.Connect(ctx, url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close(ctx)
	var restoreCmd, targetTime string
	if err := rc.QueryRow(ctx, "SELECT current_setting('restore_command'), current_setting('recovery_target_time')").Scan(&restoreCmd, &targetTime); err != nil {
		t.Fatal(err)
	}
	if restoreCmd != "" || targetTime != "" {
		t.Fatalf("recovery settings left after the runbook: restore_command %q, recovery_target_time %q", restoreCmd, targetTime)
	}
	var dataDir string
	if err := rc.QueryRow(ctx, "SHOW data_directory").Scan(&dataDir); err != nil {
		t.Fatal(err)
	}
	auto, _ := os.ReadFile(filepath.Join(dataDir, "postgresql.auto.conf"))
	if strings.Contains(string(auto), "recovery_target") || strings.Contains(string(auto), "restore_command") {
		t.Fatalf("postgresql.auto.conf keeps recovery settings:\n%s", auto)
	}
	bases, _ := filepath.Glob(filepath.Join(work, "base", "*Z"))
	if len(bases) != 2 {
		t.Fatalf("want the first and the new base backup, have %v", bases)
	}
	if _, err := os.Stat(filepath.Join(bases[1], "PG_VERSION")); err != nil {
		t.Fatalf("the new base backup is incomplete: %v", err)
	}
}
