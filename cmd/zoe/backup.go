package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/bytesize"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

// backupCmd: `zoe backup [--files]`, `zoe backup verify FILE`, `zoe backup list`.
func backupCmd(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "verify":
			return backupVerify(ctx, args[1:])
		case "list":
			return backupList(args[1:])
		}
	}
	c := newCommand("backup", "zoe backup [--files] [--database-url URL] | zoe backup verify FILE | zoe backup list",
		"Writes an encrypted backup of the database (or, with --files, of models/, offline_cache/ and uploads/)\nto ZOE_BACKUP_DIR, encrypted to ZOE_BACKUP_RECIPIENT.", true)
	files := c.Bool("files", false, "back up models/, offline_cache/ and uploads/ instead of the database")
	return c.run(args, nil, func([]string) error {
		o, err := backupOptions(c.cfg)
		if err != nil {
			return err
		}
		var res backup.Result
		if *files {
			res, err = backup.Files(ctx, fileDirs(c.cfg), o)
		} else {
			d, err2 := openExistingDB(ctx, c.cfg)
			if err2 != nil {
				return err2
			}
			defer d.Close()
			res, err = backup.Database(ctx, d, o)
		}
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		printResult(os.Stdout, res)
		return nil
	})
}

func printResult(w io.Writer, res backup.Result) {
	m := res.Manifest
	fmt.Fprintf(w, "backup written: %s\n  %s, %s in %s\n", res.Path, m.Kind, bytesize.Text(res.Size), res.Took.Round(time.Millisecond))
	if m.Kind == backup.KindDatabase {
		fmt.Fprintf(w, "  %s, schema version %d, %d tables, %d rows\n", m.Engine, m.SchemaVersion, len(m.Tables), m.Rows())
		fmt.Fprintf(w, "  temporary space used at the peak: %s (the uncompressed %s and the archive)\n", bytesize.Text(m.DataSize+res.Size), m.DataFile)
	} else {
		fmt.Fprintf(w, "  %d files\n", len(m.Files))
	}
	for _, p := range res.Removed {
		fmt.Fprintf(w, "  retention removed %s\n", filepath.Base(p))
	}
}

func backupOptions(cfg config.Config) (backup.Options, error) {
	r, err := backup.ParseRecipients(cfg.BackupRecipient)
	if err != nil {
		return backup.Options{}, err
	}
	return backup.Options{Dir: cfg.BackupDir, Recipients: r, Log: newLogger(cfg)}, nil
}

func fileDirs(cfg config.Config) []backup.Dir {
	return []backup.Dir{{Name: "models", Path: cfg.ModelsDir}, {Name: "offline_cache", Path: cfg.OfflineCacheDir},
		{Name: "uploads", Path: cfg.UploadsDir}}
}

func verifyOptions(cfg config.Config) (backup.VerifyOptions, error) {
	ids, err := backup.ReadIdentities(cfg.BackupIdentity)
	if err != nil {
		return backup.VerifyOptions{}, err
	}
	o := backup.VerifyOptions{Identities: ids}
	if loc, err := db.ParseURL(cfg.DatabaseURL); err == nil && loc.Engine == db.Postgres {
		o.PostgresURL = loc.DSN
	}
	return o, nil
}

func backupVerify(ctx context.Context, args []string) error {
	c := newCommand("backup verify", "zoe backup verify FILE",
		"Decrypts a backup with ZOE_BACKUP_IDENTITY_FILE and checks it: a database backup is restored into a\nscratch database and compared with its manifest; a file backup's checksums are checked.", false)
	return c.run(args, c.oneFile, func(args []string) error {
		o, err := verifyOptions(c.cfg)
		if err != nil {
			return err
		}
		rep, err := backup.Verify(ctx, args[0], o)
		backup.RecordVerify(c.cfg.BackupDir, args[0], rep, err) // for /metrics and the status page
		if err != nil {
			return fmt.Errorf("verify %s: %w", args[0], explain(err))
		}
		m := rep.Manifest
		fmt.Printf("OK: %s verified in %s\n", args[0], rep.Took.Round(time.Millisecond))
		if m.Kind == backup.KindFiles {
			fmt.Printf("  file backup of %s: %d files match their checksums\n", m.CreatedAt.Format(time.RFC3339), rep.Files)
			return nil
		}
		fmt.Printf("  %s backup of %s, schema version %d: restored into a scratch database; %d tables, %d rows match the manifest's counts and checksums\n",
			m.Engine, m.CreatedAt.Format(time.RFC3339), m.SchemaVersion, rep.Tables, rep.Rows)
		return nil
	})
}

