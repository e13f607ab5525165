package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"

	"github.com/zoe-nutritech/zoe/db"
)

// VerifyOptions say how to open and where to test-restore a backup.
type VerifyOptions struct {
	Identities  []age.Identity // the age identities (ZOE_BACKUP_IDENTITY_FILE)
	PostgresURL string         // a server to restore a PostgreSQL backup into a scratch database on
	ScratchDir  string         // temporary files (default: the system's temp directory)
}

// Report is what a verification or a restore found.
type Report struct {
	Manifest Manifest
	Tables   int
	Rows     int64
	Files    int
	Took     time.Duration
	Notes    []string // what the operator should know after a successful restore
}

// openWithManifest opens a backup and reads its manifest; the caller closes the archive.
func openWithManifest(path string, ids []age.Identity) (*archiveReader, Manifest, error) {
	a, err := openArchive(path, ids)
	if err != nil {
		return nil, Manifest{}, err
	}
	m, err := a.readManifest()
	if err != nil {
		a.close()
		return nil, Manifest{}, err
	}
	return a, m, nil
}

// ReadManifest decrypts just enough of a backup to read its manifest.
func ReadManifest(path string, ids []age.Identity) (Manifest, error) {
	a, err := openArchive(path, ids)
	if err != nil {
		return Manifest{}, err
	}
	defer a.close()
	return a.readManifest()
}

// Verify decrypts a backup, restores it into a scratch database (a temporary SQLite file, or
// a temporary database on the PostgreSQL server) and compares every table's row count and
// checksum with the manifest; for a file backup it checks every file's checksum. A
// truncated, tampered or wrongly-keyed file fails with ErrTruncated, ErrTampered or ErrWrongKey.
func Verify(ctx context.Context, path string, o VerifyOptions) (Report, error) {
	start := time.Now()
	a, m, err := openWithManifest(path, o.Identities)
	if err != nil {
		return Report{}, err
	}
	defer a.close()
	rep := Report{Manifest: m}
	if m.Kind == KindFiles {
		err = a.checkFiles(m, nil)
		rep.Files = len(m.Files)
		rep.Took = time.Since(start)
		return rep, err
	}
	data, cleanup, err := a.extractData(m, o.ScratchDir)
	if err != nil {
		return rep, err
	}
	defer cleanup()
	var got []TableSum
	switch m.Engine {
	case string(db.SQLite):
		got, err = sqliteChecksums(ctx, data)
	case string(db.Postgres):
		got, err = verifyPostgres(ctx, data, o)
	default:
		err = fmt.Errorf("backup: unknown engine %q in the manifest", m.Engine)
	}
	if err != nil {
		return rep, err
	}
	if err := compareSums(m.Tables, got); err != nil {
		return rep, err
	}
	rep.Tables, rep.Rows, rep.Took = len(m.Tables), m.Rows(), time.Since(start)
	return rep, nil
}

// extractData writes the archive's data entry to a temporary file and checks its SHA-256.
func (a *archiveReader) extractData(m Manifest, scratch string) (string, func(), error) {
	return a.extractFrom(a.tr, m, scratch)
}

func (a *archiveReader) extractFrom(r io.Reader, m Manifest, scratch string) (string, func(), error) {
	h, err := a.next()
	if err != nil {
		if err == io.EOF {
			return "", nil, fmt.Errorf("%w: the archive holds no %s", ErrMismatch, m.DataFile)
		}
		return "", nil, err
	}
	if h.Name != m.DataFile {
		return "", nil, fmt.Errorf("%w: expected %s, found %s", ErrMismatch, m.DataFile, h.Name)
	}
	dir, err := os.MkdirTemp(scratch, "zoe-restore-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	if err := os.Chmod(dir, 0o700); err != nil {
		cleanup()
		return "", nil, err
	}
	path := filepath.Join(dir, m.DataFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, sum), r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return "", nil, fmt.Errorf("backup: restore interrupted: %w", err)
		}
		return "", nil, a.classify(err)
	}
	if n != m.DataSize || hex.EncodeToString(sum.Sum(nil)) != m.DataSHA256 {
		cleanup()
		return "", nil, fmt.Errorf("%w: %s has %d bytes and a different checksum (manifest: %d bytes)", ErrMismatch, m.DataFile, n, m.DataSize)
	}
	return path, cleanup, nil
}

func compareSums(want, got []TableSum) error {
	g := make(map[string]TableSum, len(got))
	for _, t := range got {
		g[t.Name] = t
	}
	var bad []string
	for _, w := range want {
		t, ok := g[w.Name]
		switch {
		case !ok:
			bad = append(bad, w.Name+": missing")
		case t.Rows != w.Rows:
			bad = append(bad, fmt.Sprintf("%s: %d rows, manifest says %d", w.Name, t.Rows, w.Rows))
		case t.SHA256 != w.SHA256:
			bad = append(bad, w.Name+": checksum differs")
		}
		delete(g, w.Name)
	}
	for name := range g {
		bad = append(bad, name+": not in the manifest")
	}
	return mismatch(bad)
}

// verifyPostgres restores the dump into a scratch database, checksums it and drops it.
func verifyPostgres(ctx context.Context, dump string, o VerifyOptions) ([]TableSum, error) {
	if o.PostgresURL == "" {
		return nil, errors.New("backup: verifying a PostgreSQL backup needs a PostgreSQL server: set DATABASE_URL to one (a scratch database is created and dropped there)")
	}
	admin, err := pgx.Connect(ctx, o.PostgresURL)
	if err != nil {
		return nil, fmt.Errorf("backup: connect to PostgreSQL for the scratch database: %s", redactURLErr(err))
	}
	defer admin.Close(context.Background())
	name := "zoe_verify_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, fmt.Errorf("backup: create scratch database (the role needs CREATEDB): %w", err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}()
	scratch, err := withDatabase(o.PostgresURL, name)
	if err != nil {
		return nil, err
	}
	if err := pgRestore(ctx, admin, scratch, dump); err != nil {
		return nil, err
	}
	return postgresChecksums(ctx, scratch)
}

func pgRestore(ctx context.Context, conn *pgx.Conn, target, dump string) error {
	var major int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int / 10000").Scan(&major); err != nil {
		return err
	}
	prog, err := pgTool("pg_restore", major)
	if err != nil {
		return err
	}
	url, env := pgConnArgs(target)
	jobs := min(max(runtime.NumCPU(), 1), 4)
	return runPG(ctx, env, prog, "--no-owner", "--no-acl", "--exit-on-error", "--no-password",
		"--jobs="+strconv.Itoa(jobs), "--dbname="+url, dump)
}

func postgresChecksums(ctx context.Context, url string) ([]TableSum, error) {
	h, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	h.SetMaxOpenConns(1)
	tx, err := h.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("backup: open restored database: %s", redactURLErr(err))
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return Checksums(ctx, db.Postgres, tx)
}

func redactURLErr(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "://") {
		return "cannot connect (check DATABASE_URL)"
	}
	return msg
}

// mismatch is ErrMismatch naming each problem in bad (sorted), or nil when there is none.
func mismatch(bad []string) error {
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return fmt.Errorf("%w: %s", ErrMismatch, strings.Join(bad, "; "))
}
