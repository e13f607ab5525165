// Package throttle slows down password guessing: it counts failed logins per
// account and per client IP and refuses new attempts while either count is at
// its limit within a sliding window.
//
// Counting uses the sliding window counter (the approach Cloudflare describes
// for its rate limiting): one fixed-window counter per window, and the estimate
//
//	previous × (window − elapsed) / window + current
//
// which weighs the previous window by how much of it still overlaps the last
// `window` of time. Two counters per key, no log of timestamps, and no burst
// of 2× the limit across a window boundary as a plain fixed window allows.
//
// Defaults: 5 failures per account and 20 per IP in 15 minutes. NIST SP 800-63B
// §5.2.2 requires no more than 100 consecutive failures per account; these are
// far stricter but, unlike a lockout, they lift by themselves as time passes.
// Many people in Uganda reach the internet through carrier-grade NAT, so one IP
// can be many users: keep the per-IP limit well above the per-account one.
//
// Use in a login handler:
//
//	ok, wait, err := th.Allow(ctx, account, ip)
//	if err != nil { // the counter store is unreachable: refuse (fail closed)
//		// 503 + Retry-After: "Sign-in is paused for a moment, please try again shortly."
//	} else if !ok {
//		// 429 + Retry-After: "Too many attempts. Try again in <wait>."
//	}
//	// check the password; for unknown accounts too, so failures can't tell which exist
//	if wrong { th.Fail(ctx, account, ip) } else { th.Reset(ctx, account) }
//
// When the store (Redis) is unreachable, Allow refuses with ErrUnavailable: an
// outage must not switch off the protection, and a short "try again" is better
// than unlimited guessing. Attempts already in flight when the limit is reached
// are not stopped (Allow and Fail are separate calls), so a burst of parallel
// attempts can overshoot the limit by the number in flight.
package throttle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Store holds the counters; cache.Cache satisfies it.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
	Delete(ctx context.Context, keys ...string) error
}

// Limits configures a Throttle.
type Limits struct {
	PerAccount int           // failures allowed per account per Window; 0 turns the check off
	PerIP      int           // failures allowed per IP per Window; 0 turns the check off
	Window     time.Duration // length of the sliding window
	// UnavailableRetry is the retryAfter given when the store is unreachable.
	UnavailableRetry time.Duration
}

// DefaultLimits: 5 failures per account and 20 per IP in 15 minutes; 30
// seconds before retrying when the store is down.
func DefaultLimits() Limits {
	return Limits{PerAccount: 5, PerIP: 20, Window: 15 * time.Minute, UnavailableRetry: 30 * time.Second}
}

// ErrUnavailable is returned (wrapping the cause) when the counters cannot be
// read or written. Allow then refuses the attempt.
var ErrUnavailable = errors.New("throttle: login throttling unavailable, try again shortly")

// Throttle counts failed logins. It is safe for concurrent use; with a shared
// store (Redis) all app instances share the counts.
type Throttle struct {
	store  Store
	limits Limits
	now    func() time.Time
}

// New returns a Throttle on store. A zero Window or UnavailableRetry takes the
// default.
func New(store Store, limits Limits) *Throttle {
	d := DefaultLimits()
	if limits.Window <= 0 {
		limits.Window = d.Window
	}
	if limits.UnavailableRetry <= 0 {
		limits.UnavailableRetry = d.UnavailableRetry
	}
	return &Throttle{store: store, limits: limits, now: time.Now}
}

// scope is one counted subject: an account or an IP.
type scope struct {
	id    string // key part: the account's hash or the IP as given
	kind  string // "acct" or "ip"
	limit int
}

func (t *Throttle) scopes(account, ip string) []scope {
	var out []scope
	if a := AccountKey(account); a != "" && t.limits.PerAccount > 0 {
		out = append(out, scope{id: a, kind: "acct", limit: t.limits.PerAccount})
	}
	if ip != "" && t.limits.PerIP > 0 {
		out = append(out, scope{id: ip, kind: "ip", limit: t.limits.PerIP})
	}
	return out
}

