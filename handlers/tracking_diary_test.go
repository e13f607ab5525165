package handlers_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// pricedFood is a food with a price per kg and a household measure (one is added when the
// table gives none).
type pricedFood struct {
	ID                int64
	Name              string
	PricePerKg        float64
	MeasureLabel      string
	MeasureGrams      float64
	EnergyKcal, CarbG float64
	GI                *float64
}

func findPricedFood(t *testing.T, d *db.DB) pricedFood {
	t.Helper()
	var f pricedFood
	var measures string
	err := d.SQL().QueryRowContext(context.Background(), `SELECT f.id, f.name, cp.price_ugx, f.measures, f.energy_kcal, f.carb_g, f.glycaemic_index
		FROM food_items f JOIN food_current_prices cp ON cp.food_item_id = f.id
		WHERE cp.per_unit = 'kg' ORDER BY f.id LIMIT 1`).Scan(&f.ID, &f.Name, &f.PricePerKg, &measures, &f.EnergyKcal, &f.CarbG, &f.GI)
	if err != nil {
		t.Fatalf("no priced food with a measure: %v", err)
	}
	if measures == "[]" {
		measures = `[{"label":"1 cup","grams":150}]`
		if _, err := d.SQL().Exec(q1(d, "UPDATE food_items SET measures = ? WHERE id = ?"), measures, f.ID); err != nil {
			t.Fatal(err)
		}
	}
	var ms []struct {
		Label string  `json:"label"`
		Grams float64 `json:"grams"`
	}
	if err := json.Unmarshal([]byte(measures), &ms); err != nil || len(ms) == 0 {
		t.Fatalf("measures %q: %v", measures, err)
	}
	f.MeasureLabel, f.MeasureGrams = ms[0].Label, ms[0].Grams
	return f
}

func q1(d *db.DB, sql string) string {
	if d.Engine() == db.Postgres {
		n := 0
		return regexp.MustCompile(`\?`).ReplaceAllStringFunc(sql, func(string) string { n++; return "$" + strconv.Itoa(n) })
	}
	return sql
}

