package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// countRows counts a user's rows in one of the tracking tables.
func countRows(t *testing.T, d *db.DB, table string, userID int64) int {
	t.Helper()
	var n int
	q := "SELECT count(*) FROM " + table + " WHERE user_id = "
	if d.Engine() == db.Postgres {
		q += "$1"
	} else {
		q += "?"
	}
	if err := d.SQL().QueryRowContext(context.Background(), q, userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var idInLinkRE = regexp.MustCompile(`/(records|goals|weight)/(\d+)(/edit|/delete)?`)

// firstID finds the id of the first row link on a page ("/records/12/edit").
func firstID(t *testing.T, body, kind string) string {
	t.Helper()
	for _, m := range idInLinkRE.FindAllStringSubmatch(body, -1) {
		if m[1] == kind {
			return m[2]
		}
	}
	t.Fatalf("no /%s/ id on the page", kind)
	return ""
}

func patientClient(t *testing.T, srv *testServer, name string) (*client, db.User) {
	t.Helper()
	u := createUser(t, srv.DB, name, "patient")
	return srv.as(t, name), u
}

func TestTrackingPagesRender(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	c, _ := patientClient(t, srv, "pat")
	for _, p := range []string{"/home", "/home/glucose", "/records", "/records?new=insulin", "/records?new=hba1c",
		"/records?new=medication", "/records?new=symptom", "/records?type=glucose", "/records/stats", "/weight", "/goals"} {
		if r := c.get(p); r.Status != 200 {
			t.Errorf("GET %s: %d\n%s", p, r.Status, r.Body)
		}
	}
	// A dietitian cannot use the patient pages.
	createUser(t, srv.DB, "diet", "dietitian")
	dc := srv.as(t, "diet")
	if r := dc.get("/records"); r.Status != http.StatusForbidden {
		t.Errorf("dietitian /records: %d", r.Status)
	}
}

func TestRecordsCreateEditDelete(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		c, u := patientClient(t, srv, "pat")
		r := c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.1"}, "context": {"fasting"}, "when": {""}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create glucose: %d\n%s", r.Status, r.Body)
		}
		page := c.get("/records")
		if !strings.Contains(page.Body, "6.1 mmol/L") || !strings.Contains(page.Body, "Fasting") {
			t.Fatalf("history does not show the reading in mmol/L:\n%s", page.Body)
		}
		// Stored canonically in mg/dL: 6.1 × 18.01559 = 109.9.
		var mgdl float64
		q := "SELECT glucose_mgdl FROM diabetes_records WHERE user_id = " + map[db.Engine]string{db.Postgres: "$1", db.SQLite: "?"}[d.Engine()]
		if err := d.SQL().QueryRow(q, u.ID).Scan(&mgdl); err != nil || mgdl < 109.8 || mgdl > 110 {
			t.Fatalf("stored %v (%v)", mgdl, err)
		}
		id := firstID(t, page.Body, "records")
		edit := c.get("/records/" + id + "/edit")
		if edit.Status != 200 || !strings.Contains(edit.Body, `value="6.1"`) {
			t.Fatalf("edit form: %d", edit.Status)
		}
		r = c.post("/records/"+id+"/edit", "/records/"+id, url.Values{"glucose": {"7.4"}, "context": {"after_meal"}, "when": {""}})
		if r.Status != http.StatusSeeOther || !strings.Contains(c.get("/records").Body, "7.4 mmol/L") {
			t.Fatalf("update: %d", r.Status)
		}
		// HbA1c in mmol/mol is stored in %, shown with both.
		r = c.post("/records", "/records", url.Values{"type": {"hba1c"}, "hba1c": {"53"}, "hba1c_unit": {"mmol/mol"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("hba1c: %d %s", r.Status, r.Body)
		}
		if st := c.get("/records/stats"); !strings.Contains(st.Body, "7.0 % (53 mmol/mol)") || !strings.Contains(st.Body, "eAG") {
			t.Fatalf("stats page lacks the HbA1c:\n%s", st.Body)
		}
		r = c.post("/records", "/records/"+id+"/delete", url.Values{})
		if r.Status != http.StatusSeeOther || countRows(t, d, "diabetes_records", u.ID) != 1 {
			t.Fatalf("delete: %d, rows %d", r.Status, countRows(t, d, "diabetes_records", u.ID))
		}
	})
}

