package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

var formKeyRE = regexp.MustCompile(`name="_idem" value="([0-9a-f-]{36})"`)

func lastRowID(t *testing.T, d *db.DB, table string, userID int64) string {
	t.Helper()
	q := "SELECT max(id) FROM " + table + " WHERE user_id = "
	if d.Engine() == db.Postgres {
		q += "$1"
	} else {
		q += "?"
	}
	var id int64
	if err := d.SQL().QueryRowContext(t.Context(), q, userID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// A form that creates rows, posted twice with the same key (a retry on a bad connection),
// creates its rows once and answers the retry as it answered the first post; a new key
// (the form rendered again) creates rows again.
func TestFormPostedTwiceCreatesOneRow(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		c, u := patientClient(t, srv, "twice")
		food := strconv.FormatInt(careFood(t, d), 10)
		// The entries are logged an hour ago and the saved meal is made from that day, which
		// is yesterday just after midnight in Kampala.
		loggedAt := time.Now().In(time.FixedZone("EAT", 3*3600)).Add(-time.Hour)
		today := loggedAt.Format("2006-01-02")
		when := loggedAt.Format("2006-01-02T15:04")
		if r := c.post("/goals", "/goals", url.Values{"type": {"lose_weight"}, "start": {"80"}, "target": {"75"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("goal: %d %s", r.Status, r.Body)
		}
		goal := lastRowID(t, d, "goals", u.ID)

		type step struct {
			name, page, path string
			form             url.Values
			table            string
			htmx             bool
		}
		steps := []step{
			{"glucose", "/records?new=glucose", "/records", url.Values{"type": {"glucose"}, "glucose": {"6.1"}, "context": {"fasting"}}, "diabetes_records", false},
			{"glucose quick (htmx)", "/home", "/records", url.Values{"type": {"glucose"}, "quick": {"1"}, "glucose": {"7.2"}, "context": {"fasting"}}, "diabetes_records", true},
			{"weight", "/weight", "/weight", url.Values{"weight": {"70.5"}}, "weight_entries", false},
			{"diary entry", "/diary/add?food=" + food, "/diary", url.Values{"food_id": {food}, "meal": {"lunch"}, "grams": {"200"}, "when": {when}}, "food_logs", false},
			{"diary entry (htmx)", "/diary/add?food=" + food, "/diary", url.Values{"food_id": {food}, "meal": {"dinner"}, "grams": {"150"}, "when": {when}}, "food_logs", true},
			{"goal progress", "/goals/" + goal, "/goals/" + goal + "/progress", url.Values{"value": {"79"}}, "goal_progress", false},
			{"saved meal", "/diary?date=" + today, "/diary/meals", url.Values{"date": {today}, "meal": {"lunch"}, "name": {"Usual lunch"}}, "saved_meals", false},
			{"chat message (htmx)", "/chat", "/chat", url.Values{"message": {"how many carbs in matooke?"}}, "chat_history", true},
		}
		for _, s := range steps {
			page := c.get(s.page)
			if !formKeyRE.MatchString(page.Body) {
				t.Errorf("%s: %s renders no form key", s.name, s.page)
			}
			key := uuid.NewString()
			post := func() resp {
				form := url.Values{}
				for k, v := range s.form {
					form[k] = v
				}
				form.Set("_idem", key)
				form.Set("_csrf", c.csrf(s.page))
				h := map[string]string{}
				if s.htmx {
					h["HX-Request"] = "true"
				}
				return c.do("POST", s.path, form, h)
			}
			before := countRows(t, d, s.table, u.ID)
			first := post()
			if first.Status >= 400 {
				t.Fatalf("%s: first post %d\n%s", s.name, first.Status, first.Body)
			}
			added := countRows(t, d, s.table, u.ID) - before
			if added < 1 {
				t.Fatalf("%s: the first post stored nothing (%d)", s.name, first.Status)
			}
			second := post()
			if n := countRows(t, d, s.table, u.ID) - before; n != added {
				t.Errorf("%s: posted twice, %d rows instead of %d", s.name, n, added)
			}
			if second.Status != first.Status || second.Header.Get("Location") != first.Header.Get("Location") ||
				second.Header.Get("HX-Redirect") != first.Header.Get("HX-Redirect") || second.Body != first.Body {
				t.Errorf("%s: the retry's answer differs: %d %q %q, first %d %q %q", s.name, second.Status, second.Header.Get("Location"),
					second.Header.Get("HX-Redirect"), first.Status, first.Header.Get("Location"), first.Header.Get("HX-Redirect"))
			}
			// A new key (the form rendered again) is a new entry.
			key = uuid.NewString()
			if r := post(); r.Status >= 400 || countRows(t, d, s.table, u.ID)-before != 2*added {
				t.Errorf("%s: a second entry with a new key: %d, %d rows", s.name, r.Status, countRows(t, d, s.table, u.ID)-before)
			}
		}

		// A saved meal logged twice by a retry: its foods are logged once.
		meal := lastRowID(t, d, "saved_meals", u.ID)
		key := uuid.NewString()
		before := countRows(t, d, "food_logs", u.ID)
		logged := 0
		for i := range 2 {
			if r := c.post("/diary", "/diary/meals/"+meal+"/log", url.Values{"date": {today}, "_idem": {key}}); r.Status != http.StatusSeeOther {
				t.Fatalf("log saved meal: %d %s", r.Status, r.Body)
			}
			if i == 0 {
				logged = countRows(t, d, "food_logs", u.ID) - before
			}
		}
		if n := countRows(t, d, "food_logs", u.ID) - before; logged < 1 || n != logged {
			t.Errorf("saved meal logged twice: %d diary rows, want %d", n, logged)
		}

		// A post that fails frees its key: the corrected form is accepted with the same key.
		key = uuid.NewString()
		before = countRows(t, d, "weight_entries", u.ID)
		if r := c.post("/weight", "/weight", url.Values{"weight": {"lots"}, "_idem": {key}}); r.Status != 422 {
			t.Fatalf("bad weight: %d", r.Status)
		}
		if r := c.post("/weight", "/weight", url.Values{"weight": {"71"}, "_idem": {key}}); r.Status != http.StatusSeeOther || countRows(t, d, "weight_entries", u.ID) != before+1 {
			t.Fatalf("corrected weight with the same key: %d", r.Status)
		}
		// A key is the user's own: another patient's post with it is theirs.
		other, uo := patientClient(t, srv, "twice-other")
		if r := other.post("/weight", "/weight", url.Values{"weight": {"60"}, "_idem": {key}}); r.Status != http.StatusSeeOther || countRows(t, d, "weight_entries", uo.ID) != 1 {
			t.Fatalf("another user's post with the same key: %d", r.Status)
		}
		// A malformed key is refused, nothing stored.
		if r := c.post("/weight", "/weight", url.Values{"weight": {"72"}, "_idem": {"not-a-key"}}); r.Status != 400 || countRows(t, d, "weight_entries", u.ID) != before+1 {
			t.Fatalf("malformed key: %d", r.Status)
		}
		if !strings.Contains(c.get("/weight").Body, `name="_idem"`) {
			t.Error("the weight page renders no key")
		}
	})
}
