package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
	"github.com/zoe-nutritech/zoe/internal/safe"
)

// openServeDB opens the database the way serve needs it: queries timed into m, and the read
// replica when DATABASE_REPLICA_URL is set.
func openServeDB(ctx context.Context, cfg config.Config, m *metrics.Metrics) (*db.DB, error) {
	return db.Open(ctx, cfg.DatabaseURL, db.Options{MaxConns: cfg.DBMaxConns, StatementTimeout: cfg.DBStmtTimeout,
		ReplicaURL: cfg.ReplicaURL, ReplicaMaxLag: cfg.ReplicaMaxLag, ReplicaTimeout: cfg.ReplicaTimeout, ObserveQuery: m.ObserveQuery,
		MustExist: !cfg.MigrateOnStart}) // --migrate creates a SQLite database where there is none
}

// watch registers the database, backup and disk metrics, and returns the disk watcher the
// status page shares.
func watch(m *metrics.Metrics, d *db.DB, cfg config.Config) (*metrics.Disks, error) {
	if err := m.WatchDB(d); err != nil {
		return nil, err
	}
	if err := m.WatchBackups(cfg.BackupDir); err != nil {
		return nil, err
	}
	if err := m.WatchServer(metrics.NewServer(d)); err != nil {
		return nil, err
	}
	dirs := []backup.Dir{{Name: "data", Path: cfg.DataDir}, {Name: "backups", Path: cfg.BackupDir}}
	if d.Engine() == db.SQLite {
		if dir := filepath.Dir(d.Target()); filepath.Clean(dir) != filepath.Clean(cfg.DataDir) {
			dirs = append(dirs, backup.Dir{Name: "database", Path: dir})
		}
	}
	dirs = append(dirs, fileDirs(cfg)...)
	disks := metrics.NewDisks(dirs)
	return disks, m.WatchDisks(disks)
}

// startBackups runs the scheduled backups unless they are off (no recipient, or
// ZOE_BACKUP_SCHEDULE=false).
func startBackups(ctx context.Context, cfg config.Config, d *db.DB, log *slog.Logger) {
	if !cfg.BackupSchedule {
		log.Info("scheduled backups are off (ZOE_BACKUP_SCHEDULE=false)")
		return
	}
	o, err := backupOptions(cfg)
	if err != nil {
		log.Warn("scheduled backups are off", "reason", err.Error())
		return
	}
	s := &backup.Scheduler{DB: d, Options: o, Dirs: fileDirs(cfg), FirstAfter: time.Minute}
	log.Info("scheduled backups on: database daily, files weekly", "dir", cfg.BackupDir)
	safe.Go(log, "backup scheduler", func() { s.Run(ctx) })
}
