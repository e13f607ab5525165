package cache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
)

// price is what a cached food-price entry looks like in these tests. The
// figures are real: WFP Uganda food prices, Owino market (Kampala), retail,
// beans UGX 4,500/kg in November 2024 and UGX 4,250/kg in December 2024
// (the bundled internal/food/prices/wfp/wfp_food_prices_uga_2006-2024.csv.gz).
type price struct {
	Commodity string `json:"commodity"`
	Market    string `json:"market"`
	Unit      string `json:"unit"`
	UGX       int    `json:"ugx"`
	Month     string `json:"month"`
}

var (
	beansNov2024 = price{Commodity: "Beans", Market: "Owino", Unit: "KG", UGX: 4500, Month: "2024-11"}
	beansDec2024 = price{Commodity: "Beans", Market: "Owino", Unit: "KG", UGX: 4250, Month: "2024-12"}
)

// source stands in for the database: it counts loads and returns its current
// value, which a test changes the way a price update would.
type source struct {
	mu    sync.Mutex
	value price
	calls atomic.Int64
	delay time.Duration
	err   error
}

func (s *source) set(p price) { s.mu.Lock(); s.value = p; s.mu.Unlock() }

func (s *source) load(ctx context.Context) (price, error) {
	s.calls.Add(1)
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-ctx.Done():
			return price{}, ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.value, s.err
}

// env is one backend under test.
type env struct {
	cache   cache.Cache // instance A, counting in metrics
	metrics *cache.Metrics
	// another returns a second app instance on the same store, or nil when the
	// backend lives in one process (LRU).
	another func() cache.Cache
	// lru is set for the in-process backend.
	lru *cache.LRU
}

type backend struct {
	name string
	open func(t *testing.T) *env
}

