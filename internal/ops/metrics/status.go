package metrics

import (
	"context"
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
	VerifyMaxAge  = 8 * 24 * time.Hour // a weekly verify plus a day
)

// Status is everything the admin status page shows.
type Status struct {
	Now            time.Time
	Engine         string
	ReadTarget     string
	Pool           PoolStats
	ReplicaPool    PoolStats
	Replica        db.ReplicaStatus
	Server         *ServerStats // nil when not watched
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
		ReplicaPool: ReplicaPool(d), Replica: d.Replica(), Backups: backup.ReadStatus(backupDir), BackupsEnabled: scheduled}
	if m != nil && m.server != nil {
		st := m.server.Stats(context.Background())
		s.Server = &st
	}
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
	if v, ok := s.Backups[backup.KindVerify]; ok && !v.OK {
		w = append(w, "The last backup verification failed: "+v.Error)
	}
	if v := s.Backups[backup.KindVerify]; !db.LastOK.IsZero() {
		switch {
		case v.LastOK.IsZero():
			w = append(w, "No backup has been verified: run `zoe backup verify` on the newest backup (weekly, e.g. from cron).")
		case s.Now.Sub(v.LastOK) > VerifyMaxAge:
			w = append(w, fmt.Sprintf("The last successful backup verification is %s old (more than %s).", age(s.Now.Sub(v.LastOK)), age(VerifyMaxAge)))
		}
	}
	if !s.BackupsEnabled {
		w = append(w, "Scheduled backups are off in this instance (ZOE_BACKUP_RECIPIENT unset or ZOE_BACKUP_SCHEDULE=false).")
	}
	for _, d := range s.Disks {
		if d.Err == "" && d.FSUsedPct > DiskWarnPct {
			w = append(w, fmt.Sprintf("The disk holding %s (%s) is %.0f %% full.", d.Name, d.Path, d.FSUsedPct))
		}
	}
	if sv := s.Server; sv != nil {
		if sv.FSErr == "" && sv.FSUsedPct > DiskWarnPct {
			w = append(w, fmt.Sprintf("The database server's disk (%s) is %.0f %% full.", sv.DataDir, sv.FSUsedPct))
		}
		if sv.Archive.Failing() {
			w = append(w, fmt.Sprintf("WAL archiving is failing: %d failed attempts, the last at %s (segment %s); the last success was %s.",
				sv.Archive.Failed, sv.Archive.LastFailed.UTC().Format("2006-01-02 15:04 UTC"), sv.Archive.LastFailedWAL, whenText(sv.Archive.LastArchived)))
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

func whenText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func age(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%.0f days", d.Hours()/24)
	}
	return fmt.Sprintf("%.0f h", d.Hours())
}
