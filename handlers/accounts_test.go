package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

func TestAnonymousIsSentToLogin(t *testing.T) {
	srv := startServer(t, dbtest.NewSQLite(t), serverOpts{})
	c := srv.client(t)
	for _, p := range []string{"/home", "/profile", "/dietitian", "/admin"} {
		r := c.get(p)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s: %d %s", p, r.Status, r.Header.Get("Location"))
		}
	}
	if r := c.get("/no-such-page"); r.Status != 404 || !strings.Contains(r.Body, "Not found") {
		t.Errorf("404 page: %d", r.Status)
	}
}

func TestRegisterLoginLogout(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		c := srv.client(t)
		before := c.csrf("/register")
		anonToken := c.sessionCookie()
		r := c.do("POST", "/register", url.Values{"_csrf": {before}, "username": {"nakato"}, "email": {"nakato@example.org"},
			"password": {"matooke-2024"}, "confirm": {"matooke-2024"}, "role": {"patient"}}, nil)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/profile?welcome=1" {
			t.Fatalf("register: %d %s\n%s", r.Status, r.Header.Get("Location"), r.Body)
		}
		if tok := c.sessionCookie(); tok == "" || tok == anonToken {
			t.Fatalf("session token not renewed at sign-up (before %q after %q)", anonToken, tok)
		}
		if r := c.get("/home"); r.Status != 200 || !strings.Contains(r.Body, "Hello") {
			t.Fatalf("home after register: %d", r.Status)
		}
		// A patient may not see dietitian or admin pages.
		for _, p := range []string{"/dietitian", "/admin"} {
			if r := c.get(p); r.Status != http.StatusForbidden {
				t.Errorf("patient GET %s: %d", p, r.Status)
			}
		}
		// Log out: the old session cookie no longer authenticates.
		old := c.sessionCookie()
		if r := c.post("/home", "/logout", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.Status)
		}
		replay := srv.client(t)
		u, _ := url.Parse(srv.URL)
		replay.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "zoe_session", Value: old}})
		if r := replay.get("/home"); r.Status != http.StatusSeeOther {
			t.Fatalf("old session still valid after logout: %d", r.Status)
		}
		// Log in again with the email, any case; the token changes at login (no fixation).
		c2 := srv.client(t)
		pre := c2.csrf("/login")
		preTok := c2.sessionCookie()
		r = c2.do("POST", "/login", url.Values{"_csrf": {pre}, "login": {"NAKATO@example.org"}, "password": {"matooke-2024"}}, nil)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/home" {
			t.Fatalf("login: %d %s", r.Status, r.Header.Get("Location"))
		}
		if c2.sessionCookie() == preTok {
			t.Fatal("session token not renewed at login")
		}
	})
}

func TestRegisterRejectsBadInputAndStoresNothing(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	createUser(t, d, "taken", "patient")
	good := url.Values{"username": {"okello"}, "email": {"okello@example.org"}, "password": {"posho-and-beans"},
		"confirm": {"posho-and-beans"}, "role": {"patient"}}
	cases := []struct {
		field, value, msg string
	}{
		{"username", "", "Choose a username"},
		{"username", strings.Repeat("x", 40), "at most 32"},
		{"username", "TAKEN", "taken"},
		{"email", "not-an-email", "email address like"},
		{"email", "taken@example.org", "exists already"},
		{"password", "short", "at least 10"},
		{"role", "admin", "patient or dietitian"},
	}
	for _, cse := range cases {
		c := srv.client(t)
		f := url.Values{}
		for k, v := range good {
			f[k] = v
		}
		f.Set(cse.field, cse.value)
		if cse.field == "password" {
			f.Set("confirm", cse.value)
		}
		r := c.post("/register", "/register", f)
		if r.Status != 422 || !strings.Contains(r.Body, cse.msg) || !strings.Contains(r.Body, `aria-invalid="true"`) {
			t.Errorf("%s=%q: status %d, message %q missing", cse.field, cse.value, r.Status, cse.msg)
		}
	}
	rows, _ := d.CountUsersByRole(context.Background())
	if len(rows) != 1 || rows[0].N != 1 {
		t.Fatalf("bad sign-ups stored users: %+v", rows)
	}
	// htmx submissions get the form fragment, not a whole page.
	c := srv.client(t)
	tok := c.csrf("/register")
	r := c.do("POST", "/register", url.Values{"username": {""}}, map[string]string{"HX-Request": "true", "X-CSRF-Token": tok,
		"Content-Type": "application/x-www-form-urlencoded"})
	if r.Status != 422 || strings.Contains(r.Body, "<html") || !strings.Contains(r.Body, `id="register-form"`) {
		t.Fatalf("htmx register error: %d %.200s", r.Status, r.Body)
	}
}

