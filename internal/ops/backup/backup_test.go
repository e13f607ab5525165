package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

func newKey(t *testing.T) (*age.X25519Identity, Options) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id, Options{Dir: filepath.Join(t.TempDir(), "backups"), Recipients: []age.Recipient{id.Recipient()}}
}

var fixed = time.Date(2026, 3, 1, 8, 30, 15, 123456000, time.UTC)

// seed writes users and audit rows with fixed times, so both engines hold the same data.
func seed(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		name := fmt.Sprintf("user%03d", i)
		u, err := d.CreateUser(ctx, db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: "h" + name,
			Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: fixed.Add(time.Duration(i) * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.InsertAudit(ctx, db.InsertAuditParams{ActorID: &u.ID, SubjectUserID: &u.ID, Action: "login",
			Detail: "ünïcode ✓ 'quoted'", Ip: "127.0.0.1", CreatedAt: fixed.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	// Session keys are random per user: fix them so both engines hold the same data.
	if _, err := d.SQL().ExecContext(ctx, "UPDATE users SET session_key = 'key-' || username"); err != nil {
		t.Fatal(err)
	}
}

func targetFor(t *testing.T, engine db.Engine) db.Location {
	if engine == db.Postgres {
		return db.Location{Engine: db.Postgres, DSN: dbtest.NewPostgresURL(t)}
	}
	return db.Location{Engine: db.SQLite, DSN: filepath.Join(t.TempDir(), "restored", "zoe.db")}
}

func sumOf(m Manifest, table string) TableSum {
	for _, s := range m.Tables {
		if s.Name == table {
			return s
		}
	}
	return TableSum{}
}

// Backup → verify → restore on both engines, with the manifest checked at every step.
func TestDatabaseRoundTrip(t *testing.T) {
	userSums := map[db.Engine]TableSum{}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, 25)
		id, o := newKey(t)
		res, err := Database(ctx, d, o)
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(res.Path); st.Mode().Perm() != 0o600 {
			t.Errorf("backup file mode %v, want 0600", st.Mode().Perm())
		}
		if st, _ := os.Stat(o.Dir); st.Mode().Perm() != 0o700 {
			t.Errorf("backup dir mode %v, want 0700", st.Mode().Perm())
		}
		if u := sumOf(res.Manifest, "users"); u.Rows != 25 || len(u.SHA256) != 64 {
			t.Fatalf("manifest users: %+v", u)
		}
		if res.Manifest.SchemaVersion < 1 || res.Manifest.Engine != string(d.Engine()) {
			t.Fatalf("manifest: %+v", res.Manifest)
		}
		userSums[d.Engine()] = sumOf(res.Manifest, "users")
		if st := ReadStatus(o.Dir)[KindDatabase]; !st.OK || st.File != res.Path || st.Size != res.Size {
			t.Fatalf("status: %+v", st)
		}

		vo := VerifyOptions{Identities: []age.Identity{id}, PostgresURL: dbtest.PostgresAdminURL()}
		rep, err := Verify(ctx, res.Path, vo)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != res.Manifest.Rows() || rep.Tables != len(res.Manifest.Tables) {
			t.Fatalf("verify report %+v", rep)
		}

		// Writes after the backup are not in it; the restore brings back the backed-up state.
		seed2 := func() {
			_, err := d.CreateUser(ctx, db.CreateUserParams{Username: "late", Email: "late@example.org", PasswordHash: "x",
				Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: db.Now()})
			if err != nil {
				t.Fatal(err)
			}
		}
		seed2()
		loc := targetFor(t, d.Engine())
		if _, err := Restore(ctx, res.Path, loc, false, vo); err != nil {
			t.Fatalf("restore into an empty database: %v", err)
		}
		r, err := db.Open(ctx, loc.DSN, db.Options{})
		if err != nil {
			t.Fatal(err)
		}
		u, err := r.GetUserByLogin(ctx, "user007")
		if err != nil || u.PasswordHash != "huser007" {
			t.Fatalf("restored user: %+v %v", u, err)
		}
		if _, err := r.GetUserByLogin(ctx, "late"); !db.IsNotFound(err) {
			t.Fatalf("a row written after the backup was restored: %v", err)
		}
		if n, _ := r.Pending(ctx); n != 0 {
			t.Fatalf("restored database has %d pending migrations", n)
		}
		r.Close()

		// A database with rows is not overwritten without --force.
		_, err = Restore(ctx, res.Path, loc, false, vo)
		if err == nil || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("restore over a non-empty database without force: %v", err)
		}
		rep, err = Restore(ctx, res.Path, loc, true, vo)
		if err != nil {
			t.Fatalf("restore --force: %v", err)
		}
		if rep.Rows != res.Manifest.Rows() {
			t.Fatalf("restore report %+v", rep)
		}
	})
	// The checksum is engine-neutral: the same rows give the same sum on both engines.
	if pg, ok := userSums[db.Postgres]; ok {
		if lite := userSums[db.SQLite]; lite != pg {
			t.Errorf("users checksum differs between engines: sqlite %+v, postgres %+v", lite, pg)
		}
	}
}

