package metrics

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/zoe-nutritech/zoe/db"
)

// ServerStats is what the database server reports about itself: the database's size, the
// disk holding its data (when this process can see it) and WAL archiving (PostgreSQL).
type ServerStats struct {
	CheckedAt time.Time
	SizeBytes int64
	SizeErr   string

	// The file system of the database's data: the SQLite file's directory, or PostgreSQL's
	// data_directory when the server runs on this host and the role may read the setting.
	DataDir   string
	FSUsedPct float64
	FSFree    uint64
	FSUsed    uint64
	FSErr     string // why the disk is not measured ("" when it is)

	Archive ArchiveStats
}

// ArchiveStats is pg_stat_archiver with the server's archive_mode.
type ArchiveStats struct {
	Known         bool // PostgreSQL, and pg_stat_archiver could be read
	Enabled       bool // archive_mode is on (or always)
	Archived      int64
	Failed        int64
	LastArchived  time.Time
	LastFailed    time.Time
	LastFailedWAL string
	Err           string
}

// Failing says whether the newest archiving attempt failed.
func (a ArchiveStats) Failing() bool {
	return a.Known && a.Enabled && !a.LastFailed.IsZero() && a.LastFailed.After(a.LastArchived)
}

// Server measures the database server, at most every 30 s (its queries are cheap but a
// scraper and the status page may ask often).
type Server struct {
	d     *db.DB
	mu    sync.Mutex
	at    time.Time
	cache ServerStats
}

// NewServer watches d's server.
func NewServer(d *db.DB) *Server { return &Server{d: d} }

// Stats measures (or returns the measurement of the last 30 s).
func (s *Server) Stats(ctx context.Context) ServerStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.at.IsZero() && time.Since(s.at) < 30*time.Second {
		return s.cache
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	st := ServerStats{CheckedAt: time.Now()}
	if s.d.Engine() == db.SQLite {
		sqliteStats(s.d.Target(), &st)
	} else {
		postgresStats(ctx, s.d, &st)
	}
	s.cache, s.at = st, time.Now()
	return st
}

func sqliteStats(path string, st *ServerStats) {
	for _, suffix := range []string{"", "-wal"} {
		if info, err := os.Stat(path + suffix); err == nil {
			st.SizeBytes += info.Size()
		} else if suffix == "" {
			st.SizeErr = err.Error()
		}
	}
	st.DataDir = filepath.Dir(path)
	statfs(st)
}

func postgresStats(ctx context.Context, d *db.DB, st *ServerStats) {
	h := d.SQL()
	if err := h.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&st.SizeBytes); err != nil {
		st.SizeErr = err.Error()
	}
	var mode string
	var lastArchived, lastFailed sql.NullTime
	var lastFailedWAL sql.NullString
	err := h.QueryRowContext(ctx, `SELECT current_setting('archive_mode'), archived_count, failed_count,
		last_archived_time, last_failed_time, last_failed_wal FROM pg_stat_archiver`).
		Scan(&mode, &st.Archive.Archived, &st.Archive.Failed, &lastArchived, &lastFailed, &lastFailedWAL)
	if err != nil {
		st.Archive.Err = err.Error()
	} else {
		st.Archive.Known = true
		st.Archive.Enabled = mode == "on" || mode == "always"
		st.Archive.LastArchived, st.Archive.LastFailed = lastArchived.Time, lastFailed.Time
		st.Archive.LastFailedWAL = lastFailedWAL.String
	}
	// The server's disk can be measured only from the same host.
	cfg, err := pgx.ParseConfig(d.URL())
	if err != nil || !localHost(cfg.Host) {
		st.FSErr = "the database server is on another host: measure its disk there"
		return
	}
	if err := h.QueryRowContext(ctx, "SELECT current_setting('data_directory')").Scan(&st.DataDir); err != nil {
		st.FSErr = "data_directory is not readable by this role (grant pg_read_all_settings)"
		return
	}
	statfs(st)
}

