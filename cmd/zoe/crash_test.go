package main

import (
	"net/http"
	"testing"
	"time"
)

// TestCrashRequestLeavesServerUp: the request that once ended the process (a page number
// at the int64 limit on the food search: a panic in the cache loader's goroutine, out of
// reach of the recover middleware) is answered, and the built binary keeps serving.
func TestCrashRequestLeavesServerUp(t *testing.T) {
	bin := zoeBinary(t)
	env, dir := prepareChild(t, bin, "", []string{"migrate", "up", "--no-backup"}, []string{"import", "foods"}, []string{"seed-demo"})
	srv := startChild(t, bin, env, dir)
	base := "http://" + srv.addr
	hc, _ := signIn(t, base)
	get := func(path string) (int, error) {
		res, err := hc.Get(base + path)
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}
	for _, path := range []string{"/foods?q=beans&page=9223372036854775807", "/foods/results?q=beans&page=9223372036854775807",
		"/foods?page=9223372036854775807", "/foods?q=beans&page=461168601842738791", "/foods?q=beans&page=-1"} {
		status, err := get(path)
		if err != nil || status != http.StatusBadRequest {
			t.Errorf("GET %s: %d %v, want 400\n%s", path, status, err, srv.log)
		}
	}
	time.Sleep(200 * time.Millisecond) // a panicking goroutine would have ended the process by now
	if status, err := get("/foods?q=beans"); err != nil || status != http.StatusOK {
		t.Fatalf("after the crash request: %d %v\n%s", status, err, srv.log)
	}
}
