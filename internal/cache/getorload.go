package cache

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/safe"
	"golang.org/x/sync/singleflight"
)

// flightState is what GetOrLoad keeps per cache: the metrics to count in and
// the group that merges concurrent loads of the same key.
type flightState struct {
	group   singleflight.Group
	metrics *Metrics
	decoded decodedLevel // GetOrLoadDecodedIn's first level
}

type hasFlightState interface{ flightState() *flightState }

// foreignFlight serves Cache implementations from outside this package.
var foreignFlight flightState

func stateOf(c Cache) *flightState {
	if f, ok := c.(hasFlightState); ok {
		return f.flightState()
	}
	return &foreignFlight
}

// instrumented is a Cache whose GetOrLoad calls are counted in metrics.
type instrumented struct {
	Cache
	flight flightState
}

func (i *instrumented) flightState() *flightState { return &i.flight }

// namespacedGetter is implemented by caches that can read generations and
// the value in one step (Redis: one round trip instead of two or more).
type namespacedGetter interface {
	getIn(ctx context.Context, namespaces []string, key string) (full string, value []byte, ok bool, err error)
}

func (i *instrumented) getIn(ctx context.Context, namespaces []string, key string) (string, []byte, bool, error) {
	if g, ok := i.Cache.(namespacedGetter); ok {
		return g.getIn(ctx, namespaces, key)
	}
	return getInSteps(ctx, i.Cache, namespaces, key)
}

// getInSteps reads generations, builds the key, then reads the value.
func getInSteps(ctx context.Context, c Cache, namespaces []string, key string) (string, []byte, bool, error) {
	full, err := namespacedKey(ctx, c, namespaces, key)
	if err != nil {
		return "", nil, false, err
	}
	data, ok, err := c.Get(ctx, full)
	return full, data, ok, err
}

// WithMetrics returns c with GetOrLoad outcomes counted in m. Use the returned
// Cache everywhere; the wrapped one still works but counts nothing.
func WithMetrics(c Cache, m *Metrics) Cache {
	return &instrumented{Cache: c, flight: flightState{metrics: m}}
}

// GetOrLoad returns the value cached under key in namespace ns (JSON), or calls
// load, caches its result for ttl and returns it. An empty ns means a plain key
// that no Invalidate reaches. kind labels the metrics ("food", "search").
//
// The cache never fails the request: if it is unreachable, GetOrLoad counts a
// bypass and returns what load returns. Errors returned are load's, the
// caller's context's, or ErrBadNamespace. Concurrent calls for the same key
// share one load. Load errors are not cached.
func GetOrLoad[T any](ctx context.Context, c Cache, kind, ns, key string, ttl time.Duration,
	load func(context.Context) (T, error)) (T, error) {
	var namespaces []string
	if ns != "" {
		namespaces = []string{ns}
	}
	return GetOrLoadIn(ctx, c, kind, namespaces, key, ttl, load)
}

// GetOrLoadIn is GetOrLoad for a value that depends on several namespaces:
// invalidating any one of them hides it. A user's recommendations, for
// example, depend on prices and on that user: []string{"price", "user.42"}.
func GetOrLoadIn[T any](ctx context.Context, c Cache, kind string, namespaces []string, key string,
	ttl time.Duration, load func(context.Context) (T, error)) (T, error) {
	fs := stateOf(c)
	var (
		full string
		data []byte
		ok   bool
		err  error
	)
	if g, fast := c.(namespacedGetter); fast && len(namespaces) > 0 {
		full, data, ok, err = g.getIn(ctx, namespaces, key)
	} else {
		full, data, ok, err = getInSteps(ctx, c, namespaces, key)
	}
	if errors.Is(err, ErrBadNamespace) {
		var zero T
		return zero, err
	}
	if err != nil {
		fs.metrics.bypass(kind)
		return loadShared(ctx, fs, kind, "bypass\x00"+strings.Join(namespaces, ",")+"\x00"+key, load, nil)
	}
	if ok {
		var v T
		if err := json.Unmarshal(data, &v); err == nil {
			fs.metrics.hit(kind)
			return v, nil
		}
		// Corrupt, or written by an older version of T: load and overwrite.
		fs.metrics.fail(kind)
	}
	fs.metrics.miss(kind)
	store := func(ctx context.Context, data []byte) {
		if err := c.Set(ctx, full, data, ttl); err != nil {
			fs.metrics.fail(kind)
		}
	}
	return loadShared(ctx, fs, kind, full, load, store)
}

// namespacedKey reads the generation of each namespace and builds the key.
func namespacedKey(ctx context.Context, c Cache, namespaces []string, key string) (string, error) {
	if len(namespaces) == 0 {
		return key, nil
	}
	gens := make([]uint64, len(namespaces))
	for i, ns := range namespaces {
		g, err := c.Generation(ctx, ns)
		if err != nil {
			return "", err
		}
		gens[i] = g
	}
	if len(namespaces) == 1 {
		return KeyIn(namespaces[0], gens[0], key), nil
	}
	return keyInAll(namespaces, gens, key), nil
}

// loaded is what one shared load hands to every waiting caller.
type loaded struct {
	data  []byte // JSON of value; nil when it could not be encoded
	value any
}

// loadShared runs load once per flightKey at a time and stores the encoded
// result with store (nil: don't store). The load outlives a caller that gives
// up, so the others waiting on it still get a value, but keeps its deadline.
// Each caller sharing a result decodes its own copy, so none can change
// another's value.
func loadShared[T any](ctx context.Context, fs *flightState, kind, flightKey string,
	load func(context.Context) (T, error), store func(context.Context, []byte)) (T, error) {
	var zero T
	ch := fs.group.DoChan(flightKey, func() (any, error) {
		lctx := context.WithoutCancel(ctx)
		if dl, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			lctx, cancel = context.WithDeadline(lctx, dl)
			defer cancel()
		}
		// The load runs in singleflight's goroutine, out of reach of the HTTP recover
		// middleware: a panic in it would end the process. It is returned as an error.
		var v T
		err := safe.Call(func() (err error) { v, err = load(lctx); return err })
		if err != nil {
			return nil, err
		}
		data, err := json.Marshal(v)
		if err != nil {
			fs.metrics.fail(kind)
			return loaded{value: v}, nil
		}
		if store != nil {
			store(lctx, data)
		}
		return loaded{data: data, value: v}, nil
	})
	select {
	case <-ctx.Done():
		return zero, ctx.Err()
	case res := <-ch:
		if res.Err != nil {
			return zero, res.Err
		}
		l := res.Val.(loaded)
		if res.Shared && l.data != nil {
			var v T
			if err := json.Unmarshal(l.data, &v); err == nil {
				return v, nil
			}
		}
		if v, ok := l.value.(T); ok {
			return v, nil
		}
		// Another caller loaded a different type under the same key.
		return load(ctx)
	}
}

func (i *instrumented) keyIn(ctx context.Context, namespaces []string, key string) (string, error) {
	if k, ok := i.Cache.(keyer); ok {
		return k.keyIn(ctx, namespaces, key)
	}
	return namespacedKey(ctx, i.Cache, namespaces, key)
}
