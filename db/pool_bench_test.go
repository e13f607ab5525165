package db

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkSQLitePoolParallel reads one row from 16 goroutines at once (what 16 clients of
// a page do). "idle=2" is database/sql's default idle pool, which the pool had before: every
// burst beyond two connections closes and reopens them, and opening a SQLite connection
// parses the whole schema. "idle=open" is what openSQLite sets now.
func BenchmarkSQLitePoolParallel(b *testing.B) {
	for _, bc := range []struct {
		name string
		idle int
	}{{"idle=2", 2}, {"idle=open", 8}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			d, err := Open(ctx, filepath.Join(b.TempDir(), "zoe.db"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			if _, err := d.MigrateUp(ctx); err != nil {
				b.Fatal(err)
			}
			d.sqlDB.SetMaxIdleConns(bc.idle)
			b.SetParallelism(2) // 4 goroutines on 2 cores, each holding up to 2 connections
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					// A page holds its connection across a few queries (rows being read).
					rows, err := d.sqlDB.QueryContext(ctx, "SELECT id FROM users LIMIT 1")
					if err != nil {
						b.Error(err)
						return
					}
					var n int
					if err := d.sqlDB.QueryRowContext(ctx, "SELECT count(*) FROM food_items WHERE id < 10").Scan(&n); err != nil {
						b.Error(err)
					}
					rows.Close()
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(d.sqlDB.Stats().MaxIdleClosed)/float64(b.N), "closed/op")
		})
	}
}
