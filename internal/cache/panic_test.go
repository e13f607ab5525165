package cache_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/safe"
)

// TestLoadPanicIsAnError: the load runs in singleflight's goroutine, where no HTTP recover
// middleware can reach; a panic there used to end the process (a huge ?page= on /foods).
// Every caller sharing the load gets an error instead, and the cache keeps working.
func TestLoadPanicIsAnError(t *testing.T) {
	c := cache.NewLRU(100, time.Minute)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = cache.GetOrLoad(ctx, c, "test", "ns", "k", time.Minute, func(context.Context) (int, error) {
				time.Sleep(10 * time.Millisecond)
				var s []int
				return s[-1+len(s)], nil // index out of range
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var pe *safe.PanicError
		if !errors.As(err, &pe) {
			t.Errorf("caller %d: %v, want a *safe.PanicError", i, err)
		}
	}
	v, err := cache.GetOrLoad(ctx, c, "test", "ns", "k", time.Minute, func(context.Context) (int, error) { return 7, nil })
	if err != nil || v != 7 {
		t.Fatalf("after the panic: %v, %v", v, err)
	}
}
