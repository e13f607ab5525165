// Package throttle slows down password guessing: it counts password attempts per
// account and per client IP and refuses new ones while either count is at its
// limit within a sliding window.
//
// An attempt is counted before its password is checked, in one atomic step that
// also checks the limits (Reserve): a burst of parallel attempts can never check
// more passwords than the limit, because the check and the increment cannot
// interleave. A successful attempt is then given back (Reservation.Succeeded):
// the account's count is cleared and the IP's attempt refunded, so people who
// type their password right never use up their IP's allowance (many users in
// Uganda share one carrier-grade NAT address).
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
// Defaults: 5 attempts per account and 20 per IP in 15 minutes. NIST SP 800-63B
// §5.2.2 requires no more than 100 consecutive failures per account; these are
// far stricter but, unlike a lockout, they lift by themselves as time passes.
//
// Use in a handler that checks a password:
//
//	res, err := th.Reserve(ctx, account, ip)
//	if err != nil { // the counter store is unreachable: refuse (fail closed)
//		// 503 + Retry-After
//	} else if !res.OK {
//		// 429 + Retry-After res.RetryAfter
//	}
//	// check the password (for unknown accounts too, so failures can't tell which exist)
//	if right { res.Succeeded(ctx) }
//
// Two stores: Redis (one Lua script, one round trip per attempt, shared by every
// app instance) and Memory (one process, when there is no Redis). When Redis is
// unreachable Reserve refuses with ErrUnavailable: an outage must not switch off
// the protection.
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

// Counter names the two fixed-window counters of one scope and its limit.
type Counter struct {
	Prev, Curr string // keys of the previous and the current window
	Limit      int
}

// Store keeps the counters.
type Store interface {
	// Take atomically reads every counter's previous and current window and, only when
	// prev×weight + curr < Limit holds for every one, adds one to each current window
	// (which expires after ttl). It returns whether it did, and the counts it read
	// (before the increment): counts[i] = {prev, curr} of counters[i].
	Take(ctx context.Context, counters []Counter, weight float64, ttl time.Duration) (took bool, counts [][2]int64, err error)
	// Decr takes one back from key (never below zero).
	Decr(ctx context.Context, key string) error
	// Delete removes keys.
	Delete(ctx context.Context, keys ...string) error
}

// Limits configures a Throttle.
type Limits struct {
	PerAccount int           // attempts allowed per account per Window; 0 turns the check off
	PerIP      int           // attempts allowed per IP per Window; 0 turns the check off
	Window     time.Duration // length of the sliding window
	// UnavailableRetry is the retryAfter given when the store is unreachable.
	UnavailableRetry time.Duration
}

// DefaultLimits: 5 attempts per account and 20 per IP in 15 minutes; 30
// seconds before retrying when the store is down.
func DefaultLimits() Limits {
	return Limits{PerAccount: 5, PerIP: 20, Window: 15 * time.Minute, UnavailableRetry: 30 * time.Second}
}

// ErrUnavailable is returned (wrapping the cause) when the counters cannot be
// read or written. The attempt is then refused.
var ErrUnavailable = errors.New("throttle: login throttling unavailable, try again shortly")

// Throttle counts password attempts. It is safe for concurrent use; with a
// shared store (Redis) all app instances share the counts.
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
// clear. Empty for an empty account. Callers should pass one identity per
// account whatever the person typed (the login handler passes the user id of a
// known username or email, so both spellings share one counter).
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

// Reservation is the outcome of Reserve.
type Reservation struct {
	OK         bool          // the attempt may go ahead (and has been counted)
	RetryAfter time.Duration // when refused: how long until an attempt may go ahead
	t          *Throttle
	account    string
	ip         string
	window     int64
}

// Reserve counts an attempt for account from ip if both are under their limits,
// atomically. If either is at its limit nothing is counted, OK is false and
// RetryAfter says when to try again (rounded up to the second, assuming no new
// attempts). An error means the counters are unreachable: OK is then false.
func (t *Throttle) Reserve(ctx context.Context, account, ip string) (Reservation, error) {
	now := t.now()
	idx, elapsed := t.window(now)
	res := Reservation{t: t, account: account, ip: ip, window: idx}
	scopes := t.scopes(account, ip)
	if len(scopes) == 0 {
		res.OK = true
		return res, nil
	}
	counters := make([]Counter, len(scopes))
	for i, s := range scopes {
		counters[i] = Counter{Prev: key(s, idx-1), Curr: key(s, idx), Limit: s.limit}
	}
	weight := float64(t.limits.Window-elapsed) / float64(t.limits.Window)
	// A counter serves as "current" for one window and "previous" for the next,
	// so it must outlive two windows from its first attempt.
	took, counts, err := t.store.Take(ctx, counters, weight, 2*t.limits.Window)
	if err != nil {
		res.RetryAfter = t.limits.UnavailableRetry
		return res, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if took {
		res.OK = true
		return res, nil
	}
	for i, s := range scopes {
		res.RetryAfter = max(res.RetryAfter, wait(counts[i][0], counts[i][1], s.limit, elapsed, t.limits.Window))
	}
	if res.RetryAfter == 0 {
		// Refused on a rounding edge of the estimate: a second is always enough.
		res.RetryAfter = time.Second
	}
	return res, nil
}

// Succeeded gives back a reservation whose password was right: the account's
// attempts are forgotten and the IP's attempt is refunded (one right password
// must not clear an IP that guesses at others, but it must not use up the IP's
// allowance either). It does nothing for a refused reservation.
func (r Reservation) Succeeded(ctx context.Context) error {
	if !r.OK || r.t == nil {
		return nil
	}
	var errs []error
	for _, s := range r.t.scopes(r.account, r.ip) {
		var err error
		if s.kind == "acct" {
			err = r.t.store.Delete(ctx, key(s, r.window-1), key(s, r.window))
		} else {
			err = r.t.store.Decr(ctx, key(s, r.window))
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: release %s: %w", ErrUnavailable, s.kind, err))
		}
	}
	return errors.Join(errs...)
}

// wait returns how long, with no new attempts, until the sliding estimate
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
