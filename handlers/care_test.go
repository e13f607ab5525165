package handlers_test

import (
	"context"
	"math"
	"math/bits"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// careLink makes an active link directly in the database.
func careLink(t *testing.T, d *db.DB, patient, dietitian db.User) db.CareLink {
	t.Helper()
	now := db.Now()
	l, err := d.CareCreateLink(context.Background(), db.CareCreateLinkParams{PatientID: patient.ID, DietitianID: dietitian.ID,
		Status: "active", InvitedBy: &patient.ID, Shares: "all", CreatedAt: now, AcceptedAt: &now})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// linkedPair makes a patient and a dietitian and links them.
func linkedPair(t *testing.T, d *db.DB, patient, dietitian string) (db.User, db.User, db.CareLink) {
	t.Helper()
	pat := createUser(t, d, patient, "patient")
	diet := createUser(t, d, dietitian, "dietitian")
	return pat, diet, careLink(t, d, pat, diet)
}

func careReading(t *testing.T, d *db.DB, u db.User, at time.Time, mgdl float64) {
	t.Helper()
	ctx := "random"
	_, err := d.CreateDiabetesRecord(context.Background(), db.CreateDiabetesRecordParams{Uuid: uuid.NewString(), UserID: u.ID,
		RecordType: "glucose", GlucoseMgdl: &mgdl, GlucoseContext: &ctx, RecordedAt: at.UTC(), CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
}

func careFood(t *testing.T, d *db.DB) int64 {
	t.Helper()
	gi := 55.0
	id, err := d.UpsertFoodItem(context.Background(), db.UpsertFoodItemParams{Slug: "matooke-test", Name: "Matooke", LocalNames: "Gonja",
		Category: "starchy", EnergyKcal: 120, CarbG: 28, ProteinG: 1, FibreG: 2, GlycaemicIndex: &gi, ServingGrams: 200,
		Measures: "[]", Source: "test", Status: "published", Now: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func auditActions(t *testing.T, d *db.DB, subject int64, actor int64) []string {
	t.Helper()
	rows, err := d.ListAuditForSubject(context.Background(), db.ListAuditForSubjectParams{SubjectUserID: &subject, Lim: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		if r.ActorID != nil && *r.ActorID == actor {
			out = append(out, r.Action)
		}
	}
	return out
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

var linkIDRE = regexp.MustCompile(`/(?:care|dietitian)/links/(\d+)/`)

func TestCareLinkLifeCycle(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		ctx := context.Background()
		pat := createUser(t, d, "nakato", "patient")
		diet := createUser(t, d, "dr-okello", "dietitian")
		createUser(t, d, "admin1", "admin")
		pc, dc := srv.client(t), srv.client(t)
		pc.login("nakato")
		dc.login("dr-okello")

		// A patient invites by username: pending; the dietitian cannot see the patient yet.
		if r := pc.post("/care", "/care/invite", url.Values{"who": {"nobody"}}); r.Status != 422 || !strings.Contains(r.Body, "No dietitian has that username") {
			t.Fatalf("unknown dietitian: %d", r.Status)
		}
		if r := pc.post("/care", "/care/invite", url.Values{"who": {"DR-OKELLO"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		if r := pc.post("/care", "/care/invite", url.Values{"who": {"dr-okello"}}); r.Status != 422 || !strings.Contains(r.Body, "already linked") {
			t.Fatalf("second invite: %d", r.Status)
		}
		if r := pc.get("/care"); !strings.Contains(r.Body, "Waiting for them to accept") {
			t.Fatalf("care page does not show the pending invitation")
		}
		patPath := "/dietitian/patients/" + strconv.FormatInt(pat.ID, 10)
		if r := dc.get(patPath); r.Status != 404 {
			t.Fatalf("pending link shows the patient: %d", r.Status)
		}
		r := dc.get("/dietitian/links")
		m := linkIDRE.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil || !strings.Contains(r.Body, "nakato") {
			t.Fatalf("invitations page: %d", r.Status)
		}
		// Another dietitian cannot accept it.
		other := createUser(t, d, "dr-other", "dietitian")
		oc := srv.as(t, other.Username)
		if r := oc.post("/dietitian/links", "/dietitian/links/"+m[1]+"/accept", url.Values{}); r.Status != 404 {
			t.Fatalf("other dietitian accepted: %d", r.Status)
		}
		if r := dc.post("/dietitian/links", "/dietitian/links/"+m[1]+"/accept", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.Status)
		}
		if r := dc.get("/dietitian"); r.Status != 200 || !strings.Contains(r.Body, patPath) {
			t.Fatalf("roster after accept: %d", r.Status)
		}
		if r := dc.get(patPath); r.Status != 200 {
			t.Fatalf("patient page after accept: %d", r.Status)
		}

		// The patient narrows what is shared: the glucose section disappears.
		if r := pc.post("/care", "/care/links/"+m[1]+"/shares", url.Values{"share": {"diary", "goals"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("shares: %d", r.Status)
		}
		if r := dc.get(patPath); strings.Contains(r.Body, `id="h-glucose"`) || !strings.Contains(r.Body, `id="h-diary"`) {
			t.Fatal("unshared glucose still shown (or diary missing)")
		}
		// The patient sees who looked.
		if r := pc.get("/care"); !strings.Contains(r.Body, "dr-okello") || !strings.Contains(r.Body, "Opened your records") {
			t.Fatal("access log does not show the dietitian's view")
		}

		// The patient ends the link: the dietitian gets 404 again.
		if r := pc.post("/care", "/care/links/"+m[1]+"/end", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("end: %d", r.Status)
		}
		if r := dc.get(patPath); r.Status != 404 {
			t.Fatalf("ended link still shows the patient: %d", r.Status)
		}
		if r := pc.post("/care", "/care/links/"+m[1]+"/end", url.Values{}); r.Status != 404 {
			t.Fatalf("ending twice: %d", r.Status)
		}

		// A share code links at once.
		if r := dc.post("/dietitian/links", "/dietitian/code", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("code: %d", r.Status)
		}
		code, err := d.CareGetCode(ctx, diet.ID)
		if err != nil {
			t.Fatal(err)
		}
		typed := strings.ToLower(code.Code[:4] + " - " + code.Code[4:])
		if r := pc.post("/care", "/care/invite", url.Values{"who": {typed}}); r.Status != http.StatusSeeOther {
			t.Fatalf("invite by code: %d %s", r.Status, r.Body)
		}
		if r := dc.get(patPath); r.Status != 200 {
			t.Fatalf("code link not active: %d", r.Status)
		}
		// endOpenLink ends the open link through path prefix+ID+"/end" as by: the
		// dietitian's page of the patient is then a 404.
		endOpenLink := func(by *client, page, prefix, who string) {
			t.Helper()
			open, err := d.CareGetOpenLink(ctx, db.CareGetOpenLinkParams{PatientID: pat.ID, DietitianID: diet.ID})
			if err != nil {
				t.Fatal(err)
			}
			if r := by.post(page, prefix+strconv.FormatInt(open.ID, 10)+"/end", url.Values{}); r.Status != http.StatusSeeOther {
				t.Fatalf("%s ends the link: %d", who, r.Status)
			}
			if r := dc.get(patPath); r.Status != 404 {
				t.Fatalf("after %s ended the link: %d", who, r.Status)
			}
		}
		// The dietitian ends it from their side.
		endOpenLink(dc, "/dietitian", "/dietitian/links/", "the dietitian")

		// An administrator links and unlinks.
		ac := srv.as(t, "admin1")
		if r := ac.post("/admin/care", "/admin/care/link", url.Values{"patient": {"nakato"}, "dietitian": {"nakato"}}); r.Status != 422 {
			t.Fatalf("admin link to a patient as dietitian: %d", r.Status)
		}
		if r := ac.post("/admin/care", "/admin/care/link", url.Values{"patient": {"nakato"}, "dietitian": {"dr-okello"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("admin link: %d", r.Status)
		}
		if r := dc.get(patPath); r.Status != 200 {
			t.Fatalf("admin link not active: %d", r.Status)
		}
		endOpenLink(ac, "/admin/care", "/admin/care/links/", "the administrator")
		if r := pc.get("/care"); !strings.Contains(r.Body, "Linked you to a dietitian") {
			t.Fatal("the patient does not see the administrator's link in the access log")
		}
	})
}

// TestCareAccessMatrix tries every dietitian route as the patient, an unlinked dietitian,
// the linked dietitian and an administrator.
func TestCareAccessMatrix(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		pat, diet, _ := linkedPair(t, d, "apio", "dr-linked")
		createUser(t, d, "dr-stranger", "dietitian")
		createUser(t, d, "root", "admin")
		food := careFood(t, d)
		careReading(t, d, pat, time.Now().Add(-2*time.Hour), 140)
		id := strconv.FormatInt(pat.ID, 10)
		base := "/dietitian/patients/" + id
		gets := []string{base, base + "/report", base + "?agp=90"}
		posts := map[string]url.Values{
			base + "/reviewed":        {},
			base + "/tags":            {"tags": {"insulin, new"}},
			base + "/notes":           {"body": {"Reviewed breakfast choices."}},
			base + "/goals":           {"type": {"hba1c"}, "start": {"8.5"}, "target": {"7"}},
			base + "/recommendations": {"food_id": {strconv.FormatInt(food, 10)}, "meal": {"lunch"}, "grams": {"250"}, "reasoning": {"Low GI staple."}},
		}
		type who struct {
			name string
			get  int
			post int
		}
		for _, w := range []who{{"apio", 403, 403}, {"dr-stranger", 404, 404}, {"root", 403, 403}, {"dr-linked", 200, 303}} {
			c := srv.as(t, w.name)
			for _, p := range gets {
				if r := c.get(p); r.Status != w.get {
					t.Errorf("%s GET %s: %d, want %d", w.name, p, r.Status, w.get)
				}
			}
			for p, form := range posts {
				f := url.Values{}
				for k, v := range form {
					f[k] = v
				}
				if r := c.post("/profile", p, f); r.Status != w.post {
					t.Errorf("%s POST %s: %d, want %d\n%s", w.name, p, r.Status, w.post, r.Body)
				}
			}
		}
		// Unknown and malformed ids are 404 for the linked dietitian too.
		c := srv.as(t, "dr-linked")
		for _, p := range []string{"/dietitian/patients/999999", "/dietitian/patients/abc", "/dietitian/patients/" + strconv.FormatInt(diet.ID, 10)} {
			if r := c.get(p); r.Status != 404 {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
		// Patient and admin pages by role.
		for _, x := range []struct {
			user, path string
			status     int
		}{{"dr-linked", "/care", 403}, {"root", "/care", 403}, {"apio", "/care", 200}, {"apio", "/dietitian", 403},
			{"apio", "/dietitian/links", 403}, {"apio", "/admin/care", 403}, {"dr-linked", "/admin/care", 403}, {"root", "/admin/care", 200},
			{"dr-linked", "/dietitian/links", 200}, {"dr-stranger", "/dietitian", 200}} {
			c := srv.as(t, x.user)
			if r := c.get(x.path); r.Status != x.status {
				t.Errorf("%s GET %s: %d, want %d", x.user, x.path, r.Status, x.status)
			}
		}
		// Another patient cannot change or end this patient's link.
		createUser(t, d, "mallory", "patient")
		mc := srv.as(t, "mallory")
		open, err := d.CareGetOpenLink(context.Background(), db.CareGetOpenLinkParams{PatientID: pat.ID, DietitianID: diet.ID})
		if err != nil {
			t.Fatal(err)
		}
		lid := strconv.FormatInt(open.ID, 10)
		for _, p := range []string{"/care/links/" + lid + "/shares", "/care/links/" + lid + "/end"} {
			if r := mc.post("/care", p, url.Values{"share": {"glucose"}}); r.Status != 404 {
				t.Errorf("other patient POST %s: %d", p, r.Status)
			}
		}
		// The stranger dietitian cannot end or accept it either.
		sc := srv.as(t, "dr-stranger")
		for _, p := range []string{"/dietitian/links/" + lid + "/end", "/dietitian/links/" + lid + "/accept"} {
			if r := sc.post("/dietitian", p, url.Values{}); r.Status != 404 {
				t.Errorf("stranger POST %s: %d", p, r.Status)
			}
		}
		if _, err := d.CareGetOpenLink(context.Background(), db.CareGetOpenLinkParams{PatientID: pat.ID, DietitianID: diet.ID}); err != nil {
			t.Fatalf("link changed by outsiders: %v", err)
		}
	})
}

func TestCareAuditAndPatientSeesAdvice(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		pat, diet, _ := linkedPair(t, d, "auma", "dr-audit")
		food := careFood(t, d)
		c := srv.as(t, "dr-audit")
		base := "/dietitian/patients/" + strconv.FormatInt(pat.ID, 10)
		c.get("/dietitian")
		c.get("/dietitian?view=triage")
		c.get(base)
		c.get(base + "/report")
		for p, f := range map[string]url.Values{
			"/reviewed": {}, "/tags": {"tags": {"pregnant"}}, "/notes": {"body": {"Discussed portion sizes."}},
			"/goals":           {"type": {"lose_weight"}, "start": {"80"}, "target": {"75"}},
			"/recommendations": {"food_id": {strconv.FormatInt(food, 10)}, "meal": {"breakfast"}, "grams": {"150"}, "reasoning": {"Instead of white bread."}},
		} {
			if r := c.post(base, base+p, f); r.Status != http.StatusSeeOther {
				t.Fatalf("POST %s: %d\n%s", p, r.Status, r.Body)
			}
		}
		got := auditActions(t, d, pat.ID, diet.ID)
		for action, n := range map[string]int{"care_roster": 2, "care_view": 1, "care_report": 1, "care_reviewed": 1,
			"care_tags": 1, "care_note": 1, "care_goal": 1, "care_recommend": 1} {
			if countOf(got, action) < n {
				t.Errorf("audit %s: %d entries, want ≥ %d (all: %v)", action, countOf(got, action), n, got)
			}
		}
		// The patient sees the recommendation and the goal set by the dietitian.
		pc := srv.as(t, "auma")
		r := pc.get("/care")
		if !strings.Contains(r.Body, "Instead of white bread.") || !strings.Contains(r.Body, "Matooke") {
			t.Error("patient does not see the recommendation on /care")
		}
		gs, err := d.CareListGoals(context.Background(), pat.ID)
		if err != nil || len(gs) != 1 || gs[0].SetBy == nil || *gs[0].SetBy != diet.ID || gs[0].Unit != "kg" {
			t.Errorf("goal: %+v %v", gs, err)
		}
		// The dietitian's view shows the note and tags.
		if r := c.get(base); !strings.Contains(r.Body, "Discussed portion sizes.") || !strings.Contains(r.Body, `value="pregnant"`) {
			t.Error("note or tags missing from the patient page")
		}
	})
}

func TestCareFormsRejectBadInput(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	pat, _, _ := linkedPair(t, d, "kato", "dr-forms")
	food := careFood(t, d)
	c := srv.as(t, "dr-forms")
	base := "/dietitian/patients/" + strconv.FormatInt(pat.ID, 10)
	cases := []struct {
		path, field string
		form        url.Values
	}{
		{"/notes", "body", url.Values{"body": {"   "}}},
		{"/notes", "body", url.Values{"body": {strings.Repeat("x", 4001)}}},
		{"/goals", "type", url.Values{"type": {"fly"}, "target": {"1"}}},
		{"/goals", "target", url.Values{"type": {"hba1c"}, "start": {"8"}, "target": {"40"}}},
		{"/recommendations", "food_id", url.Values{"food_id": {"999999"}, "meal": {"lunch"}, "grams": {"100"}, "reasoning": {"x"}}},
		{"/recommendations", "grams", url.Values{"food_id": {strconv.FormatInt(food, 10)}, "meal": {"lunch"}, "grams": {"-3"}, "reasoning": {"x"}}},
		{"/recommendations", "meal", url.Values{"food_id": {strconv.FormatInt(food, 10)}, "meal": {"brunch"}, "grams": {"100"}, "reasoning": {"x"}}},
		{"/recommendations", "reasoning", url.Values{"food_id": {strconv.FormatInt(food, 10)}, "meal": {"lunch"}, "grams": {"100"}, "reasoning": {""}}},
		{"/tags", "tags", url.Values{"tags": {strings.Repeat("abcdefghij, ", 120)}}},
	}
	for _, tc := range cases {
		r := c.post(base, base+tc.path, tc.form)
		if r.Status != 422 || !strings.Contains(r.Body, `id="e-`+tc.field+`"`) {
			t.Errorf("POST %s %v: %d, want 422 with a message on %s", tc.path, tc.form, r.Status, tc.field)
		}
	}
	// htmx gets the fragment only.
	tok := c.csrf(base)
	r := c.do("POST", base+"/notes", url.Values{"_csrf": {tok}, "body": {""}}, map[string]string{"HX-Request": "true"})
	if r.Status != 422 || strings.Contains(r.Body, "<html") || !strings.Contains(r.Body, `id="note-form"`) {
		t.Errorf("htmx note error: %d", r.Status)
	}
	ctx := context.Background()
	notes, _ := d.CareListNotes(ctx, db.CareListNotesParams{PatientID: pat.ID, Lim: 10})
	goals, _ := d.CareListGoals(ctx, pat.ID)
	recs, _ := d.CareListRecommendations(ctx, db.CareListRecommendationsParams{UserID: pat.ID, IncludeApp: 1, Lim: 10})
	if len(notes)+len(goals)+len(recs) != 0 {
		t.Errorf("bad input stored: %d notes, %d goals, %d recommendations", len(notes), len(goals), len(recs))
	}
}

// TestRosterFlagsAndQueryCount builds a roster whose patients have known data and checks
// the flags shown, the triage grouping, and that the number of queries does not grow with
// the number of patients.
func TestRosterFlagsAndQueryCount(t *testing.T) {
	var queries atomic.Int64
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "zoe.db"), db.Options{ObserveQuery: func(string, time.Duration, error) { queries.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, d, serverOpts{})
	diet := createUser(t, d, "dr-roster", "dietitian")
	now := time.Now()
	day := func(n, hour int) time.Time {
		k := now.In(time.FixedZone("EAT", 3*3600))
		return time.Date(k.Year(), k.Month(), k.Day()-n, hour, 0, 0, 0, k.Location())
	}
	mk := func(name string, value func(day, i int) float64) db.User {
		u := createUser(t, d, name, "patient")
		careLink(t, d, u, diet)
		for n := 0; n < 28; n++ {
			for i, h := range []int{7, 12} {
				if at := day(n, h); at.Before(now) {
					careReading(t, d, u, at, value(n, i))
				}
			}
		}
		return u
	}
	mk("hypo", func(n, i int) float64 {
		if n == 1 && i == 0 {
			return 45
		}
		return 120
	})
	mk("steady", func(int, int) float64 { return 110 })
	c := srv.as(t, "dr-roster")
	queries.Store(0)
	r := c.get("/dietitian?days=14")
	small := queries.Load()
	if r.Status != 200 || !strings.Contains(r.Body, "Very low readings") || !strings.Contains(r.Body, "below 3.0 mmol/L") {
		t.Fatalf("roster: %d, very low flag missing", r.Status)
	}
	tr := c.get("/dietitian?view=triage&days=14")
	vl := strings.Index(tr.Body, `id="g-very_low"`)
	none := strings.Index(tr.Body, `id="g-"`)
	if vl < 0 || none < 0 || vl > none || !strings.Contains(tr.Body[vl:], "hypo") {
		t.Fatalf("triage groups wrong (very low at %d, none at %d)", vl, none)
	}
	// Twenty more patients: the roster's query count stays the same.
	for i := range 20 {
		mk("extra"+strconv.Itoa(i), func(int, int) float64 { return 200 })
	}
	queries.Store(0)
	if r := c.get("/dietitian?days=14"); r.Status != 200 || !strings.Contains(r.Body, "High readings") {
		t.Fatalf("roster with 22 patients: %d", r.Status)
	}
	// (The first page view also loads the signed-in user; later ones find it cached.)
	if big := queries.Load(); big > small {
		t.Errorf("roster queries grew with patients: %d for 2, %d for 22", small, big)
	}
	// Search, sort and paging.
	if r := c.get("/dietitian?q=STEADY"); !strings.Contains(r.Body, ">steady<") || strings.Contains(r.Body, ">hypo<") {
		t.Error("search by username failed")
	}
	// 22 patients fit one page of 25: a page beyond the last shows the last page.
	r = c.get("/dietitian?sort=name&page=7")
	if r.Status != 200 || !strings.Contains(r.Body, "22 of 22 patients") || strings.Index(r.Body, ">extra0<") > strings.Index(r.Body, ">hypo<") {
		t.Errorf("sort by name or page clamp failed: %d", r.Status)
	}
}

// TestRosterSummaryBandsMatchGlucosePackage checks that the SQL band counts of the roster
// agree with glucose.Classify at the band edges, on both engines.
func TestRosterSummaryBandsMatchGlucosePackage(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pat, diet, _ := linkedPair(t, d, "edges", "dr-edges")
		loc := time.FixedZone("EAT", 3*3600)
		now := time.Date(2026, 3, 20, 18, 0, 0, 0, loc)
		values := []float64{40, 53.4, 53.5, 69.4, 69.5, 120, 180.15, 180.4, 180.5, 250.4, 250.42, 250.5, 400}
		var rs []glucose.Reading
		for i, v := range values {
			// Two readings a day, the last at 23:30 local (20:30 UTC) to test the day boundary.
			at := time.Date(2026, 3, 20-i/2, 7+16*(i%2), 30*(i%2), 0, 0, loc)
			careReading(t, d, pat, at, v)
			rs = append(rs, glucose.Reading{At: at, Mgdl: v})
		}
		// One reading in the previous week.
		careReading(t, d, pat, now.AddDate(0, 0, -10), 60)
		rs = append(rs, glucose.Reading{At: now.AddDate(0, 0, -10), Mgdl: 60})
		from, to := glucose.Window(now, 7)
		pfrom, _ := glucose.PreviousWindow(now, 7)
		sums, err := d.CareRosterGlucoseSummary(ctx, db.CareRosterGlucoseSummaryParams{CurFrom: from.UTC(), Day0Unix: pfrom.Unix(),
			PrevFrom: pfrom.UTC(), CurTo: to.UTC(), DietitianID: diet.ID})
		if err != nil || len(sums) == 0 {
			t.Fatalf("summary: %v %d rows", err, len(sums))
		}
		var c [2]care.Counts
		var masks [2]uint64
		for _, r := range sums {
			w := 1 - int(r.Cur)
			care.AddBand(&c[w], int(r.Band), int(r.N), r.SumMgdl)
			masks[w] |= uint64(r.Days)
		}
		c[0].Days, c[1].Days = bits.OnesCount64(masks[0]), bits.OnesCount64(masks[1])
		want := glucose.Compute(rs, from, to)
		prev := glucose.Compute(rs, pfrom, from)
		got := []int{c[0].N, c[0].VeryLow, c[0].BelowRange, c[0].AboveRange, c[0].VeryHigh, c[0].Days, c[1].N, c[1].BelowRange, c[1].Days}
		exp := []int{want.N, want.VeryLow.Count, want.BelowRange.Count, want.AboveRange.Count,
			want.VeryHigh.Count, want.DaysWithData, prev.N, prev.BelowRange.Count, prev.DaysWithData}
		if !slices.Equal(got, exp) {
			t.Errorf("SQL counts %v, glucose package %v", got, exp)
		}
		if math.Abs(c[0].SumMgdl/float64(c[0].N)-want.Mean.Value) > 1e-6 {
			t.Errorf("mean %v vs %v", c[0].SumMgdl/float64(c[0].N), want.Mean.Value)
		}
	})
}

// TestCareSharesLimitWhatTheDietitianSees: with nothing shared beyond the profile, the
// dietitian sees no records and no flags, and cannot set goals.
func TestCareSharesLimitWhatTheDietitianSees(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	pat, _, l := linkedPair(t, d, "private", "dr-shares")
	careReading(t, d, pat, time.Now().Add(-time.Hour), 40)
	if _, err := d.CareSetShares(context.Background(), db.CareSetSharesParams{Shares: "none", ID: l.ID, PatientID: pat.ID}); err != nil {
		t.Fatal(err)
	}
	c := srv.as(t, "dr-shares")
	base := "/dietitian/patients/" + strconv.FormatInt(pat.ID, 10)
	r := c.get(base)
	for _, hidden := range []string{`id="h-glucose"`, `id="h-diary"`, `id="h-weight"`, `id="h-goals"`, "Very low"} {
		if strings.Contains(r.Body, hidden) {
			t.Errorf("patient page shows %s although nothing is shared", hidden)
		}
	}
	if r := c.get("/dietitian"); strings.Contains(r.Body, "<summary>Very low readings</summary>") || !strings.Contains(r.Body, "Profile only") {
		t.Error("roster shows unshared flags or hides the share summary")
	}
	if r := c.post(base, base+"/goals", url.Values{"type": {"hba1c"}, "start": {"8"}, "target": {"7"}}); r.Status != 404 {
		t.Errorf("goal without shared goals: %d", r.Status)
	}
}
