package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/config"
)

func newLogger(cfg config.Config) *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[cfg.LogLevel]
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func openDB(ctx context.Context, cfg config.Config) (*db.DB, error) {
	return db.Open(ctx, cfg.DatabaseURL, db.Options{MaxConns: cfg.DBMaxConns, StatementTimeout: cfg.DBStmtTimeout})
}

// openExistingDB opens a database that must exist already: a SQLite file that is not there
// is reported as such (and neither it nor its folder is created).
func openExistingDB(ctx context.Context, cfg config.Config) (*db.DB, error) {
	return db.Open(ctx, cfg.DatabaseURL, db.Options{MaxConns: cfg.DBMaxConns, StatementTimeout: cfg.DBStmtTimeout, MustExist: true})
}

// openMigratedDB opens the database for a command that needs the current schema: a SQLite
// file that is not there is reported as such; with migrations pending it stops, saying
// what to run.
func openMigratedDB(ctx context.Context, cfg config.Config) (*db.DB, error) {
	d, err := openExistingDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := checkMigrated(ctx, d, cfg, false, newLogger(cfg)); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// withDB opens the migrated database of cfg (openMigratedDB) for do and closes it after.
func withDB(ctx context.Context, cfg config.Config, do func(d *db.DB) error) error {
	d, err := openMigratedDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	return do(d)
}

// checkMigrated stops serve on a database with pending migrations, saying what to run.
func checkMigrated(ctx context.Context, d *db.DB, cfg config.Config, apply bool, log *slog.Logger) error {
	n, err := d.Pending(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	if !apply {
		return fmt.Errorf("the database has %d pending migration(s): run `zoe migrate up` first (or start with `zoe serve --migrate`)", n)
	}
	// The same path as `zoe migrate up`: a pinned backup first (when a recipient is set),
	// then the migrations, the integrity checks and the row-count comparison.
	var out strings.Builder
	err = migrateStep(ctx, d, cfg, "up", migrateFlags{}, &out)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if line != "" {
			log.Info("serve --migrate: " + strings.TrimSpace(line))
		}
	}
	return err
}

func isEmptyDB(ctx context.Context, d *db.DB) (bool, error) {
	rows, err := d.CountUsersByRole(ctx)
	return len(rows) == 0, err
}

func trimLower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