func localHost(host string) bool {
	if host == "" || host == "localhost" || filepath.IsAbs(host) {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func statfs(st *ServerStats) {
	var fs syscall.Statfs_t
	if err := syscall.Statfs(st.DataDir, &fs); err != nil {
		if errors.Is(err, os.ErrPermission) {
			st.FSErr = "cannot read " + st.DataDir + " (permission)"
		} else {
			st.FSErr = err.Error()
		}
		return
	}
	st.FSUsed = (fs.Blocks - fs.Bfree) * uint64(fs.Bsize)
	st.FSFree = fs.Bavail * uint64(fs.Bsize)
	if st.FSUsed+st.FSFree > 0 {
		st.FSUsedPct = 100 * float64(st.FSUsed) / float64(st.FSUsed+st.FSFree)
	}
}

// WatchServer exports the database size, the database server's disk, WAL archiving and, with
// a replica, the replica pool.
func (m *Metrics) WatchServer(s *Server) error {
	m.server = s
	return m.Registry.Register(&serverCollector{s: s, engine: string(s.d.Engine()),
		size:        prometheus.NewDesc("zoe_db_size_bytes", "Size of the database (pg_database_size, or the SQLite file and its WAL).", []string{"engine"}, nil),
		fsUsed:      prometheus.NewDesc("zoe_db_server_fs_used_ratio", "Used fraction (0–1) of the file system holding the database's data (absent when not measurable from this host).", nil, nil),
		fsFree:      prometheus.NewDesc("zoe_db_server_fs_free_bytes", "Bytes free on the file system holding the database's data.", nil, nil),
		fsUsedBytes: prometheus.NewDesc("zoe_db_server_fs_used_bytes", "Bytes used on the file system holding the database's data.", nil, nil),
		arcEnabled:  prometheus.NewDesc("zoe_db_wal_archive_enabled", "1 when PostgreSQL's archive_mode is on.", nil, nil),
		arcDone:     prometheus.NewDesc("zoe_db_wal_archived_total", "WAL segments archived (pg_stat_archiver.archived_count).", nil, nil),
		arcFailed:   prometheus.NewDesc("zoe_db_wal_archive_failed_total", "Failed WAL archive attempts (pg_stat_archiver.failed_count).", nil, nil),
		arcLastOK:   prometheus.NewDesc("zoe_db_wal_archive_last_success_timestamp_seconds", "Unix time of the last archived WAL segment (0: never).", nil, nil),
		arcLastFail: prometheus.NewDesc("zoe_db_wal_archive_last_failure_timestamp_seconds", "Unix time of the last failed archive attempt (0: never).", nil, nil),
	})
}

type serverCollector struct {
	s                                                      *Server
	engine                                                 string
	size, fsUsed, fsFree, fsUsedBytes                      *prometheus.Desc
	arcEnabled, arcDone, arcFailed, arcLastOK, arcLastFail *prometheus.Desc
}

func (c *serverCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.size, c.fsUsed, c.fsFree, c.fsUsedBytes, c.arcEnabled, c.arcDone, c.arcFailed, c.arcLastOK, c.arcLastFail} {
		ch <- d
	}
}

func (c *serverCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.s.Stats(context.Background())
	if st.SizeErr == "" {
		ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(st.SizeBytes), c.engine)
	}
	if st.FSErr == "" {
		ch <- prometheus.MustNewConstMetric(c.fsUsed, prometheus.GaugeValue, st.FSUsedPct/100)
		ch <- prometheus.MustNewConstMetric(c.fsFree, prometheus.GaugeValue, float64(st.FSFree))
		ch <- prometheus.MustNewConstMetric(c.fsUsedBytes, prometheus.GaugeValue, float64(st.FSUsed))
	}
	if a := st.Archive; a.Known {
		en := 0.0
		if a.Enabled {
			en = 1
		}
		ch <- prometheus.MustNewConstMetric(c.arcEnabled, prometheus.GaugeValue, en)
		ch <- prometheus.MustNewConstMetric(c.arcDone, prometheus.CounterValue, float64(a.Archived))
		ch <- prometheus.MustNewConstMetric(c.arcFailed, prometheus.CounterValue, float64(a.Failed))
		ch <- prometheus.MustNewConstMetric(c.arcLastOK, prometheus.GaugeValue, unixOrZero(a.LastArchived))
		ch <- prometheus.MustNewConstMetric(c.arcLastFail, prometheus.GaugeValue, unixOrZero(a.LastFailed))
	}
}

func unixOrZero(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return unix(t)
}
