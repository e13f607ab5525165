package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/demo"
)

// The app killed with SIGKILL in the middle of writes: the built binary serves a real
// database (SQLite, then PostgreSQL), four clients post sync batches, the process is
// killed without warning, started again, and every write the server acknowledged (200,
// "created") must be in the database; the restarted server must serve again.
func TestSIGKILLKeepsAcknowledgedWrites(t *testing.T) {
	bin := zoeBinary(t)
	t.Run("sqlite", func(t *testing.T) { killDuringWrites(t, bin, filepath.Join(t.TempDir(), "zoe.db")) })
	t.Run("postgres", func(t *testing.T) { killDuringWrites(t, bin, dbtest.NewPostgresURL(t)) })
}

type child struct {
	cmd  *exec.Cmd
	addr string
	log  *bytes.Buffer
}

// prepareChild makes a working directory and an environment for the binary bin on the
// database dbURL ("": a SQLite file in that directory) and runs the setup commands there.
func prepareChild(t *testing.T, bin, dbURL string, setup ...[]string) (env []string, dir string) {
	t.Helper()
	dir = t.TempDir()
	if dbURL == "" {
		dbURL = filepath.Join(dir, "zoe.db")
	}
	env = append(os.Environ(), "DATABASE_URL="+dbURL, "REDIS_URL=", "ZOE_LOG_LEVEL=warn", "ZOE_DATA_DIR="+filepath.Join(dir, "data"),
		"ZOE_OFFLINE_CACHE_DIR="+filepath.Join(dir, "offline"), "ZOE_UPLOADS_DIR="+filepath.Join(dir, "uploads"),
		"ZOE_BACKUP_DIR="+filepath.Join(dir, "backups"), "ZOE_BACKUP_SCHEDULE=false")
	for _, args := range setup {
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("zoe %v: %v\n%s", args, err, out)
		}
	}
	return env, dir
}

func startChild(t *testing.T, bin string, env []string, dir string) *child {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &child{cmd: exec.Command(bin, "serve", "--addr", addr), addr: addr, log: &bytes.Buffer{}}
	c.cmd.Env, c.cmd.Dir, c.cmd.Stdout, c.cmd.Stderr = env, dir, c.log, c.log
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			_ = c.cmd.Process.Kill()
			_ = c.cmd.Wait()
		}
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return c
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("zoe serve did not start:\n%s", c.log)
		}
	}
}

var csrfFieldRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signIn logs demo-patient in and returns its client and the sync CSRF token.
func signIn(t *testing.T, base string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfFieldRE.FindSubmatch(b)
	if m == nil {
		t.Fatal("no CSRF token on /login")
	}
	res, err = hc.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "login": {"demo-patient"}, "password": {demo.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	res, err = hc.Get(base + "/sync/token")
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		CSRF string `json:"csrf"`
	}
	err = json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	if err != nil || tok.CSRF == "" {
		t.Fatalf("/sync/token: %v", err)
	}
	return hc, tok.CSRF
}

func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func killDuringWrites(t *testing.T, bin, dbURL string) {
	env, dir := prepareChild(t, bin, dbURL, []string{"migrate", "up", "--no-backup"}, []string{"seed-demo"})
	srv := startChild(t, bin, env, dir)
	base := "http://" + srv.addr
	hc, token := signIn(t, base)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100000; i++ {
				ids := make([]string, 5)
				items := make([]map[string]any, 5)
				for k := range items {
					ids[k] = uuid4()
					items[k] = map[string]any{"uuid": ids[k], "kind": "glucose", "value": 5.0 + float64((w+i+k)%40)/10,
						"unit": "mmol/L", "context": "random", "recorded_at": time.Now().UTC().Add(-time.Duration(k+1) * time.Minute).Format(time.RFC3339)}
				}
				body, _ := json.Marshal(map[string]any{"items": items})
				req, _ := http.NewRequest("POST", base+"/sync", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-CSRF-Token", token)
				res, err := hc.Do(req)
				if err != nil {
					return // the server is gone
				}
				var out struct {
					Results []struct{ UUID, Status string }
				}
				err = json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 {
					continue
				}
				mu.Lock()
				for _, r := range out.Results {
					if r.Status == "created" {
						acked = append(acked, r.UUID)
					}
				}
				mu.Unlock()
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := srv.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()
	wg.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d writes acknowledged before the kill\n%s", len(acked), srv.log)
	}

	again := startChild(t, bin, env, dir)
	if _, tok := signIn(t, "http://"+again.addr); tok == "" {
		t.Fatal("no session after the restart")
	}
	d, err := db.Open(context.Background(), dbURL, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stored := map[string]bool{}
	rows, err := d.SQL().QueryContext(context.Background(), "SELECT CAST(uuid AS TEXT) FROM diabetes_records WHERE record_type = 'glucose'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		stored[strings.ToLower(u)] = true
	}
	rows.Close()
	lost := 0
	for _, u := range acked {
		if !stored[strings.ToLower(u)] {
			lost++
		}
	}
	t.Logf("%d acknowledged writes before SIGKILL, %d rows stored, %d lost", len(acked), len(stored), lost)
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged writes are missing after SIGKILL", lost, len(acked))
	}
}
