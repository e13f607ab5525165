package db

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// QueryObserver is told how long each query took. name is the sqlc query name ("GetUser")
// or "other" for SQL that is not a named query (migrations, backups, the session store).
type QueryObserver func(name string, took time.Duration, err error)

// QueryName reads the name sqlc writes into the first line of every query it generates
// ("-- name: GetUser :one").
func QueryName(sql string) string {
	const tag = "-- name: "
	if !strings.HasPrefix(sql, tag) {
		return "other"
	}
	rest := sql[len(tag):]
	if i := strings.IndexAny(rest, " \n"); i > 0 {
		return rest[:i]
	}
	return "other"
}

// pgxTracer times queries on PostgreSQL: pgx calls TraceQueryEnd when the query's rows are
// closed, so the time covers execution and reading every row.
type pgxTracer struct{ observe QueryObserver }

type traceKey struct{}

type traceStart struct {
	name string
	at   time.Time
}

func (t pgxTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	return context.WithValue(ctx, traceKey{}, traceStart{QueryName(data.SQL), time.Now()})
}

func (t pgxTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	if st, ok := ctx.Value(traceKey{}).(traceStart); ok {
		t.observe(st.name, time.Since(st.at), data.Err)
	}
}

// observedSQL times queries on SQLite. database/sql hands back concrete *sql.Rows, so for
// multi-row queries the time covers executing the statement up to the first row (SQLite
// computes the rest lazily as they are read); single-row and exec calls are timed whole.
type observedSQL struct {
	db interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		PrepareContext(context.Context, string) (*sql.Stmt, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	observe QueryObserver
}

func (o observedSQL) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	start := time.Now()
	r, err := o.db.ExecContext(ctx, q, args...)
	o.observe(QueryName(q), time.Since(start), err)
	return r, err
}

func (o observedSQL) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return o.db.PrepareContext(ctx, q)
}

func (o observedSQL) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	r, err := o.db.QueryContext(ctx, q, args...)
	o.observe(QueryName(q), time.Since(start), err)
	return r, err
}

func (o observedSQL) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	start := time.Now()
	r := o.db.QueryRowContext(ctx, q, args...)
	o.observe(QueryName(q), time.Since(start), r.Err())
	return r
}
