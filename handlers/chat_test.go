package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// chatDB loads the food table and a price for boiled beans (UGX 4,000 per kg).
func chatDB(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	cat := catalog.New(d, cache.NewLRU(100, time.Minute), nil)
	if _, err := cat.ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	beans, err := d.GetFoodItemBySlug(ctx, "beans-boiled")
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.RecordPrice(ctx, db.InsertManualPriceParams{FoodItemID: beans.ID, PriceUgx: 4000, PerUnit: "kg",
		PriceType: "retail", Source: "market_survey", RecordedAt: db.Now(), CreatedAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
}

// say sends a chat message the way htmx does and returns the response.
func (c *client) say(msg string) resp {
	c.t.Helper()
	form := url.Values{"message": {msg}, "_csrf": {c.csrf("/chat")}}
	return c.do("POST", "/chat", form, map[string]string{"HX-Request": "true"})
}

// reply is the assistant's text in a turn fragment, unescaped.
var replyRE = regexp.MustCompile(`(?s)class="chat-msg chat-bot[^"]*">.*?<p>(.*?)</p>\s*(?:<div|</div>)`)

func replyText(t *testing.T, r resp) string {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("status %d\n%s", r.Status, r.Body)
	}
	all := replyRE.FindAllStringSubmatch(r.Body, -1)
	if len(all) == 0 {
		t.Fatalf("no reply in\n%s", r.Body)
	}
	return html.UnescapeString(all[len(all)-1][1])
}

// chatServer is a server whose database holds the food table and a price for beans (chatDB).
func chatServer(t *testing.T, d *db.DB) *testServer {
	t.Helper()
	chatDB(t, d)
	return startServer(t, d, serverOpts{})
}

func TestChatSafetyAnswersThroughTheRoute(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	c, _ := patientClient(t, srv, "amina")

	low := replyText(t, c.say("my sugar is 3.0 mmol/L"))
	for _, want := range []string{"rule of 15", "15–20 g of fast sugar", "Wait 15 minutes"} {
		if !strings.Contains(low, want) {
			t.Errorf("3.0 mmol/L answer lacks %q:\n%s", want, low)
		}
	}
	r := c.say("sugar 45 mg/dL")
	urgent := replyText(t, r)
	if !strings.Contains(urgent, "URGENT") || !strings.Contains(urgent, "Seek help now") || !strings.Contains(r.Body, "chat-urgent") {
		t.Errorf("45 mg/dL is not urgent:\n%s", r.Body)
	}
	if strings.Contains(r.Body, "Yes, save it") {
		t.Error("an urgent answer offers to log instead of sending for help")
	}
	dose := replyText(t, c.say("how many units of insulin should i take for posho?"))
	if !strings.Contains(dose, "can't suggest an insulin or medicine dose") {
		t.Errorf("dose question:\n%s", dose)
	}
	if regexp.MustCompile(`\d+\s*(units|iu)\b`).MatchString(strings.ToLower(dose)) {
		t.Errorf("a dose was suggested:\n%s", dose)
	}
}

func TestChatContextCarriesAcrossTurnsThroughStoredHistory(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	c, u := patientClient(t, srv, "bosco")

	first := replyText(t, c.say("how many carbs in matooke"))
	if !strings.Contains(first, "Matooke") || !strings.Contains(first, "carb") {
		t.Fatalf("first answer: %s", first)
	}
	// a new client (another phone): the context comes from chat_history, not the session
	c2 := srv.as(t, "bosco")
	second := replyText(t, c2.say("and posho?"))
	if !strings.Contains(second, "Posho") || !strings.Contains(second, "carb") {
		t.Errorf("follow-up did not keep the question: %s", second)
	}
	rows, err := d.ChatListMessages(context.Background(), db.ChatListMessagesParams{UserID: u.ID, BeforeID: 1 << 62, Lim: 10})
	if err != nil || len(rows) != 2 {
		t.Fatalf("history rows %d, %v", len(rows), err)
	}
	if rows[0].Intent != "nutrition_fact" || !strings.Contains(rows[0].Entities, `"posho"`) {
		t.Errorf("stored turn: intent %q entities %s", rows[0].Intent, rows[0].Entities)
	}
}

func TestChatLoggingNeedsConfirmationAndSavesOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		srv := chatServer(t, d)
		c, u := patientClient(t, srv, "pat")
		ctx := context.Background()
		count := func() (logs, glucose int) {
			t.Helper()
			var n int
			if err := d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM food_logs WHERE user_id = "+fmt.Sprint(u.ID)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			var g int
			if err := d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM diabetes_records WHERE user_id = "+fmt.Sprint(u.ID)).Scan(&g); err != nil {
				t.Fatal(err)
			}
			return n, g
		}

		r := c.say("I had 2 cups of beans and posho for lunch")
		if !strings.Contains(r.Body, "Yes, save it") || !strings.Contains(replyText(t, r), "Shall I log") {
			t.Fatalf("no confirmation asked:\n%s", r.Body)
		}
		if n, _ := count(); n != 0 {
			t.Fatalf("%d rows saved before confirmation", n)
		}
		if got := replyText(t, c.say("no")); !strings.Contains(got, "didn't save") {
			t.Errorf("no: %s", got)
		}
		if n, _ := count(); n != 0 {
			t.Fatalf("'no' saved %d rows", n)
		}

		c.say("I had 2 cups of beans and posho for lunch")
		// a double tap: two "yes" at once save the meal once
		var wg sync.WaitGroup
		texts := make([]string, 2)
		for i := range texts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				texts[i] = replyText(t, c.say("yes"))
			}()
		}
		wg.Wait()
		sort.Strings(texts)
		if n, _ := count(); n != 2 {
			t.Fatalf("confirmed meal saved %d rows, want 2 (beans, posho); replies %q", n, texts)
		}
		saved := strings.Join(texts, "\n")
		if !strings.Contains(saved, "Saved to your diary as lunch") || !strings.Contains(saved, "354 g, UGX 1,416") {
			t.Errorf("saved summary:\n%s", saved)
		}
		var grams float64
		var cost *int64
		var label string
		if err := d.SQL().QueryRowContext(ctx, `SELECT fl.grams, fl.cost_ugx, fl.measure_label FROM food_logs fl
			JOIN food_items f ON f.id = fl.food_item_id WHERE f.slug = 'beans-boiled'`).Scan(&grams, &cost, &label); err != nil {
			t.Fatal(err)
		}
		if grams != 354 || cost == nil || *cost != 1416 || label != "1 cup" {
			t.Errorf("beans row: %v g, cost %v, measure %q", grams, cost, label)
		}
		// the answered buttons are gone: a later "yes" saves nothing more
		if got := replyText(t, c.say("yes")); !strings.Contains(got, "nothing waiting") {
			t.Errorf("third yes: %s", got)
		}
		if n, _ := count(); n != 2 {
			t.Fatalf("rows after a third yes: %d", n)
		}

		// a reported reading, confirmed, is one glucose record in mg/dL
		if got := replyText(t, c.say("my sugar is 6.2")); !strings.Contains(got, "Reply yes") {
			t.Fatalf("reading not offered for saving: %s", got)
		}
		if got := replyText(t, c.say("yes")); !strings.Contains(got, "Saved to your records: glucose 6.2 mmol/L") {
			t.Errorf("glucose saved: %s", got)
		}
		var mgdl float64
		if err := d.SQL().QueryRowContext(ctx, "SELECT glucose_mgdl FROM diabetes_records WHERE record_type = 'glucose' AND user_id = "+
			fmt.Sprint(u.ID)).Scan(&mgdl); err != nil {
			t.Fatal(err)
		}
		if mgdl < 111.6 || mgdl > 111.8 {
			t.Errorf("stored %v mg/dL for 6.2 mmol/L", mgdl)
		}
		// the user's own numbers come back through the assistant
		if got := replyText(t, c.say("how much did i spend on food today")); !strings.Contains(got, "UGX 1,416") {
			t.Errorf("spending: %s", got)
		}
		if got := replyText(t, c.say("my average sugar this week")); !strings.Contains(got, "6.2 mmol/L") {
			t.Errorf("glucose summary: %s", got)
		}
	})
}

