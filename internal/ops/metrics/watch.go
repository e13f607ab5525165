package metrics

import (
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

// PoolStats is the connection pool's use.
type PoolStats struct {
	Max, Open, InUse, Idle int
	Waits                  int64
	WaitTime               time.Duration
}

// Pool reads the pool statistics of either engine.
func Pool(d *db.DB) PoolStats {
	if p := d.Pool(); p != nil {
		s := p.Stat()
		return PoolStats{Max: int(s.MaxConns()), Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()),
			Idle: int(s.IdleConns()), Waits: s.EmptyAcquireCount(), WaitTime: s.AcquireDuration()}
	}
	s := d.SQL().Stats()
	return PoolStats{Max: s.MaxOpenConnections, Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle,
		Waits: s.WaitCount, WaitTime: s.WaitDuration}
}

// ReplicaPool reads the replica pool's statistics (zero without a replica).
func ReplicaPool(d *db.DB) PoolStats {
	p := d.ReplicaPool()
	if p == nil {
		return PoolStats{}
	}
	s := p.Stat()
	return PoolStats{Max: int(s.MaxConns()), Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()),
		Idle: int(s.IdleConns()), Waits: s.EmptyAcquireCount(), WaitTime: s.AcquireDuration()}
}

// WatchDB exports the pool's statistics and, when a replica is configured, its lag and health.
func (m *Metrics) WatchDB(d *db.DB) error {
	g := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "zoe", Subsystem: "db", Name: name, Help: help,
			ConstLabels: prometheus.Labels{"engine": string(d.Engine())}}, f)
	}
	cs := []prometheus.Collector{
		g("pool_max_connections", "Pool size limit.", func() float64 { return float64(Pool(d).Max) }),
		g("pool_open_connections", "Open connections.", func() float64 { return float64(Pool(d).Open) }),
		g("pool_in_use_connections", "Connections in use.", func() float64 { return float64(Pool(d).InUse) }),
		g("pool_idle_connections", "Idle connections.", func() float64 { return float64(Pool(d).Idle) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "zoe", Subsystem: "db", Name: "pool_waits_total",
			Help: "Times a query waited for a free connection."}, func() float64 { return float64(Pool(d).Waits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "zoe", Subsystem: "db", Name: "pool_wait_seconds_total",
			Help: "Time spent waiting for a free connection."}, func() float64 { return Pool(d).WaitTime.Seconds() }),
	}
	if rp := d.ReplicaPool(); rp != nil {
		rg := func(name, help string, f func(PoolStats) float64) prometheus.Collector {
			return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "zoe", Subsystem: "db", Name: "replica_" + name, Help: help},
				func() float64 { return f(ReplicaPool(d)) })
		}
		cs = append(cs,
			rg("pool_max_connections", "Replica pool size limit.", func(p PoolStats) float64 { return float64(p.Max) }),
			rg("pool_open_connections", "Open replica connections.", func(p PoolStats) float64 { return float64(p.Open) }),
			rg("pool_in_use_connections", "Replica connections in use.", func(p PoolStats) float64 { return float64(p.InUse) }),
			rg("pool_idle_connections", "Idle replica connections.", func(p PoolStats) float64 { return float64(p.Idle) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "zoe", Subsystem: "db", Name: "replica_pool_waits_total",
				Help: "Times a replica query waited for a free connection."}, func() float64 { return float64(ReplicaPool(d).Waits) }))
	}
	if d.Replica().Configured {
		cs = append(cs,
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "zoe", Subsystem: "db", Name: "replica_lag_seconds",
				Help: "Replay lag of the read replica at its last check."}, func() float64 { return d.Replica().Lag.Seconds() }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "zoe", Subsystem: "db", Name: "replica_healthy",
				Help: "1 while reads go to the replica, 0 while they fall back to the primary."}, func() float64 {
				if d.Replica().Healthy {
					return 1
				}
				return 0
			}))
	}
	for _, c := range cs {
		if err := m.Registry.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// WatchBackups exports the last backups recorded in dir's status file.
func (m *Metrics) WatchBackups(dir string) error {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("zoe_backup_"+name, help, []string{"kind"}, nil)
	}
	c := &backupCollector{dir: dir,
		last:   desc("last_success_timestamp_seconds", "Unix time of the last successful backup."),
		size:   desc("last_success_size_bytes", "Size of the last successful backup file."),
		ok:     desc("last_attempt_success", "1 when the last backup attempt succeeded, 0 when it failed."),
		tried:  desc("last_attempt_timestamp_seconds", "Unix time of the last backup attempt."),
		took:   desc("last_duration_seconds", "How long the last successful backup took."),
		counts: desc("files", "Backup files kept in the backup directory."),
		verified: prometheus.NewDesc("zoe_backup_last_verify_success_timestamp_seconds",
			"Unix time of the last successful `zoe backup verify` recorded in the backup directory (0: never).", nil, nil),
		verifyOK: prometheus.NewDesc("zoe_backup_last_verify_success",
			"1 when the last recorded `zoe backup verify` succeeded, 0 when it failed (absent: never run).", nil, nil),
	}
	return m.Registry.Register(c)
}