// AccountKey is how an account appears in counter keys: case and surrounding
// spaces ignored, hashed so that emails and phone numbers are not stored in the
// clear. Empty for an empty account.
func AccountKey(account string) string {
	a := strings.ToLower(strings.TrimSpace(account))
	if a == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(a))
	return hex.EncodeToString(sum[:16])
}

// window returns the index of the window holding now and how far into it now is.
func (t *Throttle) window(now time.Time) (int64, time.Duration) {
	w := int64(t.limits.Window)
	ns := now.UnixNano()
	return ns / w, time.Duration(ns % w)
}

func key(s scope, window int64) string {
	return "throttle:" + s.kind + ":w" + strconv.FormatInt(window, 10) + ":" + s.id
}

// Allow reports whether a login attempt for account from ip may go ahead. If
// not, retryAfter says when it may (rounded up to the second, assuming no new
// failures). An error means the counters are unreachable: ok is then false.
func (t *Throttle) Allow(ctx context.Context, account, ip string) (ok bool, retryAfter time.Duration, err error) {
	idx, elapsed := t.window(t.now())
	for _, s := range t.scopes(account, ip) {
		prev, err := t.count(ctx, key(s, idx-1))
		if err != nil {
			return false, t.limits.UnavailableRetry, err
		}
		curr, err := t.count(ctx, key(s, idx))
		if err != nil {
			return false, t.limits.UnavailableRetry, err
		}
		retryAfter = max(retryAfter, wait(prev, curr, s.limit, elapsed, t.limits.Window))
	}
	return retryAfter == 0, retryAfter, nil
}

func (t *Throttle) count(ctx context.Context, k string) (int64, error) {
	b, ok, err := t.store.Get(ctx, k)
	if err != nil {
		return 0, fmt.Errorf("%w: read %s: %w", ErrUnavailable, k, err)
	}
	if !ok {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("throttle: counter %s holds %q: %w", k, b, err)
	}
	return n, nil
}

// Fail records a failed login for account from ip. Call it for unknown
// accounts too.
func (t *Throttle) Fail(ctx context.Context, account, ip string) error {
	idx, _ := t.window(t.now())
	// A counter serves as "current" for one window and "previous" for the
	// next, so it must outlive two windows from its first failure.
	ttl := 2 * t.limits.Window
	var errs []error
	for _, s := range t.scopes(account, ip) {
		if _, err := t.store.Incr(ctx, key(s, idx), ttl); err != nil {
			errs = append(errs, fmt.Errorf("%w: count %s failure: %w", ErrUnavailable, s.kind, err))
		}
	}
	return errors.Join(errs...)
}

// Reset forgets the failures of account after a successful login. The IP's
// count stays: one good password must not clear an IP that guesses at others.
func (t *Throttle) Reset(ctx context.Context, account string) error {
	a := AccountKey(account)
	if a == "" {
		return nil
	}
	idx, _ := t.window(t.now())
	s := scope{id: a, kind: "acct"}
	if err := t.store.Delete(ctx, key(s, idx-1), key(s, idx)); err != nil {
		return fmt.Errorf("%w: reset account: %w", ErrUnavailable, err)
	}
	return nil
}

// wait returns how long, with no new failures, until the sliding estimate
// prev×(W−e)/W + curr falls below limit; 0 when it already is.
func wait(prev, curr int64, limit int, elapsed, window time.Duration) time.Duration {
	w, e, l := float64(window), float64(elapsed), float64(limit)
	p, c := float64(prev), float64(curr)
	if p*(w-e)/w+c < l {
		return 0
	}
	var t float64
	if c < l {
		// Still in this window, once the previous window's weight has fallen
		// far enough: p×(W−(e+t))/W < l−c.
		t = w*(1-(l-c)/p) - e
	} else {
		// In the next window, where this one becomes the previous:
		// c×(W−t')/W < l, starting W−e from now.
		t = (w - e) + w*(1-l/c)
	}
	// Whole seconds for Retry-After; the extra second makes the inequality strict.
	return time.Duration(math.Ceil(t)).Truncate(time.Second) + time.Second
}
