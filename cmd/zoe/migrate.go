package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/migrations"
	"github.com/zoe-nutritech/zoe/internal/bytesize"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/ops/backup"
)

// migrateFlags are migrate's switches.
type migrateFlags struct {
	noBackup bool // --no-backup: skip the backup before migrating
	force    bool // --force: roll back a migration even though it drops tables holding rows
}

// migrate: `zoe migrate up [--no-backup]`, `zoe migrate down [--no-backup] [--force]`,
// `zoe migrate status`. up and down take a backup first (when a recipient is configured),
// then check integrity and compare row counts.
func migrate(ctx context.Context, args []string) error {
	c := newCommand("migrate", "zoe migrate up|down [--no-backup] [--force] [--database-url URL] | zoe migrate status",
		"up applies every pending migration (creating the database if there is none), down rolls back the newest;\nboth back up first (when ZOE_BACKUP_RECIPIENT is set) and check integrity. status lists the migrations.", true)
	var fl migrateFlags
	c.BoolVar(&fl.noBackup, "no-backup", false, "skip the backup before up/down")
	c.BoolVar(&fl.force, "force", false, "down: roll back even though the migration drops tables holding rows")
	check := func(rest []string) error {
		if len(rest) != 1 {
			return c.fail("needs one of: up, down, status")
		}
		return nil
	}
	return c.run(args, check, func(rest []string) error {
		open := openExistingDB
		if rest[0] == "up" {
			open = openDB // up creates a SQLite database where there is none
		}
		d, err := open(ctx, c.cfg)
		if err != nil {
			return err
		}
		defer d.Close()
		switch rest[0] {
		case "up", "down":
			return migrateStep(ctx, d, c.cfg, rest[0], fl, os.Stdout)
		case "status":
			st, err := d.MigrationStatus(ctx)
			if err != nil {
				return err
			}
			for _, s := range st {
				state := "pending"
				if s.Applied {
					state = "applied"
				}
				fmt.Printf("%05d  %-8s %s\n", s.Version, state, s.Name)
			}
			return nil
		}
		return c.fail("unknown action %q (use up, down or status)", rest[0])
	})
}

// migrateStep applies every pending migration ("up") or rolls back the newest ("down").
func migrateStep(ctx context.Context, d *db.DB, cfg config.Config, dir string, fl migrateFlags, out io.Writer) error {
	from, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	pending, err := d.Pending(ctx)
	if err != nil {
		return err
	}
	if dir == "up" && pending == 0 {
		fmt.Fprintf(out, "%s database %s is at schema version %d: nothing to apply\n", d.Engine(), d.Target(), from)
		return nil
	}
	if dir == "down" && from == 0 {
		fmt.Fprintln(out, "no migration is applied: nothing to roll back")
		return nil
	}
	if dir == "down" {
		lost, err := downDropsRows(ctx, d)
		if err != nil {
			return err
		}
		if len(lost) > 0 && !fl.force {
			return fmt.Errorf("migrate down: rolling back migration %d drops %s: nothing was changed; "+
				"run `zoe migrate down --force` to drop them (a backup is taken first unless --no-backup)", from, strings.Join(lost, ", "))
		}
	}
	backupPath := ""
	switch {
	case fl.noBackup:
		fmt.Fprintln(out, "backup skipped (--no-backup)")
	case cfg.BackupRecipient == "":
		fmt.Fprintln(out, "backup skipped: ZOE_BACKUP_RECIPIENT is not set, so there is no key to encrypt a backup to "+
			"(set it to get a backup before every migration; --no-backup silences this)")
	default:
		o, err := backupOptions(cfg)
		if err != nil {
			return err
		}
		o.Pin = "pre-migration" // kept outside the rotation until the operator deletes it (or 90 days)
		res, err := backup.Database(ctx, d, o)
		if err != nil {
			return fmt.Errorf("migrate: the backup before migrating failed, nothing was changed: %w (use --no-backup to migrate anyway)", err)
		}
		backupPath = res.Path
		fmt.Fprintf(out, "backup before migrating: %s (%s)\n  kept until you delete it (retention removes pre-migration backups after %d days)\n  undo with `zoe restore --force %s`\n",
			res.Path, bytesize.Text(res.Size), int(backup.KeepPinned.Hours()/24), res.Path)
	}
	undo := "restore the backup taken before migrating"
	if backupPath != "" {
		undo = "restore " + backupPath + " with `zoe restore --force " + backupPath + "`"
	}
	before, err := d.RowCounts(ctx)
	if err != nil {
		return err
	}
	if dir == "up" {
		done, err := d.MigrateUp(ctx)
		for _, v := range done {
			fmt.Fprintf(out, "applied migration %d\n", v)
		}
		if err != nil {
			return fmt.Errorf("%w (to undo: %s)", err, undo)
		}
	} else {
		v, err := d.MigrateDown(ctx)
		if err != nil {
			return fmt.Errorf("%w (to undo: %s)", err, undo)
		}
		fmt.Fprintf(out, "rolled back migration %d\n", v)
	}
	problems, err := d.CheckIntegrity(ctx)
	if err != nil {
		return err
	}
	after, err := d.RowCounts(ctx)
	if err != nil {
		return err
	}
	to, _ := d.SchemaVersion(ctx)
	reportCounts(out, before, after)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(out, "integrity problem:", p)
		}
		return fmt.Errorf("migrate: %d integrity problem(s) after moving from schema version %d to %d: %s", len(problems), from, to, undo)
	}
	fmt.Fprintf(out, "%s database %s is at schema version %d (was %d); integrity checks pass\n", d.Engine(), d.Target(), to, from)
	if backupPath != "" {
		fmt.Fprintf(out, "the backup taken before migrating is %s\n", backupPath)
	}
	return nil
}