func TestChatInputHandling(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	c, u := patientClient(t, srv, "ivan")
	for name, msg := range map[string]string{"empty": "   ", "2,001 characters": strings.Repeat("a", 2001),
		"10 kB": strings.Repeat("posho ", 1700)} {
		r := c.say(msg)
		if r.Status != 422 || !strings.Contains(r.Body, `id="e-message"`) || r.Header.Get("HX-Retarget") != "#chat-form" {
			t.Errorf("%s: status %d retarget %q\n%.300s", name, r.Status, r.Header.Get("HX-Retarget"), r.Body)
		}
	}
	// without htmx the page comes back with the message by the box
	form := url.Values{"message": {""}, "_csrf": {c.csrf("/chat")}}
	if r := c.do("POST", "/chat", form, nil); r.Status != 422 || !strings.Contains(r.Body, "Please type a message.") {
		t.Errorf("plain empty post: %d", r.Status)
	}
	rows, _ := d.ChatListMessages(context.Background(), db.ChatListMessagesParams{UserID: u.ID, BeforeID: 1 << 62, Lim: 10})
	if len(rows) != 0 {
		t.Fatalf("refused messages stored: %d", len(rows))
	}
	// HTML and script are text: escaped in the reply fragment and on the page
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)> is posho good?`
	r := c.say(evil)
	if r.Status != 200 || strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") ||
		!strings.Contains(r.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("message not escaped:\n%s", r.Body)
	}
	page := c.get("/chat")
	if strings.Contains(page.Body, "<script>alert") || !strings.Contains(page.Body, "&lt;img src=x") {
		t.Error("history not escaped")
	}
	// odd bytes do not crash anything: text that cannot be stored (NUL, invalid UTF-8) is
	// refused with a message, the rest answered
	if r := c.say("\x00\xff\xfe posho"); r.Status != 422 || !strings.Contains(r.Header.Get("HX-Trigger"), "cannot store") {
		t.Errorf("NUL and invalid UTF-8: status %d, HX-Trigger %q", r.Status, r.Header.Get("HX-Trigger"))
	}
	for _, m := range []string{"😀😀 matooke?", "%00'; DROP TABLE chat_history; --"} {
		if r := c.say(m); r.Status != 200 {
			t.Errorf("%q: status %d", m, r.Status)
		}
	}
}

func TestChatAccessAndDeletion(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	alice, au := patientClient(t, srv, "alice")
	bob, _ := patientClient(t, srv, "bob")
	alice.say("how many carbs in cassava")
	alice.say("secret question about matooke")
	rows, _ := d.ChatListMessages(context.Background(), db.ChatListMessagesParams{UserID: au.ID, BeforeID: 1 << 62, Lim: 10})
	if len(rows) != 2 {
		t.Fatalf("alice has %d turns", len(rows))
	}
	if page := bob.get("/chat"); strings.Contains(page.Body, "secret question") {
		t.Error("bob sees alice's messages")
	}
	form := url.Values{"_csrf": {bob.csrf("/chat")}}
	if r := bob.do("POST", fmt.Sprintf("/chat/%d/delete", rows[0].ID), form, nil); r.Status != 404 {
		t.Errorf("bob deleting alice's turn: %d", r.Status)
	}
	if r := bob.do("POST", "/chat/delete", url.Values{"_csrf": {bob.csrf("/chat")}}, nil); r.Status != 303 {
		t.Errorf("bob clearing his own: %d", r.Status)
	}
	if n, _ := d.ChatListMessages(context.Background(), db.ChatListMessagesParams{UserID: au.ID, BeforeID: 1 << 62, Lim: 10}); len(n) != 2 {
		t.Fatal("bob's delete-all touched alice's history")
	}
	for _, role := range []string{"dietitian", "admin"} {
		createUser(t, d, "staff-"+role, role)
		s := srv.as(t, "staff-"+role)
		if r := s.get("/chat"); r.Status != 403 {
			t.Errorf("%s GET /chat: %d", role, r.Status)
		}
	}
	// alice deletes one turn (htmx: the turn is swapped for nothing), then all
	r := alice.do("POST", fmt.Sprintf("/chat/%d/delete", rows[0].ID), url.Values{"_csrf": {alice.csrf("/chat")}}, map[string]string{"HX-Request": "true"})
	if r.Status != 200 || r.Body != "" {
		t.Errorf("delete one: %d %q", r.Status, r.Body)
	}
	if page := alice.get("/chat"); strings.Contains(page.Body, "secret question") || !strings.Contains(page.Body, "cassava") {
		t.Error("the deleted turn is still shown, or the other one is gone")
	}
	if r := alice.do("POST", "/chat/delete", url.Values{"_csrf": {alice.csrf("/chat")}}, nil); r.Status != 303 {
		t.Errorf("delete all: %d", r.Status)
	}
	if n, _ := d.ChatListMessages(context.Background(), db.ChatListMessagesParams{UserID: au.ID, BeforeID: 1 << 62, Lim: 10}); len(n) != 0 {
		t.Errorf("%d turns after delete all", len(n))
	}
}

func TestChatHistoryPages(t *testing.T) {
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	c, u := patientClient(t, srv, "paula")
	ctx := context.Background()
	for i := range 45 {
		if _, err := d.ChatCreateMessage(ctx, db.ChatCreateMessageParams{Uuid: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), UserID: u.ID,
			Message: fmt.Sprintf("question number %02d", i), Response: "answer", Entities: "{}", CreatedAt: db.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	page := c.get("/chat")
	if !strings.Contains(page.Body, "question number 44") || strings.Contains(page.Body, "question number 24") ||
		!strings.Contains(page.Body, "question number 25") {
		t.Fatal("first page is not the latest 20")
	}
	m := regexp.MustCompile(`hx-get="/chat/history\?before=(\d+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no 'load earlier'")
	}
	older := c.do("GET", "/chat/history?before="+m[1], nil, map[string]string{"HX-Request": "true"})
	if !strings.Contains(older.Body, "question number 24") || !strings.Contains(older.Body, "question number 05") ||
		strings.Contains(older.Body, "question number 25") || !strings.Contains(older.Body, "before=") {
		t.Errorf("second page:\n%.500s", older.Body)
	}
}

