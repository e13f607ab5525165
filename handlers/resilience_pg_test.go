package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2/memstore"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// PostgreSQL restarted under load: on a throwaway cluster of the test's own (never the
// shared server), patients keep loading pages while the database stops for a few seconds
// and comes back. During the outage every request must answer quickly (no hang) with an
// error page that says to try again shortly (503), /readyz must say 503; afterwards the same server (no restart) must serve
// again by itself. Sessions are kept out of the database (as with Redis in production) so
// that the test sees the database outage, not a logout.
func TestPostgresRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	cl := dbtest.NewCluster(t, nil)
	cl.Exec("postgres", "CREATE DATABASE zoe")
	ctx := context.Background()
	d, err := db.Open(ctx, cl.URL("zoe"), db.Options{MaxConns: 4, StatementTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	createUser(t, d, "okello", "patient")
	srv := startServer(t, d, serverOpts{store: memstore.NewWithCleanupInterval(0)})
	c := srv.as(t, "okello")
	for _, p := range []string{"/records", "/home"} {
		if r := c.get(p); r.Status != 200 {
			t.Fatalf("%s before the outage: %d", p, r.Status)
		}
	}

	type sample struct {
		at      time.Time
		status  int
		took    time.Duration
		page    string
		errText string
	}
	var mu sync.Mutex
	var samples []sample
	stop := make(chan struct{})
	var wg sync.WaitGroup
	hc := &http.Client{Jar: c.hc.Jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for w := range 3 {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			pages := []string{"/records", "/home", "/readyz"}
			for i := 0; i < 100000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				p := pages[(w+i)%len(pages)]
				t0 := time.Now()
				s := sample{at: t0, page: p}
				res, err := hc.Get(srv.URL + p)
				if err != nil {
					s.errText = err.Error()
				} else {
					var b strings.Builder
					buf := make([]byte, 4096)
					n, _ := res.Body.Read(buf)
					b.Write(buf[:n])
					res.Body.Close()
					s.status = res.StatusCode
					if res.StatusCode >= 500 && !strings.Contains(b.String(), "try again") && !strings.Contains(b.String(), "went wrong") &&
						!strings.Contains(b.String(), "database") {
						s.errText = "unclear error page: " + b.String()
					}
				}
				s.took = time.Since(t0)
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}(w)
	}

	time.Sleep(500 * time.Millisecond)
	down := time.Now()
	cl.Stop()
	time.Sleep(3 * time.Second)
	cl.Start()
	up := time.Now()
	// Recovery: the same server answers 200 again on its own.
	var recovered time.Time
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r := c.get("/records"); r.Status == 200 {
			recovered = time.Now()
			break
		}
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if recovered.IsZero() {
		t.Fatalf("no recovery within 20 s of PostgreSQL's restart\n%s", cl.Log())
	}
	var during, failed, slow, unclear, readyFailed, wrong int
	var worst time.Duration
	for _, s := range samples {
		if s.at.Before(down.Add(200*time.Millisecond)) || s.at.After(up.Add(-200*time.Millisecond)) {
			continue
		}
		during++
		worst = max(worst, s.took)
		if s.took > 3*time.Second {
			slow++
		}
		if s.status >= 500 || s.errText != "" {
			failed++
		}
		if s.errText != "" {
			unclear++
			t.Logf("%s: %s", s.page, s.errText)
		}
		if s.page == "/readyz" && s.status == http.StatusServiceUnavailable {
			readyFailed++
		}
		if s.page != "/readyz" && s.status != 0 && s.status != http.StatusServiceUnavailable {
			wrong++
			if wrong < 4 {
				t.Logf("%s during the outage: %d, want 503", s.page, s.status)
			}
		}
	}
	t.Logf("%d requests during the 3 s outage: %d error pages, slowest %s; recovered %s after the restart",
		during, failed, worst.Round(time.Millisecond), recovered.Sub(up).Round(time.Millisecond))
	if during < 10 {
		t.Fatalf("only %d requests during the outage", during)
	}
	if slow > 0 {
		t.Errorf("%d requests took over 3 s during the outage (slowest %s): they must fail fast", slow, worst)
	}
	if unclear > 0 {
		t.Errorf("%d requests failed without a clear error page", unclear)
	}
	if wrong > 0 {
		t.Errorf("%d pages answered other than 503 (try again shortly) during the outage", wrong)
	}
	if failed == 0 || readyFailed == 0 {
		t.Errorf("the outage was not visible: %d error pages, %d /readyz 503s", failed, readyFailed)
	}
}
