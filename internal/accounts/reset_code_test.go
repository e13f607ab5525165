package accounts

import (
	"regexp"
	"testing"
)

func TestResetCode(t *testing.T) {
	format := regexp.MustCompile(`^[A-HJKMNP-TV-Z2-9]{4}(-[A-HJKMNP-TV-Z2-9]{4}){3}$`)
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		code, hash := NewResetCode()
		if !format.MatchString(code) {
			t.Fatalf("code %q has the wrong format", code)
		}
		if seen[code] {
			t.Fatalf("code %q repeated", code)
		}
		seen[code] = true
		if hash != HashResetCode(code) || len(hash) != 64 {
			t.Fatalf("hash %q does not match the code", hash)
		}
	}
	code, hash := NewResetCode()
	for _, typed := range []string{code, " " + code + " ", NormalizeResetCode(code), lower(code)} {
		if HashResetCode(typed) != hash {
			t.Errorf("%q typed as %q does not match", code, typed)
		}
	}
	if k1, k2 := NewSessionKey(), NewSessionKey(); k1 == k2 || len(k1) != 32 {
		t.Error("session keys are not random 128-bit hex")
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
