package dbtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PGBinDir finds the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup): $ZOE_PG_BIN,
// else the newest /usr/lib/postgresql/*/bin, else initdb on PATH. The test is skipped (or,
// with ZOE_REQUIRE_SERVICES=1, failed) when there are none.
func PGBinDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("ZOE_PG_BIN"); d != "" {
		return d
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real)
		}
		return filepath.Dir(p)
	}
	Unavailable(t, "PostgreSQL server binaries (initdb, pg_ctl)", errors.New("not found under /usr/lib/postgresql/*/bin or on PATH; set ZOE_PG_BIN"))
	return ""
}

func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Cluster is a throwaway PostgreSQL server of the test's own, on a free loopback port.
type Cluster struct {
	Bin  string
	Dir  string // data directory
	Port int
	t    testing.TB
}

// PGDir makes a temporary directory the PostgreSQL server may own: initdb refuses to run as
// root, so under root the servers run as the postgres OS user and their directories are its.
func PGDir(t testing.TB, pattern string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if uid, gid, ok := serverUser(); ok {
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// serverUser is the postgres OS user when running as root.
func serverUser() (uid, gid int, ok bool) {
	if os.Geteuid() != 0 {
		return 0, 0, false
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, false
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, true
}

// PGCommand runs a PostgreSQL binary as the user that owns the clusters.
func PGCommand(bin, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	if uid, gid, ok := serverUser(); ok {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Dir = "/"
	}
	return cmd
}

func run(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
}

// FreePort finds a free loopback TCP port.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// NewCluster initdb's a cluster (trust authentication, replication allowed from loopback),
// appends conf to postgresql.conf and starts it. It is stopped and removed when the test ends.
func NewCluster(t testing.TB, conf map[string]string) *Cluster {
	t.Helper()
	bin := PGBinDir(t)
	dir := filepath.Join(PGDir(t, "zoe-pg-"), "data")
	run(t, PGCommand(bin, "initdb", "-D", dir, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"))
	c := &Cluster{Bin: bin, Dir: dir, Port: FreePort(t), t: t}
	c.AppendConf(conf)
	c.Start()
	return c
}

// OpenCluster starts a server on an existing data directory (a restored base backup).
func OpenCluster(t testing.TB, bin, dir string, conf map[string]string) *Cluster {
	t.Helper()
	c := &Cluster{Bin: bin, Dir: dir, Port: FreePort(t), t: t}
	c.AppendConf(conf)
	c.Start()
	return c
}

// AppendConf adds settings to postgresql.conf.
func (c *Cluster) AppendConf(conf map[string]string) {
	c.t.Helper()
	if len(conf) == 0 {
		return
	}
	keys := make([]string, 0, len(conf))
	for k := range conf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = '%s'\n", k, strings.ReplaceAll(conf[k], "'", "''"))
	}
	f, err := os.OpenFile(filepath.Join(c.Dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(b.String()); err != nil {
		c.t.Fatal(err)
	}
}

// Start starts the server and waits until it accepts connections (a standby included).
func (c *Cluster) Start() {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='%s' -c fsync=off", c.Port, filepath.Dir(c.Dir))
	run(c.t, PGCommand(c.Bin, "pg_ctl", "-D", c.Dir, "-o", opts, "-l", filepath.Join(filepath.Dir(c.Dir), "server.log"), "-w", "-t", "60", "start"))
	c.t.Cleanup(func() { c.Stop() })
}

// Stop stops the server (fast shutdown); stopping a stopped server does nothing.
func (c *Cluster) Stop() {
	if _, err := os.Stat(filepath.Join(c.Dir, "postmaster.pid")); err != nil {
		return
	}
	cmd := PGCommand(c.Bin, "pg_ctl", "-D", c.Dir, "-m", "fast", "-w", "-t", "60", "stop")
	if out, err := cmd.CombinedOutput(); err != nil {
		c.t.Logf("pg_ctl stop: %v\n%s", err, out)
	}
}

// Log is the server's log so far (for failure messages).
func (c *Cluster) Log() string {
	b, _ := os.ReadFile(filepath.Join(filepath.Dir(c.Dir), "server.log"))
	return string(b)
}

// URL is a connection URL for database name on this cluster.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// BaseBackup runs pg_basebackup against this cluster into dir (which must not exist yet but
// whose parent is owned by the server user), with extra arguments such as -R.
func (c *Cluster) BaseBackup(dir string, args ...string) {
	c.t.Helper()
	all := append([]string{"-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", "postgres", "-D", dir, "-c", "fast", "--no-sync"}, args...)
	run(c.t, PGCommand(c.Bin, "pg_basebackup", all...))
}

// Exec runs SQL statements on database name.
func (c *Cluster) Exec(name string, stmts ...string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL(name))
	if err != nil {
		c.t.Fatalf("connect %s: %v", c.URL(name), err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			c.t.Fatalf("%s: %v", s, err)
		}
	}
}
