package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/safe"
)

// Options say where backups go and who can read them.
type Options struct {
	Dir        string          // the backup directory (created 0700; files are 0600)
	Recipients []age.Recipient // age public keys the backups are encrypted to
	Log        *slog.Logger    // optional
	Now        func() time.Time
	// NoRetention keeps every backup (retention normally runs after each success).
	NoRetention bool
	// Pin labels a backup that retention must keep (e.g. "pre-migration"): it is named
	// zoe-db-<time>-<label>.zoebak and removed only by the operator, or by retention once
	// it is older than KeepPinned.
	Pin string
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

func (o Options) log() *slog.Logger {
	if o.Log != nil {
		return o.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Result is a finished backup.
type Result struct {
	Path     string
	Size     int64
	Took     time.Duration
	Manifest Manifest
	Removed  []string // older backups removed by retention
}

// Kinds of backups (file names start with "zoe-<kind>-").
const (
	KindDatabase = "database"
	KindFiles    = "files"
)

const nameTime = "20060102T150405.000Z"

func fileName(kind string, t time.Time) string {
	return pinnedName(kind, t, "")
}

// pinnedName is fileName with a retention label ("" for none).
func pinnedName(kind string, t time.Time, label string) string {
	short := map[string]string{KindDatabase: "db", KindFiles: "files"}[kind]
	if label != "" {
		label = "-" + label
	}
	return "zoe-" + short + "-" + strings.Replace(t.UTC().Format(nameTime), ".", "", 1) + label + Ext
}

// Database backs up the database d: a consistent snapshot, its manifest (row count and
// checksum per table taken from the same snapshot), compressed and encrypted, written
// atomically into o.Dir; then old backups are pruned (7 daily, 4 weekly, 12 monthly).
// The outcome, success or failure, is recorded in the directory's status file.
func Database(ctx context.Context, d *db.DB, o Options) (Result, error) {
	res, err := database(ctx, d, o)
	recordStatus(o, KindDatabase, res, err)
	return res, err
}

func database(ctx context.Context, d *db.DB, o Options) (Result, error) {
	start := time.Now()
	if len(o.Recipients) == 0 {
		return Result{}, errors.New("backup: no recipient: set ZOE_BACKUP_RECIPIENT to an age public key")
	}
	if err := ensureDir(o.Dir); err != nil {
		return Result{}, err
	}
	version, err := d.SchemaVersion(ctx)
	if err != nil {
		return Result{}, err
	}
	created := o.now()
	host, _ := os.Hostname()
	m := Manifest{Format: 1, Kind: KindDatabase, CreatedAt: created, Engine: string(d.Engine()), SchemaVersion: version, Host: host}
	tmp, err := os.CreateTemp(o.Dir, ".tmp-dump-*")
	if err != nil {
		return Result{}, diskErr(o.Dir, err)
	}
	tmp.Close()
	defer func() {
		for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
			os.Remove(tmp.Name() + suffix)
		}
	}()
	if d.Engine() == db.Postgres {
		m.DataFile = "database.pgdump"
		err = dumpPostgres(ctx, d, tmp.Name(), &m)
	} else {
		m.DataFile = "database.sqlite"
		err = copySQLite(ctx, d, tmp.Name(), &m)
	}
	if err != nil {
		return Result{}, diskErr(o.Dir, err)
	}
	if m.DataSize, m.DataSHA256, err = fileSHA256(tmp.Name()); err != nil {
		return Result{}, err
	}
	if o.Pin != "" && !validLabel(o.Pin) {
		return Result{}, fmt.Errorf("backup: pin label %q: use lower-case letters, digits and dashes", o.Pin)
	}
	res, err := o.writeArchive(pinnedName(KindDatabase, created, o.Pin), start, m, func(a *archiveWriter) error {
		return a.addFile(m.DataFile, tmp.Name())
	})
	if err != nil {
		return Result{}, err
	}
	o.log().Info("database backup written", "file", res.Path, "bytes", res.Size, "took", res.Took.Round(time.Millisecond),
		"tables", len(m.Tables), "rows", m.Rows())
	return res, nil
}

// writeArchive writes the backup archive name: the manifest m, then what add adds. It
// commits the archive and, unless NoRetention, prunes the backups of m's kind.
func (o Options) writeArchive(name string, start time.Time, m Manifest, add func(a *archiveWriter) error) (Result, error) {
	manifest, _ := json.MarshalIndent(m, "", "  ")
	a, err := createArchive(o.Dir, name, o.Recipients)
	if err != nil {
		return Result{}, err
	}
	if err := a.addBytes(manifestTar, manifest); err != nil {
		a.abort()
		return Result{}, err
	}
	if err := add(a); err != nil {
		a.abort()
		return Result{}, err
	}
	size, err := a.commit()
	if err != nil {
		return Result{}, err
	}
	res := Result{Path: a.final, Size: size, Took: time.Since(start), Manifest: m}
	if !o.NoRetention {
		if res.Removed, err = Prune(o.Dir, m.Kind, o.now()); err != nil {
			o.log().Warn("backup retention failed", "err", err)
		}
	}
	return res, nil
}

// dumpPostgres runs pg_dump and the checksums on one exported snapshot, so the manifest
// describes exactly the data in the dump even while the app keeps writing.
func dumpPostgres(ctx context.Context, d *db.DB, out string, m *Manifest) error {
	conn, err := d.SQL().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var major int
	if err := conn.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int / 10000").Scan(&major); err != nil {
		return err
	}
	pgDump, err := pgTool("pg_dump", major)
	if err != nil {
		return err
	}
	m.Tool = toolVersion(pgDump)
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	// Reading every table takes longer than the app's per-statement limit on a big database.
	if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
		return err
	}
	var snapshot string
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&snapshot); err != nil {
		return err
	}
	url, env := pgConnArgs(d.URL())
	dumpErr := make(chan error, 1)
	go func() {
		// -Z0: the archive is compressed once, by zstd, which is faster than pg_dump's gzip.
		dumpErr <- safe.Call(func() error {
			return runPG(ctx, env, pgDump, "--format=custom", "--compress=0", "--snapshot="+snapshot,
				"--no-password", "--file="+out, "--dbname="+url)
		})
	}()
	sums, sumErr := Checksums(ctx, db.Postgres, tx)
	if err := <-dumpErr; err != nil {
		return err
	}
	if sumErr != nil {
		return sumErr
	}
	m.Tables = sums
	return tx.Commit()
}

