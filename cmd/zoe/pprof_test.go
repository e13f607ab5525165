package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestPprofServesProfilesOnItsOwnListener(t *testing.T) {
	addr, stop, err := startPprof("127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	res, err := http.Get("http://" + addr + "/debug/pprof/heap?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "heap profile") {
		t.Fatalf("status %d: %.200s", res.StatusCode, b)
	}
}

func TestSeedDemoRosterIsChecked(t *testing.T) {
	err := seedDemo(context.Background(), []string{"--patients", "10", "--roster", "-1"})
	if err == nil || !strings.Contains(err.Error(), "--roster") {
		t.Fatalf("--roster -1: %v", err)
	}
}
