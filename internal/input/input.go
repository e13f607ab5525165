// Package input reads what people and clients send, strictly: plain decimal numbers,
// bounded whole numbers, text that can be stored, and redirect targets that stay on this
// site. Every number, text field and redirect target taken from a request goes through it,
// so a malformed or hostile value is a message for the user, never a panic or a 500.
package input

import (
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	// ErrNotNumber: not a plain number ("0x1p3", "1_0", "Inf", "NaN", "1e3", "abc", "").
	ErrNotNumber = errors.New("not a plain number")
	// ErrOutOfRange: a number, but outside the bounds asked for.
	ErrOutOfRange = errors.New("number out of range")
)

// MaxNumberLen bounds the length of a number as typed (digits, sign and decimal mark).
const MaxNumberLen = 32

// Decimal reads a plain decimal number as people type it: an optional sign, digits, and
// optionally one decimal mark (a point, or a comma as in "6,1") with digits after it
// ("6.1", "6,1", "-2", ".5", "5."). Spaces around it are ignored. Exponents, hexadecimal,
// underscores, thousands separators, "Inf" and "NaN" are refused with ErrNotNumber.
func Decimal(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxNumberLen {
		return 0, ErrNotNumber
	}
	b := []byte(s)
	i := 0
	if b[0] == '+' || b[0] == '-' {
		i++
	}
	digits, mark := 0, false
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !mark:
			mark = true
			b[i] = '.'
		default:
			return 0, ErrNotNumber
		}
	}
	if digits == 0 {
		return 0, ErrNotNumber
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, ErrNotNumber
	}
	return v, nil
}

// DecimalIn is Decimal bounded to [min, max].
func DecimalIn(s string, min, max float64) (float64, error) {
	v, err := Decimal(s)
	if err != nil {
		return 0, err
	}
	if v < min || v > max {
		return v, ErrOutOfRange
	}
	return v, nil
}

// Int reads a whole number in base 10 (an optional sign and digits only) in [min, max].
// Spaces around it are ignored; a value beyond int64 is ErrOutOfRange.
func Int(s string, min, max int64) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxNumberLen {
		return 0, ErrNotNumber
	}
	start := 0
	if s[0] == '+' || s[0] == '-' {
		start = 1
	}
	if start == len(s) {
		return 0, ErrNotNumber
	}
	for i := start; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, ErrNotNumber
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, ErrOutOfRange // only a range error is left: the syntax was checked above
	}
	if v < min || v > max {
		return v, ErrOutOfRange
	}
	return v, nil
}

// ID reads a row id: a whole number from 1 to the largest int64.
func ID(s string) (int64, bool) {
	id, err := Int(s, 1, math.MaxInt64)
	return id, err == nil
}

// Storable reports whether s can be stored and shown as text: valid UTF-8 with no NUL
// (PostgreSQL refuses both; SQLite would keep bytes no page can show).
func Storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// MaxPathLen bounds a redirect target.
const MaxPathLen = 2048

// LocalPath returns next when it is a path on this site ("/diary?date=2025-06-01"), in a
// form safe to put in a Location header, or "" for anything else: a scheme or a host
// ("https://x", "//x", "/\\x"), a backslash, a control character (CR, LF, tab: browsers
// drop tabs, so "/\t/x" would become "//x"), invalid UTF-8, or more than MaxPathLen bytes.
func LocalPath(next string) string {
	if next == "" || len(next) > MaxPathLen || next[0] != '/' || strings.HasPrefix(next, "//") || !utf8.ValidString(next) {
		return ""
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' || (r >= 0x80 && r < 0xa0) {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.Contains(u.Path, "\\") {
		return ""
	}
	out := url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: url.Values(nil).Encode()}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return ""
		}
		out.RawQuery = q.Encode()
	}
	s := out.String()
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return ""
	}
	return s
}
