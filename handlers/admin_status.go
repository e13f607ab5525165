package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/bytesize"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
	"github.com/zoe-nutritech/zoe/views"
)

// adminStatus shows backups, disks, the database pool and replica, cache and requests, with
// the warnings an operator must act on.
func (s *Server) adminStatus(c *fiber.Ctx) error {
	scheduled := s.Config.BackupSchedule && s.Config.BackupRecipient != ""
	st := s.Metrics.Collect(s.DB, s.Config.BackupDir, scheduled, s.Disks)
	vm := views.AdminStatusVM{Warnings: st.Warnings, CheckedAt: st.Now.UTC().Format("2006-01-02 15:04:05 UTC")}
	vm.Sections = append(vm.Sections, backupSection(st, backup.KindDatabase, "Database backups"),
		backupSection(st, backup.KindFiles, "File backups"), verifySection(st))

	dbRows := []views.StatusRow{
		{Label: "Engine", Value: st.Engine},
		{Label: "Connections in use", Value: fmt.Sprintf("%d of %d (%d idle)", st.Pool.InUse, st.Pool.Max, st.Pool.Idle)},
		{Label: "Waits for a connection", Value: fmt.Sprintf("%d (%s)", st.Pool.Waits, st.Pool.WaitTime.Round(time.Millisecond))},
		{Label: "Reads go to", Value: st.ReadTarget},
	}
	if r := st.Replica; r.Configured {
		level, val := "ok", "healthy, lag "+r.Lag.Round(time.Millisecond).String()
		if !r.Healthy {
			level, val = "bad", r.Problem
		}
		dbRows = append(dbRows, views.StatusRow{Label: "Read replica", Value: val, Level: level},
			views.StatusRow{Label: "Replica lag bound", Value: r.MaxLag.String()},
			views.StatusRow{Label: "Replica connections in use", Value: fmt.Sprintf("%d of %d (%d idle, %d waits)",
				st.ReplicaPool.InUse, st.ReplicaPool.Max, st.ReplicaPool.Idle, st.ReplicaPool.Waits)})
	} else {
		dbRows = append(dbRows, views.StatusRow{Label: "Read replica", Value: "not configured"})
	}
	dbRows = append(dbRows, serverRows(st)...)
	vm.Sections = append(vm.Sections, views.StatusSection{Title: "Database", Rows: dbRows})

	var disk []views.StatusRow
	for _, d := range st.Disks {
		if d.Err != "" {
			disk = append(disk, views.StatusRow{Label: d.Name, Value: "cannot read: " + d.Err, Level: "bad"})
			continue
		}
		level := "ok"
		if d.FSUsedPct > metrics.DiskWarnPct {
			level = "bad"
		}
		disk = append(disk, views.StatusRow{Label: d.Name + " (" + d.Path + ")",
			Value: fmt.Sprintf("%s; disk %.0f %% full, %s free", bytesize.Text(d.Bytes), d.FSUsedPct, bytesize.Text(int64(d.FSFree))), Level: level})
	}
	vm.Sections = append(vm.Sections, views.StatusSection{Title: "Disk", Rows: disk})

	lookups := st.CacheHits + st.CacheMisses + st.CacheBypasses
	hitRate := "no lookups yet"
	if lookups > 0 {
		hitRate = views.Pct(100 * st.CacheHits / lookups)
	}
	vm.Sections = append(vm.Sections, views.StatusSection{Title: "Cache and requests", Rows: []views.StatusRow{
		{Label: "Cache hit rate", Value: hitRate},
		{Label: "Hits / misses / bypassed", Value: fmt.Sprintf("%.0f / %.0f / %.0f", st.CacheHits, st.CacheMisses, st.CacheBypasses)},
		{Label: "Requests since start", Value: fmt.Sprintf("%.0f (%.0f server errors)", st.Requests, st.ServerErrors)},
	}})
	cv, err := s.Catalog.Coverage(c.UserContext(), time.Now())
	if err != nil {
		return errInternal(err)
	}
	oldLevel := "ok"
	if cv.Old > 0 {
		oldLevel = "bad"
	}
	vm.Sections = append(vm.Sections, views.StatusSection{Title: "Price coverage", Rows: []views.StatusRow{
		{Label: "Foods with a current price", Value: fmt.Sprintf("%d of %d: %d WFP market data, %d user reports, %d both, %d estimates",
			cv.Priced, cv.Foods, cv.Market, cv.Reports, cv.MarketAndReports, cv.Estimates)},
		{Label: fmt.Sprintf("Old prices (over %d days)", cv.OldDays), Value: fmt.Sprint(cv.Old), Level: oldLevel},
		{Label: "Tentative prices (fewer than 3 reporters)", Value: fmt.Sprint(cv.Tentative)},
		{Label: fmt.Sprintf("Diary entries (%d days) with a current price", cv.DiaryDays), Value: fmt.Sprintf("%s (%d of %d; %d with any price, old or not)",
			views.Pct(cv.DiaryPricedPercent), cv.DiaryPriced, cv.DiaryEntries, cv.DiaryAnyPrice)},
	}})
	return s.render(c, 200, views.AdminStatus(s.page(c, "System status", "status"), vm))
}

