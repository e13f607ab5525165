package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/zoe-nutritech/zoe/db/pgq"
	"github.com/zoe-nutritech/zoe/internal/safe"
	"log/slog"
)

// DefaultReplicaMaxLag is how far behind the primary a replica may be and still serve reads.
const DefaultReplicaMaxLag = 10 * time.Second

// DefaultReplicaTimeout is how long a query waits for the replica's first answer before it is
// run on the primary instead (a replica whose replay is paused can hold a lock for ever).
const DefaultReplicaTimeout = 2 * time.Second

// replicaCoolOff is how long a replica that timed out is left out of Read(), whatever the
// lag check says (the lag check does not touch tables, so it cannot see a held lock).
const replicaCoolOff = 15 * time.Second

// ReplicaStatus is what the last health check of the read replica found.
type ReplicaStatus struct {
	Configured bool
	Healthy    bool          // serving reads: reachable, in recovery, lag within the bound
	Lag        time.Duration // replay lag (0 when caught up with the primary)
	MaxLag     time.Duration
	Problem    string // why reads fall back to the primary ("" when healthy)
	CheckedAt  time.Time
}

// replica is a streaming replica that read-only queries go to while it is healthy.
type replica struct {
	pool    *pgxpool.Pool
	primary *pgxpool.Pool
	q       Queries
	maxLag  time.Duration
	every   time.Duration
	timeout time.Duration

	downUntil atomic.Int64 // unix nanoseconds: no reads before this after a timeout

	healthy atomic.Bool
	mu      sync.Mutex
	status  ReplicaStatus
	stop    chan struct{}
	done    chan struct{}
}

func openReplica(ctx context.Context, dsn string, opts Options, primary *pgxpool.Pool) (*replica, error) {
	// A replica that does not answer must not hold up reads: they go to the primary.
	cfg, err := poolConfig(dsn, "DATABASE_REPLICA_URL", opts, 2*time.Second)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: replica: %w", err)
	}
	r := &replica{pool: pool, primary: primary, maxLag: opts.ReplicaMaxLag, every: opts.ReplicaCheckEvery,
		timeout: opts.ReplicaTimeout, stop: make(chan struct{}), done: make(chan struct{})}
	if r.timeout <= 0 {
		r.timeout = DefaultReplicaTimeout
	}
	if r.maxLag <= 0 {
		r.maxLag = DefaultReplicaMaxLag
	}
	if r.every <= 0 {
		r.every = 2 * time.Second
	}
	r.q = pgq.New(replicaDBTX{r})
	r.check(ctx)
	go func() {
		defer close(r.done)
		// A panic while measuring the lag must not end the server: the loop stops, logged.
		if err := safe.Call(func() error { r.loop(); return nil }); err != nil {
			slog.Error("replica lag check stopped", "err", err)
		}
	}()
	return r, nil
}

func (r *replica) loop() {
	t := time.NewTicker(r.every)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			r.check(ctx)
			cancel()
		}
	}
}

func (r *replica) close() {
	close(r.stop)
	<-r.done
	r.pool.Close()
}

// check measures the replica's lag: zero when it has replayed everything the primary has
// written, otherwise the time since the last transaction it replayed.
func (r *replica) check(ctx context.Context) {
	st := ReplicaStatus{Configured: true, MaxLag: r.maxLag, CheckedAt: time.Now()}
	lag, err := r.measure(ctx)
	switch {
	case err != nil:
		st.Problem = "unreachable: " + redactErr(err)
	case lag > r.maxLag:
		st.Lag = lag
		st.Problem = fmt.Sprintf("lagging %s behind the primary (bound %s)", lag.Round(time.Millisecond), r.maxLag)
	case time.Now().UnixNano() < r.downUntil.Load():
		st.Lag = lag
		st.Problem = fmt.Sprintf("a query got no answer within %s; reads stay on the primary until %s", r.timeout,
			time.Unix(0, r.downUntil.Load()).UTC().Format("15:04:05"))
	default:
		st.Lag = lag
		st.Healthy = true
	}
	r.mu.Lock()
	r.status = st
	r.mu.Unlock()
	r.healthy.Store(st.Healthy)
}

func (r *replica) measure(ctx context.Context) (time.Duration, error) {
	var primaryLSN string
	if err := r.primary.QueryRow(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&primaryLSN); err != nil {
		return 0, fmt.Errorf("primary LSN: %w", err)
	}
	var inRecovery bool
	var behindBytes, sinceReplay float64
	err := r.pool.QueryRow(ctx, `SELECT pg_is_in_recovery(),
		COALESCE(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8,
		COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), -1)::float8`, primaryLSN).
		Scan(&inRecovery, &behindBytes, &sinceReplay)
	if err != nil {
		return 0, err
	}
	if !inRecovery {
		return 0, errors.New("not in recovery (promoted?): it is no longer a replica of the primary")
	}
	if behindBytes <= 0 {
		return 0, nil
	}
	if sinceReplay < 0 {
		return time.Duration(math.MaxInt64), nil
	}
	return time.Duration(sinceReplay * float64(time.Second)), nil
}

func (r *replica) markDown(err error) {
	r.healthy.Store(false)
	r.mu.Lock()
	r.status.Healthy = false
	r.status.Problem = "unreachable: " + redactErr(err)
	r.mu.Unlock()
}

// markSlow takes the replica out of Read() for replicaCoolOff after a query timed out.
func (r *replica) markSlow() {
	until := time.Now().Add(replicaCoolOff)
	r.downUntil.Store(until.UnixNano())
	r.healthy.Store(false)
	r.mu.Lock()
	r.status.Healthy = false
	r.status.Problem = fmt.Sprintf("a query got no answer within %s; reads stay on the primary until %s", r.timeout, until.UTC().Format("15:04:05"))
	r.mu.Unlock()
}