// Every form rejects out-of-range, wrong-type, over-long and far-future input with a
// message on the field (422) and stores nothing.
func TestTrackingFormsRejectBadInput(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	c, u := patientClient(t, srv, "pat")
	long := strings.Repeat("x", 1001)
	cases := []struct {
		path  string
		form  url.Values
		field string
		table string
	}{
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"45"}}, "glucose", "diabetes_records"},
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"0.5"}}, "glucose", "diabetes_records"},
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"high"}}, "glucose", "diabetes_records"},
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"6"}, "context": {"noon"}}, "context", "diabetes_records"},
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"6"}, "when": {"2999-01-01T08:00"}}, "when", "diabetes_records"},
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"6"}, "when": {"tomorrow"}}, "when", "diabetes_records"},
		{"/records", url.Values{"type": {"glucose"}, "glucose": {"6"}, "notes": {long}}, "notes", "diabetes_records"},
		{"/records", url.Values{"type": {"insulin"}, "insulin_type": {"Rapid"}, "insulin_units": {"500"}}, "insulin_units", "diabetes_records"},
		{"/records", url.Values{"type": {"insulin"}, "insulin_type": {strings.Repeat("r", 101)}, "insulin_units": {"4"}}, "insulin_type", "diabetes_records"},
		{"/records", url.Values{"type": {"hba1c"}, "hba1c": {"42"}, "hba1c_unit": {"%"}}, "hba1c", "diabetes_records"},
		{"/records", url.Values{"type": {"medication"}, "medication_name": {""}}, "medication_name", "diabetes_records"},
		{"/records", url.Values{"type": {"symptom"}, "notes": {""}}, "notes", "diabetes_records"},
		{"/records", url.Values{"type": {"blood"}}, "type", "diabetes_records"},
		{"/weight", url.Values{"weight": {"5"}}, "weight", "weight_entries"},
		{"/weight", url.Values{"weight": {"seventy"}}, "weight", "weight_entries"},
		{"/weight", url.Values{"weight": {"70"}, "when": {"2999-01-01T08:00"}}, "when", "weight_entries"},
		{"/goals", url.Values{"type": {"lose_weight"}, "start": {"90"}, "target": {"95"}}, "target", "goals"},
		{"/goals", url.Values{"type": {"hba1c"}, "start": {"9"}, "target": {"x"}}, "target", "goals"},
		{"/goals", url.Values{"type": {"hba1c"}, "start": {"9"}, "target": {"7"}, "title": {strings.Repeat("t", 81)}}, "title", "goals"},
		{"/goals", url.Values{"type": {"hba1c"}, "start": {"9"}, "target": {"7"}, "target_date": {"2999-01-01"}}, "target_date", "goals"},
		{"/goals", url.Values{"type": {"dance"}, "target": {"1"}}, "type", "goals"},
	}
	for _, tc := range cases {
		for _, htmx := range []bool{false, true} {
			tc.form.Set("_csrf", c.csrf("/records"))
			h := map[string]string{}
			if htmx {
				h["HX-Request"] = "true"
			}
			r := c.do("POST", tc.path, tc.form, h)
			if r.Status != 422 || !strings.Contains(r.Body, `id="e-`+tc.field+`"`) {
				t.Errorf("POST %s %v (htmx %v): status %d, no message on %s", tc.path, tc.form, htmx, r.Status, tc.field)
			}
			if htmx && strings.Contains(r.Body, "<html") {
				t.Errorf("POST %s (htmx): answered a whole page", tc.path)
			}
		}
		if n := countRows(t, srv.DB, tc.table, u.ID); n != 0 {
			t.Fatalf("POST %s %v stored %d rows", tc.path, tc.form, n)
		}
	}
}

