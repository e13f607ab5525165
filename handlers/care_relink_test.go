package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// Ending a link and making it again (by the patient's invitation or by an administrator)
// keeps the patient's last sharing choice instead of sharing everything again.
func TestRelinkKeepsTheSharingChoice(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := startServer(t, d, serverOpts{})
		pat := createUser(t, d, "relink-pat", "patient")
		diet := createUser(t, d, "dr-relink", "dietitian")
		createUser(t, d, "relink-admin", "admin")
		pc, dc, ac := srv.client(t), srv.client(t), srv.client(t)
		pc.login(pat.Username)
		dc.login(diet.Username)
		ac.login("relink-admin")

		open := func() db.CareLink {
			t.Helper()
			l, err := d.CareGetOpenLink(t.Context(), db.CareGetOpenLinkParams{PatientID: pat.ID, DietitianID: diet.ID})
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		// A first link shares everything (the default).
		if r := pc.post("/care", "/care/invite", url.Values{"who": {diet.Username}}); r.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		l := open()
		if l.Shares != "all" {
			t.Fatalf("first link shares %q", l.Shares)
		}
		id := strconv.FormatInt(l.ID, 10)
		if r := pc.post("/care", "/care/links/"+id+"/shares", url.Values{"share": {"glucose"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("shares: %d", r.Status)
		}
		want := open().Shares
		if r := pc.post("/care", "/care/links/"+id+"/end", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("end: %d", r.Status)
		}
		// The patient invites again: the new link shares what the old one did.
		if r := pc.post("/care", "/care/invite", url.Values{"who": {diet.Username}}); r.Status != http.StatusSeeOther {
			t.Fatalf("invite again: %d %s", r.Status, r.Body)
		}
		l = open()
		if l.Shares != want {
			t.Fatalf("re-invited link shares %q, want the last choice %q", l.Shares, want)
		}
		// The dietitian ends it; an administrator links them again: still the last choice.
		if r := dc.post("/dietitian/links", "/dietitian/links/"+strconv.FormatInt(l.ID, 10)+"/end", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("dietitian end: %d %s", r.Status, r.Body)
		}
		if r := ac.post("/admin/care", "/admin/care/link", url.Values{"patient": {pat.Username}, "dietitian": {diet.Username}}); r.Status != http.StatusSeeOther {
			t.Fatalf("admin link: %d %s", r.Status, r.Body)
		}
		if l = open(); l.Shares != want || l.Status != "active" {
			t.Fatalf("admin re-link: %s shares %q, want %q", l.Status, l.Shares, want)
		}
	})
}
