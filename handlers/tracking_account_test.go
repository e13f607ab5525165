package handlers_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

func TestAccountExportAndDelete(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		c, u := patientClient(t, srv, "pat")
		other, uo := patientClient(t, srv, "other")
		c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.1"}, "notes": {"before breakfast, felt fine"}})
		c.post("/weight", "/weight", url.Values{"weight": {"70"}})
		other.post("/weight", "/weight", url.Values{"weight": {"99"}})

		r := c.get("/account/export.zip")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("export: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		zr, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			var b bytes.Buffer
			_, _ = io.Copy(&b, rc)
			files[f.Name] = b.String()
		}
		for _, name := range []string{"profile.csv", "diabetes_records.csv", "weight_entries.csv", "food_diary.csv", "goals.csv", "zoe-data.json"} {
			if _, ok := files[name]; !ok {
				t.Errorf("export lacks %s", name)
			}
		}
		if !strings.Contains(files["diabetes_records.csv"], `"before breakfast, felt fine"`) || strings.Contains(files["weight_entries.csv"], ",99,") {
			t.Errorf("export content wrong:\n%s\n%s", files["diabetes_records.csv"], files["weight_entries.csv"])
		}
		if strings.Contains(files["profile.csv"], "argon2") || strings.Contains(files["zoe-data.json"], "argon2") {
			t.Error("password hash exported")
		}

		// Wrong password or no confirmation: nothing is deleted.
		if r := c.post("/account/data", "/account/delete", url.Values{"password": {"nope"}, "confirm": {"DELETE"}}); r.Status != 422 || !strings.Contains(r.Body, `id="e-password"`) {
			t.Fatalf("wrong password: %d", r.Status)
		}
		if r := c.post("/account/data", "/account/delete", url.Values{"password": {"password-pat"}, "confirm": {"yes"}}); r.Status != 422 || !strings.Contains(r.Body, `id="e-confirm"`) {
			t.Fatalf("no confirm: %d", r.Status)
		}
		if countRows(t, d, "diabetes_records", u.ID) != 1 {
			t.Fatal("rows deleted without confirmation")
		}
		if r := c.post("/account/data", "/account/delete", url.Values{"password": {"password-pat"}, "confirm": {"DELETE"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		for _, table := range []string{"diabetes_records", "weight_entries", "goals", "food_logs", "goal_progress"} {
			if n := countRows(t, d, table, u.ID); n != 0 {
				t.Errorf("%s: %d rows left", table, n)
			}
		}
		if _, err := d.GetUser(t.Context(), u.ID); !db.IsNotFound(err) {
			t.Errorf("user still there: %v", err)
		}
		if r := c.get("/home"); r.Status != http.StatusSeeOther {
			t.Errorf("deleted user's session still works: %d", r.Status)
		}
		if countRows(t, d, "weight_entries", uo.ID) != 1 {
			t.Error("another user's rows were deleted")
		}
	})
}