// TestChatLLMBackendAndFallback: with an OpenAI-compatible endpoint configured the
// assistant may phrase free-form answers; when it fails, the built-in answer is used.
func TestChatLLMBackendAndFallback(t *testing.T) {
	var mu sync.Mutex
	fail := false
	var sawKey string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		sawKey = r.Header.Get("Authorization")
		if fail {
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"message": map[string]string{
			"role": "assistant", "content": "From the model: cassava is high in starch; keep portions small."}}}})
	}))
	defer fake.Close()
	d := dbtest.NewSQLite(t)
	chatDB(t, d)
	srv := startServer(t, d, serverOpts{config: func(c *config.Config) {
		c.LLMURL, c.LLMKey, c.LLMModel = fake.URL, "sk-test-secret", "test-model"
	}})
	c, _ := patientClient(t, srv, "lena")

	if got := replyText(t, c.say("is cassava good for diabetes?")); !strings.Contains(got, "From the model") {
		t.Errorf("LLM answer not used: %s", got)
	}
	if sawKey != "Bearer sk-test-secret" {
		t.Errorf("authorization header %q", sawKey)
	}
	// safety never goes to the model
	if got := replyText(t, c.say("my sugar is 3.5")); strings.Contains(got, "From the model") || !strings.Contains(got, "rule of 15") {
		t.Errorf("safety answer: %s", got)
	}
	mu.Lock()
	fail = true
	mu.Unlock()
	got := replyText(t, c.say("is cassava good for diabetes?"))
	if strings.Contains(got, "From the model") || !strings.Contains(strings.ToLower(got), "cassava") {
		t.Errorf("fallback answer: %s", got)
	}
}