// dropTable finds the tables a migration's Down section drops.
var dropTable = regexp.MustCompile(`(?i)\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)`)

// downDropsRows reads the Down section of the newest applied migration and returns the
// tables it drops that hold rows ("name (N rows)").
func downDropsRows(ctx context.Context, d *db.DB) ([]string, error) {
	st, err := d.MigrationStatus(ctx)
	if err != nil {
		return nil, err
	}
	var newest db.MigrationState
	for _, s := range st {
		if s.Applied && s.Version > newest.Version {
			newest = s
		}
	}
	if newest.Version == 0 {
		return nil, nil
	}
	dir := "sqlite"
	if d.Engine() == db.Postgres {
		dir = "postgres"
	}
	src, err := fs.ReadFile(migrations.FS, path.Join(dir, path.Base(newest.Name)))
	if err != nil {
		return nil, fmt.Errorf("migrate down: read migration %d: %w", newest.Version, err)
	}
	text := string(src)
	if i := strings.Index(text, "-- +goose Down"); i >= 0 {
		text = text[i:]
	} else {
		return nil, nil
	}
	counts, err := d.RowCounts(ctx)
	if err != nil {
		return nil, err
	}
	var lost []string
	for _, m := range dropTable.FindAllStringSubmatch(text, -1) {
		for _, name := range strings.Split(m[1], ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if n := counts[name]; n > 0 {
				lost = append(lost, fmt.Sprintf("table %s (%d rows)", name, n))
			}
		}
	}
	return lost, nil
}

// reportCounts says which tables changed their row counts; a migration that loses rows is
// worth a second look even when it meant to.
func reportCounts(out io.Writer, before, after map[string]int64) {
	names := make([]string, 0, len(after))
	for n := range after {
		names = append(names, n)
	}
	for n := range before {
		if _, ok := after[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var total int64
	for _, n := range names {
		b, hadB := before[n]
		a, hasA := after[n]
		total += a
		switch {
		case n == "goose_db_version":
		case !hadB:
			fmt.Fprintf(out, "  new table %s: %d rows\n", n, a)
		case !hasA:
			fmt.Fprintf(out, "  WARNING: table %s dropped with %d rows\n", n, b)
		case a < b:
			fmt.Fprintf(out, "  WARNING: %s lost %d rows (%d → %d)\n", n, b-a, b, a)
		case a > b:
			fmt.Fprintf(out, "  %s: %d → %d rows\n", n, b, a)
		}
	}
	fmt.Fprintf(out, "  %d tables, %d rows after the migration\n", len(after), total)
}
