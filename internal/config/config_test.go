package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, rest, err := Load("serve", nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "" || c.RedisURL != "" || c.CookieSecure ||
		c.SessionLifetime != 720*time.Hour || c.BackupDir != "data/backups" || len(rest) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	c, _, err := Load("serve", []string{"--addr", ":9000", "--redis-url", "redis://r:6379/1"},
		env(map[string]string{"ZOE_ADDR": ":1", "ZOE_BASE_URL": "https://zoe.example"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.RedisURL != "redis://r:6379/1" || !c.CookieSecure {
		t.Fatalf("%+v", c)
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	_, _, err := Load("serve", nil, env(map[string]string{
		"ZOE_DB_MAX_CONNS": "lots", "ZOE_SESSION_LIFETIME": "-1h", "REDIS_URL": "localhost:6379",
		"ZOE_TLS_CERT": "c.pem", "ZOE_LOG_FORMAT": "xml", "ZOE_TIME_ZONE": "Mars/Olympus",
	}))
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, want := range []string{"ZOE_DB_MAX_CONNS", "ZOE_SESSION_LIFETIME", "REDIS_URL", "ZOE_TLS_KEY", "ZOE_LOG_FORMAT", "ZOE_TIME_ZONE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}

func TestListenAddressIsChecked(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:8080", ":8080", "0.0.0.0:0", "[::1]:443", "zoe.internal:8080", "localhost:65535"} {
		if err := CheckAddr(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"nonsense", "8080", "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:http", "bad host:80", "a..b:80", ""} {
		if CheckAddr(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	_, _, err := Load("serve", []string{"--addr", "nonsense"}, env(nil))
	if err == nil || !strings.Contains(err.Error(), "--addr") || !strings.Contains(err.Error(), "ZOE_ADDR") {
		t.Errorf("bad --addr: %v", err)
	}
	if _, err := FromEnv(env(map[string]string{"ZOE_ADDR": "nonsense"})); err != nil {
		t.Errorf("commands other than serve do not use the address: %v", err)
	}
}

// The profiler is never on a public address.
func TestPprofLoopbackOnly(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:6060": true, "[::1]:6060": true, "localhost:6060": true,
		"0.0.0.0:6060": false, ":6060": false, "10.0.0.5:6060": false, "127.0.0.1": false, "example.com:6060": false} {
		c, _, err := Load("serve", nil, env(map[string]string{"ZOE_PPROF": addr}))
		if ok && (err != nil || c.Pprof != addr) {
			t.Errorf("ZOE_PPROF=%s refused: %v", addr, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "ZOE_PPROF")) {
			t.Errorf("ZOE_PPROF=%s accepted (err %v)", addr, err)
		}
	}
}
