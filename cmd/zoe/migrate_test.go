package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/pressly/goose/v3"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/db/migrations"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

// A database holding data at schema version 1 is upgraded to the newest version: a backup is
// taken first, integrity holds, no rows are lost, the data reads through today's queries, and
// `migrate down` rolls back exactly one step.
func TestMigrateUpgradesDataFromVersion1(t *testing.T) {
	for _, engine := range []db.Engine{db.SQLite, db.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			url := filepath.Join(t.TempDir(), "zoe.db")
			dialect, dir := goose.DialectSQLite3, "sqlite"
			if engine == db.Postgres {
				url, dialect, dir = dbtest.NewPostgresURL(t), goose.DialectPostgres, "postgres"
			}
			d, err := db.Open(ctx, url, db.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			sub, _ := fs.Sub(migrations.FS, dir)
			p, err := goose.NewProvider(dialect, d.SQL(), sub)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 1); err != nil {
				t.Fatal(err)
			}
			// Data as the first release wrote it (its columns only, plain SQL).
			now := db.Now()
			stmts := []string{
				`INSERT INTO users (id, username, email, password_hash, role, created_at, updated_at) VALUES (1, 'apio', 'apio@example.org', 'h', 'patient', $1, $1)`,
				`INSERT INTO users (id, username, email, password_hash, role, created_at, updated_at) VALUES (2, 'dr_okello', 'okello@example.org', 'h', 'dietitian', $1, $1)`,
				`INSERT INTO food_items (id, slug, name, category, energy_kcal, protein_g, carb_g, fibre_g, fat_g, source, created_at, updated_at) VALUES (1, 'matooke', 'Matooke', 'staples', 89, 1.3, 23, 2.6, 0.4, 'test', $1, $1)`,
				`INSERT INTO food_logs (uuid, user_id, food_item_id, meal_type, grams, consumed_at, created_at, updated_at) VALUES ('5f0c6f0e-7d1a-4f8e-9a57-1f2a3b4c5d6e', 1, 1, 'lunch', 250, $1, $1, $1)`,
				`INSERT INTO diabetes_records (uuid, user_id, record_type, glucose_mgdl, glucose_context, recorded_at, created_at, updated_at) VALUES ('6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d', 1, 'glucose', 126, 'fasting', $1, $1, $1)`,
				`INSERT INTO care_links (patient_id, dietitian_id, status, created_at) VALUES (1, 2, 'active', $1)`,
			}
			for _, s := range stmts {
				if engine == db.SQLite {
					s = strings.ReplaceAll(s, "$1", "?")
				}
				args := make([]any, strings.Count(s, "?")+strings.Count(s, "$1"))
				for i := range args {
					args[i] = now
				}
				if engine == db.Postgres {
					args = []any{now}
				}
				if _, err := d.SQL().ExecContext(ctx, s, args...); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			before, _ := d.RowCounts(ctx)

			id, _ := age.GenerateX25519Identity()
			cfg := config.Config{BackupDir: filepath.Join(t.TempDir(), "backups"), BackupRecipient: id.Recipient().String()}
			var out bytes.Buffer
			if err := migrateStep(ctx, d, cfg, "up", migrateFlags{}, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			t.Log(out.String())
			if !strings.Contains(out.String(), "backup before migrating:") || !strings.Contains(out.String(), "integrity checks pass") {
				t.Fatalf("output:\n%s", out.String())
			}
			if strings.Contains(out.String(), "WARNING") {
				t.Fatalf("rows lost:\n%s", out.String())
			}
			if n, _ := d.Pending(ctx); n != 0 {
				t.Fatalf("%d migrations still pending", n)
			}
			after, _ := d.RowCounts(ctx)
			for table, n := range before {
				if after[table] < n && table != "goose_db_version" {
					t.Errorf("%s: %d rows before, %d after", table, n, after[table])
				}
			}
			u, err := d.GetUserByLogin(ctx, "apio")
			if err != nil || u.ID != 1 || u.GlucoseUnit != "mmol/L" {
				t.Fatalf("version-1 user through today's queries: %+v %v", u, err)
			}
			// The backup taken before migrating holds the version-1 data and verifies.
			list, _ := backup.List(cfg.BackupDir, backup.KindDatabase)
			if len(list) != 1 {
				t.Fatalf("backups: %v", list)
			}
			m, err := backup.ReadManifest(list[0].Path, []age.Identity{id})
			if err != nil || m.SchemaVersion != 1 {
				t.Fatalf("pre-migration backup manifest: %+v %v", m, err)
			}

			newest, _ := d.SchemaVersion(ctx)
			out.Reset()
			if err := migrateStep(ctx, d, cfg, "down", migrateFlags{noBackup: true}, &out); err != nil {
				t.Fatalf("down: %v\n%s", err, out.String())
			}
			if v, _ := d.SchemaVersion(ctx); newest > 1 && v >= newest {
				t.Fatalf("down left version %d (was %d)", v, newest)
			}
			if !strings.Contains(out.String(), "backup skipped (--no-backup)") {
				t.Fatalf("output:\n%s", out.String())
			}
			out.Reset()
			if err := migrateStep(ctx, d, config.Config{}, "up", migrateFlags{}, &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "backup skipped: ZOE_BACKUP_RECIPIENT is not set") {
				t.Fatalf("output:\n%s", out.String())
			}
		})
	}
}