func TestDiaryDayTotalsAndCost(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := foodServer(t, d)
		c, u := patientClient(t, srv, "pat")
		f := findPricedFood(t, d)
		id := strconv.FormatInt(f.ID, 10)
		loc, _ := time.LoadLocation("Africa/Kampala")
		today := time.Now().In(loc).Format("2006-01-02")
		when := time.Now().In(loc).Add(-time.Minute).Format("2006-01-02T15:04")

		// The picker finds the food and offers it with a link to the entry form.
		frag := c.do("GET", "/diary/search?q="+url.QueryEscape(f.Name)+"&date="+today+"&meal=lunch", nil, map[string]string{"HX-Request": "true"})
		if frag.Status != 200 || strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, "/diary/add?food="+id+"&amp;") {
			t.Fatalf("picker: %d %.400s", frag.Status, frag.Body)
		}
		if r := c.get("/diary/add?food=" + id + "&date=" + today + "&meal=lunch"); r.Status != 200 || !strings.Contains(r.Body, f.MeasureLabel) {
			t.Fatalf("add form: %d", r.Status)
		}
		// 200 g by weight, and 2 × the first household measure.
		r := c.post("/diary", "/diary", url.Values{"food_id": {id}, "meal": {"lunch"}, "grams": {"200"}, "when": {when}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("log grams: %d %s", r.Status, r.Body)
		}
		r = c.post("/diary", "/diary", url.Values{"food_id": {id}, "meal": {"dinner"}, "measure": {f.MeasureLabel}, "quantity": {"2"}, "when": {when}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("log measure: %d %s", r.Status, r.Body)
		}
		grams := 200 + 2*f.MeasureGrams
		var sumCost int64
		var sumGrams float64
		rows, err := d.SQL().Query(q1(d, "SELECT grams, cost_ugx FROM food_logs WHERE user_id = ?"), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var g float64
			var cost int64
			if err := rows.Scan(&g, &cost); err != nil {
				t.Fatal(err)
			}
			if want := int64(math.Round(g * f.PricePerKg / 1000)); cost != want {
				t.Errorf("cost of %v g = %d, want %d (price %v/kg at log time)", g, cost, want, f.PricePerKg)
			}
			sumCost += cost
			sumGrams += g
		}
		rows.Close()
		if math.Abs(sumGrams-grams) > 1e-6 {
			t.Fatalf("grams %v, want %v", sumGrams, grams)
		}
		day := c.get("/diary")
		kcal := strconv.FormatFloat(math.Round(f.EnergyKcal*grams/100), 'f', 0, 64) + " kcal"
		if day.Status != 200 || !strings.Contains(day.Body, kcal) || !strings.Contains(day.Body, ugx(sumCost)) {
			t.Fatalf("day view lacks the totals %s / %s", kcal, ugx(sumCost))
		}
		if f.GI != nil {
			gl := strconv.FormatFloat(math.Round(*f.GI*f.CarbG*grams/100/100), 'f', 0, 64)
			if !strings.Contains(day.Body, "Glycaemic load: <strong>"+gl+"</strong>") {
				t.Errorf("day GL %s not shown", gl)
			}
		}
		// Edit and delete an entry; copy today into yesterday; save and log a meal.
		eid := regexp.MustCompile(`/diary/(\d+)/edit`).FindStringSubmatch(day.Body)[1]
		if r := c.post("/diary/"+eid+"/edit", "/diary/"+eid, url.Values{"meal": {"snack"}, "grams": {"100"}, "when": {when}}); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		yesterday := time.Now().In(loc).AddDate(0, 0, -1).Format("2006-01-02")
		if r := c.post("/diary", "/diary/copy", url.Values{"from": {today}, "to": {yesterday}}); r.Status != http.StatusSeeOther {
			t.Fatalf("copy: %d %s", r.Status, r.Body)
		}
		if n := countRows(t, d, "food_logs", u.ID); n != 4 {
			t.Fatalf("after copy: %d entries", n)
		}
		if r := c.post("/diary", "/diary/meals", url.Values{"date": {today}, "meal": {"dinner"}, "name": {"Usual dinner"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save meal: %d %s", r.Status, r.Body)
		}
		mid := regexp.MustCompile(`/diary/meals/(\d+)/log`).FindStringSubmatch(c.get("/diary").Body)[1]
		if r := c.post("/diary", "/diary/meals/"+mid+"/log", url.Values{"date": {today}}); r.Status != http.StatusSeeOther {
			t.Fatalf("log saved meal: %d %s", r.Status, r.Body)
		}
		if n := countRows(t, d, "food_logs", u.ID); n != 5 {
			t.Fatalf("after logging the saved meal: %d entries", n)
		}
		if r := c.get("/diary/week"); r.Status != 200 || !strings.Contains(r.Body, "week-energy") {
			t.Fatalf("week: %d", r.Status)
		}
		if r := c.post("/diary", "/diary/"+eid+"/delete", url.Values{}); r.Status != http.StatusSeeOther || countRows(t, d, "food_logs", u.ID) != 4 {
			t.Fatalf("delete: %d", r.Status)
		}

		// Bad input: a message on the field, nothing stored.
		before := countRows(t, d, "food_logs", u.ID)
		for field, form := range map[string]url.Values{
			"grams":    {"food_id": {id}, "meal": {"lunch"}, "grams": {"9000"}},
			"meal":     {"food_id": {id}, "meal": {"brunch"}, "grams": {"100"}},
			"measure":  {"food_id": {id}, "meal": {"lunch"}, "measure": {"1 lorry"}, "quantity": {"1"}},
			"quantity": {"food_id": {id}, "meal": {"lunch"}, "measure": {f.MeasureLabel}, "quantity": {"lots"}},
			"when":     {"food_id": {id}, "meal": {"lunch"}, "grams": {"100"}, "when": {"2999-01-01T12:00"}},
			"food_id":  {"food_id": {"999999999"}, "meal": {"lunch"}, "grams": {"100"}},
		} {
			r := c.post("/diary", "/diary", form)
			if field == "grams" || field == "quantity" {
				field = "amount" // the form's one amount field answers for both
			}
			if r.Status != 422 || !strings.Contains(r.Body, `id="e-`+field+`"`) {
				t.Errorf("bad %s: %d", field, r.Status)
			}
		}
		if r := c.post("/diary", "/diary/meals", url.Values{"date": {today}, "meal": {"dinner"}, "name": {strings.Repeat("n", 81)}}); r.Status != 422 || !strings.Contains(r.Body, `id="e-name-dinner"`) {
			t.Errorf("long meal name: %d", r.Status)
		}
		if r := c.post("/diary", "/diary/copy", url.Values{"from": {"2999-01-01"}, "to": {today}}); r.Status != 422 || !strings.Contains(r.Body, `id="e-from"`) {
			t.Errorf("future copy: %d", r.Status)
		}
		if n := countRows(t, d, "food_logs", u.ID); n != before {
			t.Errorf("bad input stored %d entries", n-before)
		}

		// Another patient: every diary route with these ids is a 404.
		b, _ := patientClient(t, srv, "bob")
		eid = regexp.MustCompile(`/diary/(\d+)/edit`).FindStringSubmatch(c.get("/diary").Body)[1]
		if r := b.get("/diary/" + eid + "/edit"); r.Status != 404 {
			t.Errorf("bob edit: %d", r.Status)
		}
		for p, form := range map[string]url.Values{
			"/diary/" + eid:                   {"meal": {"lunch"}, "grams": {"1"}},
			"/diary/" + eid + "/delete":       {},
			"/diary/meals/" + mid + "/log":    {"date": {today}},
			"/diary/meals/" + mid + "/delete": {},
		} {
			if r := b.post("/diary", p, form); r.Status != 404 {
				t.Errorf("bob POST %s: %d", p, r.Status)
			}
		}
		if n := countRows(t, d, "food_logs", u.ID); n != before {
			t.Errorf("bob changed the diary: %d entries", n)
		}
	})
}

func ugx(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return "UGX " + b.String()
}