// A truncated, a modified, a wrongly-keyed and a foreign file are each reported as such.
func TestDamagedBackupsDetected(t *testing.T) {
	ctx := context.Background()
	d := dbtest.NewSQLite(t)
	seed(t, d, 200)
	id, o := newKey(t)
	res, err := Database(ctx, d, o)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(res.Path)
	vo := VerifyOptions{Identities: []age.Identity{id}}
	write := func(name string, b []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tampered := append([]byte(nil), orig...)
	tampered[len(tampered)/2] ^= 0x01
	tamperedHeader := append([]byte(nil), orig...)
	mac := strings.Index(string(orig), "\n--- ") + 8
	tamperedHeader[mac] ^= 0x01
	// A flipped bit in the plain length field, in the X25519 stanza's body and in the
	// recipient line: damage, neither "truncated" nor "wrong key".
	lengthFlip := append([]byte(nil), orig...)
	lengthFlip[len(magic)+7] ^= 0x04
	stanza := append([]byte(nil), orig...)
	body := strings.Index(string(orig), "-> X25519 ")
	body = body + strings.IndexByte(string(orig[body:]), '\n') + 3
	stanza[body] ^= 0x01
	share := append([]byte(nil), orig...)
	share[strings.Index(string(orig), "-> X25519 ")+12] ^= 0x02
	hashFlip := append([]byte(nil), orig...)
	hashFlip[len(magic)+8+5] ^= 0x80
	// The format-1 frame (magic and length only) is still read.
	v1 := append([]byte(magicV1), orig[len(magic):len(magic)+8]...)
	v1 = append(v1, orig[headerLen:]...)
	other, _ := age.GenerateX25519Identity()
	cases := []struct {
		name string
		path string
		ids  []age.Identity
		want error
	}{
		{"truncated", write("t.zoebak", orig[:len(orig)*2/3]), vo.Identities, ErrTruncated},
		{"truncated header", write("h.zoebak", orig[:15]), vo.Identities, ErrTruncated},
		{"one bit flipped", write("x.zoebak", tampered), vo.Identities, ErrTampered},
		{"age header MAC modified", write("y.zoebak", tamperedHeader), vo.Identities, ErrCorrupt},
		{"length byte flipped", write("l.zoebak", lengthFlip), vo.Identities, ErrCorrupt},
		{"stanza body bit flipped", write("s.zoebak", stanza), vo.Identities, ErrCorrupt},
		{"recipient share bit flipped", write("r.zoebak", share), vo.Identities, ErrCorrupt},
		{"header hash bit flipped", write("k.zoebak", hashFlip), vo.Identities, ErrCorrupt},
		{"format 1, wrong key", write("v1.zoebak", v1), []age.Identity{other}, ErrWrongKey},
		{"trailing data", write("z.zoebak", append(append([]byte(nil), orig...), "junk"...)), vo.Identities, ErrTampered},
		{"wrong key", res.Path, []age.Identity{other}, ErrWrongKey},
		{"not a backup", write("n.zoebak", []byte("SQLite format 3\x00 and more bytes here")), vo.Identities, ErrNotBackup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Verify(ctx, c.path, VerifyOptions{Identities: c.ids})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if _, err := Verify(ctx, res.Path, vo); err != nil {
		t.Fatalf("the intact file: %v", err)
	}
	if _, err := Verify(ctx, write("v1ok.zoebak", v1), vo); err != nil {
		t.Fatalf("a format-1 file: %v", err)
	}
}

// A manifest that does not match the data (a broken backup tool, or a forged archive made
// with the public key) is caught by comparing the restored checksums.
func TestManifestMismatchDetected(t *testing.T) {
	ctx := context.Background()
	d := dbtest.NewSQLite(t)
	seed(t, d, 5)
	id, o := newKey(t)
	res, err := Database(ctx, d, o)
	if err != nil {
		t.Fatal(err)
	}
	m := res.Manifest
	for i := range m.Tables {
		if m.Tables[i].Name == "users" {
			m.Tables[i].Rows = 6
		}
	}
	data, cleanup, err := func() (string, func(), error) {
		a, err := openArchive(res.Path, []age.Identity{id})
		if err != nil {
			return "", nil, err
		}
		defer a.close()
		if _, err := a.readManifest(); err != nil {
			return "", nil, err
		}
		return a.extractData(res.Manifest, t.TempDir())
	}()
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	a, err := createArchive(t.TempDir(), "forged"+Ext, o.Recipients)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	if err := a.addBytes(manifestTar, b); err != nil {
		t.Fatal(err)
	}
	if err := a.addFile(m.DataFile, data); err != nil {
		t.Fatal(err)
	}
	if _, err := a.commit(); err != nil {
		t.Fatal(err)
	}
	_, err = Verify(ctx, a.final, VerifyOptions{Identities: []age.Identity{id}})
	if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "users: 5 rows, manifest says 6") {
		t.Fatalf("got %v", err)
	}
}

// A full backup directory gives a clear error, leaves no partial file and keeps the earlier backup.
func TestDiskFullKeepsPreviousBackup(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("skipped: needs root to mount a small tmpfs as a full disk")
	}
	ctx := context.Background()
	d := dbtest.NewSQLite(t)
	seed(t, d, 5)
	id, o := newKey(t)
	o.Dir = t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", o.Dir).CombinedOutput(); err != nil {
		t.Skipf("skipped: cannot mount tmpfs (%v: %s)", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", o.Dir).Run() })
	first, err := Database(ctx, d, o)
	if err != nil {
		t.Fatal(err)
	}
	// Grow the database well past the free space: the next backup cannot fit.
	big := strings.Repeat("x", 3000)
	for i := range 1500 {
		u, _ := d.GetUserByLogin(ctx, "user001")
		if err := d.InsertAudit(ctx, db.InsertAuditParams{ActorID: &u.ID, Action: "bulk", Detail: fmt.Sprint(i, big), CreatedAt: db.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	o.Now = func() time.Time { return time.Now().Add(time.Second) }
	_, err = Database(ctx, d, o)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "earlier backups are kept") {
		t.Fatalf("got %v, want a disk-full error", err)
	}
	ents, _ := os.ReadDir(o.Dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("partial file left behind: %s", e.Name())
		}
	}
	if _, err := Verify(ctx, first.Path, VerifyOptions{Identities: []age.Identity{id}}); err != nil {
		t.Fatalf("the earlier backup was damaged: %v", err)
	}
	if st := ReadStatus(o.Dir)[KindDatabase]; st.OK || st.LastOK.IsZero() {
		t.Logf("status after failure: %+v", st)
	}
}

func TestFilesRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	mk := func(rel, content string) {
		p := filepath.Join(src, rel)
		_ = os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	mk("models/reco-v3.json", `{"w":[1,2,3]}`)
	mk("offline_cache/42.json", `{"foods":[]}`)
	mk("uploads/a/b.txt", "hello")
	dirs := []Dir{{"models", filepath.Join(src, "models")}, {"offline_cache", filepath.Join(src, "offline_cache")},
		{"uploads", filepath.Join(src, "uploads")}}
	id, o := newKey(t)
	res, err := Files(ctx, dirs, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Manifest.Files) != 3 {
		t.Fatalf("manifest files: %+v", res.Manifest.Files)
	}
	vo := VerifyOptions{Identities: []age.Identity{id}}
	if rep, err := Verify(ctx, res.Path, vo); err != nil || rep.Files != 3 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	dst := t.TempDir()
	out := []Dir{{"models", filepath.Join(dst, "m")}, {"offline_cache", filepath.Join(dst, "o")}, {"uploads", filepath.Join(dst, "u")}}
	if _, err := RestoreFiles(res.Path, out, false, vo); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "u", "a", "b.txt")); string(b) != "hello" {
		t.Fatalf("restored file: %q", b)
	}
	if _, err := RestoreFiles(res.Path, out, false, vo); err == nil {
		t.Fatal("restoring over files without force should be refused")
	}
}

func TestKeepRetention(t *testing.T) {
	now := time.Date(2026, 6, 30, 3, 0, 0, 0, time.UTC)
	// Two backups a day for 400 days.
	var times []time.Time
	for i := range 800 {
		times = append(times, now.Add(-time.Duration(i)*12*time.Hour))
	}
	keep := Keep(times)
	var kept []time.Time
	for i, k := range keep {
		if k {
			kept = append(kept, times[i])
		}
	}
	// 7 daily (newest of each of the last 7 days), plus the newest of 4 weeks and 12 months
	// that are not already among them.
	days := map[string]bool{}
	months := map[string]bool{}
	for _, k := range kept {
		days[k.Format("2006-01-02")] = true
		months[k.Format("2006-01")] = true
	}
	if len(kept) != len(days) {
		t.Fatalf("two backups kept on one day: %v", kept)
	}
	if len(months) != 12 {
		t.Fatalf("kept %d months, want 12: %v", len(months), kept)
	}
	for i := range 7 {
		if !days[now.AddDate(0, 0, -i).Format("2006-01-02")] {
			t.Fatalf("day -%d not kept", i)
		}
	}
	if !keep[0] {
		t.Fatal("newest not kept")
	}
	if len(kept) > KeepDaily+KeepWeekly+KeepMonthly {
		t.Fatalf("kept %d", len(kept))
	}
	oldest := kept[len(kept)-1]
	if oldest.Before(now.AddDate(-1, 0, 0)) {
		t.Fatalf("kept a backup older than 12 months: %v", oldest)
	}
	if Keep(nil) == nil && len(Keep(nil)) != 0 {
		t.Fatal("empty")
	}
}

func TestPruneDeletesOnlyExpired(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 6, 30, 3, 0, 0, 0, time.UTC)
	for i := range 40 {
		p := filepath.Join(dir, fileName(KindDatabase, now.AddDate(0, 0, -i)))
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(dir, fileName(KindFiles, now.AddDate(0, 0, -39)))
	_ = os.WriteFile(other, []byte("x"), 0o600)
	removed, err := Prune(dir, KindDatabase, now)
	if err != nil {
		t.Fatal(err)
	}
	left, _ := List(dir, KindDatabase)
	// 30 June 2026 is a Tuesday. Daily: 24–30 June (7). Weekly (ISO weeks from Monday): the
	// newest of the weeks of 29 and 22 June are already kept, those of 15 and 8 June add
	// 21 and 14 June. Monthly: June is kept, May adds 31 May. 7 + 2 + 1 = 10.
	if len(left) != 10 || len(removed) != 30 {
		t.Fatalf("left %d, removed %d", len(left), len(removed))
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal("a file backup was pruned with the database backups")
	}
}

// A backup pinned by a migration survives the rotation (here: later backups the same day,
// which leave only the newest unpinned one) until it is older than KeepPinned.
func TestPruneKeepsPinnedBackups(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 6, 30, 3, 0, 0, 0, time.UTC)
	pinned := filepath.Join(dir, pinnedName(KindDatabase, now.Add(-2*time.Hour), "pre-migration"))
	old := filepath.Join(dir, pinnedName(KindDatabase, now.Add(-KeepPinned-time.Hour), "pre-migration"))
	for _, p := range []string{pinned, old, filepath.Join(dir, fileName(KindDatabase, now.Add(-time.Hour))),
		filepath.Join(dir, fileName(KindDatabase, now.Add(-3*time.Hour))), filepath.Join(dir, fileName(KindDatabase, now))} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := List(dir, KindDatabase)
	if len(list) != 5 {
		t.Fatalf("List sees %d backups, want 5 (pinned ones included)", len(list))
	}
	removed, err := Prune(dir, KindDatabase, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pinned); err != nil {
		t.Fatalf("the pre-migration backup was pruned: %v (removed %v)", err, removed)
	}
	if _, err := os.Stat(old); err == nil {
		t.Fatal("a pinned backup older than KeepPinned was kept")
	}
	if len(removed) != 3 {
		t.Fatalf("removed %v, want the two older same-day backups and the expired pinned one", removed)
	}
}
