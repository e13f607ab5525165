// Package cachetest connects tests to a real Redis and cleans up after them.
//
// REDIS_URL chooses the server (default redis://127.0.0.1:6379/0). When it is
// unreachable a test is skipped with the reason, or fails when
// ZOE_REQUIRE_SERVICES=1 (CI, where Redis must be there).
package cachetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/zoe-nutritech/zoe/internal/cache"
)

// DefaultRedisURL is used when REDIS_URL is unset.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// RedisURL returns REDIS_URL or DefaultRedisURL.
func RedisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return DefaultRedisURL
}

// RequireServices reports whether ZOE_REQUIRE_SERVICES=1: missing services
// then fail tests instead of skipping them.
func RequireServices() bool { return os.Getenv("ZOE_REQUIRE_SERVICES") == "1" }

// Unavailable skips t with the reason, or fails it under ZOE_REQUIRE_SERVICES=1.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if RequireServices() {
		t.Fatalf("%s (ZOE_REQUIRE_SERVICES=1)", msg)
	}
	t.Skipf("%s; set ZOE_REQUIRE_SERVICES=1 to make this a failure", msg)
}

// Client connects to the test Redis, closed at the end of the test.
func Client(t testing.TB) *redis.Client {
	t.Helper()
	return ClientAt(t, RedisURL())
}

// ClientAt connects to the Redis at url, skipping or failing when unreachable.
func ClientAt(t testing.TB, url string) *redis.Client {
	t.Helper()
	c, err := cache.NewRedisClient(url)
	if err != nil {
		t.Fatalf("redis url %q: %v", url, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		_ = c.Close()
		Unavailable(t, "redis at %s unreachable: %v", url, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Prefix returns a fresh random key prefix ("zoetest:<hex>:") and deletes
// every key under it when the test ends.
func Prefix(t testing.TB, c *redis.Client) string {
	t.Helper()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	p := "zoetest:" + hex.EncodeToString(b) + ":"
	t.Cleanup(func() { DeletePrefix(t, c, p) })
	return p
}

// DeletePrefix deletes every key starting with prefix.
func DeletePrefix(t testing.TB, c *redis.Client, prefix string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Logf("cleanup scan %s*: %v", prefix, err)
		return
	}
	if len(keys) > 0 {
		if err := c.Del(ctx, keys...).Err(); err != nil {
			t.Logf("cleanup del %d keys: %v", len(keys), err)
		}
	}
}

// Server is a throwaway redis-server without persistence, for outage tests.
type Server struct {
	Port int
	t    testing.TB
	cmd  *exec.Cmd
}

// StartServer starts redis-server on a free port; skips (or fails under
// ZOE_REQUIRE_SERVICES=1) when the binary is missing. Stopped at test end.
func StartServer(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		Unavailable(t, "redis-server binary not found: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	s := &Server{Port: port, t: t}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// URL is the redis:// address of the server.
func (s *Server) URL() string { return "redis://127.0.0.1:" + strconv.Itoa(s.Port) + "/0" }

// Start (re)starts the server on its port and waits until it answers.
func (s *Server) Start() {
	s.t.Helper()
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	probe := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(s.Port), MaxRetries: -1})
	defer func() { _ = probe.Close() }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := probe.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			s.Stop()
			s.t.Fatalf("redis-server on port %d did not answer: %v", s.Port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server; its data is gone (no persistence).
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}