// copySQLite takes a consistent copy with VACUUM INTO (readers and writers carry on) and
// checksums the copy.
func copySQLite(ctx context.Context, d *db.DB, out string, m *Manifest) error {
	if err := os.Remove(out); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if _, err := d.SQL().ExecContext(ctx, "VACUUM INTO '"+strings.ReplaceAll(out, "'", "''")+"'"); err != nil {
		return fmt.Errorf("backup: VACUUM INTO: %w", err)
	}
	if err := os.Chmod(out, 0o600); err != nil {
		return err
	}
	m.Tool = "sqlite VACUUM INTO"
	sums, err := sqliteChecksums(ctx, out)
	m.Tables = sums
	return err
}

func sqliteChecksums(ctx context.Context, path string) ([]TableSum, error) {
	h, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return Checksums(ctx, db.SQLite, h)
}

func fileSHA256(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// List returns the backups of kind in dir, newest first.
func List(dir, kind string) ([]Entry, error) {
	prefix := strings.TrimSuffix(fileName(kind, time.Time{}), "00010101T000000000Z"+Ext)
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []Entry
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, Ext) {
			continue
		}
		stamp := strings.TrimSuffix(strings.TrimPrefix(name, prefix), Ext)
		label := ""
		if len(stamp) > stampLen+1 && stamp[stampLen] == '-' && validLabel(stamp[stampLen+1:]) {
			stamp, label = stamp[:stampLen], stamp[stampLen+1:]
		}
		if len(stamp) != stampLen {
			continue
		}
		t, err := time.Parse(nameTime, stamp[:15]+"."+stamp[15:])
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, Entry{Path: filepath.Join(dir, name), Time: t, Size: info.Size(), Pin: label})
	}
	sortNewestFirst(out)
	return out, nil
}

const stampLen = len("20060102T150405000Z")

func validLabel(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// Entry is one backup file found in the directory.
type Entry struct {
	Path string
	Time time.Time
	Size int64
	Pin  string // the retention label of a pinned backup ("pre-migration"); "" for the rotation
}
