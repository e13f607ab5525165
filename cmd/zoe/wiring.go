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

// openMigratedDB opens the database for a command that needs the current schema: with
// migrations pending it stops, saying what to run.
func openMigratedDB(ctx context.Context, cfg config.Config) (*db.DB, error) {
	d, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := checkMigrated(ctx, d, cfg, false, newLogger(cfg)); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// loadConfig reads the environment and the command's flags.
func loadConfig(name string, args []string) (config.Config, []string, error) {
	cfg, rest, err := config.Load("zoe "+name, args, nil)
	if err != nil {
		return cfg, rest, fmt.Errorf("configuration: %w", err)
	}
	return cfg, rest, nil
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
