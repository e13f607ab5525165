package backup

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// BenchmarkBackupPostgres1000Patients: a year of data for 1,000 patients (4 glucose readings
// and 3 meals a day, weekly weights), backed up with `zoe backup`, verified (scratch restore
// and checksums), restored; compared with a bare pg_dump of the same database.
//
//	go test ./backup -run '^$' -bench BackupPostgres1000Patients -benchtime 1x
func BenchmarkBackupPostgres1000Patients(b *testing.B) {
	ctx := context.Background()
	d := dbtest.NewPostgres(b)
	start := time.Now()
	conn, err := d.SQL().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	for _, s := range []string{
		`SET statement_timeout = 0`,
		`INSERT INTO users (username, email, password_hash, role, diabetes_type, created_at, updated_at)
		 SELECT 'patient' || g, 'patient' || g || '@example.org', 'argon2id-hash-placeholder', 'patient', 'type2',
		        now() - interval '400 days', now() - interval '400 days' FROM generate_series(1, 1000) g`,
		`INSERT INTO food_items (slug, name, category, energy_kcal, protein_g, carb_g, fibre_g, fat_g, source, created_at, updated_at)
		 SELECT 'food-' || g, 'Food ' || g, 'staples', 50 + g % 400, g % 30, g % 90, g % 10, g % 40, 'bench', now(), now()
		 FROM generate_series(1, 300) g`,
		`INSERT INTO diabetes_records (uuid, user_id, record_type, glucose_mgdl, glucose_context, notes, recorded_at, created_at, updated_at)
		 SELECT gen_random_uuid(), u, 'glucose', 70 + (u * 7 + h) % 180,
		        (ARRAY['fasting','before_meal','after_meal','bedtime'])[1 + h % 4], '',
		        t, t, t
		 FROM generate_series(1, 1000) u, generate_series(0, 365 * 4 - 1) h,
		      LATERAL (SELECT now() - (h * interval '6 hours')) AS x(t)`,
		`INSERT INTO food_logs (uuid, user_id, food_item_id, meal_type, grams, quantity, cost_ugx, consumed_at, created_at, updated_at)
		 SELECT gen_random_uuid(), u, 1 + (u + m) % 300, (ARRAY['breakfast','lunch','dinner'])[1 + m % 3], 100 + (u + m) % 300, 1,
		        500 + (u * m) % 4000, t, t, t
		 FROM generate_series(1, 1000) u, generate_series(0, 365 * 3 - 1) m,
		      LATERAL (SELECT now() - (m * interval '8 hours')) AS x(t)`,
		`INSERT INTO weight_entries (uuid, user_id, weight_kg, recorded_at, created_at)
		 SELECT gen_random_uuid(), u, 60 + (u % 40) + w * 0.01, now() - w * interval '7 days', now() - w * interval '7 days'
		 FROM generate_series(1, 1000) u, generate_series(0, 51) w`,
		`ANALYZE`,
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	var dbSize int64
	_ = d.SQL().QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&dbSize)
	b.Logf("generated in %s; database size %.0f MB", time.Since(start).Round(time.Millisecond), float64(dbSize)/1e6)

	id, _ := age.GenerateX25519Identity()
	o := Options{Dir: filepath.Join(b.TempDir(), "backups"), Recipients: []age.Recipient{id.Recipient()}, NoRetention: true}
	vo := VerifyOptions{Identities: []age.Identity{id}, PostgresURL: dbtest.PostgresAdminURL()}
	b.ResetTimer()
	for range b.N {
		pgDump, err := pgTool("pg_dump", 0)
		if err != nil {
			b.Fatal(err)
		}
		url, env := pgConnArgs(d.URL())
		t0 := time.Now()
		bare := filepath.Join(b.TempDir(), "bare.pgdump")
		cmd := exec.Command(pgDump, "--format=custom", "--file="+bare, "--dbname="+url)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("pg_dump: %v %s", err, out)
		}
		bareTook := time.Since(t0)
		bareInfo, _ := os.Stat(bare)

		res, err := Database(ctx, d, o)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Verify(ctx, res.Path, vo)
		if err != nil {
			b.Fatal(err)
		}
		loc := db.Location{Engine: db.Postgres, DSN: dbtest.NewPostgresURL(b)}
		t1 := time.Now()
		if _, err := Restore(ctx, res.Path, loc, false, vo); err != nil {
			b.Fatal(err)
		}
		restoreTook := time.Since(t1)
		b.ReportMetric(float64(res.Manifest.Rows()), "rows")
		b.ReportMetric(res.Took.Seconds(), "backup_s")
		b.ReportMetric(bareTook.Seconds(), "bare_pg_dump_s")
		b.ReportMetric(res.Took.Seconds()/bareTook.Seconds(), "backup/pg_dump")
		b.ReportMetric(float64(res.Size)/1e6, "backup_MB")
		b.ReportMetric(float64(bareInfo.Size())/1e6, "bare_dump_MB")
		b.ReportMetric(rep.Took.Seconds(), "verify_s")
		b.ReportMetric(restoreTook.Seconds(), "restore_s")
		os.Remove(res.Path)
	}
}
