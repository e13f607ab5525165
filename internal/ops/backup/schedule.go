package backup

import (
	"context"
	"time"

	"github.com/zoe-nutritech/zoe/db"
)

// Scheduler runs the daily database backup and the weekly file backup inside `zoe serve`.
// It looks every CheckEvery (default 10 minutes) at the backup directory's status: a backup
// is due when its last success is older than its period, and a failed attempt is retried
// after an hour. On PostgreSQL an advisory lock lets only one of several app instances
// back up at a time.
type Scheduler struct {
	DB         *db.DB
	Options    Options
	Dirs       []Dir         // the file backup's directories
	DBEvery    time.Duration // default 24h
	FilesEvery time.Duration // default 7 × 24h
	CheckEvery time.Duration // default 10 min
	FirstAfter time.Duration // delay before the first look (default 1 min)
}

// advisoryKey is the PostgreSQL advisory lock taken while a scheduled backup runs.
const advisoryKey = 7_263_0901

// Run loops until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	every := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	dbEvery, filesEvery := every(s.DBEvery, 24*time.Hour), every(s.FilesEvery, 7*24*time.Hour)
	t := time.NewTimer(every(s.FirstAfter, time.Minute))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.runDue(ctx, KindDatabase, dbEvery)
		s.runDue(ctx, KindFiles, filesEvery)
		t.Reset(every(s.CheckEvery, 10*time.Minute))
	}
}

func (s *Scheduler) runDue(ctx context.Context, kind string, period time.Duration) {
	now := s.Options.now()
	last := ReadStatus(s.Options.Dir)[kind]
	if !last.LastOK.IsZero() && now.Sub(last.LastOK) < period {
		return
	}
	if !last.OK && !last.Time.IsZero() && now.Sub(last.Time) < time.Hour {
		return // failed recently: retry in an hour, not every check
	}
	unlock, ok := s.lock(ctx)
	if !ok {
		return
	}
	defer unlock()
	log := s.Options.log()
	var err error
	if kind == KindDatabase {
		_, err = Database(ctx, s.DB, s.Options)
	} else {
		_, err = Files(ctx, s.Dirs, s.Options)
	}
	if err != nil && ctx.Err() == nil {
		log.Error("scheduled backup failed", "kind", kind, "err", err)
	}
}

// lock takes the advisory lock on PostgreSQL (another instance holding it means it is
// backing up now); SQLite has one instance by nature.
func (s *Scheduler) lock(ctx context.Context) (func(), bool) {
	if s.DB == nil || s.DB.Engine() != db.Postgres {
		return func() {}, true
	}
	conn, err := s.DB.SQL().Conn(ctx)
	if err != nil {
		return nil, false
	}
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", advisoryKey).Scan(&got); err != nil || !got {
		conn.Close()
		return nil, false
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", advisoryKey)
		conn.Close()
	}, true
}
