package throttle

import (
	"context"
	"sync"
	"time"
)

// Memory keeps the counters in this process (one app instance without Redis). One
// mutex makes Take atomic; expired counters are swept as time passes.
type Memory struct {
	mu        sync.Mutex
	counts    map[string]memCount
	now       func() time.Time
	lastSweep time.Time
}

type memCount struct {
	n       int64
	expires time.Time
}

// NewMemory returns an empty in-process Store.
func NewMemory() *Memory {
	return &Memory{counts: map[string]memCount{}, now: time.Now}
}

var _ Store = (*Memory)(nil)

// get returns key's count; the caller holds mu.
func (m *Memory) get(key string, now time.Time) int64 {
	c, ok := m.counts[key]
	if !ok || !now.Before(c.expires) {
		return 0
	}
	return c.n
}

func (m *Memory) Take(_ context.Context, counters []Counter, weight float64, ttl time.Duration) (bool, [][2]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now, ttl)
	counts := make([][2]int64, len(counters))
	took := true
	for i, c := range counters {
		p, n := m.get(c.Prev, now), m.get(c.Curr, now)
		counts[i] = [2]int64{p, n}
		if float64(p)*weight+float64(n) >= float64(c.Limit) {
			took = false
		}
	}
	if took {
		for _, c := range counters {
			e, ok := m.counts[c.Curr]
			if !ok || !now.Before(e.expires) {
				e = memCount{expires: now.Add(ttl)}
			}
			e.n++
			m.counts[c.Curr] = e
		}
	}
	return took, counts, nil
}

// sweep drops expired counters at most once per ttl/2; the caller holds mu.
func (m *Memory) sweep(now time.Time, ttl time.Duration) {
	if now.Sub(m.lastSweep) < ttl/2 {
		return
	}
	m.lastSweep = now
	for k, c := range m.counts {
		if !now.Before(c.expires) {
			delete(m.counts, k)
		}
	}
}

func (m *Memory) Decr(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.counts[key]; ok && c.n > 0 {
		c.n--
		m.counts[key] = c
	}
	return nil
}

func (m *Memory) Delete(_ context.Context, keys ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		delete(m.counts, k)
	}
	return nil
}

// Len is the number of counters held (expired ones included until swept).
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.counts)
}
