package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db"
)

// bulkTx is one transaction of the generator: a few single-row statements (users, links,
// goals, whose ids are needed) and batched inserts of the big tables. sqlc has no batched
// insert, so this is the one place with hand-written SQL: fixed statements, no input in them.
// On PostgreSQL the big tables go through COPY; on SQLite through prepared multi-row INSERTs.
type bulkTx interface {
	// queryRow runs a statement written with ? placeholders and scans one row.
	queryRow(ctx context.Context, query string, args []any, dest ...any) error
	exec(ctx context.Context, query string, args ...any) error
	insert(ctx context.Context, table string, cols []string, rows [][]any) error
	commit(ctx context.Context) error
	rollback(ctx context.Context)
}

func beginBulk(ctx context.Context, d *db.DB) (bulkTx, error) {
	if d.Engine() == db.Postgres {
		tx, err := d.Pool().Begin(ctx)
		if err != nil {
			return nil, fmt.Errorf("demo: begin: %w", err)
		}
		return pgBulk{tx}, nil
	}
	tx, err := d.SQL().BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("demo: begin: %w", err)
	}
	return &liteBulk{tx: tx, stmts: map[string]*sql.Stmt{}}, nil
}

// dollar rewrites ? placeholders as $1, $2… for PostgreSQL (the statements hold no literals with ?).
func dollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type pgBulk struct{ tx pgx.Tx }

func (p pgBulk) queryRow(ctx context.Context, query string, args []any, dest ...any) error {
	return p.tx.QueryRow(ctx, dollar(query), args...).Scan(dest...)
}

func (p pgBulk) exec(ctx context.Context, query string, args ...any) error {
	_, err := p.tx.Exec(ctx, dollar(query), args...)
	return err
}

func (p pgBulk) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := p.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("demo: copy into %s: %w", table, err)
	}
	return nil
}

func (p pgBulk) commit(ctx context.Context) error { return p.tx.Commit(ctx) }
func (p pgBulk) rollback(ctx context.Context)     { _ = p.tx.Rollback(ctx) }

type liteBulk struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (l *liteBulk) queryRow(ctx context.Context, query string, args []any, dest ...any) error {
	return l.tx.QueryRowContext(ctx, query, args...).Scan(dest...)
}

func (l *liteBulk) exec(ctx context.Context, query string, args ...any) error {
	_, err := l.tx.ExecContext(ctx, query, args...)
	return err
}

// liteRowsPerInsert keeps a statement's parameters well under SQLite's limit (32766).
const liteRowsPerInsert = 200

func (l *liteBulk) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), liteRowsPerInsert)
		stmt, err := l.stmt(ctx, table, cols, n)
		if err != nil {
			return err
		}
		args := make([]any, 0, n*len(cols))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("demo: insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

func (l *liteBulk) stmt(ctx context.Context, table string, cols []string, n int) (*sql.Stmt, error) {
	key := table + "/" + strconv.Itoa(n)
	if s, ok := l.stmts[key]; ok {
		return s, nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+",", n), ",")
	s, err := l.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("demo: prepare insert into %s: %w", table, err)
	}
	l.stmts[key] = s
	return s, nil
}

func (l *liteBulk) commit(context.Context) error {
	for _, s := range l.stmts {
		s.Close()
	}
	return l.tx.Commit()
}

func (l *liteBulk) rollback(context.Context) { _ = l.tx.Rollback() }