// explain adds what to do to the damage reports.
func explain(err error) error {
	switch {
	case errors.Is(err, backup.ErrWrongKey):
		return fmt.Errorf("%w (check ZOE_BACKUP_IDENTITY_FILE)", err)
	case errors.Is(err, backup.ErrTruncated):
		return fmt.Errorf("%w (an interrupted copy? use an earlier backup)", err)
	case errors.Is(err, backup.ErrCorrupt):
		return fmt.Errorf("%w (the file was damaged in storage or transfer: use another copy or an earlier backup)", err)
	case errors.Is(err, backup.ErrTampered):
		return fmt.Errorf("%w (do not restore it; use an earlier backup)", err)
	}
	return err
}

func backupList(args []string) error {
	c := newCommand("backup list", "zoe backup list", "Lists the backups in ZOE_BACKUP_DIR, oldest first.", false)
	return c.run(args, nil, func([]string) error {
		for _, kind := range []string{backup.KindDatabase, backup.KindFiles} {
			list, err := backup.List(c.cfg.BackupDir, kind)
			if err != nil {
				return err
			}
			for _, e := range list {
				fmt.Printf("%-8s  %s  %10s  %s\n", kind, e.Time.Format("2006-01-02 15:04:05Z"), bytesize.Text(e.Size), e.Path)
			}
		}
		return nil
	})
}

// restoreCmd: `zoe restore FILE [--force]` (database) or `zoe restore --files FILE [--force]`.
func restoreCmd(ctx context.Context, args []string) error {
	c := newCommand("restore", "zoe restore FILE [--force] [--database-url URL] | zoe restore --files FILE [--force]",
		"Verifies a backup, then restores it into the database (or, with --files, into models/, offline_cache/\nand uploads/). Stop every zoe serve using the database first.", true)
	force := c.Bool("force", false, "replace a database (or files) that already hold data")
	files := c.Bool("files", false, "restore a file backup into models/, offline_cache/ and uploads/")
	// flags before or after FILE
	return c.run(args, c.oneFile, func(pos []string) error {
		file, cfg := pos[0], c.cfg
		o, err := verifyOptions(cfg)
		if err != nil {
			return err
		}
		if *files {
			rep, err := backup.RestoreFiles(file, fileDirs(cfg), *force, o)
			if err != nil {
				return fmt.Errorf("restore: %w", explain(err))
			}
			fmt.Printf("restored %d files from %s in %s\n", rep.Files, file, rep.Took.Round(time.Millisecond))
			return nil
		}
		return restoreDatabase(ctx, cfg, file, *force, o)
	})
}

// restoreDatabase restores the database backup file into cfg's database, then ends every
// session.
func restoreDatabase(ctx context.Context, cfg config.Config, file string, force bool, o backup.VerifyOptions) error {
	loc, err := db.ParseURL(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	fmt.Printf("restoring %s into %s (stop every `zoe serve` using this database first)\n", file, db.Redact(loc.DSN))
	fmt.Println("  the backup is restored beside the database and checked, then swapped in at once: if this fails or is killed before the swap, the database keeps its current data")
	rep, err := backup.Restore(ctx, file, loc, force, o)
	if err != nil {
		if errors.Is(err, backup.ErrUnchanged) {
			msg := strings.TrimPrefix(explain(err).Error(), backup.ErrUnchanged.Error()+": ")
			return fmt.Errorf("restore failed; %s was NOT changed and still holds its previous data: %s", db.Redact(loc.DSN), msg)
		}
		return fmt.Errorf("restore: %w", explain(err))
	}
	for _, n := range rep.Notes {
		fmt.Println("  note:", n)
	}
	m := rep.Manifest
	fmt.Printf("restored and verified in %s: %s backup of %s, schema version %d, %d tables, %d rows match the manifest\n",
		rep.Took.Round(time.Millisecond), m.Engine, m.CreatedAt.Format(time.RFC3339), m.SchemaVersion, rep.Tables, rep.Rows)
	// User ids created after the backup will be handed out again: no session from before
	// the restore may survive it (it could open another person's account).
	e, err := endSessionsWith(ctx, cfg)
	if err != nil {
		return fmt.Errorf("restore: the data is restored, but ending the old sessions failed (run `zoe end-sessions` before serving): %w", err)
	}
	fmt.Println(e)
	return nil
}
