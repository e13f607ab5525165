package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// offlineServer is a server with the food table loaded and its offline cache in a temp dir.
func offlineServer(t *testing.T) (*testServer, string) {
	t.Helper()
	d := dbtest.NewSQLite(t)
	if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), nil).ImportFoods(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return startServer(t, d, serverOpts{config: func(c *config.Config) { c.OfflineCacheDir = dir }}), dir
}

// setOfflineMode changes the user's row behind the app's back, then drops the cached user as
// the app's own writes do (forgetUser).
func setOfflineMode(t *testing.T, srv *testServer, userID int64, on bool) {
	t.Helper()
	if _, err := srv.DB.SQL().Exec("UPDATE users SET offline_mode_enabled = ? WHERE id = ?", on, userID); err != nil {
		t.Fatal(err)
	}
	if err := suggest.InvalidateUser(context.Background(), srv.Cache, userID); err != nil {
		t.Fatal(err)
	}
}

// syncToken reads the CSRF token the offline pages use.
func (c *client) syncToken() string {
	c.t.Helper()
	r := c.do("GET", "/sync/token", nil, map[string]string{"Accept": "application/json"})
	var v struct{ CSRF string }
	if r.Status != 200 || json.Unmarshal([]byte(r.Body), &v) != nil || v.CSRF == "" {
		c.t.Fatalf("sync token: %d %s", r.Status, r.Body)
	}
	return v.CSRF
}

func (c *client) postJSON(path, body, csrf string) resp {
	c.t.Helper()
	r, err := c.tryPostJSON(path, body, csrf)
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

// tryPostJSON is postJSON that returns the transport error: a server refusing an oversized
// body answers 413 and may close while the client is still sending.
func (c *client) tryPostJSON(path, body, csrf string) (resp, error) {
	req, _ := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(b), res.Header}, nil
}

type syncAnswer struct {
	Results []struct {
		UUID, Status string
		Errors       map[string]string
	}
	Created, Duplicate, Rejected, Conflict int
	Version                                string
	LastSync                               *time.Time `json:"last_sync"`
}

func rowCount(t *testing.T, d *db.DB, table string, userID int64) int {
	t.Helper()
	var n int
	if err := d.SQL().QueryRow("SELECT count(*) FROM "+table+" WHERE user_id = ?", userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOfflineDataEndpoint(t *testing.T) {
	srv, dir := offlineServer(t)
	u := createUser(t, srv.DB, "offline-ann", "patient")
	c := srv.client(t)
	if r := c.get("/offline/data.json"); r.Status != http.StatusSeeOther {
		t.Fatalf("anonymous: %d", r.Status)
	}
	c.login("offline-ann")
	json409 := map[string]string{"Accept": "application/json"}
	if r := c.do("GET", "/offline/data.json", nil, json409); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Offline mode is off") {
		t.Fatalf("offline mode off: %d %s", r.Status, r.Body)
	}
	setOfflineMode(t, srv, u.ID, true)
	r := c.get("/offline/data.json")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("data: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	var snap struct {
		Format    int
		Version   string
		CachedAt  time.Time `json:"cached_at"`
		User      struct{ ID int64 }
		FoodItems []json.RawMessage `json:"food_items"`
		Goals     []json.RawMessage
		Glucose   []json.RawMessage
	}
	if err := json.Unmarshal([]byte(r.Body), &snap); err != nil || snap.User.ID != u.ID || len(snap.FoodItems) < 290 || snap.Version == "" {
		t.Fatalf("snapshot: %v %+v", err, snap.User)
	}
	etag := r.Header.Get("ETag")
	if etag != `W/"`+snap.Version+`"` {
		t.Fatalf("etag %q, version %q", etag, snap.Version)
	}
	st, err := os.Stat(filepath.Join(dir, jsonName(u.ID)))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("cache file: %v %v", st, err)
	}
	if r := c.do("GET", "/offline/data.json", nil, map[string]string{"If-None-Match": etag}); r.Status != http.StatusNotModified || r.Body != "" {
		t.Fatalf("unchanged: %d", r.Status)
	}

	// A reading synced from the phone changes the data: a new version and body.
	csrf := c.syncToken()
	id := uuid.NewString()
	a := c.postJSON("/sync", `{"items":[{"uuid":"`+id+`","kind":"glucose","value":6.4,"context":"fasting","recorded_at":"`+
		time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)+`"}]}`, csrf)
	if a.Status != 200 {
		t.Fatalf("sync: %d %s", a.Status, a.Body)
	}
	r = c.do("GET", "/offline/data.json", nil, map[string]string{"If-None-Match": etag})
	if r.Status != 200 || r.Header.Get("ETag") == etag || !strings.Contains(r.Body, id) {
		t.Fatalf("after a change: %d %s", r.Status, r.Header.Get("ETag"))
	}

	// Switching offline mode off removes the file; dietitians have no offline data.
	setOfflineMode(t, srv, u.ID, false)
	if r := c.do("GET", "/offline/data.json", nil, json409); r.Status != http.StatusConflict {
		t.Fatalf("switched off: %d", r.Status)
	}
	if _, err := os.Stat(filepath.Join(dir, jsonName(u.ID))); !os.IsNotExist(err) {
		t.Fatalf("snapshot file kept after offline mode was switched off: %v", err)
	}
	createUser(t, srv.DB, "offline-diet", "dietitian")
	dc := srv.as(t, "offline-diet")
	if r := dc.get("/offline/data.json"); r.Status != http.StatusForbidden {
		t.Fatalf("dietitian: %d", r.Status)
	}
}

