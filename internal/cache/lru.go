package cache

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
)

// LRU is the in-process cache used when no Redis is configured. It serves one
// app instance only: its generations and counters are not shared.
//
// Values live in an expirable LRU whose TTL is defaultTTL, so defaultTTL is
// both the default and the longest lifetime of a value; a shorter TTL given to
// Set is honoured per entry. Counters (Incr) live in a second LRU of the same
// size with no ceiling, because login throttling needs windows longer than a
// typical cache TTL. Generations live in a plain map: namespaces are few, and a
// generation must never be evicted (it would fall back to an old number and
// make old entries reachable again).
type LRU struct {
	values   *expirable.LRU[string, lruEntry]
	counters *expirable.LRU[string, lruCounter]
	ttl      time.Duration

	mu   sync.Mutex // guards gens and read-modify-write of counters
	gens map[string]uint64

	flight flightState
}

type lruEntry struct {
	value   []byte
	expires time.Time
}

type lruCounter struct {
	n       int64
	expires time.Time // zero: never
}

var _ Cache = (*LRU)(nil)

// NewLRU returns an in-process cache holding at most size values (and, apart,
// at most size counters). defaultTTL <= 0 means DefaultTTL.
func NewLRU(size int, defaultTTL time.Duration) *LRU {
	if size < 1 {
		size = 1
	}
	if defaultTTL <= 0 {
		defaultTTL = DefaultTTL
	}
	return &LRU{
		values: expirable.NewLRU[string, lruEntry](size, nil, defaultTTL),
		// TTL 0: no background sweep; each counter carries its own deadline.
		counters: expirable.NewLRU[string, lruCounter](size, nil, 0),
		ttl:      defaultTTL,
		gens:     make(map[string]uint64),
	}
}

// Get implements Cache.
func (c *LRU) Get(_ context.Context, key string) ([]byte, bool, error) {
	now := time.Now()
	if e, ok := c.values.Get(key); ok {
		if now.Before(e.expires) {
			// A copy, so a caller changing its result cannot change the cache.
			return append([]byte(nil), e.value...), true, nil
		}
		c.values.Remove(key)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.liveCounter(key, now); ok {
		return []byte(strconv.FormatInt(n.n, 10)), true, nil
	}
	return nil, false, nil
}

// Set implements Cache. A ttl longer than the cache's defaultTTL is cut to it.
func (c *LRU) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl <= 0 || ttl > c.ttl {
		ttl = c.ttl
	}
	c.mu.Lock()
	c.counters.Remove(key)
	c.mu.Unlock()
	// Copy so that a caller reusing its buffer cannot change the cached value.
	v := append([]byte(nil), value...)
	c.values.Add(key, lruEntry{value: v, expires: time.Now().Add(ttl)})
	return nil
}

// Delete implements Cache.
func (c *LRU) Delete(_ context.Context, keys ...string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		c.values.Remove(k)
		c.counters.Remove(k)
	}
	return nil
}

// Generation implements Cache.
func (c *LRU) Generation(_ context.Context, ns string) (uint64, error) {
	if err := checkNamespace(ns); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gens[ns], nil
}

// Invalidate implements Cache.
func (c *LRU) Invalidate(_ context.Context, namespaces ...string) error {
	for _, ns := range namespaces {
		if err := checkNamespace(ns); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ns := range namespaces {
		c.gens[ns]++
	}
	return nil
}

// Incr implements Cache. Like Redis INCR, a value set with Set that holds a
// decimal integer is turned into a counter; any other value is ErrNotInteger.
func (c *LRU) Incr(_ context.Context, key string, ttl time.Duration) (int64, error) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, ok := c.liveCounter(key, now)
	if !ok {
		cur = lruCounter{}
		if ttl > 0 {
			cur.expires = now.Add(ttl)
		}
		if e, ok := c.values.Peek(key); ok && now.Before(e.expires) {
			n, err := strconv.ParseInt(string(e.value), 10, 64)
			if err != nil {
				return 0, ErrNotInteger
			}
			cur = lruCounter{n: n, expires: e.expires}
			c.values.Remove(key)
		}
	}
	cur.n++
	c.counters.Add(key, cur)
	return cur.n, nil
}

// liveCounter returns the counter at key unless it has expired; c.mu is held.
func (c *LRU) liveCounter(key string, now time.Time) (lruCounter, bool) {
	n, ok := c.counters.Get(key)
	if !ok {
		return lruCounter{}, false
	}
	if !n.expires.IsZero() && !now.Before(n.expires) {
		c.counters.Remove(key)
		return lruCounter{}, false
	}
	return n, true
}

// Ping implements Cache; the in-process cache is always reachable.
func (c *LRU) Ping(context.Context) error { return nil }

// Len reports how many values (not counters) the cache holds, expired ones
// not yet swept included.
func (c *LRU) Len() int { return c.values.Len() }

func (c *LRU) flightState() *flightState { return &c.flight }
