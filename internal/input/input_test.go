package input

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDecimal(t *testing.T) {
	ok := map[string]float64{"6.1": 6.1, "6,1": 6.1, " 7 ": 7, "-2": -2, "+3": 3, ".5": 0.5, ",5": 0.5, "5.": 5, "0": 0, "110": 110}
	for s, want := range ok {
		if v, err := Decimal(s); err != nil || v != want {
			t.Errorf("Decimal(%q) = %v, %v; want %v", s, v, err, want)
		}
	}
	for _, s := range []string{"", " ", "0x1p3", "0x10", "1_0", "1_000", "Inf", "-Inf", "+Inf", "NaN", "nan", "infinity", "1e3", "1E3",
		"1,000.5", "1.2.3", "6,1,2", ".", ",", "-", "+", "--1", "1-", "٣", "1\x00", "12 3", "0b101", strings.Repeat("9", 40)} {
		if v, err := Decimal(s); !errors.Is(err, ErrNotNumber) {
			t.Errorf("Decimal(%q) = %v, %v; want ErrNotNumber", s, v, err)
		}
	}
	if _, err := DecimalIn("30", 1, 20); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("DecimalIn out of range: %v", err)
	}
}

func TestInt(t *testing.T) {
	if v, err := Int(" 42 ", 1, 100); err != nil || v != 42 {
		t.Errorf("Int(42) = %v, %v", v, err)
	}
	for _, s := range []string{"", "1.5", "0x10", "1_0", "1e3", "abc", "-", "4 2"} {
		if _, err := Int(s, math.MinInt64, math.MaxInt64); !errors.Is(err, ErrNotNumber) {
			t.Errorf("Int(%q): %v, want ErrNotNumber", s, err)
		}
	}
	for _, s := range []string{"9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", "0", "-1"} {
		if _, err := Int(s, 1, 10000); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Int(%q, 1, 10000): %v, want ErrOutOfRange", s, err)
		}
	}
	if id, ok := ID("9223372036854775807"); !ok || id != math.MaxInt64 {
		t.Errorf("ID(max) = %v %v", id, ok)
	}
	if _, ok := ID("9223372036854775808"); ok {
		t.Error("ID beyond int64 accepted")
	}
}

func TestStorable(t *testing.T) {
	if !Storable("Matooke é 🍌") {
		t.Error("plain UTF-8 refused")
	}
	for _, s := range []string{"a\x00b", "\xff", "a\xc3"} {
		if Storable(s) {
			t.Errorf("Storable(%q) = true", s)
		}
	}
}

func TestLocalPath(t *testing.T) {
	keep := map[string]string{
		"/home":                   "/home",
		"/diary?date=2025-06-01":  "/diary?date=2025-06-01",
		"/foods?q=beans&page=2":   "/foods?page=2&q=beans",
		"/foods/12/edit":          "/foods/12/edit",
		"/records?before=x y":     "/records?before=x+y",
		"/a%20b":                  "/a%20b",
		"/caf\u00e9":              "/caf%C3%A9",
		"/chat?before=5#latest":   "/chat?before=5",
		"/dietitian/patients/7/r": "/dietitian/patients/7/r",
	}
	for in, want := range keep {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"", "home", "//evil.example", "/\t/evil.example/phish", "/\\evil.example", "\\\\evil.example",
		"https://evil.example/", "http:/evil.example", "javascript:alert(1)", "/%2F/evil.example", "/%5Cevil.example",
		"/home\r\nSet-Cookie: injected=1", "/home\nX: 1", "/\x00", "/\xff", "/\u0085x", " /home", "/" + strings.Repeat("a", MaxPathLen),
		"/ /evil", "/%09/evil.example/phish"} {
		got := LocalPath(in)
		if got != "" && !(in == "/ /evil" && got == "/%20/evil") && in != "/%09/evil.example/phish" {
			t.Errorf("LocalPath(%q) = %q, want \"\"", in, got)
		}
		if strings.ContainsAny(got, "\r\n\t\\") || strings.HasPrefix(got, "//") {
			t.Errorf("LocalPath(%q) = %q: unsafe for a Location header", in, got)
		}
	}
}
