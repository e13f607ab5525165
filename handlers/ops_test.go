package handlers_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
)

// /metrics: Prometheus text for an admin or the bearer token, refused to anyone else; it
// counts requests by route template and times sqlc queries by name.
func TestMetricsEndpointAndStatusPage(t *testing.T) {
	ctx := context.Background()
	m, err := metrics.New()
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "zoe.db"), db.Options{ObserveQuery: m.ObserveQuery})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := m.WatchDB(d); err != nil {
		t.Fatal(err)
	}
	backups := t.TempDir()
	if err := m.WatchBackups(backups); err != nil {
		t.Fatal(err)
	}
	if err := m.WatchServer(metrics.NewServer(d)); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, d, serverOpts{metrics: m, config: func(c *config.Config) {
		c.MetricsToken = "s3cret-token"
		c.BackupDir = backups
	}})
	createUser(t, d, "admin1", "admin")
	createUser(t, d, "pat1", "patient")

	anon := srv.client(t)
	if r := anon.get("/login"); r.Status != 200 {
		t.Fatalf("/login: %d", r.Status)
	}
	anon.get("/no/such/page/123")
	if r := anon.get("/metrics"); r.Status != http.StatusUnauthorized || r.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("anonymous /metrics: %d", r.Status)
	}
	if r := anon.do("GET", "/metrics", nil, map[string]string{"Authorization": "Bearer wrong"}); r.Status != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", r.Status)
	}
	r := anon.do("GET", "/metrics", nil, map[string]string{"Authorization": "Bearer s3cret-token"})
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("token /metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`zoe_http_requests_total{method="GET",route="/login",status="200"} 1`,
		`zoe_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`zoe_http_request_duration_seconds_bucket{method="GET",route="/login",le="0.5"}`,
		`zoe_db_pool_max_connections{engine="sqlite"} 8`,
		`zoe_db_query_duration_seconds_count{query="CreateUser"} 2`,
		`zoe_backup_last_success_timestamp_seconds{kind="database"} 0`, // never: the age alert fires
		`zoe_db_size_bytes{engine="sqlite"}`,
		"zoe_db_server_fs_used_ratio ",
		"zoe_backup_last_verify_success_timestamp_seconds 0",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("/metrics lacks %s\n%s", want, grepLines(r.Body, "zoe_http_requests_total|zoe_db_query_duration_seconds_count"))
		}
	}
	if strings.Contains(r.Body, "/no/such/page") {
		t.Error("a raw path became a label")
	}

	p := srv.as(t, "pat1")
	if r := p.get("/metrics"); r.Status != http.StatusForbidden {
		t.Fatalf("patient /metrics: %d", r.Status)
	}
	if r := p.get("/admin/status"); r.Status != http.StatusForbidden {
		t.Fatalf("patient /admin/status: %d", r.Status)
	}

	a := srv.as(t, "admin1")
	if r := a.get("/metrics"); r.Status != 200 || !strings.Contains(r.Body, "zoe_cache_") && !strings.Contains(r.Body, "go_goroutines") {
		t.Fatalf("admin /metrics: %d", r.Status)
	}
	r = a.get("/admin/status")
	if r.Status != 200 {
		t.Fatalf("admin /admin/status: %d\n%s", r.Status, r.Body)
	}
	for _, want := range []string{"System status", "No successful database backup has been recorded.", "Connections in use", "not configured",
		"Database size", "Database server disk", "Backup verification"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("status page lacks %q", want)
		}
	}
}

func grepLines(s, pattern string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, p := range strings.Split(pattern, "|") {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
			}
		}
	}
	return strings.Join(out, "\n")
}