func backupSection(st metrics.Status, kind, title string) views.StatusSection {
	o, ok := st.Backups[kind]
	if !ok {
		return views.StatusSection{Title: title, Rows: []views.StatusRow{{Label: "Last backup", Value: "none recorded", Level: "warn"}}}
	}
	rows := []views.StatusRow{}
	if o.LastOK.IsZero() {
		rows = append(rows, views.StatusRow{Label: "Last success", Value: "never", Level: "bad"})
	} else {
		level := "ok"
		if kind == backup.KindDatabase && st.Now.Sub(o.LastOK) > metrics.BackupMaxAge {
			level = "bad"
		}
		rows = append(rows, views.StatusRow{Label: "Last success", Level: level,
			Value: o.LastOK.UTC().Format("2006-01-02 15:04 UTC") + " (" + st.Now.Sub(o.LastOK).Round(time.Minute).String() + " ago)"},
			views.StatusRow{Label: "Size", Value: bytesize.Text(o.LastOKSize)})
	}
	if !o.OK {
		rows = append(rows, views.StatusRow{Label: "Last attempt failed", Value: o.Error, Level: "bad"})
	} else if o.Took > 0 {
		rows = append(rows, views.StatusRow{Label: "Took", Value: o.Took.Round(time.Millisecond).String()})
	}
	return views.StatusSection{Title: title, Rows: rows}
}

// serverRows: the database's size, its server's disk and WAL archiving.
func serverRows(st metrics.Status) []views.StatusRow {
	sv := st.Server
	if sv == nil {
		return nil
	}
	var rows []views.StatusRow
	if sv.SizeErr != "" {
		rows = append(rows, views.StatusRow{Label: "Database size", Value: "cannot read: " + sv.SizeErr, Level: "warn"})
	} else {
		rows = append(rows, views.StatusRow{Label: "Database size", Value: bytesize.Text(sv.SizeBytes)})
	}
	if sv.FSErr != "" {
		rows = append(rows, views.StatusRow{Label: "Database server disk", Value: "not measured: " + sv.FSErr})
	} else {
		level := "ok"
		if sv.FSUsedPct > metrics.DiskWarnPct {
			level = "bad"
		}
		rows = append(rows, views.StatusRow{Label: "Database server disk (" + sv.DataDir + ")", Level: level,
			Value: fmt.Sprintf("%.0f %% full, %s used, %s free", sv.FSUsedPct, bytesize.Text(int64(sv.FSUsed)), bytesize.Text(int64(sv.FSFree)))})
	}
	switch a := sv.Archive; {
	case st.Engine != "postgres":
	case !a.Known:
		rows = append(rows, views.StatusRow{Label: "WAL archiving", Value: "cannot read pg_stat_archiver: " + a.Err, Level: "warn"})
	case !a.Enabled:
		rows = append(rows, views.StatusRow{Label: "WAL archiving", Value: "off (archive_mode): point-in-time recovery is not possible"})
	case a.Failing():
		rows = append(rows, views.StatusRow{Label: "WAL archiving", Level: "bad", Value: fmt.Sprintf("FAILING: %d failed attempts, last %s (segment %s); %d archived",
			a.Failed, a.LastFailed.UTC().Format("2006-01-02 15:04 UTC"), a.LastFailedWAL, a.Archived)})
	default:
		last := "never"
		if !a.LastArchived.IsZero() {
			last = a.LastArchived.UTC().Format("2006-01-02 15:04 UTC")
		}
		rows = append(rows, views.StatusRow{Label: "WAL archiving", Level: "ok",
			Value: fmt.Sprintf("on: %d segments archived, last %s; %d failed attempts", a.Archived, last, a.Failed)})
	}
	return rows
}

// verifySection: the last `zoe backup verify` recorded in the backup directory.
func verifySection(st metrics.Status) views.StatusSection {
	v, ok := st.Backups[backup.KindVerify]
	title := "Backup verification"
	if !ok {
		return views.StatusSection{Title: title, Rows: []views.StatusRow{{Label: "Last verify", Value: "none recorded (run `zoe backup verify FILE`)", Level: "warn"}}}
	}
	var rows []views.StatusRow
	if v.LastOK.IsZero() {
		rows = append(rows, views.StatusRow{Label: "Last success", Value: "never", Level: "bad"})
	} else {
		level := "ok"
		if st.Now.Sub(v.LastOK) > metrics.VerifyMaxAge {
			level = "bad"
		}
		rows = append(rows, views.StatusRow{Label: "Last success", Level: level,
			Value: v.LastOK.UTC().Format("2006-01-02 15:04 UTC") + " (" + st.Now.Sub(v.LastOK).Round(time.Minute).String() + " ago)"})
	}
	if !v.OK {
		rows = append(rows, views.StatusRow{Label: "Last verify failed", Value: v.File + ": " + v.Error, Level: "bad"})
	} else if v.File != "" {
		rows = append(rows, views.StatusRow{Label: "Verified", Value: v.File})
	}
	return views.StatusSection{Title: title, Rows: rows}
}
