package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"github.com/zoe-nutritech/zoe/db/migrations"
)

func (d *DB) migrator() (*goose.Provider, error) {
	dialect, dir := goose.DialectSQLite3, "sqlite"
	if d.engine == Postgres {
		dialect, dir = goose.DialectPostgres, "postgres"
	}
	sub, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, d.sqlDB, sub)
}

// MigrationState is one migration and whether it is applied.
type MigrationState struct {
	Version int64
	Name    string
	Applied bool
}

// MigrateUp applies every pending migration and returns the versions applied.
func (d *DB) MigrateUp(ctx context.Context) ([]int64, error) {
	p, err := d.migrator()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	var done []int64
	for _, r := range res {
		if r.Error == nil {
			done = append(done, r.Source.Version)
		}
	}
	if err != nil {
		return done, fmt.Errorf("db: migrate up: %w", err)
	}
	return done, nil
}

// MigrateDown rolls back the newest applied migration.
func (d *DB) MigrateDown(ctx context.Context) (int64, error) {
	p, err := d.migrator()
	if err != nil {
		return 0, err
	}
	r, err := p.Down(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: migrate down: %w", err)
	}
	if r == nil {
		return 0, nil
	}
	return r.Source.Version, nil
}

// MigrationStatus lists every known migration.
func (d *DB) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	p, err := d.migrator()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: migration status: %w", err)
	}
	out := make([]MigrationState, len(st))
	for i, s := range st {
		out[i] = MigrationState{Version: s.Source.Version, Name: s.Source.Path, Applied: s.State == goose.StateApplied}
	}
	return out, nil
}

// SchemaVersion is the newest applied migration (0 for an empty database).
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := d.migrator()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// Pending counts migrations not yet applied; serve refuses to start while any are.
func (d *DB) Pending(ctx context.Context) (int, error) {
	st, err := d.MigrationStatus(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range st {
		if !s.Applied {
			n++
		}
	}
	return n, nil
}