func jsonName(id int64) string { return itoa(id) + ".json" }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSyncEndpoint(t *testing.T) {
	srv, _ := offlineServer(t)
	d := srv.DB
	u := createUser(t, d, "sync-bea", "patient")
	other := createUser(t, d, "sync-cal", "patient")
	c := srv.as(t, "sync-bea")
	csrf := c.syncToken()
	foods, err := d.OfflineFoods(context.Background(), &u.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	at := func(ago time.Duration) string { return now.Add(-ago).Format(time.RFC3339) }
	meal := `{"uuid":"` + uuid.NewString() + `","kind":"food_log","food_item_id":` + itoa(foods[0].ID) + `,"meal_type":"lunch","grams":200,"consumed_at":"` + at(time.Hour) + `"}`
	reading := `{"uuid":"` + uuid.NewString() + `","kind":"glucose","value":7.8,"unit":"mmol/L","context":"after_meal","recorded_at":"` + at(50*time.Minute) + `"}`
	batch := `{"items":[` + meal + `,` + reading + `]}`

	if r := c.postJSON("/sync", batch, ""); r.Status != http.StatusForbidden {
		t.Fatalf("without CSRF token: %d", r.Status)
	}
	var a syncAnswer
	for round := 0; round < 2; round++ {
		r := c.postJSON("/sync", batch, csrf)
		if r.Status != 200 || json.Unmarshal([]byte(r.Body), &a) != nil {
			t.Fatalf("round %d: %d %s", round, r.Status, r.Body)
		}
		want := map[int]string{0: "created", 1: "duplicate"}[round]
		if a.Results[0].Status != want || a.Results[1].Status != want || a.LastSync == nil || a.Version == "" {
			t.Fatalf("round %d: %s", round, r.Body)
		}
	}
	if rowCount(t, d, "food_logs", u.ID) != 1 || rowCount(t, d, "diabetes_records", u.ID) != 1 {
		t.Fatal("a replayed batch stored rows twice")
	}
	if got, _ := d.GetUser(context.Background(), u.ID); got.LastSync == nil {
		t.Fatal("last_sync not updated")
	}

	// One invalid item: the others are stored, it is rejected with its reason.
	good := `{"uuid":"` + uuid.NewString() + `","kind":"glucose","value":5.9,"context":"fasting","recorded_at":"` + at(10*time.Minute) + `"}`
	bad := `{"uuid":"` + uuid.NewString() + `","kind":"glucose","value":0.4,"context":"fasting","recorded_at":"` + at(5*time.Minute) + `"}`
	r := c.postJSON("/sync", `{"items":[`+good+`,`+bad+`]}`, csrf)
	if json.Unmarshal([]byte(r.Body), &a) != nil || a.Created != 1 || a.Rejected != 1 || a.Results[1].Status != "rejected" ||
		!strings.Contains(a.Results[1].Errors["value"], "between") {
		t.Fatalf("mixed batch: %d %s", r.Status, r.Body)
	}
	if n := rowCount(t, d, "diabetes_records", u.ID); n != 2 {
		t.Fatalf("after mixed batch: %d readings", n)
	}

	// Batches refused whole: nothing of them is stored.
	fresh := func() string {
		return `{"uuid":"` + uuid.NewString() + `","kind":"glucose","value":6,"context":"random","recorded_at":"` + at(time.Minute) + `"}`
	}
	many := make([]string, 501)
	for i := range many {
		many[i] = fresh()
	}
	refused := []struct {
		name, body, ctype string
		status            int
		msg               string
	}{
		{"malformed", `{"items":[` + fresh(), "", 400, "not valid JSON"},
		{"unknown field", `{"items":[` + strings.TrimSuffix(fresh(), "}") + `,"user_id":` + itoa(other.ID) + `}]}`, "", 400, `unknown field \"user_id\"`},
		{"oversized batch", `{"items":[` + strings.Join(many, ",") + `]}`, "", 413, "at most 500"},
		{"body over 1 MiB", `{"items":[` + fresh() + `],"pad":"` + strings.Repeat("x", 1<<20) + `"}`, "", 413, ""},
		{"form post", "items=1", "application/x-www-form-urlencoded", 415, "application/json"},
	}
	for _, x := range refused {
		var r resp
		if x.ctype != "" {
			r = c.do("POST", "/sync", nil, map[string]string{"X-CSRF-Token": csrf, "Content-Type": x.ctype})
		} else {
			var err error
			if r, err = c.tryPostJSON("/sync", x.body, csrf); err != nil {
				// Refused before the body was read: the server closed while we were sending.
				if x.status == 413 && (strings.Contains(err.Error(), "reset by peer") || strings.Contains(err.Error(), "broken pipe")) {
					continue
				}
				t.Fatalf("%s: %v", x.name, err)
			}
		}
		if r.Status != x.status || !strings.Contains(r.Body, x.msg) {
			t.Errorf("%s: %d %s", x.name, r.Status, r.Body)
		}
	}
	if n := rowCount(t, d, "diabetes_records", u.ID); n != 2 {
		t.Fatalf("refused batches stored %d readings", n-2)
	}

	// Another user's uuid is rejected, and their row is left alone.
	oc := srv.as(t, "sync-cal")
	theirs := uuid.NewString()
	item := func(v string) string {
		return `{"items":[{"uuid":"` + theirs + `","kind":"glucose","value":` + v + `,"context":"fasting","recorded_at":"` + at(time.Minute) + `"}]}`
	}
	if r := oc.postJSON("/sync", item("6.1"), oc.syncToken()); r.Status != 200 || !strings.Contains(r.Body, `"created"`) {
		t.Fatalf("other user: %d %s", r.Status, r.Body)
	}
	r = c.postJSON("/sync", item("9.9"), csrf)
	if json.Unmarshal([]byte(r.Body), &a) != nil || a.Rejected != 1 || !strings.Contains(a.Results[0].Errors["uuid"], "another account") {
		t.Fatalf("another user's uuid: %d %s", r.Status, r.Body)
	}
	if rowCount(t, d, "diabetes_records", u.ID) != 2 || rowCount(t, d, "diabetes_records", other.ID) != 1 {
		t.Fatal("another user's uuid stored or changed a row")
	}
}

var precacheRE = regexp.MustCompile(`self\.ZOE_PRECACHE = (\[.*\]);`)

func TestInstallableAppAssets(t *testing.T) {
	srv, _ := offlineServer(t)
	createUser(t, srv.DB, "pwa-dee", "patient")
	c := srv.as(t, "pwa-dee")

	r := c.get("/manifest.webmanifest")
	var m struct {
		Name            string
		ShortName       string `json:"short_name"`
		StartURL        string `json:"start_url"`
		Scope, Display  string
		ThemeColor      string `json:"theme_color"`
		BackgroundColor string `json:"background_color"`
		Icons           []struct{ Src, Sizes, Type, Purpose string }
	}
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/manifest+json" || json.Unmarshal([]byte(r.Body), &m) != nil {
		t.Fatalf("manifest: %d %s", r.Status, r.Body)
	}
	if m.ShortName != "ZOE" || m.Scope != "/" || m.Display != "standalone" || m.StartURL != "/" || m.ThemeColor == "" || m.BackgroundColor == "" {
		t.Fatalf("manifest fields: %+v", m)
	}
	sizes := map[string]bool{}
	for _, ic := range m.Icons {
		res := c.get(ic.Src)
		img, err := png.DecodeConfig(bytes.NewReader([]byte(res.Body)))
		if res.Status != 200 || err != nil || ic.Sizes != itoa(int64(img.Width))+"x"+itoa(int64(img.Height)) {
			t.Fatalf("icon %s: %d %v %dx%d", ic.Src, res.Status, err, img.Width, img.Height)
		}
		sizes[ic.Sizes+" "+ic.Purpose] = true
	}
	if !sizes["192x192 any"] || !sizes["512x512 any"] || !sizes["512x512 maskable"] {
		t.Fatalf("icons: %v", sizes)
	}

	r = c.get("/sw.js")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(r.Body, `self.ZOE_VERSION = "`) {
		t.Fatalf("sw.js: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	var pre []string
	if mm := precacheRE.FindStringSubmatch(r.Body); mm == nil || json.Unmarshal([]byte(mm[1]), &pre) != nil || len(pre) < 6 {
		t.Fatalf("precache list: %v", pre)
	}
	for _, u := range pre {
		if res := c.get(u); res.Status != 200 {
			t.Errorf("precached %s: %d", u, res.Status)
		}
	}

	// The offline shell carries no user data and no CSRF token, even for a signed-in user.
	r = c.get("/offline")
	if r.Status != 200 || !strings.Contains(r.Body, `id="offline-app"`) || strings.Contains(r.Body, "pwa-dee") ||
		strings.Contains(r.Body, `"X-CSRF-Token":"`+c.syncToken()) || strings.Contains(r.Body, "zoe-user") {
		t.Fatalf("offline shell: %d\n%s", r.Status, r.Body)
	}
	// Online pages link the manifest and say who is signed in (for the offline data).
	r = c.get("/profile")
	if !strings.Contains(r.Body, `rel="manifest"`) || !strings.Contains(r.Body, `name="zoe-user"`) || !strings.Contains(r.Body, "offline.js") {
		t.Fatal("layout lacks the manifest link, user meta or offline script")
	}
}
