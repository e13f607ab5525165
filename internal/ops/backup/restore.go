package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zoe-nutritech/zoe/db"
)

// ErrUnchanged marks a restore that failed before the swap: the target database still holds
// exactly what it held before (match with errors.Is).
var ErrUnchanged = errors.New("the database was not changed")

// restoreStage is called at each step of a restore (tests interrupt restores with it).
var restoreStage = func(string) {}

// Restore puts a database backup back into the database at loc (a DATABASE_URL). It refuses
// a database that holds any rows unless force is set. The backup is restored beside the
// target and checked against the manifest first; only then is it swapped in, in one atomic
// step (SQLite: a rename over the file; PostgreSQL: the restored database and the old one
// swap names in one transaction, and the old one is dropped). A restore that fails or is
// killed before the swap leaves the target exactly as it was; the error then wraps
// ErrUnchanged. Stop the app first.
func Restore(ctx context.Context, path string, loc db.Location, force bool, o VerifyOptions) (Report, error) {
	rep, err := restore(ctx, path, loc, force, o)
	if err != nil && !errors.Is(err, errSwapped) && !errors.Is(err, ErrUnchanged) {
		err = fmt.Errorf("%w: %w", ErrUnchanged, err)
	}
	return rep, err
}

// errSwapped marks a failure after the restored data is in place (only cleanup failed).
var errSwapped = errors.New("the restored data is in place")

func restore(ctx context.Context, path string, loc db.Location, force bool, o VerifyOptions) (Report, error) {
	start := time.Now()
	a, m, err := openWithManifest(path, o.Identities)
	if err != nil {
		return Report{}, err
	}
	defer a.close()
	rep := Report{Manifest: m}
	if m.Kind != KindDatabase {
		return rep, fmt.Errorf("backup: %s is a %s backup; restore it with `zoe restore --files`", path, m.Kind)
	}
	if m.Engine != string(loc.Engine) {
		return rep, fmt.Errorf("backup: this is a %s backup but DATABASE_URL is %s", m.Engine, loc.Engine)
	}
	rows, err := existingRows(ctx, loc)
	if err != nil {
		return rep, err
	}
	if rows > 0 && !force {
		return rep, fmt.Errorf("backup: the database at %s holds %d rows: restoring would replace them; run again with --force to do so", db.Redact(loc.DSN), rows)
	}
	scratch := o.ScratchDir
	if loc.Engine == db.SQLite && scratch == "" {
		scratch = filepath.Dir(loc.DSN) // same file system: the final rename is atomic
		if err := os.MkdirAll(scratch, 0o700); err != nil {
			return rep, err
		}
		// Left by a restore that was killed (the database itself was not touched then).
		if old, _ := filepath.Glob(filepath.Join(scratch, "zoe-restore-*")); len(old) > 0 {
			for _, p := range old {
				os.RemoveAll(p)
			}
		}
	}
	restoreStage("extract")
	data, cleanup, err := a.extractDataCtx(ctx, m, scratch)
	if err != nil {
		return rep, err
	}
	defer cleanup()
	if loc.Engine == db.SQLite {
		restoreStage("check")
		got, err := sqliteChecksums(ctx, data)
		if err != nil {
			return rep, err
		}
		if err := compareSums(m.Tables, got); err != nil {
			return rep, err
		}
		restoreStage("swap")
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if err := replaceSQLite(ctx, data, loc.DSN); err != nil {
			return rep, err
		}
	} else {
		notes, err := restorePostgres(ctx, loc.DSN, data, m)
		rep.Notes = notes
		if err != nil {
			return rep, err
		}
	}
	rep.Tables, rep.Rows, rep.Took = len(m.Tables), m.Rows(), time.Since(start)
	return rep, nil
}