// A patient never sees or changes another patient's rows: every route with an id answers
// 404 for someone else's, and their rows stay as they were.
func TestTrackingOtherPatientsIDs404(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		a, ua := patientClient(t, srv, "alice")
		a.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.1"}})
		a.post("/weight", "/weight", url.Values{"weight": {"80"}})
		if r := a.post("/goals", "/goals", url.Values{"type": {"lose_weight"}, "target": {"75"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("goal: %d %s", r.Status, r.Body)
		}
		rec := firstID(t, a.get("/records").Body, "records")
		wid := firstID(t, a.get("/weight").Body, "weight")
		gid := firstID(t, a.get("/goals").Body, "goals")
		a.post("/goals/"+gid, "/goals/"+gid+"/progress", url.Values{"value": {"79"}})
		pid := regexp.MustCompile(`/goals/\d+/progress/(\d+)/delete`).FindStringSubmatch(a.get("/goals/" + gid).Body)
		if pid == nil {
			t.Fatal("no progress entry")
		}

		b, _ := patientClient(t, srv, "bob")
		gets := []string{"/records/" + rec + "/edit", "/goals/" + gid}
		for _, p := range gets {
			if r := b.get(p); r.Status != 404 {
				t.Errorf("bob GET %s: %d", p, r.Status)
			}
		}
		posts := map[string]url.Values{
			"/records/" + rec:                                   {"glucose": {"9"}},
			"/records/" + rec + "/delete":                       {},
			"/weight/" + wid + "/delete":                        {},
			"/goals/" + gid + "/progress":                       {"value": {"70"}},
			"/goals/" + gid + "/progress/" + pid[1] + "/delete": {},
			"/goals/" + gid + "/status":                         {"status": {"abandoned"}},
			"/goals/" + gid + "/delete":                         {},
		}
		for p, f := range posts {
			if r := b.post("/records", p, f); r.Status != 404 {
				t.Errorf("bob POST %s: %d", p, r.Status)
			}
		}
		for table, want := range map[string]int{"diabetes_records": 1, "weight_entries": 1, "goal_progress": 1} {
			if n := countRows(t, d, table, ua.ID); n != want {
				t.Errorf("alice's %s: %d rows, want %d", table, n, want)
			}
		}
		if !strings.Contains(a.get("/records").Body, "6.1 mmol/L") || !strings.Contains(a.get("/goals").Body, "Active") {
			t.Error("alice's rows changed")
		}
	})
}

func TestGoalProgressAutoAndCompletion(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	c, u := patientClient(t, srv, "pat")
	c.post("/weight", "/weight", url.Values{"weight": {"90"}})
	if r := c.post("/goals", "/goals", url.Values{"type": {"lose_weight"}, "target": {"80"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("goal: %d %s", r.Status, r.Body)
	}
	c.post("/weight", "/weight", url.Values{"weight": {"85"}})
	page := c.get("/goals").Body
	if !strings.Contains(page, `value="50"`) || !strings.Contains(page, "85 kg now") || !strings.Contains(page, "started 90 kg") {
		t.Fatalf("50 %% progress not shown:\n%s", page)
	}
	// The profile shows the latest weigh-in.
	if got, _ := srv.DB.GetUser(context.Background(), u.ID); got.WeightKg == nil || *got.WeightKg != 85 {
		t.Fatalf("profile weight = %v", got.WeightKg)
	}
	c.post("/weight", "/weight", url.Values{"weight": {"79.5"}})
	if page := c.get("/goals").Body; !strings.Contains(page, "Completed") {
		t.Fatalf("goal not completed:\n%s", page)
	}
	// An increasing goal by hand: readings in range 40 → 70 %; 52 % is 40 % of the way.
	c.post("/goals", "/goals", url.Values{"type": {"time_in_range"}, "start": {"40"}, "target": {"70"}})
	gid := ""
	for _, m := range regexp.MustCompile(`href="/goals/(\d+)"`).FindAllStringSubmatch(c.get("/goals").Body, -1) {
		gid = m[1] // the list is newest first among active goals
		break
	}
	c.post("/goals/"+gid, "/goals/"+gid+"/progress", url.Values{"value": {"52"}, "note": {"clinic check"}})
	if page := c.get("/goals/" + gid).Body; !strings.Contains(page, `value="40"`) || !strings.Contains(page, "clinic check") {
		t.Fatalf("increasing goal progress:\n%s", page)
	}
}
