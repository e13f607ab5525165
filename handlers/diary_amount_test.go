package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// TestDiaryOneAmountField: the entry form has one amount field, read as how many of the
// chosen measure or as grams; its error stands beside it; the food page offers "Log this
// food"; the diary offers the food again with its usual amount, logged in one tap.
func TestDiaryOneAmountField(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := foodServer(t, d)
		c, u := patientClient(t, srv, "amt")
		f := findPricedFood(t, d)
		id := strconv.FormatInt(f.ID, 10)
		loc, _ := time.LoadLocation("Africa/Kampala")
		earlier := time.Now().In(loc).Add(-2 * time.Minute).Format("2006-01-02T15:04")
		when := time.Now().In(loc).Add(-time.Minute).Format("2006-01-02T15:04")

		if r := c.get("/foods/" + id); r.Status != 200 || !strings.Contains(r.Body, `href="/diary/add?food=`+id+`"`) || !strings.Contains(r.Body, "Log this food") {
			t.Fatalf("food page has no Log this food: %d", r.Status)
		}
		form := c.get("/diary/add?food=" + id)
		if form.Status != 200 || !strings.Contains(form.Body, `id="f-amount"`) || strings.Contains(form.Body, `id="f-grams"`) || strings.Contains(form.Body, `id="f-quantity"`) {
			t.Fatalf("the form should have one amount field: %d %.600s", form.Status, form.Body)
		}
		// A bad amount: the message is beside the amount field and nothing is stored.
		r := c.post("/diary/add?food="+id, "/diary", url.Values{"food_id": {id}, "meal": {"lunch"}, "measure": {""}, "amount": {"-5"}, "when": {when}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-amount"`) {
			t.Fatalf("bad amount: %d %.600s", r.Status, r.Body)
		}
		if n := countRows(t, d, "food_logs", u.ID); n != 0 {
			t.Fatalf("%d entries stored after a bad amount", n)
		}
		// Grams, then 3 × the measure.
		if r := c.post("/diary/add?food="+id, "/diary", url.Values{"food_id": {id}, "meal": {"lunch"}, "measure": {""}, "amount": {"120"}, "when": {earlier}}); r.Status != http.StatusSeeOther {
			t.Fatalf("log grams: %d %.400s", r.Status, r.Body)
		}
		if r := c.post("/diary/add?food="+id, "/diary", url.Values{"food_id": {id}, "meal": {"lunch"}, "measure": {f.MeasureLabel}, "amount": {"3"}, "when": {when}}); r.Status != http.StatusSeeOther {
			t.Fatalf("log measure: %d %.400s", r.Status, r.Body)
		}
		var grams, qty float64
		var label string
		if err := d.SQL().QueryRow(q1(d, "SELECT grams, quantity, measure_label FROM food_logs WHERE user_id = ? ORDER BY id DESC LIMIT 1"), u.ID).Scan(&grams, &qty, &label); err != nil {
			t.Fatal(err)
		}
		if label != f.MeasureLabel || qty != 3 || grams != 3*f.MeasureGrams {
			t.Fatalf("stored %v × %q = %v g, want 3 × %q = %v g", qty, label, grams, f.MeasureLabel, 3*f.MeasureGrams)
		}
		// The usual amount (the latest entry's) fills the form and the diary's one-tap button.
		if form := c.get("/diary/add?food=" + id); !strings.Contains(form.Body, `id="f-amount" name="amount" type="text" value="3"`) {
			t.Errorf("the form does not start from the usual amount 3 × %s: %.800s", f.MeasureLabel, form.Body)
		}
		day := c.get("/diary")
		if !strings.Contains(day.Body, "Log 3 × "+f.MeasureLabel) {
			t.Fatalf("the diary offers no one-tap log of the usual amount: %.400s", day.Body)
		}
		if r := c.post("/diary", "/diary", url.Values{"food_id": {id}, "meal": {"snack"}, "when": {""}, "measure": {f.MeasureLabel}, "amount": {"3"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("one-tap log: %d %.400s", r.Status, r.Body)
		}
		if n := countRows(t, d, "food_logs", u.ID); n != 3 {
			t.Fatalf("%d entries, want 3", n)
		}
	})
}
