package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/zoe-nutritech/zoe/config"
	"github.com/zoe-nutritech/zoe/db"
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

// loadConfig reads the environment and the command's flags.
func loadConfig(name string, args []string) (config.Config, []string, error) {
	cfg, rest, err := config.Load("zoe "+name, args, nil)
	if err != nil {
		return cfg, rest, fmt.Errorf("configuration: %w", err)
	}
	return cfg, rest, nil
}

func migrate(ctx context.Context, args []string) error {
	cfg, rest, err := loadConfig("migrate", args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"migrate needs one of: up, down, status"}
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	switch rest[0] {
	case "up":
		done, err := d.MigrateUp(ctx)
		for _, v := range done {
			fmt.Printf("applied migration %d\n", v)
		}
		if err != nil {
			return err
		}
		v, _ := d.SchemaVersion(ctx)
		fmt.Printf("%s database %s is at schema version %d\n", d.Engine(), d.Target(), v)
	case "down":
		v, err := d.MigrateDown(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("rolled back migration %d\n", v)
	case "status":
		st, err := d.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Printf("%05d  %-8s %s\n", s.Version, state, s.Name)
		}
	default:
		return usageError{fmt.Sprintf("migrate: unknown action %q (use up, down or status)", rest[0])}
	}
	return nil
}

// checkMigrated stops serve on a database with pending migrations, saying what to run.
func checkMigrated(ctx context.Context, d *db.DB, apply bool, log *slog.Logger) error {
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
	done, err := d.MigrateUp(ctx)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "versions", fmt.Sprint(done))
	return nil
}

func isEmptyDB(ctx context.Context, d *db.DB) (bool, error) {
	rows, err := d.CountUsersByRole(ctx)
	return len(rows) == 0, err
}

func trimLower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