// The integrity check finds a row whose parent is missing (foreign keys are not enforced for
// data loaded with them switched off, as a bad migration might).
func TestCheckIntegrityFindsOrphans(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if p, err := d.CheckIntegrity(ctx); err != nil || len(p) != 0 {
			t.Fatalf("fresh database: %v %v", p, err)
		}
		conn, err := d.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		now := db.Now()
		if d.Engine() == db.Postgres {
			_, err = conn.ExecContext(ctx, "SET session_replication_role = replica")
			if err == nil {
				_, err = conn.ExecContext(ctx, `INSERT INTO weight_entries (uuid, user_id, weight_kg, recorded_at, created_at) VALUES ('0b8f1c2e-1111-4a2b-9c3d-4e5f6a7b8c9d', 999, 70, $1, $1)`, now)
			}
		} else {
			_, err = conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
			if err == nil {
				_, err = conn.ExecContext(ctx, `INSERT INTO weight_entries (uuid, user_id, weight_kg, recorded_at, created_at) VALUES ('0b8f1c2e-1111-4a2b-9c3d-4e5f6a7b8c9d', 999, 70, ?, ?)`, now, now)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		p, err := d.CheckIntegrity(ctx)
		if err != nil || len(p) != 1 || !strings.Contains(p[0], "weight_entries") {
			t.Fatalf("problems: %q %v", p, err)
		}
	})
}

// `migrate down` refuses to drop a table that holds rows unless --force; the pre-migration
// backup it names is pinned, so the next ordinary backup's retention keeps it.
func TestMigrateDownRefusesToDropRowsAndPinsBackup(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedDislike(t, d)
		// Migration 5 creates disliked_foods and its Down drops it: start from there even
		// when newer migrations exist.
		for v, _ := d.SchemaVersion(ctx); v > 5; v, _ = d.SchemaVersion(ctx) {
			if err := migrateStep(ctx, d, config.Config{}, "down", migrateFlags{noBackup: true, force: true}, io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		id, _ := age.GenerateX25519Identity()
		cfg := config.Config{BackupDir: filepath.Join(t.TempDir(), "backups"), BackupRecipient: id.Recipient().String()}
		before, _ := d.SchemaVersion(ctx)
		var out bytes.Buffer
		err := migrateStep(ctx, d, cfg, "down", migrateFlags{}, &out)
		if err == nil || !strings.Contains(err.Error(), "disliked_foods (1 rows)") || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("down over a table holding rows: err %v\n%s", err, out.String())
		}
		if v, _ := d.SchemaVersion(ctx); v != before {
			t.Fatalf("refused down changed the schema version %d → %d", before, v)
		}
		if list, _ := backup.List(cfg.BackupDir, backup.KindDatabase); len(list) != 0 {
			t.Fatalf("a refused down took a backup: %v", list)
		}
		out.Reset()
		if err := migrateStep(ctx, d, cfg, "down", migrateFlags{force: true}, &out); err != nil {
			t.Fatalf("down --force: %v\n%s", err, out.String())
		}
		if v, _ := d.SchemaVersion(ctx); v >= before {
			t.Fatalf("down --force left version %d", v)
		}
		list, _ := backup.List(cfg.BackupDir, backup.KindDatabase)
		if len(list) != 1 || list[0].Pin != "pre-migration" || !strings.Contains(out.String(), list[0].Path) {
			t.Fatalf("pre-migration backup %v not named in the output:\n%s", list, out.String())
		}
		// An ordinary backup the same day, then retention: the pinned one stays.
		o, _ := backupOptions(cfg)
		for range 2 {
			if _, err := backup.Database(ctx, d, o); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := os.Stat(list[0].Path); err != nil {
			t.Fatalf("retention deleted the pre-migration backup: %v", err)
		}
	})
}

func seedDislike(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "apio", Email: "apio@example.org", PasswordHash: "x",
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	q := func(s string) string {
		if d.Engine() == db.SQLite {
			return strings.NewReplacer("$1", "?", "$2", "?").Replace(s)
		}
		return s
	}
	now := db.Now()
	if _, err := d.SQL().ExecContext(ctx, q(`INSERT INTO food_items (id, slug, name, category, energy_kcal, protein_g, carb_g, fibre_g, fat_g, source, created_at, updated_at) VALUES (1, 'matooke', 'Matooke', 'staples', 89, 1.3, 23, 2.6, 0.4, 'test', $1, $2)`), now, now); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SQL().ExecContext(ctx, q(`INSERT INTO disliked_foods (user_id, food_item_id, created_at) VALUES ($1, 1, $2)`), u.ID, now); err != nil {
		t.Fatal(err)
	}
}

// `serve --migrate` takes the same path as `migrate up`: a pinned backup first.
func TestServeMigrateBacksUpFirst(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "zoe.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	id, _ := age.GenerateX25519Identity()
	cfg := config.Config{BackupDir: filepath.Join(t.TempDir(), "backups"), BackupRecipient: id.Recipient().String()}
	var logs bytes.Buffer
	if err := checkMigrated(ctx, d, cfg, true, slog.New(slog.NewTextHandler(&logs, nil))); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	if n, _ := d.Pending(ctx); n != 0 {
		t.Fatalf("%d migrations pending after serve --migrate", n)
	}
	list, _ := backup.List(cfg.BackupDir, backup.KindDatabase)
	if len(list) != 1 || list[0].Pin != "pre-migration" || !strings.Contains(logs.String(), list[0].Path) {
		t.Fatalf("serve --migrate backups %v; log:\n%s", list, logs.String())
	}
}