func newMetrics(t testing.TB) *cache.Metrics {
	t.Helper()
	m, err := cache.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var backends = []backend{
	{name: "LRU", open: func(t *testing.T) *env {
		l := cache.NewLRU(100, time.Minute)
		m := newMetrics(t)
		return &env{cache: cache.WithMetrics(l, m), metrics: m, lru: l}
	}},
	{name: "Redis", open: func(t *testing.T) *env {
		client := cachetest.Client(t)
		prefix := cachetest.Prefix(t, client)
		m := newMetrics(t)
		return &env{
			cache:   cache.WithMetrics(cache.NewRedis(client, prefix), m),
			metrics: m,
			another: func() cache.Cache {
				// A second client is a second connection pool: another app instance.
				return cache.WithMetrics(cache.NewRedis(cachetest.Client(t), prefix), newMetrics(t))
			},
		}
	}},
}

func counter(t testing.TB, vec *prometheus.CounterVec, kind string) float64 {
	t.Helper()
	var m dto.Metric
	if err := vec.WithLabelValues(kind).Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

// wantCounts checks hits, misses, bypasses and errors for kind.
func wantCounts(t testing.TB, m *cache.Metrics, kind string, hits, misses, bypasses, errs float64) {
	t.Helper()
	got := [4]float64{counter(t, m.Hits, kind), counter(t, m.Misses, kind),
		counter(t, m.Bypasses, kind), counter(t, m.Errors, kind)}
	want := [4]float64{hits, misses, bypasses, errs}
	if got != want {
		t.Errorf("%s counters (hits, misses, bypasses, errors) = %v, want %v", kind, got, want)
	}
}

func mustGet(t testing.TB, c cache.Cache, ns, key string, src *source) price {
	t.Helper()
	v, err := cache.GetOrLoad(context.Background(), c, "price", ns, key, time.Minute, src.load)
	if err != nil {
		t.Fatalf("GetOrLoad(%s, %s): %v", ns, key, err)
	}
	return v
}

// cases run against every backend.
var cases = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"hit after miss moves the counters", func(t *testing.T, e *env) {
		src := &source{value: beansNov2024}
		if got := mustGet(t, e.cache, "price", "beans:owino", src); got != beansNov2024 {
			t.Fatalf("first load = %+v", got)
		}
		if got := mustGet(t, e.cache, "price", "beans:owino", src); got != beansNov2024 {
			t.Fatalf("cached = %+v", got)
		}
		if n := src.calls.Load(); n != 1 {
			t.Errorf("load called %d times, want 1", n)
		}
		wantCounts(t, e.metrics, "price", 1, 1, 0, 0)
	}},
	{"miss after Invalidate returns the new price", func(t *testing.T, e *env) {
		ctx := context.Background()
		src := &source{value: beansNov2024}
		mustGet(t, e.cache, "price", "beans:owino", src)
		g1, err := e.cache.Generation(ctx, "price")
		if err != nil {
			t.Fatal(err)
		}
		src.set(beansDec2024) // the price changes in the database...
		if got := mustGet(t, e.cache, "price", "beans:owino", src); got != beansNov2024 {
			t.Fatalf("before Invalidate the cached price should still be served, got %+v", got)
		}
		if err := e.cache.Invalidate(ctx, "price"); err != nil { // ...and the writer invalidates
			t.Fatal(err)
		}
		g2, err := e.cache.Generation(ctx, "price")
		if err != nil {
			t.Fatal(err)
		}
		if g2 <= g1 {
			t.Errorf("generation %d after Invalidate, was %d", g2, g1)
		}
		if got := mustGet(t, e.cache, "price", "beans:owino", src); got != beansDec2024 {
			t.Errorf("after Invalidate got %+v, want %+v", got, beansDec2024)
		}
		if n := src.calls.Load(); n != 2 {
			t.Errorf("load called %d times, want 2", n)
		}
		wantCounts(t, e.metrics, "price", 1, 2, 0, 0)
	}},
	{"Invalidate leaves other namespaces alone", func(t *testing.T, e *env) {
		src := &source{value: beansNov2024}
		mustGet(t, e.cache, "price", "beans:owino", src)
		if err := e.cache.Invalidate(context.Background(), "search", "user.7"); err != nil {
			t.Fatal(err)
		}
		mustGet(t, e.cache, "price", "beans:owino", src)
		if n := src.calls.Load(); n != 1 {
			t.Errorf("load called %d times, want 1", n)
		}
	}},
	{"a value in several namespaces is hidden by a bump of any", func(t *testing.T, e *env) {
		ctx := context.Background()
		src := &source{value: beansNov2024}
		get := func() {
			t.Helper()
			if _, err := cache.GetOrLoadIn(ctx, e.cache, "reco", []string{"price", "user.42"},
				"week", time.Minute, src.load); err != nil {
				t.Fatal(err)
			}
		}
		get()
		get()
		if n := src.calls.Load(); n != 1 {
			t.Fatalf("load called %d times, want 1", n)
		}
		for i, ns := range []string{"user.42", "price"} {
			if err := e.cache.Invalidate(ctx, ns); err != nil {
				t.Fatal(err)
			}
			get()
			if n := src.calls.Load(); n != int64(i+2) {
				t.Errorf("after Invalidate(%s) load called %d times, want %d", ns, n, i+2)
			}
		}
		if err := e.cache.Invalidate(ctx, "user.43"); err != nil {
			t.Fatal(err)
		}
		get()
		if n := src.calls.Load(); n != 3 {
			t.Errorf("another user's Invalidate reloaded: %d calls, want 3", n)
		}
	}},
	{"invalidation is visible to a second instance", func(t *testing.T, e *env) {
		if e.another == nil {
			t.Skip("the in-process LRU serves one instance by design")
		}
		a, b := e.cache, e.another()
		src := &source{value: beansNov2024}
		mustGet(t, a, "price", "beans:owino", src)
		if got := mustGet(t, b, "price", "beans:owino", src); got != beansNov2024 || src.calls.Load() != 1 {
			t.Fatalf("instance B should hit A's entry: got %+v after %d loads", got, src.calls.Load())
		}
		src.set(beansDec2024)
		if err := b.Invalidate(context.Background(), "price"); err != nil {
			t.Fatal(err)
		}
		if got := mustGet(t, a, "price", "beans:owino", src); got != beansDec2024 {
			t.Errorf("instance A after B's Invalidate got %+v, want %+v", got, beansDec2024)
		}
	}},
	{"entries expire after their TTL", func(t *testing.T, e *env) {
		ctx := context.Background()
		if err := e.cache.Set(ctx, "short", []byte("x"), 150*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := e.cache.Get(ctx, "short"); err != nil || !ok {
			t.Fatalf("Get right after Set: ok=%v err=%v", ok, err)
		}
		src := &source{value: beansNov2024}
		if _, err := cache.GetOrLoad(ctx, e.cache, "price", "price", "beans", 150*time.Millisecond, src.load); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if _, ok, err := e.cache.Get(ctx, "short"); err != nil || ok {
			t.Errorf("Get after TTL: ok=%v err=%v, want absent", ok, err)
		}
		if _, err := cache.GetOrLoad(ctx, e.cache, "price", "price", "beans", 150*time.Millisecond, src.load); err != nil {
			t.Fatal(err)
		}
		if n := src.calls.Load(); n != 2 {
			t.Errorf("load called %d times, want 2 (entry expired)", n)
		}
	}},
	{"Delete removes keys and ignores absent ones", func(t *testing.T, e *env) {
		ctx := context.Background()
		for _, k := range []string{"a", "b"} {
			if err := e.cache.Set(ctx, k, []byte(k), time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.cache.Delete(ctx, "a", "never-set"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := e.cache.Get(ctx, "a"); ok {
			t.Error("a survived Delete")
		}
		if v, ok, _ := e.cache.Get(ctx, "b"); !ok || string(v) != "b" {
			t.Errorf("b = %q, %v; want it untouched", v, ok)
		}
	}},
	{"Incr counts and its TTL runs from the first increment", func(t *testing.T, e *env) {
		ctx := context.Background()
		for want := int64(1); want <= 3; want++ {
			n, err := e.cache.Incr(ctx, "fails", 400*time.Millisecond)
			if err != nil || n != want {
				t.Fatalf("Incr = %d, %v; want %d", n, err, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if v, ok, err := e.cache.Get(ctx, "fails"); err != nil || !ok || string(v) != "3" {
			t.Fatalf("Get counter = %q, %v, %v; want \"3\"", v, ok, err)
		}
		// 300 ms have passed; if increments extended the TTL the counter would
		// live until ~700 ms.
		time.Sleep(250 * time.Millisecond)
		if _, ok, _ := e.cache.Get(ctx, "fails"); ok {
			t.Error("counter outlived the TTL set by its first increment")
		}
		if n, err := e.cache.Incr(ctx, "fails", time.Second); err != nil || n != 1 {
			t.Errorf("Incr after expiry = %d, %v; want 1", n, err)
		}
	}},
	{"Incr on a value that is not a number fails", func(t *testing.T, e *env) {
		ctx := context.Background()
		if err := e.cache.Set(ctx, "word", []byte("posho"), time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := e.cache.Incr(ctx, "word", time.Minute); !errors.Is(err, cache.ErrNotInteger) {
			t.Errorf("Incr on text: %v, want ErrNotInteger", err)
		}
		if err := e.cache.Set(ctx, "seven", []byte("7"), time.Minute); err != nil {
			t.Fatal(err)
		}
		if n, err := e.cache.Incr(ctx, "seven", time.Minute); err != nil || n != 8 {
			t.Errorf("Incr on \"7\" = %d, %v; want 8", n, err)
		}
	}},
	{"load errors are returned and not cached", func(t *testing.T, e *env) {
		src := &source{err: errors.New("db: connection refused")}
		for i := 0; i < 2; i++ {
			if _, err := cache.GetOrLoad(context.Background(), e.cache, "price", "price", "x", time.Minute, src.load); err == nil {
				t.Fatal("want the load error")
			}
		}
		if n := src.calls.Load(); n != 2 {
			t.Errorf("load called %d times, want 2", n)
		}
	}},
	{"a corrupt entry is reloaded and overwritten", func(t *testing.T, e *env) {
		ctx := context.Background()
		g, err := e.cache.Generation(ctx, "price")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.cache.Set(ctx, cache.KeyIn("price", g, "beans"), []byte("{not json"), time.Minute); err != nil {
			t.Fatal(err)
		}
		src := &source{value: beansDec2024}
		if got := mustGet(t, e.cache, "price", "beans", src); got != beansDec2024 {
			t.Fatalf("got %+v", got)
		}
		mustGet(t, e.cache, "price", "beans", src)
		wantCounts(t, e.metrics, "price", 1, 1, 0, 1)
	}},
	{"bad namespaces are refused without loading", func(t *testing.T, e *env) {
		src := &source{value: beansNov2024}
		for _, ns := range []string{"price:x", "a,b", "sp ace"} {
			if _, err := cache.GetOrLoad(context.Background(), e.cache, "price", ns, "k", time.Minute, src.load); !errors.Is(err, cache.ErrBadNamespace) {
				t.Errorf("namespace %q: %v, want ErrBadNamespace", ns, err)
			}
			if err := e.cache.Invalidate(context.Background(), ns); !errors.Is(err, cache.ErrBadNamespace) {
				t.Errorf("Invalidate(%q): %v, want ErrBadNamespace", ns, err)
			}
		}
		if src.calls.Load() != 0 {
			t.Error("load ran for a bad namespace")
		}
	}},
	{"concurrent misses share one load", func(t *testing.T, e *env) {
		src := &source{value: beansNov2024, delay: 300 * time.Millisecond}
		var wg sync.WaitGroup
		results := make([]price, 16)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := cache.GetOrLoad(context.Background(), e.cache, "price", "price", "beans", time.Minute, src.load)
				if err != nil {
					t.Error(err)
				}
				results[i] = v
			}()
		}
		wg.Wait()
		if n := src.calls.Load(); n != 1 {
			t.Errorf("16 concurrent misses ran load %d times, want 1", n)
		}
		for i, r := range results {
			if r != beansNov2024 {
				t.Errorf("caller %d got %+v", i, r)
			}
		}
	}},
	{"callers get their own copies", func(t *testing.T, e *env) {
		load := func(context.Context) ([]int, error) { return []int{4500, 4250}, nil }
		a, err := cache.GetOrLoad(context.Background(), e.cache, "series", "price", "beans", time.Minute, load)
		if err != nil {
			t.Fatal(err)
		}
		a[0] = 0
		b, err := cache.GetOrLoad(context.Background(), e.cache, "series", "price", "beans", time.Minute, load)
		if err != nil {
			t.Fatal(err)
		}
		if b[0] != 4500 {
			t.Errorf("changing one result changed the cache: %v", b)
		}
	}},
}

func TestCache(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					c.run(t, b.open(t))
				})
			}
		})
	}
}

