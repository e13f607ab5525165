package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadOrCreateSecret(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateSecret(dir)
	if err != nil || len(k1) != 64 {
		t.Fatalf("first key %q, %v", k1, err)
	}
	fi, err := os.Stat(filepath.Join(dir, SecretFileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v, want mode 0600", fi, err)
	}
	k2, err := LoadOrCreateSecret(dir)
	if err != nil || k2 != k1 {
		t.Fatalf("second call gave %q (%v), want the same key", k2, err)
	}
	if err := os.WriteFile(filepath.Join(dir, SecretFileName), []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateSecret(dir); err == nil {
		t.Error("a short key was accepted")
	}
}

func TestTrustedProxiesConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, _, err := Load("t", nil, env(map[string]string{}))
	if err != nil || !c.TrustedProxies.Empty() {
		t.Fatalf("default trusts %s (%v)", c.TrustedProxies, err)
	}
	c, _, err = Load("t", nil, env(map[string]string{"ZOE_TRUST_PROXY": "true"}))
	if err != nil || c.TrustedProxies.Empty() {
		t.Fatalf("ZOE_TRUST_PROXY=true trusts nothing (%v)", err)
	}
	c, _, err = Load("t", nil, env(map[string]string{"ZOE_TRUST_PROXY": "true", "ZOE_TRUSTED_PROXIES": "192.0.2.10"}))
	if err != nil || c.TrustedProxies.String() != "192.0.2.10/32" {
		t.Fatalf("ZOE_TRUSTED_PROXIES: %s (%v)", c.TrustedProxies, err)
	}
	if _, _, err = Load("t", nil, env(map[string]string{"ZOE_TRUSTED_PROXIES": "lb.example"})); err == nil {
		t.Error("a host name was accepted as a proxy")
	}
	if _, _, err = Load("t", nil, env(map[string]string{"ZOE_SECRET_KEY": "too-short"})); err == nil {
		t.Error("a short ZOE_SECRET_KEY was accepted")
	}
}
