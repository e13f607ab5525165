package handlers_test

import (
	"context"
	"encoding/json"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// writePathPatient is a patient with 14 in-range readings over the last two weeks, a
// time-in-range goal (fed automatically from readings), offline mode on with a snapshot
// file written, and a cached recommendation entry — everything one new reading must
// update or drop.
type writePathPatient struct {
	u      db.User
	c      *client
	goalID int64
	loads  int // how often the cached recommendation entry was computed
}

func newWritePathPatient(t *testing.T, srv *testServer, dir, name string) *writePathPatient {
	t.Helper()
	ctx := context.Background()
	d := srv.DB
	p := &writePathPatient{u: createUser(t, d, name, "patient")}
	now := db.Now()
	for i := 1; i <= 14; i++ {
		mgdl := 110.0
		ctxName := string(glucose.Random)
		if _, err := d.CreateDiabetesRecord(ctx, db.CreateDiabetesRecordParams{Uuid: uuid.NewString(), UserID: p.u.ID,
			RecordType: "glucose", GlucoseMgdl: &mgdl, GlucoseContext: &ctxName, RecordedAt: now.Add(-time.Duration(i) * 20 * time.Hour),
			CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	g, err := d.CreateGoal(ctx, db.CreateGoalParams{UserID: p.u.ID, GoalType: "time_in_range", Title: "Time in range",
		TargetValue: 99, StartValue: 50, Unit: "%", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	p.goalID = g.ID
	if _, err := d.SQL().Exec("UPDATE users SET offline_mode_enabled = TRUE WHERE id = " + itoa(p.u.ID)); err != nil {
		t.Fatal(err)
	}
	p.c = srv.client(t)
	p.c.login(name)
	if r := p.c.do("GET", "/offline/data.json", nil, nil); r.Status != 200 {
		t.Fatalf("snapshot: %d %s", r.Status, r.Body)
	}
	if _, err := os.Stat(filepath.Join(dir, itoa(p.u.ID)+".json")); err != nil {
		t.Fatalf("no snapshot file before the write: %v", err)
	}
	p.recommendation(t, srv.Cache)
	p.recommendation(t, srv.Cache)
	if p.loads != 1 {
		t.Fatalf("the recommendation cache does not hold: %d loads", p.loads)
	}
	return p
}

// recommendation reads an entry cached under the user's recommendation namespace, as
// the recommendations and plan pages do.
func (p *writePathPatient) recommendation(t *testing.T, c cache.Cache) {
	t.Helper()
	_, err := cache.GetOrLoadIn(context.Background(), c, "test", []string{suggest.UserNamespace(p.u.ID)}, "writepath.recs",
		time.Hour, func(context.Context) (int, error) { p.loads++; return p.loads, nil })
	if err != nil {
		t.Fatal(err)
	}
}

type storedReading struct {
	Type, Context string
	Mgdl          float64
	At            time.Time
}

func (p *writePathPatient) latest(t *testing.T, d *db.DB) storedReading {
	t.Helper()
	rows, err := d.ListDiabetesRecords(context.Background(), db.ListDiabetesRecordsParams{UserID: p.u.ID, Before: db.Now().Add(time.Hour), Lim: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("latest record: %v %d", err, len(rows))
	}
	r := rows[0]
	s := storedReading{Type: r.RecordType, At: r.RecordedAt}
	if r.GlucoseMgdl != nil {
		s.Mgdl = *r.GlucoseMgdl
	}
	if r.GlucoseContext != nil {
		s.Context = *r.GlucoseContext
	}
	return s
}

// sideEffects checks what one new reading must have done: 15 readings, an automatic
// progress entry computed from them, the snapshot file gone, the cache entry dropped.
func (p *writePathPatient) sideEffects(t *testing.T, srv *testServer, dir string) float64 {
	t.Helper()
	var n int
	if err := srv.DB.SQL().QueryRow("SELECT count(*) FROM diabetes_records WHERE user_id = " + itoa(p.u.ID)).Scan(&n); err != nil || n != 15 {
		t.Errorf("%s: %d records, want 15", p.u.Username, n)
	}
	prog, err := srv.DB.ListGoalProgress(context.Background(), db.ListGoalProgressParams{GoalID: p.goalID, UserID: p.u.ID, Lim: 10})
	if err != nil || len(prog) != 1 || prog[0].Source != "auto" || !strings.Contains(prog[0].Note, "From 15 readings") {
		t.Fatalf("%s: goal progress %+v %v", p.u.Username, prog, err)
	}
	if _, err := os.Stat(filepath.Join(dir, itoa(p.u.ID)+".json")); !os.IsNotExist(err) {
		t.Errorf("%s: the offline snapshot file was not dropped (%v)", p.u.Username, err)
	}
	p.recommendation(t, srv.Cache)
	if p.loads != 2 {
		t.Errorf("%s: cached recommendations not invalidated (%d loads)", p.u.Username, p.loads)
	}
	return prog[0].Value
}

// TestOneWritePathForAReading logs the same reading (6.2 mmol/L) from the form, an
// offline sync batch and the assistant, and finds the same stored row and the same
// side effects each time, on both engines.
func TestOneWritePathForAReading(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		chatDB(t, d)
		dir := t.TempDir()
		srv := startServer(t, d, serverOpts{config: func(c *config.Config) { c.OfflineCacheDir = dir }})

		form := newWritePathPatient(t, srv, dir, "viaform")
		r := form.c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.2"}, "context": {"random"}})
		if r.Status != 303 {
			t.Fatalf("form: %d %s", r.Status, r.Body)
		}

		synced := newWritePathPatient(t, srv, dir, "viasync")
		body, _ := json.Marshal(map[string]any{"items": []map[string]any{{"uuid": uuid.NewString(), "kind": "glucose",
			"value": 6.2, "unit": "mmol/L", "recorded_at": db.Now().Format(time.RFC3339)}}})
		var ans syncAnswer
		if r := synced.c.postJSON("/sync", string(body), synced.c.syncToken()); r.Status != 200 || json.Unmarshal([]byte(r.Body), &ans) != nil || ans.Created != 1 {
			t.Fatalf("sync: %d %s", r.Status, r.Body)
		}

		chat := newWritePathPatient(t, srv, dir, "viachat")
		if got := replyText(t, chat.c.say("my sugar is 6.2")); !strings.Contains(got, "Reply yes") {
			t.Fatalf("reading not offered for saving: %s", got)
		}
		saved := replyText(t, chat.c.say("yes"))
		if !strings.Contains(saved, "Saved to your records: glucose 6.2 mmol/L") || !strings.Contains(saved, "6.2 mmol/L is in the target range") {
			t.Errorf("chat save answer lacks the feedback: %s", saved)
		}

		want := form.latest(t, d)
		if want.Type != "glucose" || math.Abs(want.Mgdl-6.2*glucose.MgdlPerMmolL) > 1e-9 || want.Context != "random" {
			t.Fatalf("form row %+v", want)
		}
		progress := map[string]float64{}
		for _, p := range []*writePathPatient{form, synced, chat} {
			got := p.latest(t, d)
			if got.Type != want.Type || got.Mgdl != want.Mgdl || got.Context != want.Context || time.Since(got.At) > time.Minute {
				t.Errorf("%s stored %+v, the form stored %+v", p.u.Username, got, want)
			}
			progress[p.u.Username] = p.sideEffects(t, srv, dir)
		}
		if progress["viaform"] != 100 || progress["viasync"] != 100 || progress["viachat"] != 100 {
			t.Errorf("time-in-range progress differs by path: %v", progress)
		}
	})
}

// TestFormAnswersAReadingBesideTheField: an urgent low logged from the home page's quick
// form or the records page is answered under the glucose field with the treatment,
// as an alert, never with "saved" alone.
func TestFormAnswersAReadingBesideTheField(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		u := createUser(t, d, "hypo", "patient")
		c := srv.as(t, u.Username)

		// Home: the quick form answers with its own fragment (htmx).
		form := url.Values{"type": {"glucose"}, "glucose": {"2.8"}, "context": {"random"}, "quick": {"1"}, "_csrf": {c.csrf("/home")}}
		r := c.do("POST", "/records", form, map[string]string{"HX-Request": "true"})
		if r.Status != 200 {
			t.Fatalf("quick add: %d %s", r.Status, r.Body)
		}
		checkUrgentBesideField(t, "home", r.Body)

		// Records page: the redirect comes back to the form, which answers the reading.
		r = c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"2.8"}, "context": {"random"}})
		loc := r.Header.Get("Location")
		if r.Status != 303 || !strings.Contains(loc, "saved=") {
			t.Fatalf("records form: %d %q", r.Status, loc)
		}
		page := c.get(loc)
		checkUrgentBesideField(t, "records", page.Body)
		// Another user's reading id shows nothing.
		other := createUser(t, d, "other", "patient")
		oc := srv.as(t, other.Username)
		if b := oc.get(loc).Body; strings.Contains(b, "glucose-feedback") {
			t.Error("another user sees the answer to someone else's reading")
		}
		// A reading in range is answered politely, not as an alert.
		r = c.post("/records", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.0"}, "context": {"random"}})
		if b := c.get(r.Header.Get("Location")).Body; !strings.Contains(b, `role="status"`) || !strings.Contains(b, "6.0 mmol/L is in the target range") {
			t.Errorf("in-range answer:\n%s", excerpt(b, "glucose-feedback"))
		}
	})
}

func checkUrgentBesideField(t *testing.T, where, body string) {
	t.Helper()
	field := strings.Index(body, `name="glucose"`)
	fb := strings.Index(body, `id="glucose-feedback"`)
	ctxSel := strings.Index(body, `name="context"`)
	if field < 0 || fb < field || (ctxSel >= 0 && fb > ctxSel) {
		t.Fatalf("%s: the answer is not right under the glucose field (field %d, answer %d, next field %d)\n%s", where, field, fb, ctxSel, body)
	}
	box := excerpt(body, `id="glucose-feedback"`)
	for _, want := range []string{`role="alert"`, "URGENT: 2.8 mmol/L is very low", "15–20 g of fast sugar", "Wait 15 minutes", "Seek help now"} {
		if !strings.Contains(box, want) {
			t.Errorf("%s: the answer lacks %q:\n%s", where, want, box)
		}
	}
	if strings.Contains(body, `class="flash ok" role="status">Blood glucose saved.`) {
		t.Errorf("%s: an urgent low is greeted with a green 'saved'", where)
	}
}

// excerpt is the text from the first marker on, for messages.
func excerpt(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return "(no " + marker + ")"
	}
	end := min(len(body), i+1500)
	return body[i:end]
}

