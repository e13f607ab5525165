package handlers_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/config"
)

// userColumns lists every column of the schema that holds a user id: each foreign key to
// users(id), and each column named user_id.
func userColumns(t *testing.T, d *db.DB) [][2]string {
	t.Helper()
	q := `SELECT m.name, p."from" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p
	      WHERE m.type = 'table' AND p."table" = 'users'
	      UNION SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
	      WHERE m.type = 'table' AND c.name = 'user_id'`
	if d.Engine() == db.Postgres {
		q = `SELECT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc
		     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
		     JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
		     WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' AND tc.table_schema = current_schema()
		     UNION SELECT table_name, column_name FROM information_schema.columns
		     WHERE column_name = 'user_id' AND table_schema = current_schema()`
	}
	rows, err := d.SQL().QueryContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return append(cols, [2]string{"users", "id"})
}

func rowsOf(t *testing.T, d *db.DB, table, column string, id int64) int {
	t.Helper()
	q := "SELECT count(*) FROM " + table + " WHERE " + column + " = "
	if d.Engine() == db.Postgres {
		q += "$1"
	} else {
		q += "?"
	}
	var n int
	if err := d.SQL().QueryRowContext(t.Context(), q, id).Scan(&n); err != nil {
		t.Fatalf("%s.%s: %v", table, column, err)
	}
	return n
}

// filesOf lists the files under dir whose name or content names the user.
func filesOf(t *testing.T, dir string, u db.User) []string {
	t.Helper()
	var found []string
	id := strconv.FormatInt(u.ID, 10)
	_ = filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		first := strings.SplitN(rel, string(filepath.Separator), 2)[0]
		if strings.TrimSuffix(first, ".json") == id {
			found = append(found, path)
			return nil
		}
		if !e.IsDir() {
			if b, _ := os.ReadFile(path); strings.Contains(string(b), `"username":"`+u.Username+`"`) || strings.Contains(string(b), u.Username+"@example.org") {
				found = append(found, path)
			}
		}
		return nil
	})
	return found
}

// Deleting an account leaves no row holding its id in any table and no file of it on disk
// (offline snapshot with health data, uploads); another user's rows and files stay.
func TestAccountDeleteLeavesNoFileOrRow(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		offlineDir, uploadsDir := t.TempDir(), t.TempDir()
		srv := startServer(t, d, serverOpts{config: func(c *config.Config) { c.OfflineCacheDir, c.UploadsDir = offlineDir, uploadsDir }})
		c, u := patientClient(t, srv, "gone-patient")
		other, uo := patientClient(t, srv, "stays-patient")
		for _, cl := range []*client{c, other} {
			cl.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.1"}, "notes": {"after lunch"}})
			cl.post("/weight", "/weight", url.Values{"weight": {"70"}})
		}
		on := "UPDATE users SET offline_mode_enabled = true WHERE id IN (?, ?)"
		if d.Engine() == db.Postgres {
			on = "UPDATE users SET offline_mode_enabled = true WHERE id IN ($1, $2)"
		}
		if _, err := d.SQL().ExecContext(t.Context(), on, u.ID, uo.ID); err != nil {
			t.Fatal(err)
		}
		for _, cl := range []*client{c, other} {
			if r := cl.get("/offline/data.json"); r.Status != 200 {
				t.Fatalf("offline data: %d %s", r.Status, r.Body)
			}
		}
		for _, who := range []db.User{u, uo} {
			dir := accounts.UploadsDir(uploadsDir, who.ID)
			if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "photos", "meal.jpg"), []byte("jpeg"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if len(filesOf(t, offlineDir, u)) == 0 || len(filesOf(t, uploadsDir, u)) == 0 {
			t.Fatal("the test set up no files for the user")
		}
		cols := userColumns(t, d)
		if len(cols) < 15 {
			t.Fatalf("found only %d user columns: %v", len(cols), cols)
		}

		if r := c.post("/account/data", "/account/delete", url.Values{"password": {"password-gone-patient"}, "confirm": {"DELETE"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		for _, col := range cols {
			if n := rowsOf(t, d, col[0], col[1], u.ID); n != 0 {
				t.Errorf("%s.%s: %d rows of the deleted user remain", col[0], col[1], n)
			}
		}
		if left := append(filesOf(t, offlineDir, u), filesOf(t, uploadsDir, u)...); len(left) > 0 {
			t.Errorf("files of the deleted user remain: %v", left)
		}
		if rowsOf(t, d, "diabetes_records", "user_id", uo.ID) != 1 || len(filesOf(t, offlineDir, uo)) != 1 || len(filesOf(t, uploadsDir, uo)) == 0 {
			t.Error("another user's rows or files were deleted")
		}
	})
}
