package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

func TestWarnings(t *testing.T) {
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	fresh := backup.Status{backup.KindDatabase: {Time: now.Add(-2 * time.Hour), OK: true, LastOK: now.Add(-2 * time.Hour)},
		backup.KindVerify: {Time: now.Add(-time.Hour), OK: true, LastOK: now.Add(-time.Hour)}}
	unverified := backup.Status{backup.KindDatabase: fresh[backup.KindDatabase]}
	cases := []struct {
		name string
		s    Status
		want []string // substrings, in order; nil means no warnings
	}{
		{"all well", Status{Now: now, Backups: fresh, BackupsEnabled: true,
			Disks: []DiskUse{{Name: "data", FSUsedPct: 89.9}}, Replica: db.ReplicaStatus{Configured: true, Healthy: true}}, nil},
		{"no backup yet", Status{Now: now, Backups: backup.Status{}, BackupsEnabled: true}, []string{"No successful database backup"}},
		{"backup older than 26 h", Status{Now: now, BackupsEnabled: true,
			Backups: backup.Status{backup.KindDatabase: {Time: now.Add(-27 * time.Hour), OK: true, LastOK: now.Add(-27 * time.Hour)}, backup.KindVerify: fresh[backup.KindVerify]}},
			[]string{"27 h old"}},
		{"backup 25 h old is fine", Status{Now: now, BackupsEnabled: true,
			Backups: backup.Status{backup.KindDatabase: {Time: now.Add(-25 * time.Hour), OK: true, LastOK: now.Add(-25 * time.Hour)}, backup.KindVerify: fresh[backup.KindVerify]}}, nil},
		{"last attempt failed", Status{Now: now, BackupsEnabled: true,
			Backups: backup.Status{backup.KindDatabase: {Time: now, OK: false, Error: "disk full", LastOK: now.Add(-time.Hour)}, backup.KindVerify: fresh[backup.KindVerify]}},
			[]string{"failed: disk full"}},
		{"disk over 90 %", Status{Now: now, Backups: fresh, BackupsEnabled: true,
			Disks: []DiskUse{{Name: "uploads", Path: "/srv/u", FSUsedPct: 93.2}}}, []string{"uploads (/srv/u) is 93 % full"}},
		{"replica lagging", Status{Now: now, Backups: fresh, BackupsEnabled: true,
			Replica: db.ReplicaStatus{Configured: true, Problem: "lagging 30s behind the primary (bound 10s)"}},
			[]string{"lagging 30s"}},
		{"schedule off", Status{Now: now, Backups: fresh}, []string{"Scheduled backups are off"}},
		{"never verified", Status{Now: now, Backups: unverified, BackupsEnabled: true}, []string{"No backup has been verified"}},
		{"verify 9 days old", Status{Now: now, BackupsEnabled: true, Backups: backup.Status{backup.KindDatabase: fresh[backup.KindDatabase],
			backup.KindVerify: {Time: now.Add(-216 * time.Hour), OK: true, LastOK: now.Add(-216 * time.Hour)}}}, []string{"verification is 9 days old"}},
		{"verify failed", Status{Now: now, BackupsEnabled: true, Backups: backup.Status{backup.KindDatabase: fresh[backup.KindDatabase],
			backup.KindVerify: {Time: now, OK: false, Error: "wrong key", LastOK: now.Add(-time.Hour)}}}, []string{"verification failed: wrong key"}},
		{"server disk full", Status{Now: now, Backups: fresh, BackupsEnabled: true, Server: &ServerStats{DataDir: "/var/lib/postgresql/15/main", FSUsedPct: 95}},
			[]string{"database server's disk (/var/lib/postgresql/15/main) is 95 % full"}},
		{"archiving failing", Status{Now: now, Backups: fresh, BackupsEnabled: true, Server: &ServerStats{FSErr: "elsewhere",
			Archive: ArchiveStats{Known: true, Enabled: true, Failed: 3, LastFailed: now, LastArchived: now.Add(-time.Hour), LastFailedWAL: "000000010000000000000003"}}},
			[]string{"WAL archiving is failing: 3 failed attempts"}},
		{"archiving recovered", Status{Now: now, Backups: fresh, BackupsEnabled: true, Server: &ServerStats{FSErr: "elsewhere",
			Archive: ArchiveStats{Known: true, Enabled: true, Failed: 3, LastFailed: now.Add(-time.Hour), LastArchived: now}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Warnings(c.s)
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %d warnings", got, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}
