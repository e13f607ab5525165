package accounts

import (
	"sync"
	"sync/atomic"
	"testing"
)

// A flood of password checks runs at most cap(hashSlots) argon2id computations at once.
func TestPasswordHashesAreBounded(t *testing.T) {
	var running, peak atomic.Int64
	var wg sync.WaitGroup
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			withHashSlot(func() bool {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				ok := checkPassword("wrong", "")
				running.Add(-1)
				return ok
			})
		}()
	}
	wg.Wait()
	if got, limit := peak.Load(), int64(cap(hashSlots)); got > limit || got < 1 {
		t.Fatalf("peak concurrent hashes %d, limit %d", got, limit)
	}
}