// giveUp says whether a replica query's error means "run it on the primary": the replica is
// unreachable, or it gave no answer within the replica timeout (while the caller's own
// context is still live). It marks the replica accordingly.
func (r *replica) giveUp(ctx context.Context, timedOut bool, err error) bool {
	switch {
	case err == nil || ctx.Err() != nil:
		return false
	case timedOut:
		r.markSlow()
		return true
	case isConnError(err):
		r.markDown(err)
		return true
	}
	return false
}

// replicaDBTX sends queries to the replica; when the replica cannot be reached, or gives no
// first answer within the replica timeout, the query is run on the primary instead and the
// replica is left out until the next check (after a timeout: for replicaCoolOff).
type replicaDBTX struct{ r *replica }

// deadline is a context that the replica timeout cancels, and whether it did.
type deadline struct {
	ctx      context.Context
	cancel   context.CancelFunc
	timer    *time.Timer
	timedOut atomic.Bool
}

func (x replicaDBTX) deadline(ctx context.Context) *deadline {
	d := &deadline{}
	d.ctx, d.cancel = context.WithCancel(ctx)
	d.timer = time.AfterFunc(x.r.timeout, func() { d.timedOut.Store(true); d.cancel() })
	return d
}

func (d *deadline) release() { d.timer.Stop(); d.cancel() }

func (x replicaDBTX) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	dl := x.deadline(ctx)
	tag, err := x.r.pool.Exec(dl.ctx, sql, args...)
	dl.release()
	if x.r.giveUp(ctx, dl.timedOut.Load(), err) {
		return x.r.primary.Exec(ctx, sql, args...)
	}
	return tag, err
}

func (x replicaDBTX) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	dl := x.deadline(ctx)
	rows, err := x.r.pool.Query(dl.ctx, sql, args...)
	if err != nil {
		dl.release()
		if x.r.giveUp(ctx, dl.timedOut.Load(), err) {
			return x.r.primary.Query(ctx, sql, args...)
		}
		return nil, err
	}
	return &timedRows{Rows: rows, dl: dl, ctx: ctx, x: x, sql: sql, args: args}, nil
}

// timedRows are replica rows whose first Next is bound by the replica timeout (the server
// answers the row description before it runs the query, so a query waiting on a lock only
// shows at the first row): if no first row comes in time, the query runs on the primary.
type timedRows struct {
	pgx.Rows
	dl      *deadline
	ctx     context.Context
	x       replicaDBTX
	sql     string
	args    []any
	started bool
	err     error
}

func (t *timedRows) Next() bool {
	if t.started || t.err != nil {
		return t.err == nil && t.Rows.Next()
	}
	t.started = true
	ok := t.Rows.Next()
	t.dl.timer.Stop() // the rest of the rows are bound by statement_timeout only
	if ok {
		return true
	}
	err := t.Rows.Err()
	if !t.x.r.giveUp(t.ctx, t.dl.timedOut.Load(), err) {
		return false
	}
	t.Rows.Close()
	t.dl.cancel()
	rows, err := t.x.r.primary.Query(t.ctx, t.sql, t.args...)
	if err != nil {
		t.err = err
		return false
	}
	t.Rows = rows
	return rows.Next()
}

func (t *timedRows) Err() error {
	if t.err != nil {
		return t.err
	}
	return t.Rows.Err()
}

func (t *timedRows) Close() {
	t.Rows.Close()
	t.dl.release()
}

func (x replicaDBTX) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return fallbackRow{ctx: ctx, sql: sql, args: args, x: x}
}

type fallbackRow struct {
	ctx  context.Context
	sql  string
	args []any
	x    replicaDBTX
}

func (f fallbackRow) Scan(dest ...any) error {
	dl := f.x.deadline(f.ctx)
	err := f.x.r.pool.QueryRow(dl.ctx, f.sql, f.args...).Scan(dest...)
	dl.release()
	if f.x.r.giveUp(f.ctx, dl.timedOut.Load(), err) {
		return f.x.r.primary.QueryRow(f.ctx, f.sql, f.args...).Scan(dest...)
	}
	return err
}

// isConnError tells "the server is not there" (retry elsewhere) from a query's own error.
func isConnError(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &pe):
		// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08: connection exceptions.
		return strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08")
	}
	return pgconn.SafeToRetry(err)
}

// Read returns the queries for read-only work: on the replica while it is configured and
// healthy, otherwise on the primary. Never write through it.
func (d *DB) Read() Queries {
	if d.replica != nil && d.replica.healthy.Load() {
		return d.replica.q
	}
	return d.Queries
}

// ReadTarget says where Read sends queries right now: "replica" or "primary".
func (d *DB) ReadTarget() string {
	if d.replica != nil && d.replica.healthy.Load() {
		return "replica"
	}
	return "primary"
}

// Replica reports the read replica's last health check (Configured is false without one).
func (d *DB) Replica() ReplicaStatus {
	if d.replica == nil {
		return ReplicaStatus{}
	}
	d.replica.mu.Lock()
	defer d.replica.mu.Unlock()
	return d.replica.status
}

// CheckReplica runs the replica health check now (tests, the status page's refresh).
func (d *DB) CheckReplica(ctx context.Context) ReplicaStatus {
	if d.replica != nil {
		d.replica.check(ctx)
	}
	return d.Replica()
}

// ReplicaPool is the replica's pgx pool (nil without one), for pool metrics.
func (d *DB) ReplicaPool() *pgxpool.Pool {
	if d.replica == nil {
		return nil
	}
	return d.replica.pool
}