func TestLRUEvictsLeastRecentlyUsedAtSize(t *testing.T) {
	ctx := context.Background()
	c := cache.NewLRU(3, time.Minute)
	for _, k := range []string{"k1", "k2", "k3"} {
		if err := c.Set(ctx, k, []byte(k), 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, _ := c.Get(ctx, "k1"); !ok { // k1 is now the most recently used
		t.Fatal("k1 missing before the cache is full")
	}
	if err := c.Set(ctx, "k4", []byte("k4"), 0); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 3 {
		t.Errorf("Len = %d, want 3", c.Len())
	}
	for k, want := range map[string]bool{"k1": true, "k2": false, "k3": true, "k4": true} {
		if _, ok, _ := c.Get(ctx, k); ok != want {
			t.Errorf("%s present = %v, want %v", k, ok, want)
		}
	}
}

func TestLRUCapsTTLAtDefault(t *testing.T) {
	ctx := context.Background()
	c := cache.NewLRU(10, 100*time.Millisecond)
	if err := c.Set(ctx, "k", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if _, ok, _ := c.Get(ctx, "k"); ok {
		t.Error("entry outlived the LRU's defaultTTL")
	}
}

func TestKeyIn(t *testing.T) {
	if got, want := cache.KeyIn("food", 7, "42"), "ns:food:g7:42"; got != want {
		t.Errorf("KeyIn = %q, want %q", got, want)
	}
}

func TestRedisKeyLayout(t *testing.T) {
	client := cachetest.Client(t)
	prefix := cachetest.Prefix(t, client)
	c := cache.NewRedis(client, prefix)
	ctx := context.Background()
	src := &source{value: beansNov2024}
	if _, err := cache.GetOrLoad(ctx, c, "price", "food", "42", time.Minute, src.load); err != nil {
		t.Fatal(err)
	}
	g, err := c.Generation(ctx, "food")
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("%sns:food:g%d:42", prefix, g)
	ttl, err := client.PTTL(ctx, key).Result()
	if err != nil || ttl <= 0 || ttl > time.Minute {
		t.Errorf("PTTL %s = %v, %v; want a TTL of at most 1m", key, ttl, err)
	}
	if n, err := client.Exists(ctx, prefix+"gen:food").Result(); err != nil || n != 1 {
		t.Errorf("generation key %sgen:food missing: %d, %v", prefix, n, err)
	}
}

// TestRedisLostGenerationNeverRepeats: if the generation key vanishes (evicted,
// flushed), it must come back larger than before, or entries written under an
// old generation would become reachable again.
func TestRedisLostGenerationNeverRepeats(t *testing.T) {
	client := cachetest.Client(t)
	prefix := cachetest.Prefix(t, client)
	c := cache.NewRedis(client, prefix)
	ctx := context.Background()
	src := &source{value: beansNov2024}
	mustGet(t, c, "price", "beans", src)
	for i := 0; i < 3; i++ {
		if err := c.Invalidate(ctx, "price"); err != nil {
			t.Fatal(err)
		}
		mustGet(t, c, "price", "beans", src)
	}
	before, err := c.Generation(ctx, "price")
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Del(ctx, prefix+"gen:price").Err(); err != nil {
		t.Fatal(err)
	}
	after, err := c.Generation(ctx, "price")
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Fatalf("generation after loss = %d, not above %d", after, before)
	}
	src.set(beansDec2024)
	if got := mustGet(t, c, "price", "beans", src); got != beansDec2024 {
		t.Errorf("after losing the generation got %+v, want a fresh load", got)
	}
}
