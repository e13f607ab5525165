package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/cache/cachetest"
)

// BenchmarkGetOrLoadHit measures a cache hit: generation lookup, Get and JSON
// decode of one price entry.
func BenchmarkGetOrLoadHit(b *testing.B) {
	run := func(b *testing.B, c cache.Cache) {
		ctx := context.Background()
		load := func(context.Context) (price, error) { return beansDec2024, nil }
		if _, err := cache.GetOrLoad(ctx, c, "price", "price", "beans", time.Minute, load); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			v, err := cache.GetOrLoad(ctx, c, "price", "price", "beans", time.Minute, load)
			if err != nil || v != beansDec2024 {
				b.Fatalf("%+v %v", v, err)
			}
		}
	}
	b.Run("LRU", func(b *testing.B) {
		run(b, cache.WithMetrics(cache.NewLRU(1000, time.Minute), newMetrics(b)))
	})
	b.Run("Redis", func(b *testing.B) {
		client := cachetest.Client(b)
		run(b, cache.WithMetrics(cache.NewRedis(client, cachetest.Prefix(b, client)), newMetrics(b)))
	})
}
