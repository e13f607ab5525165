package metrics

import (
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

// Thresholds of the status page's warnings.
const (
	BackupMaxAge  = 26 * time.Hour // a daily backup plus slack
	DiskWarnPct   = 90.0
	FilesMaxAge   = 8 * 24 * time.Hour // a weekly backup plus a day
	ServerErrWarn = 0.05               // share of 5xx responses since start
)

// Status is everything the admin status page shows.
type Status struct {
	Now            time.Time
	Engine         string
	ReadTarget     string
	Pool           PoolStats
	Replica        db.ReplicaStatus
	Backups        backup.Status
	BackupsEnabled bool
	Disks          []DiskUse
	CacheHits      float64
	CacheMisses    float64
	CacheBypasses  float64
	Requests       float64
	ServerErrors   float64
	Warnings       []string
}

// Collect gathers the figures of the status page.
func (m *Metrics) Collect(d *db.DB, backupDir string, scheduled bool, disks *Disks) Status {
	s := Status{Now: time.Now(), Engine: string(d.Engine()), ReadTarget: d.ReadTarget(), Pool: Pool(d),
		Replica: d.Replica(), Backups: backup.ReadStatus(backupDir), BackupsEnabled: scheduled}
	if disks != nil {
		s.Disks = disks.Use()
	}
	if m != nil {
		s.CacheHits = m.counterSum("zoe_cache_hits_total")
		s.CacheMisses = m.counterSum("zoe_cache_misses_total")
		s.CacheBypasses = m.counterSum("zoe_cache_bypasses_total")
		m.mu.Lock()
		s.Requests, s.ServerErrors = m.totals.requests, m.totals.serverErrors
		m.mu.Unlock()
	}
	s.Warnings = Warnings(s)
	return s
}

// Warnings are the conditions an operator must act on.
func Warnings(s Status) []string {
	var w []string
	db := s.Backups[backup.KindDatabase]
	switch {
	case db.LastOK.IsZero():
		w = append(w, "No successful database backup has been recorded.")
	case s.Now.Sub(db.LastOK) > BackupMaxAge:
		w = append(w, fmt.Sprintf("The last successful database backup is %s old (more than %s).", age(s.Now.Sub(db.LastOK)), age(BackupMaxAge)))
	}
	if db.Time.After(db.LastOK) && !db.OK {
		w = append(w, "The last database backup failed: "+db.Error)
	}
	if f, ok := s.Backups[backup.KindFiles]; ok && !f.LastOK.IsZero() && s.Now.Sub(f.LastOK) > FilesMaxAge {
		w = append(w, fmt.Sprintf("The last file backup is %s old.", age(s.Now.Sub(f.LastOK))))
	}
	if !s.BackupsEnabled {
		w = append(w, "Scheduled backups are off in this instance (ZOE_BACKUP_RECIPIENT unset or ZOE_BACKUP_SCHEDULE=false).")
	}
	for _, d := range s.Disks {
		if d.Err == "" && d.FSUsedPct > DiskWarnPct {
			w = append(w, fmt.Sprintf("The disk holding %s (%s) is %.0f %% full.", d.Name, d.Path, d.FSUsedPct))
		}
	}
	if s.Replica.Configured && !s.Replica.Healthy {
		w = append(w, "The read replica is not serving reads ("+s.Replica.Problem+"); reads go to the primary.")
	}
	if s.Requests >= 100 && s.ServerErrors/s.Requests > ServerErrWarn {
		w = append(w, fmt.Sprintf("%.0f of %.0f requests since start failed with a server error.", s.ServerErrors, s.Requests))
	}
	return w
}

func age(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%.0f days", d.Hours()/24)
	}
	return fmt.Sprintf("%.0f h", d.Hours())
}