type backupCollector struct {
	dir                                 string
	last, size, ok, tried, took, counts *prometheus.Desc
	verified, verifyOK                  *prometheus.Desc
}

func (c *backupCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.last, c.size, c.ok, c.tried, c.took, c.counts, c.verified, c.verifyOK} {
		ch <- d
	}
}

func (c *backupCollector) Collect(ch chan<- prometheus.Metric) {
	st := backup.ReadStatus(c.dir)
	for _, kind := range []string{backup.KindDatabase, backup.KindFiles} {
		list, _ := backup.List(c.dir, kind)
		ch <- prometheus.MustNewConstMetric(c.counts, prometheus.GaugeValue, float64(len(list)), kind)
		o, ok := st[kind]
		if !ok {
			// Never backed up: a last-success time of 0, so that an age alert
			// (time() - zoe_backup_last_success_timestamp_seconds > …) fires.
			ch <- prometheus.MustNewConstMetric(c.last, prometheus.GaugeValue, 0, kind)
			continue
		}
		okv := 0.0
		if o.OK {
			okv = 1
		}
		ch <- prometheus.MustNewConstMetric(c.ok, prometheus.GaugeValue, okv, kind)
		ch <- prometheus.MustNewConstMetric(c.tried, prometheus.GaugeValue, unix(o.Time), kind)
		ch <- prometheus.MustNewConstMetric(c.last, prometheus.GaugeValue, unixOrZero(o.LastOK), kind)
		if !o.LastOK.IsZero() {
			ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(o.LastOKSize), kind)
		}
		if o.OK {
			ch <- prometheus.MustNewConstMetric(c.took, prometheus.GaugeValue, o.Took.Seconds(), kind)
		}
	}
	v, ok := st[backup.KindVerify]
	ch <- prometheus.MustNewConstMetric(c.verified, prometheus.GaugeValue, unixOrZero(v.LastOK))
	if ok {
		okv := 0.0
		if v.OK {
			okv = 1
		}
		ch <- prometheus.MustNewConstMetric(c.verifyOK, prometheus.GaugeValue, okv)
	}
}

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// DiskUse is one data directory: the bytes under it and how full its file system is.
type DiskUse struct {
	Name      string
	Path      string
	Bytes     int64
	FSUsedPct float64 // 0–100, as df reports it (used / (used + available to users))
	FSFree    uint64
	Err       string
}

// Disks measures directories; the tree walks are cached for a minute.
type Disks struct {
	dirs  []backup.Dir
	mu    sync.Mutex
	at    time.Time
	cache []DiskUse
}

// NewDisks watches dirs (name → path).
func NewDisks(dirs []backup.Dir) *Disks { return &Disks{dirs: dirs} }

// Use measures every directory (at most once a minute).
func (d *Disks) Use() []DiskUse {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cache != nil && time.Since(d.at) < time.Minute {
		return d.cache
	}
	out := make([]DiskUse, 0, len(d.dirs))
	for _, dir := range d.dirs {
		u := DiskUse{Name: dir.Name, Path: dir.Path}
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir.Path, &st); err != nil {
			u.Err = err.Error()
		} else {
			used := (st.Blocks - st.Bfree) * uint64(st.Bsize)
			avail := st.Bavail * uint64(st.Bsize)
			if used+avail > 0 {
				u.FSUsedPct = 100 * float64(used) / float64(used+avail)
			}
			u.FSFree = avail
		}
		_ = filepath.WalkDir(dir.Path, func(_ string, e fs.DirEntry, err error) error {
			if err == nil && e.Type().IsRegular() {
				if info, err := e.Info(); err == nil {
					u.Bytes += info.Size()
				}
			}
			return nil
		})
		out = append(out, u)
	}
	d.cache, d.at = out, time.Now()
	return out
}

// WatchDisks exports the directories' sizes and their file systems' use.
func (m *Metrics) WatchDisks(d *Disks) error {
	return m.Registry.Register(&diskCollector{d: d,
		bytes: prometheus.NewDesc("zoe_data_dir_bytes", "Bytes of files under a data directory.", []string{"dir"}, nil),
		used:  prometheus.NewDesc("zoe_data_dir_fs_used_ratio", "Used fraction (0–1) of the file system holding a data directory.", []string{"dir"}, nil),
		free:  prometheus.NewDesc("zoe_data_dir_fs_free_bytes", "Bytes free to users on the file system holding a data directory.", []string{"dir"}, nil),
	})
}

type diskCollector struct {
	d                 *Disks
	bytes, used, free *prometheus.Desc
}

func (c *diskCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.bytes
	ch <- c.used
	ch <- c.free
}

func (c *diskCollector) Collect(ch chan<- prometheus.Metric) {
	for _, u := range c.d.Use() {
		if u.Err != "" {
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.bytes, prometheus.GaugeValue, float64(u.Bytes), u.Name)
		ch <- prometheus.MustNewConstMetric(c.used, prometheus.GaugeValue, u.FSUsedPct/100, u.Name)
		ch <- prometheus.MustNewConstMetric(c.free, prometheus.GaugeValue, float64(u.FSFree), u.Name)
	}
}
