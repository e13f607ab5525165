// Package cache stores food items, search results and per-user recommendations
// for a short while so that pages do not hit the database on every request.
//
// Two implementations share one interface: Redis (when REDIS_URL is set, shared
// by every app instance) and an in-process LRU with TTLs (single instance).
//
// # Invalidation by generation
//
// Data that depends on foods or prices lives in a namespace ("food", "price",
// "user.42"). Each namespace has a generation counter; GetOrLoad builds keys
// as "<prefix>ns:<ns>:g<gen>:<key>". Data that depends on several things (a
// user's recommendations depend on prices and on that user's profile) uses
// GetOrLoadIn with several namespaces, and a bump of any of them hides it. Invalidate bumps the counter, so every key
// written under the old generation becomes unreachable at once and ages out by
// its TTL. With Redis the counter lives in Redis (INCR), so all instances see the
// bump on their next read. A load that started before an Invalidate writes under
// the old generation, so it can never resurrect stale data.
//
// # Outages
//
// The cache is an optimisation, never a dependency of a page: when Redis errors
// (down, timeout) GetOrLoad calls load directly, counts a bypass and returns the
// loaded value. Operations use short timeouts, and after a failure the Redis
// cache skips Redis for a short cooldown so requests don't each wait for it.
//
// An Invalidate that fails during an outage is remembered in-process: the
// namespace is marked dirty and bumped before anything else is read from Redis
// on the next successful contact, so data cached before the outage is never
// served after it. Two limits remain, both bounded by the entry TTL (default 10
// minutes, never infinite): the dirty mark lives in one process (lost if that
// process exits before Redis returns), and other instances that can still reach
// Redis keep serving the old generation until the bump lands.
package cache

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cache is what the app stores cached bytes in.
type Cache interface {
	// Get returns the value and true, or false when the key is absent or expired.
	Get(ctx context.Context, key string) ([]byte, bool, error)
	// Set stores value for ttl; ttl <= 0 means the implementation's default TTL.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes keys; absent keys are not an error.
	Delete(ctx context.Context, keys ...string) error
	// Generation returns the current generation of namespace ns.
	Generation(ctx context.Context, ns string) (uint64, error)
	// Invalidate bumps the generation of each namespace, making every key
	// built under an older generation unreachable.
	Invalidate(ctx context.Context, namespaces ...string) error
	// Incr adds one to the integer counter at key and returns the new value.
	// ttl is set when the counter is created and is not extended by later
	// increments (a fixed window); ttl <= 0 means the counter never expires.
	// Get on a counter returns its decimal text, e.g. "3".
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
	// Ping reports whether the backing store is reachable.
	Ping(ctx context.Context) error
}

// DefaultTTL bounds how long an entry lives when the caller gives no TTL. It is
// also the longest that stale data can survive the worst outage case described
// in the package documentation.
const DefaultTTL = 10 * time.Minute

// ErrUnavailable is matched (errors.Is) by every error caused by the backing
// store being unreachable or too slow. Callers that must not fail open, such as
// login throttling, turn it into "try again shortly".
var ErrUnavailable = errors.New("cache unavailable")

// ErrNotInteger is returned by Incr when the key holds something other than an
// integer counter.
var ErrNotInteger = errors.New("cache: value is not an integer")

// ErrBadNamespace is returned for a namespace that is empty or holds anything
// but ASCII letters, digits, '.', '_' and '-'; ':' and ',' would make keys
// ambiguous.
var ErrBadNamespace = errors.New("cache: namespace must be non-empty [A-Za-z0-9._-]")

// UnavailableError wraps the backend error of one failed operation.
type UnavailableError struct {
	Op  string // "get", "set", "invalidate", ...
	Err error  // the underlying cause, e.g. a dial or timeout error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("cache %s: %v: %v", e.Op, ErrUnavailable, e.Err)
}

// Unwrap exposes both the cause and ErrUnavailable to errors.Is.
func (e *UnavailableError) Unwrap() []error { return []error{ErrUnavailable, e.Err} }

// KeyIn builds the key of key inside namespace ns at generation gen,
// "ns:<ns>:g<gen>:<key>"; an implementation's prefix goes in front of it.
func KeyIn(ns string, gen uint64, key string) string {
	return "ns:" + ns + ":g" + strconv.FormatUint(gen, 10) + ":" + key
}

// keyInAll is KeyIn for several namespaces: "ns:a,b:g3.7:<key>".
func keyInAll(namespaces []string, gens []uint64, key string) string {
	var b strings.Builder
	b.WriteString("ns:")
	b.WriteString(strings.Join(namespaces, ","))
	b.WriteString(":g")
	for i, g := range gens {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.FormatUint(g, 10))
	}
	b.WriteByte(':')
	b.WriteString(key)
	return b.String()
}

func checkNamespace(ns string) error {
	if ns == "" {
		return fmt.Errorf("%w: %q", ErrBadNamespace, ns)
	}
	for _, r := range ns {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '.' || r == '_' || r == '-'
		if !ok {
			return fmt.Errorf("%w: %q", ErrBadNamespace, ns)
		}
	}
	return nil
}
