package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// zoeBinary builds the command once for every test of the package that runs it.
func zoeBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs it")
	}
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "zoe-cli-test-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "zoe")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatalf("build: %v", binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

type cliResult struct {
	code           int
	stdout, stderr string
}

// runZoe runs the binary in dir with only the given environment (plus PATH and HOME).
func runZoe(t *testing.T, dir string, env []string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(zoeBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cliResult{code, out.String(), errb.String()}
}

// `zoe CMD --help` prints that command's own usage and flags on standard output and exits 0.
func TestEveryCommandHasItsOwnHelp(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"serve"}, []string{"zoe serve", "-addr", "-migrate", "ZOE_ADDR"}, nil},
		{[]string{"train"}, []string{"zoe train", "-models-dir", "-database-url"}, []string{"-addr", "-migrate"}},
		{[]string{"migrate"}, []string{"zoe migrate", "-no-backup"}, []string{"-addr"}},
		{[]string{"backup"}, []string{"zoe backup", "-files"}, []string{"-addr"}},
		{[]string{"backup", "verify"}, []string{"zoe backup verify FILE"}, []string{"-addr", "-files"}},
		{[]string{"backup", "list"}, []string{"zoe backup list"}, []string{"-addr"}},
		{[]string{"restore"}, []string{"zoe restore", "-force", "-files"}, []string{"-addr"}},
		{[]string{"create-user"}, []string{"zoe create-user", "-role", "-password-stdin"}, []string{"-addr"}},
		{[]string{"seed-demo"}, []string{"zoe seed-demo", "-patients", "-days"}, []string{"-addr"}},
		{[]string{"import"}, []string{"zoe import foods"}, []string{"-addr"}},
		{[]string{"import", "prices"}, []string{"zoe import prices", "-bundled", "-if-empty"}, []string{"-addr"}},
		{[]string{"prices"}, []string{"zoe prices coverage"}, []string{"-addr"}},
		{[]string{"prices", "coverage"}, []string{"zoe prices coverage", "-json", "-database-url"}, []string{"-addr"}},
		{[]string{"end-sessions"}, []string{"zoe end-sessions", "-database-url"}, []string{"-addr"}},
		{[]string{"plan"}, []string{"zoe plan", "-user", "-days", "-budget", "-json"}, []string{"-addr"}},
		{[]string{"ask"}, []string{"zoe ask", "-user", "-database-url"}, []string{"-addr"}},
	}
	for _, tc := range cases {
		for _, h := range []string{"--help", "-h"} {
			args := append(append([]string{}, tc.args...), h)
			r := runZoe(t, dir, nil, args...)
			if r.code != 0 {
				t.Errorf("zoe %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("zoe %s: help lacks %q:\n%s", strings.Join(args, " "), w, r.stdout)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r.stdout, n) {
					t.Errorf("zoe %s: help shows another command's flag %q:\n%s", strings.Join(args, " "), n, r.stdout)
				}
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("--help created %v", entries)
	}
	// An unknown flag is an error naming the command, with that command's usage.
	r := runZoe(t, dir, nil, "train", "--addr", ":1")
	if r.code != 1 || !strings.Contains(r.stderr, "zoe train") || !strings.Contains(r.stderr, "flag provided but not defined: -addr") {
		t.Errorf("train --addr: exit %d\n%s", r.code, r.stderr)
	}
}

// zoe train takes --models-dir (and --database-url) as documented.
func TestTrainParsesItsOwnFlags(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "zoe.db")
	if r := runZoe(t, dir, nil, "migrate", "up", "--no-backup", "--database-url", dbPath); r.code != 0 {
		t.Fatalf("migrate up: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	models := filepath.Join(dir, "my-models")
	r := runZoe(t, dir, nil, "train", "--models-dir", models, "--database-url", dbPath)
	if strings.Contains(r.stderr, "flag provided but not defined") || strings.Contains(r.stderr, "Usage") {
		t.Fatalf("train --models-dir refused:\n%s", r.stderr)
	}
	// An empty database has too little to learn from: the command says so (and nothing else fails).
	if r.code != 1 || !strings.Contains(r.stderr, "the current model stays in use") || !strings.Contains(r.stdout, "read 0 patients") {
		t.Fatalf("train on an empty database: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A bad listen address is refused before anything starts, naming the flag and the variable.
func TestServeRefusesABadAddress(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		env  []string
	}{
		{[]string{"serve", "--addr", "nonsense"}, nil},
		{[]string{"serve"}, []string{"ZOE_ADDR=nonsense"}},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, nil},
		{[]string{"serve", "--addr", "bad host:80"}, nil},
	} {
		r := runZoe(t, dir, tc.env, tc.args...)
		if r.code != 1 || !strings.Contains(r.stderr, "ZOE_ADDR") || !strings.Contains(r.stderr, "--addr") || strings.Contains(r.stderr, "listening") {
			t.Errorf("%v %v: exit %d\n%s", tc.env, tc.args, r.code, r.stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("serve with a bad address created %v", entries)
	}
}

// Outside a migrated directory every command that needs the database says there is none
// (not "pending migrations"), and creates no folder or file.
func TestCommandsOutsideAMigratedDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0"},
		{"train"},
		{"seed-demo"},
		{"import", "foods"},
		{"import", "prices", "--bundled"},
		{"prices", "coverage"},
		{"create-user", "--username", "admin1", "--email", "a@example.org", "--role", "admin"},
		{"migrate", "status"},
		{"migrate", "down", "--no-backup"},
		{"backup"},
		{"end-sessions"},
	} {
		r := runZoe(t, dir, []string{"ZOE_BACKUP_RECIPIENT=age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"}, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "no database at") || !strings.Contains(r.stderr, "zoe migrate up") || strings.Contains(r.stderr, "pending") {
			t.Errorf("zoe %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("commands created %v", names)
	}
}
