package cache_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
)

// listing is a value with a slice and a pointer: what a shared value would let one request
// change under another.
type listing struct {
	Names []string
	Price *float64
}

func (l listing) Clone() listing {
	out := listing{Names: slices.Clone(l.Names)}
	if l.Price != nil {
		p := *l.Price
		out.Price = &p
	}
	return out
}

func TestGetOrLoadDecodedIn(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := be.open(t)
			ctx := context.Background()
			loads := 0
			version := "v1"
			load := func(context.Context) (listing, error) {
				loads++
				p := 1200.0
				return listing{Names: []string{"matooke", version}, Price: &p}, nil
			}
			get := func(c cache.Cache) listing {
				t.Helper()
				v, err := cache.GetOrLoadDecodedIn(ctx, c, "food_search", []string{"food"}, "q", time.Minute, load)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			first := get(e.cache)
			// A caller that changes its value changes nothing for the next one.
			first.Names[0] = "changed"
			*first.Price = 0
			second := get(e.cache)
			if loads != 1 || second.Names[0] != "matooke" || *second.Price != 1200 {
				t.Fatalf("second read: %+v (price %v) after %d loads; want the first value, unchanged, from the cache", second, *second.Price, loads)
			}
			second.Names[1] = "changed too"
			if third := get(e.cache); third.Names[1] != "v1" || loads != 1 {
				t.Fatalf("third read: %+v after %d loads", third, loads)
			}
			// An invalidation hides the first level's entry at once.
			version = "v2"
			if err := e.cache.Invalidate(ctx, "food"); err != nil {
				t.Fatal(err)
			}
			if v := get(e.cache); v.Names[1] != "v2" || loads != 2 {
				t.Fatalf("after Invalidate: %+v after %d loads, want v2 loaded again", v, loads)
			}
			if e.another == nil {
				return
			}
			// Another instance's invalidation (through Redis) hides it too.
			get(e.cache)
			version = "v3"
			if err := e.another().Invalidate(ctx, "food"); err != nil {
				t.Fatal(err)
			}
			if v := get(e.cache); v.Names[1] != "v3" || loads != 3 {
				t.Fatalf("after another instance's Invalidate: %+v after %d loads, want v3", v, loads)
			}
		})
	}
}

// BenchmarkDecodedHit compares a hit of a 20-card search result through GetOrLoadIn (fetch
// and JSON decode on every hit) and through GetOrLoadDecodedIn (first level: clone).
func BenchmarkDecodedHit(b *testing.B) {
	var big listing
	for i := range 20 {
		big.Names = append(big.Names, fmt.Sprintf("food %d: a name, a local name, a description of some length", i))
	}
	p := 1200.0
	big.Price = &p
	ctx := context.Background()
	load := func(context.Context) (listing, error) { return big, nil }
	ns := []string{"food"}
	for _, be := range []struct {
		name string
		open func(b *testing.B) cache.Cache
	}{
		{"LRU", func(b *testing.B) cache.Cache {
			return cache.WithMetrics(cache.NewLRU(1000, time.Minute), newMetrics(b))
		}},
		{"Redis", func(b *testing.B) cache.Cache {
			client := cachetest.Client(b)
			return cache.WithMetrics(cache.NewRedis(client, cachetest.Prefix(b, client)), newMetrics(b))
		}},
	} {
		b.Run(be.name+"/json", func(b *testing.B) {
			c := be.open(b)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cache.GetOrLoadIn(ctx, c, "s", ns, "q", time.Minute, load); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(be.name+"/decoded", func(b *testing.B) {
			c := be.open(b)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cache.GetOrLoadDecodedIn(ctx, c, "s", ns, "q", time.Minute, load); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// GetOrLoadLocalIn keeps the value in this process only, and an invalidation by this or
// another instance hides it at once.
func TestGetOrLoadLocalIn(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := be.open(t)
			ctx := context.Background()
			local := cache.NewLocal(0, 0)
			loads, role := 0, "patient"
			load := func(context.Context) (listing, error) {
				loads++
				return listing{Names: []string{role}}, nil
			}
			get := func() listing {
				t.Helper()
				v, err := cache.GetOrLoadLocalIn(ctx, e.cache, local, "user", []string{"accounts", "user.7"}, "row", load)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			v := get()
			v.Names[0] = "admin" // a caller's change stays its own
			if v := get(); v.Names[0] != "patient" || loads != 1 {
				t.Fatalf("%+v after %d loads", v, loads)
			}
			if e.lru != nil && e.lru.Len() != 0 {
				t.Fatalf("the value was written to the shared cache (%d entries)", e.lru.Len())
			}
			role = "dietitian"
			if err := e.cache.Invalidate(ctx, "user.7"); err != nil {
				t.Fatal(err)
			}
			if v := get(); v.Names[0] != "dietitian" || loads != 2 {
				t.Fatalf("after Invalidate: %+v after %d loads", v, loads)
			}
			if e.another == nil {
				return
			}
			role = "admin"
			if err := e.another().Invalidate(ctx, "accounts"); err != nil {
				t.Fatal(err)
			}
			if v := get(); v.Names[0] != "admin" || loads != 3 {
				t.Fatalf("after another instance's Invalidate: %+v after %d loads", v, loads)
			}
		})
	}
}