func TestCSRFRequiredOnEveryPost(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	createUser(t, d, "amina", "patient")
	c := srv.as(t, "amina")
	for _, p := range []string{"/profile", "/logout", "/login", "/register"} {
		if r := c.do("POST", p, url.Values{"email": {"x@example.org"}}, nil); r.Status != http.StatusForbidden {
			t.Errorf("POST %s without token: %d", p, r.Status)
		}
		if r := c.do("POST", p, url.Values{"_csrf": {"forged"}}, nil); r.Status != http.StatusForbidden {
			t.Errorf("POST %s with a forged token: %d", p, r.Status)
		}
	}
	// Still logged in: the rejected logout did nothing.
	if r := c.get("/home"); r.Status != 200 {
		t.Fatalf("rejected POSTs changed state: %d", r.Status)
	}
}

func TestProfileValidationStoresNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		u := createUser(t, d, "sarah", "patient")
		c := srv.as(t, "sarah")
		good := url.Values{"email": {"sarah@example.org"}, "first_name": {"Sarah"}, "birth_date": {"1980-05-17"},
			"gender": {"female"}, "height_cm": {"160"}, "weight_kg": {"70"}, "activity_level": {"light"},
			"diabetes_type": {"type2"}, "primary_goal": {"glucose_control"}, "monthly_budget_ugx": {"300,000"},
			"glucose_unit": {"mmol/L"}, "time_zone": {"Africa/Kampala"}}
		for _, bad := range []struct{ field, value, msg string }{
			{"weight_kg", "0", "between 20 and 350"}, {"weight_kg", "1000", "between 20 and 350"},
			{"birth_date", "2099-01-01", "future"}, {"email", "bad", "email address like"},
			{"first_name", strings.Repeat("a", 61), "at most 60"}, {"monthly_budget_ugx", "-1", "from 0"},
		} {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			f.Set(bad.field, bad.value)
			r := c.post("/profile", "/profile", f)
			if r.Status != 422 || !strings.Contains(r.Body, bad.msg) {
				t.Errorf("%s=%q: %d, want message %q", bad.field, bad.value, r.Status, bad.msg)
			}
		}
		got, _ := d.GetUser(context.Background(), u.ID)
		if got.WeightKg != nil || got.FirstName != "" {
			t.Fatalf("invalid profile stored: %+v", got)
		}
		if r := c.post("/profile", "/profile", good); r.Status != http.StatusSeeOther {
			t.Fatalf("good profile: %d\n%s", r.Status, r.Body)
		}
		got, _ = d.GetUser(context.Background(), u.ID)
		if got.WeightKg == nil || *got.WeightKg != 70 || *got.MonthlyBudgetUgx != 300000 || got.DiabetesType != "type2" {
			t.Fatalf("profile not stored: %+v", got)
		}
	})
}

func TestRolesAndHeaders(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	createUser(t, d, "dietitian1", "dietitian")
	createUser(t, d, "admin1", "admin")
	diet := srv.as(t, "dietitian1")
	if r := diet.get("/dietitian"); r.Status != 200 {
		t.Errorf("dietitian home: %d", r.Status)
	}
	for _, p := range []string{"/admin", "/home"} {
		if r := diet.get(p); r.Status != 403 {
			t.Errorf("dietitian GET %s: %d", p, r.Status)
		}
	}
	adm := srv.as(t, "admin1")
	r := adm.get("/admin")
	if r.Status != 200 {
		t.Fatalf("admin home: %d", r.Status)
	}
	for h, want := range map[string]string{"Content-Security-Policy": "frame-ancestors 'none'", "X-Content-Type-Options": "nosniff",
		"Referrer-Policy": "strict-origin", "Content-Type": "text/html; charset=utf-8"} {
		if !strings.Contains(r.Header.Get(h), want) {
			t.Errorf("header %s = %q, want %q", h, r.Header.Get(h), want)
		}
	}
	if strings.Contains(r.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	ck := r.Header.Get("Set-Cookie")
	if ck != "" && (!strings.Contains(ck, "HttpOnly") || !strings.Contains(strings.ToLower(ck), "samesite=lax")) {
		t.Errorf("session cookie flags: %s", ck)
	}
	if r := adm.get("/healthz"); r.Status != 200 {
		t.Errorf("healthz %d", r.Status)
	}
	if r := adm.get("/readyz"); r.Status != 200 || !strings.Contains(r.Body, `"database":"ok"`) {
		t.Errorf("readyz %d %s", r.Status, r.Body)
	}
}

func TestLoginThrottle(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := startServer(t, d, serverOpts{})
	createUser(t, d, "wanjiru", "patient")
	c := srv.client(t)
	var last resp
	for i := 0; i < 8; i++ {
		last = c.post("/login", "/login", url.Values{"login": {"wanjiru"}, "password": {"wrong-password"}})
	}
	if last.Status != http.StatusTooManyRequests || !strings.Contains(last.Body, "Too many attempts") {
		t.Fatalf("after 8 failures: %d", last.Status)
	}
	// Even the right password is refused while throttled.
	if r := c.post("/login", "/login", url.Values{"login": {"wanjiru"}, "password": {"password-wanjiru"}}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("right password while throttled: %d", r.Status)
	}
}
