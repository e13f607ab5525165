package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// SQLQuerier is what the schema helpers need: *sql.DB, *sql.Tx and *sql.Conn have it.
type SQLQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Table is one table of the schema: its columns in order and the columns of its primary key
// (every column when it has none), which give its rows a stable order.
type Table struct {
	Name    string
	Columns []string
	Key     []string
}

// QuoteIdent quotes a name from the catalog for use in SQL (the same rule on both engines).
func QuoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Tables lists the database's tables.
func (d *DB) Tables(ctx context.Context) ([]Table, error) { return ListTables(ctx, d.engine, d.sqlDB) }

// ListTables lists the tables of the database q is connected to (PostgreSQL: the current
// schema; SQLite: the main database), sorted by name.
func ListTables(ctx context.Context, engine Engine, q SQLQuerier) ([]Table, error) {
	var names []string
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if engine == Postgres {
		query = `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname`
	}
	if err := collect(ctx, q, query, func(r *sql.Rows) error {
		var n string
		err := r.Scan(&n)
		names = append(names, n)
		return err
	}); err != nil {
		return nil, fmt.Errorf("db: list tables: %w", err)
	}
	tables := make([]Table, 0, len(names))
	for _, n := range names {
		t := Table{Name: n}
		var err error
		if engine == Postgres {
			err = pgColumns(ctx, q, &t)
		} else {
			err = sqliteColumns(ctx, q, &t)
		}
		if err != nil {
			return nil, fmt.Errorf("db: columns of %s: %w", n, err)
		}
		if len(t.Key) == 0 {
			t.Key = t.Columns
		}
		tables = append(tables, t)
	}
	return tables, nil
}

func pgColumns(ctx context.Context, q SQLQuerier, t *Table) error {
	err := collect(ctx, q, `SELECT a.attname FROM pg_attribute a
		WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY a.attnum`, func(r *sql.Rows) error {
		var c string
		err := r.Scan(&c)
		t.Columns = append(t.Columns, c)
		return err
	}, t.Name)
	if err != nil {
		return err
	}
	return collect(ctx, q, `SELECT a.attname FROM pg_index i
		CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND i.indisprimary
		ORDER BY k.ord`, func(r *sql.Rows) error {
		var c string
		err := r.Scan(&c)
		t.Key = append(t.Key, c)
		return err
	}, t.Name)
}

func sqliteColumns(ctx context.Context, q SQLQuerier, t *Table) error {
	type col struct {
		name string
		pk   int
	}
	var cols []col
	err := collect(ctx, q, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", func(r *sql.Rows) error {
		var c col
		err := r.Scan(&c.name, &c.pk)
		cols = append(cols, c)
		return err
	}, t.Name)
	if err != nil {
		return err
	}
	maxPK := 0
	for _, c := range cols {
		t.Columns = append(t.Columns, c.name)
		maxPK = max(maxPK, c.pk)
	}
	for i := 1; i <= maxPK; i++ {
		for _, c := range cols {
			if c.pk == i {
				t.Key = append(t.Key, c.name)
			}
		}
	}
	return nil
}

func collect(ctx context.Context, q SQLQuerier, query string, each func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RowCounts counts the rows of every table.
func (d *DB) RowCounts(ctx context.Context) (map[string]int64, error) {
	tables, err := d.Tables(ctx)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := d.sqlDB.QueryRowContext(ctx, "SELECT count(*) FROM "+QuoteIdent(t.Name)).Scan(&n); err != nil {
			return nil, fmt.Errorf("db: count %s: %w", t.Name, err)
		}
		counts[t.Name] = n
	}
	return counts, nil
}

// CheckIntegrity looks for damage a migration could leave: on SQLite PRAGMA integrity_check
// and foreign_key_check; on PostgreSQL every foreign key is checked for rows whose parent
// is missing and for constraints left NOT VALID. It returns one line per problem found.
func (d *DB) CheckIntegrity(ctx context.Context) ([]string, error) {
	if d.engine == Postgres {
		return d.checkPostgres(ctx)
	}
	var problems []string
	err := collect(ctx, d.sqlDB, "PRAGMA integrity_check", func(r *sql.Rows) error {
		var s string
		if err := r.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, "integrity_check: "+s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: integrity_check: %w", err)
	}
	err = collect(ctx, d.sqlDB, "PRAGMA foreign_key_check", func(r *sql.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var fk int64
		if err := r.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		problems = append(problems, fmt.Sprintf("%s row %d refers to a missing %s row", table, rowid.Int64, parent))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: foreign_key_check: %w", err)
	}
	return problems, nil
}

func (d *DB) checkPostgres(ctx context.Context) ([]string, error) {
	type fk struct {
		name, child, parent string
		cols, pcols         []string
		valid               bool
	}
	var fks []fk
	err := collect(ctx, d.sqlDB, `SELECT con.conname, cl.relname, pcl.relname,
			array_to_string(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i), ','),
			array_to_string(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i), ','),
			con.convalidated
		FROM pg_constraint con
		JOIN pg_class cl ON cl.oid = con.conrelid
		JOIN pg_class pcl ON pcl.oid = con.confrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace
		WHERE con.contype = 'f' AND n.nspname = current_schema()
		ORDER BY cl.relname, con.conname`, func(r *sql.Rows) error {
		var f fk
		var cols, pcols string
		if err := r.Scan(&f.name, &f.child, &f.parent, &cols, &pcols, &f.valid); err != nil {
			return err
		}
		f.cols, f.pcols = strings.Split(cols, ","), strings.Split(pcols, ",")
		fks = append(fks, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("db: list foreign keys: %w", err)
	}
	var problems []string
	for _, f := range fks {
		if !f.valid {
			problems = append(problems, fmt.Sprintf("foreign key %s on %s is NOT VALID", f.name, f.child))
		}
		var notNull, match []string
		for i, c := range f.cols {
			notNull = append(notNull, "c."+QuoteIdent(c)+" IS NOT NULL")
			match = append(match, "p."+QuoteIdent(f.pcols[i])+" = c."+QuoteIdent(c))
		}
		q := fmt.Sprintf("SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)",
			QuoteIdent(f.child), strings.Join(notNull, " AND "), QuoteIdent(f.parent), strings.Join(match, " AND "))
		var n int64
		if err := d.sqlDB.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, fmt.Errorf("db: check foreign key %s: %w", f.name, err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%d %s row(s) refer to a missing %s row (%s)", n, f.child, f.parent, f.name))
		}
	}
	return problems, nil
}
