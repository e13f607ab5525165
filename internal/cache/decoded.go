package cache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
)

// Cloner is a value that can copy itself so that the copy shares nothing mutable (slices,
// maps, pointers) with the original.
type Cloner[T any] interface{ Clone() T }

// DecodedSize and DecodedTTL bound the in-process first level of GetOrLoadDecodedIn: how
// many decoded values it keeps and for how long at most.
const (
	DecodedSize = 1024
	DecodedTTL  = 30 * time.Second
)

// decodedLevel is the first level in front of a Cache: decoded values by full key (the key
// with its namespaces' generations, see KeyIn), so a bump of a generation — by this
// instance or by another one through Redis — makes the entry unreachable at once.
type decodedLevel struct {
	once sync.Once
	lru  *expirable.LRU[string, any]
}

func (d *decodedLevel) get() *expirable.LRU[string, any] {
	d.once.Do(func() { d.lru = expirable.NewLRU[string, any](DecodedSize, nil, DecodedTTL) })
	return d.lru
}

// keyer is implemented by caches that read several generations in one step (Redis: one
// round trip that returns the full key and no value).
type keyer interface {
	keyIn(ctx context.Context, namespaces []string, key string) (string, error)
}

// GetOrLoadDecodedIn is GetOrLoadIn with an in-process first level that keeps the decoded
// value, so a hit costs the generation read (in-process for the LRU, one small round trip
// for Redis) and a Clone, not a fetch and a JSON decode. Every caller gets its own Clone:
// no request can change what another one sees. namespaces must not be empty (the first
// level relies on generations for invalidation).
func GetOrLoadDecodedIn[T Cloner[T]](ctx context.Context, c Cache, kind string, namespaces []string, key string,
	ttl time.Duration, load func(context.Context) (T, error)) (T, error) {
	var zero T
	full, err := fullKeyIn(ctx, c, "GetOrLoadDecodedIn", namespaces, key)
	if errors.Is(err, ErrBadNamespace) {
		return zero, err
	}
	if err != nil {
		// Unreachable: GetOrLoadIn counts the bypass and loads.
		return GetOrLoadIn(ctx, c, kind, namespaces, key, ttl, load)
	}
	fs := stateOf(c)
	l1 := fs.decoded.get()
	if t, ok := cloneHit[T](l1, full); ok {
		fs.metrics.hit(kind)
		return t, nil
	}
	v, err := GetOrLoadIn(ctx, c, kind, namespaces, key, ttl, load)
	if err != nil {
		return zero, err
	}
	// Stored under the generations read above: if an Invalidate came in between, this
	// entry is already unreachable and ages out.
	l1.Add(full, v.Clone())
	return v, nil
}

// fullKeyIn is the key that namespaces (at their current generations) and key make, read
// in one round trip where c can (keyer). caller names the function for the error when
// namespaces is empty (a first level relies on generations for invalidation).
func fullKeyIn(ctx context.Context, c Cache, caller string, namespaces []string, key string) (string, error) {
	if len(namespaces) == 0 {
		return "", fmt.Errorf("%w: %s needs a namespace", ErrBadNamespace, caller)
	}
	if k, ok := c.(keyer); ok {
		return k.keyIn(ctx, namespaces, key)
	}
	return namespacedKey(ctx, c, namespaces, key)
}

// cloneHit is a Clone of the first level's value under full, if it holds a T.
func cloneHit[T Cloner[T]](l1 *expirable.LRU[string, any], full string) (T, bool) {
	if v, ok := l1.Get(full); ok {
		if t, ok := v.(T); ok {
			return t.Clone(), true
		}
	}
	var zero T
	return zero, false
}

// keyIn implements keyer: the generations of namespaces (created when missing, as getIn
// does) and the key they make, in one round trip.
func (r *Redis) keyIn(ctx context.Context, namespaces []string, key string) (string, error) {
	for _, ns := range namespaces {
		if err := checkNamespace(ns); err != nil {
			return "", err
		}
	}
	octx, cancel, err := r.begin(ctx, "get")
	if err != nil {
		return "", err
	}
	defer cancel()
	genKeys := make([]string, len(namespaces))
	for i, ns := range namespaces {
		genKeys[i] = r.genKey(ns)
	}
	head := r.prefix + "ns:" + strings.Join(namespaces, ",") + ":g"
	res, err := keyInNamespaces.Run(octx, r.client, genKeys, time.Now().UnixMicro(), head, key).Text()
	if err != nil {
		return "", r.failure(ctx, "get", err)
	}
	return strings.TrimPrefix(res, r.prefix), nil
}

// Local is a first level owned by its user (one per app server), for GetOrLoadLocalIn.
type Local struct{ lru *expirable.LRU[string, any] }

// NewLocal keeps at most size values for at most ttl (DecodedSize and DecodedTTL when ≤ 0).
func NewLocal(size int, ttl time.Duration) *Local {
	if size <= 0 {
		size = DecodedSize
	}
	if ttl <= 0 {
		ttl = DecodedTTL
	}
	return &Local{lru: expirable.NewLRU[string, any](size, nil, ttl)}
}

// GetOrLoadLocalIn is GetOrLoadDecodedIn for values that must stay in this process: the
// value lives only in local (never written to c, so never to Redis), but the generations
// come from c, so an Invalidate by any instance hides it at once. Use it for what should not
// be copied into a shared store (a signed-in user's row, password hash included). When c is
// unreachable it loads every time.
func GetOrLoadLocalIn[T Cloner[T]](ctx context.Context, c Cache, local *Local, kind string, namespaces []string, key string,
	load func(context.Context) (T, error)) (T, error) {
	var zero T
	full, err := fullKeyIn(ctx, c, "GetOrLoadLocalIn", namespaces, key)
	if errors.Is(err, ErrBadNamespace) {
		return zero, err
	}
	fs := stateOf(c)
	if err != nil {
		fs.metrics.bypass(kind)
		return load(ctx)
	}
	l1 := local.lru
	if t, ok := cloneHit[T](l1, full); ok {
		fs.metrics.hit(kind)
		return t, nil
	}
	fs.metrics.miss(kind)
	v, err := load(ctx)
	if err != nil {
		return zero, err
	}
	// Under the generations read before the load: a concurrent Invalidate leaves it
	// unreachable.
	l1.Add(full, v.Clone())
	return v, nil
}