// TestChatBuiltinAnswerLatency measures the server time of one built-in answer through the
// handler (session, CSRF, state, assistant, data queries, stored turn, render).
func TestChatBuiltinAnswerLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency figure: skipped with -short")
	}
	d := dbtest.NewSQLite(t)
	srv := chatServer(t, d)
	c, _ := patientClient(t, srv, "timer")
	token := c.csrf("/chat")
	msgs := []string{"how many carbs in 2 cups of beans", "and posho?", "is matooke good for diabetes",
		"cheaper alternative to beef", "lunch with 3000 shillings", "my average sugar this week",
		"how much did i spend on food today", "am i on track with my goals", "I had posho and beans for lunch", "no",
		"what did I eat yesterday", "cheapest protein foods", "how many lows this month", "price of beans"}
	for _, m := range msgs { // warm up: the lexicon is built on the first message
		c.do("POST", "/chat", url.Values{"message": {m}, "_csrf": {token}}, map[string]string{"HX-Request": "true"})
	}
	var times []time.Duration
	per := map[string][]time.Duration{}
	for i := range 300 {
		form := url.Values{"message": {msgs[i%len(msgs)]}, "_csrf": {token}}
		start := time.Now()
		r := c.do("POST", "/chat", form, map[string]string{"HX-Request": "true"})
		times = append(times, time.Since(start))
		per[msgs[i%len(msgs)]] = append(per[msgs[i%len(msgs)]], time.Since(start))
		if r.Status != 200 {
			t.Fatalf("%q: %d", msgs[i%len(msgs)], r.Status)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	p50, p95 := times[len(times)/2], times[len(times)*95/100]
	t.Logf("built-in answer through the handler (loopback HTTP, SQLite): p50 %v, p95 %v, max %v", p50, p95, times[len(times)-1])
	for m, ts := range per {
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		t.Logf("  %-40q p50 %v", m, ts[len(ts)/2])
	}
	// Speed is reported here and in benchmarks, not asserted: a loaded machine would make a
	// timed assertion flaky (the target, p95 < 20 ms, goes in the closing note).
}
