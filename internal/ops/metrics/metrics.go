// Package metrics collects what operators watch: HTTP requests by route and status with
// latencies, database pool use and query durations, cache hits and misses, the last backups,
// disk use of the data directories and replica lag. It exposes them in the Prometheus text
// format (/metrics) and as a Status for the admin status page, with warnings.
package metrics

import (
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"

	"github.com/zoe-nutritech/zoe/internal/cache"
	"strings"
)

// Metrics is one process's registry and the instruments the app updates.
type Metrics struct {
	Registry *prometheus.Registry
	Cache    *cache.Metrics

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	queryDur     *prometheus.HistogramVec
	queryErrors  *prometheus.CounterVec

	server *Server // the database server's figures (WatchServer), shared with the status page

	mu     sync.Mutex
	totals struct{ requests, serverErrors float64 }
}

// New makes a registry with the Go runtime and process collectors and the app's instruments.
func New() (*Metrics, error) {
	reg := prometheus.NewRegistry()
	m := &Metrics{Registry: reg}
	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "zoe", Subsystem: "http",
		Name: "requests_total", Help: "HTTP requests by route template, method and status."}, []string{"route", "method", "status"})
	m.httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "zoe", Subsystem: "http",
		Name: "request_duration_seconds", Help: "HTTP request latency by route template and method.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route", "method"})
	m.queryDur = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "zoe", Subsystem: "db",
		Name: "query_duration_seconds", Help: "Database query duration by sqlc query name (\"other\" for unnamed SQL).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5}}, []string{"query"})
	m.queryErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "zoe", Subsystem: "db",
		Name: "query_errors_total", Help: "Database queries that returned an error, by query name."}, []string{"query"})
	for _, c := range []prometheus.Collector{m.httpRequests, m.httpDuration, m.queryDur, m.queryErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	cm, err := cache.NewMetrics(reg)
	if err != nil {
		return nil, err
	}
	m.Cache = cm
	return m, nil
}

// ObserveHTTP records one request. route is the route template ("/foods/:id"), never the
// raw path, so the number of series stays bounded. Labels outlive the request: the route is
// copied and the method is one of the standard names (any other is "OTHER"), because
// strings from a Fiber request point into buffers fasthttp reuses for the next request (a
// label that changed under the registry once made /metrics fail until restart).
func (m *Metrics) ObserveHTTP(route, method string, status int, took time.Duration) {
	route, method = strings.Clone(route), MethodLabel(method)
	m.httpRequests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.httpDuration.WithLabelValues(route, method).Observe(took.Seconds())
	m.mu.Lock()
	m.totals.requests++
	if status >= 500 {
		m.totals.serverErrors++
	}
	m.mu.Unlock()
}

// MethodLabel is the metrics label of an HTTP method: a constant string for the standard
// methods, "OTHER" for anything else (bounded series, nothing kept from the request).
func MethodLabel(method string) string {
	for _, m := range [...]string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"} {
		if method == m {
			return m
		}
	}
	return "OTHER"
}

// ObserveQuery records one database query (the db package's QueryObserver).
func (m *Metrics) ObserveQuery(name string, took time.Duration, err error) {
	m.queryDur.WithLabelValues(name).Observe(took.Seconds())
	if err != nil && err.Error() != "no rows in result set" && err.Error() != "sql: no rows in result set" {
		m.queryErrors.WithLabelValues(name).Inc()
	}
}

// Write writes every metric in the Prometheus text format.
func (m *Metrics) Write(w io.Writer) error {
	mfs, err := m.Registry.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// ContentType is the media type of Write's output.
func ContentType() string { return string(expfmt.NewFormat(expfmt.TypeTextPlain)) }

// counterSum adds up every series of a counter family (for the status page).
func (m *Metrics) counterSum(name string) float64 {
	mfs, err := m.Registry.Gather()
	if err != nil {
		return 0
	}
	var s float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, x := range mf.GetMetric() {
			s += x.GetCounter().GetValue()
		}
	}
	return s
}
