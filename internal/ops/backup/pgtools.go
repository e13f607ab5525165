package backup

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// pgTool finds a PostgreSQL client program (pg_dump, pg_restore) no older than the server:
// $ZOE_PG_BIN, then /usr/lib/postgresql/<server major>/bin, then PATH, then the newest
// /usr/lib/postgresql/*/bin.
func pgTool(name string, serverMajor int) (string, error) {
	if d := os.Getenv("ZOE_PG_BIN"); d != "" {
		return filepath.Join(d, name), nil
	}
	if serverMajor > 0 {
		p := filepath.Join("/usr/lib/postgresql", strconv.Itoa(serverMajor), "bin", name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return filepath.Join(d, name), nil
		}
	}
	return "", fmt.Errorf("backup: %s not found (install the PostgreSQL client programs or set ZOE_PG_BIN)", name)
}

func majorOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// pgConnArgs turns a postgres:// URL into a URL without the password plus an environment
// carrying it, so the password never shows in the process list.
func pgConnArgs(raw string) (string, []string) {
	env := append(os.Environ(), "PGTZ=UTC")
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw, env
	}
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if pw := q.Get("password"); pw != "" {
		env = append(env, "PGPASSWORD="+pw)
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String(), env
}

// withDatabase returns the URL with another database name.
func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("backup: parse database URL: cannot parse the URL")
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// runPG runs a PostgreSQL program and returns its stderr in the error.
func runPG(ctx context.Context, env []string, prog string, args ...string) error {
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = env
	dieWithParent(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		return fmt.Errorf("%s: %v: %s", filepath.Base(prog), err, msg)
	}
	return nil
}

func toolVersion(prog string) string {
	out, err := exec.Command(prog, "--version").Output()
	if err != nil {
		return filepath.Base(prog)
	}
	return strings.TrimSpace(string(out))
}
