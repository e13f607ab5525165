package cache

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts GetOrLoad outcomes by kind ("food", "search", "reco", ...).
type Metrics struct {
	Hits     *prometheus.CounterVec // zoe_cache_hits_total: served from the cache
	Misses   *prometheus.CounterVec // zoe_cache_misses_total: loaded, then stored
	Bypasses *prometheus.CounterVec // zoe_cache_bypasses_total: cache unreachable, loaded directly
	Errors   *prometheus.CounterVec // zoe_cache_errors_total: an entry failed to decode, encode or store
}

// NewMetrics creates the counters and registers them on reg; a nil reg leaves
// them unregistered. Tests pass their own prometheus.NewRegistry().
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	vec := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "zoe", Subsystem: "cache", Name: name, Help: help,
		}, []string{"kind"})
	}
	m := &Metrics{
		Hits:     vec("hits_total", "GetOrLoad calls answered from the cache."),
		Misses:   vec("misses_total", "GetOrLoad calls that loaded the value and stored it."),
		Bypasses: vec("bypasses_total", "GetOrLoad calls that skipped an unreachable cache and loaded directly."),
		Errors:   vec("errors_total", "Cache entries that failed to decode, encode or be stored."),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.Hits, m.Misses, m.Bypasses, m.Errors} {
			if err := reg.Register(c); err != nil {
				return nil, fmt.Errorf("cache: register metrics: %w", err)
			}
		}
	}
	return m, nil
}

// The helpers below accept a nil *Metrics: a cache without metrics.

func (m *Metrics) hit(kind string) {
	if m != nil {
		m.Hits.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) miss(kind string) {
	if m != nil {
		m.Misses.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) bypass(kind string) {
	if m != nil {
		m.Bypasses.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) fail(kind string) {
	if m != nil {
		m.Errors.WithLabelValues(kind).Inc()
	}
}