// TestChatAnswersAReadingWithTheFormsWords: the assistant answers 2.8 mmol/L with the
// forms' urgent advice (glucose.FeedbackFor) as an alert and does not offer to log it;
// a low it does log comes back with the same answer as the records form.
func TestChatAnswersAReadingWithTheFormsWords(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	c, _ := patientClient(t, srv, "chathypo")

	r := c.say("my sugar is 2.8")
	urgent := replyText(t, r)
	want := glucose.FeedbackFor(2.8*glucose.MgdlPerMmolL, glucose.MmolL, "")
	if !strings.Contains(urgent, want.Heading) || !strings.Contains(urgent, want.Steps[0]) {
		t.Errorf("2.8 mmol/L in the chat:\n%s\nwant the forms' answer:\n%s", urgent, want.Text())
	}
	if !strings.Contains(r.Body, `role="alert"`) || !strings.Contains(r.Body, "chat-urgent") || strings.Contains(r.Body, "Yes, save it") {
		t.Errorf("urgent low not an alert, or offered for logging:\n%s", r.Body)
	}

	if got := replyText(t, c.say("my sugar is 3.5")); !strings.Contains(got, "Reply yes") {
		t.Fatalf("a low reading is not offered for logging: %s", got)
	}
	saved := replyText(t, c.say("yes"))
	low := glucose.FeedbackFor(3.5*glucose.MgdlPerMmolL, glucose.MmolL, "")
	if !strings.Contains(saved, "Saved to your records: glucose 3.5 mmol/L") || !strings.Contains(saved, low.Heading) {
		t.Errorf("saved low:\n%s\nwant %q", saved, low.Heading)
	}
}

// TestNoTrendFromTwoFingerSticks: two readings 70 minutes apart show no trend arrow on
// the home page, and the page says why and when a trend is shown (issue 15.6).
func TestNoTrendFromTwoFingerSticks(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	u := createUser(t, d, "twosticks", "patient")
	c := srv.as(t, u.Username)
	now := db.Now()
	for i, mgdl := range []float64{250, 118} {
		v, ctxName := mgdl, "random"
		if _, err := d.CreateDiabetesRecord(context.Background(), db.CreateDiabetesRecordParams{Uuid: uuid.NewString(), UserID: u.ID,
			RecordType: "glucose", GlucoseMgdl: &v, GlucoseContext: &ctxName, RecordedAt: now.Add(time.Duration(i*70-80) * time.Minute),
			CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	body := c.get("/home/glucose").Body
	if strings.Contains(body, "↘") || strings.Contains(body, "falling") || !strings.Contains(body, "No trend: Only 2 readings") ||
		!strings.Contains(body, "3 or more readings within 3 hours") {
		t.Errorf("glucose card:\n%s", excerpt(body, "glu-h"))
	}
}