// extractDataCtx is extractData that stops when ctx is cancelled.
func (a *archiveReader) extractDataCtx(ctx context.Context, m Manifest, scratch string) (string, func(), error) {
	return a.extractFrom(ctxReader{ctx: ctx, r: a.tr}, m, scratch)
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// existingRows counts the rows of the target's tables (migration bookkeeping aside).
func existingRows(ctx context.Context, loc db.Location) (int64, error) {
	if loc.Engine == db.SQLite {
		if _, err := os.Stat(loc.DSN); errors.Is(err, os.ErrNotExist) {
			return 0, nil
		}
	}
	d, err := db.Open(ctx, loc.DSN, db.Options{MaxConns: 2})
	if err != nil {
		return 0, err
	}
	defer d.Close()
	counts, err := d.RowCounts(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	for t, c := range counts {
		if t != "goose_db_version" {
			n += c
		}
	}
	return n, nil
}

// replaceSQLite moves the verified copy over the target. The target's write-ahead log is
// checkpointed into the file first (which fails while another process writes to it), so
// removing the log and renaming leave either the complete old database or the new one,
// whenever the process dies.
func replaceSQLite(ctx context.Context, data, target string) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(target); err == nil {
		if err := checkpointSQLite(ctx, target); err != nil {
			return err
		}
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(data, target); err != nil {
		return fmt.Errorf("backup: put the restored database in place: %w", err)
	}
	syncDir(filepath.Dir(target))
	return nil
}

func checkpointSQLite(ctx context.Context, target string) error {
	d, err := db.Open(ctx, target, db.Options{MaxConns: 1})
	if err != nil {
		return err
	}
	defer d.Close()
	var busy, logFrames, done int
	if err := d.SQL().QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
		return fmt.Errorf("backup: checkpoint the current database: %w", err)
	}
	if busy != 0 {
		return errors.New("backup: the current database is in use (its write-ahead log cannot be checkpointed): stop every `zoe serve` using it and run again")
	}
	return nil
}

// pgNames are the databases a PostgreSQL restore uses beside the target.
func pgNames(target string) (staging, old string) {
	base := target
	if len(base) > 40 {
		base = base[:40]
	}
	return base + "_zoe_restoring", base + "_zoe_replaced"
}

func quoteIdent(s string) string { return pgx.Identifier{s}.Sanitize() }

// restorePostgres restores the dump into a new database beside the target (same owner,
// encoding and locale, and the target's per-database settings), checks it against the
// manifest, then swaps the names of the two databases in one transaction and drops the old
// one. Connecting to a maintenance database ("postgres", or "template1") needs a role that
// owns the target and has CREATEDB.
func restorePostgres(ctx context.Context, url, dump string, m Manifest) ([]string, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, errors.New("backup: cannot parse DATABASE_URL")
	}
	target := cfg.Database
	staging, old := pgNames(target)
	admin, err := connectMaintenance(ctx, url)
	if err != nil {
		return nil, err
	}
	defer admin.Close(context.Background())
	var owner, encoding, collate, ctype string
	err = admin.QueryRow(ctx, `SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate, datctype
		FROM pg_database WHERE datname = $1`, target).Scan(&owner, &encoding, &collate, &ctype)
	if err != nil {
		return nil, fmt.Errorf("backup: database %q: %w", target, err)
	}
	var notes []string
	drop := func(name string) error {
		dctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := admin.Exec(dctx, "DROP DATABASE IF EXISTS "+quoteIdent(name)+" WITH (FORCE)")
		return err
	}
	// Left over by an interrupted restore (the target was not touched then).
	if err := drop(staging); err != nil {
		return nil, fmt.Errorf("backup: remove %s left by an interrupted restore: %w", staging, err)
	}
	if err := drop(old); err != nil {
		return nil, fmt.Errorf("backup: remove %s left by an earlier restore: %w", old, err)
	}
	restoreStage("create")
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s OWNER %s TEMPLATE template0 ENCODING %s LC_COLLATE %s LC_CTYPE %s",
		quoteIdent(staging), quoteIdent(owner), quoteLiteral(encoding), quoteLiteral(collate), quoteLiteral(ctype))); err != nil {
		return nil, fmt.Errorf("backup: create the database to restore into (the role needs CREATEDB and membership in %s): %w", owner, err)
	}
	swapped := false
	defer func() {
		if !swapped {
			_ = drop(staging)
		}
	}()
	// Per-database settings (ALTER DATABASE … SET) move with the data.
	settings, err := admin.Query(ctx, `SELECT unnest(setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
		WHERE d.datname = $1 AND s.setrole = 0`, target)
	if err != nil {
		return nil, err
	}
	kv, err := pgx.CollectRows(settings, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s SET %s = %s", quoteIdent(staging), quoteIdent(k), quoteLiteral(v))); err != nil {
			return nil, fmt.Errorf("backup: copy the setting %s to the restored database: %w", k, err)
		}
	}
	stagingURL, err := withDatabase(url, staging)
	if err != nil {
		return nil, err
	}
	restoreStage("load")
	if err := pgRestore(ctx, admin, stagingURL, dump); err != nil {
		return nil, err
	}
	restoreStage("check")
	got, err := postgresChecksums(ctx, stagingURL)
	if err != nil {
		return nil, err
	}
	if err := compareSums(m.Tables, got); err != nil {
		return nil, err
	}
	restoreStage("swap")
	if err := swapDatabases(ctx, admin, target, staging, old); err != nil {
		return nil, err
	}
	swapped = true
	if err := drop(old); err != nil {
		notes = append(notes, fmt.Sprintf("the replaced data is kept as database %s (dropping it failed: %v); drop it with DROP DATABASE %s WITH (FORCE)", old, err, old))
	}
	return notes, nil
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// connectMaintenance connects to the server's "postgres" database (or "template1"), from
// which the target database can be renamed.
func connectMaintenance(ctx context.Context, url string) (*pgx.Conn, error) {
	var last error
	for _, name := range []string{"postgres", "template1"} {
		u, err := withDatabase(url, name)
		if err != nil {
			return nil, err
		}
		c, err := pgx.Connect(ctx, u)
		if err == nil {
			return c, nil
		}
		last = err
	}
	return nil, fmt.Errorf("backup: connect to the server's maintenance database (postgres or template1): %s", redactURLErr(last))
}

// swapDatabases renames target → old and staging → target in one transaction, after ending
// the sessions still connected to the target (a database in use cannot be renamed).
func swapDatabases(ctx context.Context, admin *pgx.Conn, target, staging, old string) error {
	var err error
	for attempt := range 5 {
		if _, err = admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = $1 AND pid <> pg_backend_pid()`, target); err != nil {
			return fmt.Errorf("backup: end the sessions on %s: %w", target, err)
		}
		err = pgx.BeginFunc(ctx, admin, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "ALTER DATABASE "+quoteIdent(target)+" RENAME TO "+quoteIdent(old)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "ALTER DATABASE "+quoteIdent(staging)+" RENAME TO "+quoteIdent(target))
			return err
		})
		var pe *pgconn.PgError
		if err == nil || !errors.As(err, &pe) || pe.Code != "55006" { // 55006: object_in_use
			break
		}
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("backup: swap the restored database in (the role must own %s and have CREATEDB): %w", target, err)
	}
	return nil
}
