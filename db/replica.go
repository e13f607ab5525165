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
)

// DefaultReplicaMaxLag is how far behind the primary a replica may be and still serve reads.
const DefaultReplicaMaxLag = 10 * time.Second

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
		stop: make(chan struct{}), done: make(chan struct{})}
	if r.maxLag <= 0 {
		r.maxLag = DefaultReplicaMaxLag
	}
	if r.every <= 0 {
		r.every = 2 * time.Second
	}
	r.q = pgq.New(replicaDBTX{r})
	r.check(ctx)
	go r.loop()
	return r, nil
}

func (r *replica) loop() {
	defer close(r.done)
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

// replicaDBTX sends queries to the replica; when the replica cannot be reached the query
// is run on the primary instead and the replica is marked down until the next check.
type replicaDBTX struct{ r *replica }

func (x replicaDBTX) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	tag, err := x.r.pool.Exec(ctx, sql, args...)
	if err != nil && isConnError(err) {
		x.r.markDown(err)
		return x.r.primary.Exec(ctx, sql, args...)
	}
	return tag, err
}

func (x replicaDBTX) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rows, err := x.r.pool.Query(ctx, sql, args...)
	if err != nil && isConnError(err) {
		x.r.markDown(err)
		return x.r.primary.Query(ctx, sql, args...)
	}
	return rows, err
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
	err := f.x.r.pool.QueryRow(f.ctx, f.sql, f.args...).Scan(dest...)
	if err != nil && isConnError(err) {
		f.x.r.markDown(err)
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
