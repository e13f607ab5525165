package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// runEngine measures every scale on one engine.
func runEngine(ctx context.Context, o options, engine, work string) (*report, error) {
	rep := newReport(engine, o)
	var redisURL string
	switch engine {
	case "sqlite":
	case "postgres":
		if err := pgReachable(ctx, o.pgAdminURL); err != nil {
			rep.notes = append(rep.notes, "PostgreSQL unreachable, engine skipped: "+err.Error())
			fmt.Println("postgres: skipped:", err)
			return rep, nil
		}
		r, stop, err := startRedis(ctx, o.redisServer, filepath.Join(work, "redis"))
		if err != nil {
			rep.notes = append(rep.notes, "Redis not started ("+err.Error()+"): sessions in PostgreSQL, in-process cache")
		} else {
			defer stop()
			redisURL = r
			rep.redis = true
		}
	default:
		return nil, fmt.Errorf("unknown engine %q (sqlite or postgres)", engine)
	}
	for _, n := range o.scales {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fmt.Printf("%s: %d patients × %d days\n", engine, n, o.days)
		sc, err := runScale(ctx, o, engine, work, redisURL, n)
		if err != nil {
			return nil, fmt.Errorf("%d patients: %w", n, err)
		}
		rep.scales = append(rep.scales, sc)
	}
	rep.loadEnd = loadAverage()
	return rep, nil
}

func pgReachable(ctx context.Context, admin string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

func pgDatabase(ctx context.Context, admin, name string, create bool) (string, error) {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if create {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return "", err
		}
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// startRedis runs a private redis-server (no persistence) on a free loopback port.
func startRedis(ctx context.Context, bin, dir string) (string, func(), error) {
	path, err := exec.LookPath(bin)
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(path, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no", "--dir", dir)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if err := waitTCP(ctx, addr, 10*time.Second); err != nil {
		stop()
		return "", nil, err
	}
	return "redis://" + addr + "/0", stop, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitTCP(ctx context.Context, addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s did not answer within %s", addr, within)
}

var rowsRE = regexp.MustCompile(`(\d+) history rows`)

// runScale builds one database, serves it and measures every endpoint.
func runScale(ctx context.Context, o options, engine, work, redisURL string, patients int) (scaleResult, error) {
	sc := scaleResult{Patients: patients, Days: o.days}
	dir := filepath.Join(work, fmt.Sprintf("%s-%d", engine, patients))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return sc, err
	}
	dbURL := filepath.Join(dir, "zoe.db")
	if engine == "postgres" {
		name := fmt.Sprintf("zoe_bench_%d_%d", os.Getpid(), patients)
		u, err := pgDatabase(ctx, o.pgAdminURL, name, true)
		if err != nil {
			return sc, fmt.Errorf("create database: %w", err)
		}
		if !o.keep {
			defer func() { _, _ = pgDatabase(context.Background(), o.pgAdminURL, name, false) }()
		}
		dbURL = u
	}
	cwd, _ := os.Getwd()
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "REDIS_URL="+redisURL, "ZOE_BENCH=1", "ZOE_LOG_LEVEL=warn",
		"ZOE_DATA_DIR="+filepath.Join(dir, "data"), "ZOE_OFFLINE_CACHE_DIR="+filepath.Join(dir, "offline_cache"),
		"ZOE_UPLOADS_DIR="+filepath.Join(dir, "uploads"), "ZOE_BACKUP_DIR="+filepath.Join(dir, "backups"),
		"ZOE_MODELS_DIR="+filepath.Join(cwd, "models"), "ZOE_BACKUP_SCHEDULE=false")
	zoe := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, o.bin, args...)
		cmd.Env = env
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			return string(out), fmt.Errorf("zoe %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return string(out), nil
	}
	start := time.Now()
	for _, args := range [][]string{{"migrate", "up", "--no-backup"}, {"import", "foods"}, {"import", "prices", "--bundled", "--if-empty"}} {
		if _, err := zoe(args...); err != nil {
			return sc, err
		}
	}
	sc.Setup = time.Since(start)
	start = time.Now()
	out, err := zoe("seed-demo", "--patients", strconv.Itoa(patients), "--days", strconv.Itoa(o.days), "--roster", strconv.Itoa(o.roster))
	if err != nil {
		return sc, err
	}
	sc.Seed = time.Since(start)
	if m := rowsRE.FindStringSubmatch(out); m != nil {
		sc.Rows, _ = strconv.Atoi(m[1])
	}
	fmt.Printf("  seeded %d history rows in %s\n", sc.Rows, sc.Seed.Round(time.Millisecond))

	port, err := freePort()
	if err != nil {
		return sc, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		return sc, err
	}
	defer logf.Close()
	srv := exec.Command(o.bin, "serve", "--addr", addr)
	srv.Env, srv.Dir, srv.Stdout, srv.Stderr = env, dir, logf, logf
	var pprofAddr string
	if o.profile && patients == slices.Max(o.scales) {
		pp, err := freePort()
		if err != nil {
			return sc, err
		}
		pprofAddr = net.JoinHostPort("127.0.0.1", strconv.Itoa(pp))
		srv.Env = append(slices.Clone(env), "ZOE_PPROF="+pprofAddr)
	}
	if err := srv.Start(); err != nil {
		return sc, err
	}
	defer func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = srv.Process.Kill()
			<-done
		}
	}()
	base := "http://" + addr
	if err := waitHealthy(ctx, base, 60*time.Second); err != nil {
		b, _ := os.ReadFile(logf.Name())
		return sc, fmt.Errorf("%w\n%s", err, b)
	}
	var prof func(string) func()
	if pprofAddr != "" {
		prof = func(name string) func() {
			return takeProfiles(ctx, pprofAddr, o, engineLabel(engine, redisURL), patients, name, &sc.Profiles)
		}
	}
	sc.LoadStart = loadAverage()
	res, err := measureAll(ctx, o, base, patients, prof)
	sc.LoadEnd = loadAverage()
	sc.RSS = rssOf(srv.Process.Pid)
	if err != nil {
		b, _ := os.ReadFile(logf.Name())
		return sc, fmt.Errorf("%w\nserver log:\n%s", err, lastLines(b, 30))
	}
	sc.Results = res
	for _, r := range res {
		if r.Errors > 0 {
			b, _ := os.ReadFile(logf.Name())
			sc.ServerLog = lastLines(b, 20)
			break
		}
	}
	return sc, nil
}

func waitHealthy(ctx context.Context, base string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/healthz", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("the server did not become healthy within " + within.String())
}

func lastLines(b []byte, n int) string {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
