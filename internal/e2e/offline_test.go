// Package e2e holds the browser suite: the real app on a loopback port, driven in headless
// Chromium (Debian's /usr/bin/chromium, no browser download) with chromedp.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/accounts/throttle"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

const chromium = "/usr/bin/chromium"

// app is the real server on a fixed loopback address that can be stopped and started again
// (the same database and session store), which is what "the connection is gone" looks like
// to the phone.
type app struct {
	t    *testing.T
	addr string
	deps handlers.Deps
	fa   *fiber.App
}

func (a *app) start() {
	a.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger for a moment after a stop
		if ln, err = net.Listen("tcp", a.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		a.t.Fatal(err)
	}
	a.addr = ln.Addr().String()
	a.fa = handlers.New(a.deps)
	go func() { _ = a.fa.Listener(ln) }()
}

func (a *app) stop() {
	if a.fa != nil {
		_ = a.fa.ShutdownWithTimeout(5 * time.Second)
		a.fa = nil
	}
}

func (a *app) url(path string) string { return "http://" + a.addr + path }

// newApp migrates a fresh SQLite database, loads the food table and makes a patient with
// offline mode on (password "password-<username>").
func newApp(t *testing.T, username string) (*app, db.User) {
	d := dbtest.NewSQLite(t)
	ctx := context.Background()
	c := cache.NewLRU(1000, time.Minute)
	if _, err := catalog.New(d, c, nil).ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	hash, err := accounts.HashPassword("password-" + username)
	if err != nil {
		t.Fatal(err)
	}
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: username, Email: username + "@example.org", PasswordHash: hash,
		Role: "patient", FirstName: "Akello", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SQL().Exec("UPDATE users SET offline_mode_enabled = TRUE WHERE id = ?", u.ID); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load("test", nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.OfflineCacheDir = t.TempDir()
	cfg.UploadsDir = t.TempDir()
	sm := handlers.NewSessionManager(sqlite3store.NewWithCleanupInterval(d.SQL(), 0), time.Hour, time.Hour, false)
	a := &app{t: t, addr: "127.0.0.1:0", deps: handlers.Deps{Config: cfg, DB: d, Sessions: sm, Cache: c,
		Limiter: throttle.New(throttle.NewMemory(), throttle.DefaultLimits())}}
	a.start()
	t.Cleanup(a.stop)
	return a, u
}

func browser(t *testing.T) context.Context { return browserWithin(t, 90*time.Second) }

// browserWithin is a fresh headless Chromium whose whole run must end within d.
func browserWithin(t *testing.T, d time.Duration) context.Context {
	if _, err := os.Stat(chromium); err != nil {
		if dbtest.RequireServices() {
			t.Fatalf("ZOE_REQUIRE_SERVICES=1 but %s is missing: %v", chromium, err)
		}
		t.Skipf("browser suite skipped: %s not found (apt-get install chromium)", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, d)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx
}

// eval runs JavaScript in the page (promises awaited).
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %q: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func waitFor(t *testing.T, ctx context.Context, what, js string, within time.Duration) {
	t.Helper()
	end := time.Now().Add(within)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if time.Now().After(end) {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
			t.Fatalf("timed out waiting for %s (last error %v)\npage:\n%s", what, err, body)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// signIn signs u in through the login form (newApp's password) and waits for the home page.
func signIn(t *testing.T, ctx context.Context, a *app, u db.User) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(a.url("/login")),
		chromedp.SendKeys(chromedp.CSS("#f-login"), u.Username),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "password-"+u.Username),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")))
	waitFor(t, ctx, "the home page", `location.pathname === "/home"`, 15*time.Second)
}

func rows(t *testing.T, d *db.DB, table string, userID int64) int {
	t.Helper()
	var n int
	if err := d.SQL().QueryRow("SELECT count(*) FROM "+table+" WHERE user_id = ?", userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOfflineRoundTrip: log in, let the service worker install, lose the connection (the
// server stops), use the offline pages, log a meal and a glucose value, get the connection
// back (the server restarts on the same port) and check that each was stored exactly once.
func TestOfflineRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browser(t)
	a, u := newApp(t, "offline-e2e")
	d := a.deps.DB

	// Log in; the layout registers the service worker and fetches the offline data.
	signIn(t, ctx, a, u)
	waitFor(t, ctx, "an active service worker", `navigator.serviceWorker.ready.then(r => !!r.active)`, 20*time.Second)
	if !eval[bool](t, ctx, `!!navigator.serviceWorker.controller`) {
		do(t, ctx, chromedp.Reload())
	}
	waitFor(t, ctx, "the page to be controlled by the service worker", `!!navigator.serviceWorker.controller`, 10*time.Second)
	waitFor(t, ctx, "the offline data on the phone",
		`ZoeStore.getSnapshot(localStorage.getItem("zoe.user")).then(s => !!(s && s.data && s.data.food_items.length > 250))`, 15*time.Second)

	// Chromium finds the app installable (manifest, icons, service worker).
	inst, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range inst.InstallabilityErrors {
		t.Errorf("installability: %s %v", e.ErrorID, e.ErrorArguments)
	}

	// The connection goes: the server stops and the phone reports itself offline.
	a.stop()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}

	// The main pages still open, built from the data on the phone.
	for _, p := range [][2]string{{"/home", "Latest glucose"}, {"/diary", "Log a meal"}, {"/records", "Log blood glucose"},
		{"/goals", "No goals yet"}, {"/offline#foods", "Search foods"}} {
		do(t, ctx, chromedp.Navigate(a.url(p[0])))
		waitFor(t, ctx, p[0]+" offline", fmt.Sprintf(`document.body.innerText.includes(%q)`, p[1]), 10*time.Second)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#off-food-q"), "matooke"))
	waitFor(t, ctx, "food search results", `document.querySelectorAll(".picker-results li.card").length > 0`, 5*time.Second)

	// Log a meal.
	do(t, ctx, chromedp.Navigate(a.url("/diary")))
	waitFor(t, ctx, "the diary form", `!!document.querySelector("#off-diary-q")`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#off-diary-q"), "beans"))
	waitFor(t, ctx, "food choices", `document.querySelectorAll(".picker-results button").length > 0`, 5*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS(".picker-results button")))
	waitFor(t, ctx, "the portion form", `!!document.querySelector("#off-amount")`, 5*time.Second)
	// With a photo of the meal from the camera field: kept on the phone with the entry.
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#off-photo"), []string{mealPhotoFile(t)}),
		chromedp.Click(chromedp.CSS(`form[data-offline-form="food_log"] button[type=submit]`)))
	waitFor(t, ctx, "the pending meal", `document.body.innerText.includes("Waiting to send")`, 5*time.Second)

	// Log a glucose value.
	do(t, ctx, chromedp.Navigate(a.url("/offline#glucose")))
	waitFor(t, ctx, "the glucose form", `!!document.querySelector("#off-glucose")`, 10*time.Second)
	// A sync attempt in the background (here: the connection event, with the server still
	// down) redraws what the data shows, never the input being typed into.
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#off-glucose"), "7"))
	if !eval[bool](t, ctx, `(() => {
		const input = document.getElementById("off-glucose");
		input.dataset.typing = "yes";
		const updated = Promise.race([new Promise(r => document.addEventListener("zoe:offline-updated", r, {once: true})),
			new Promise(r => setTimeout(r, 5000))]);
		window.dispatchEvent(new Event("online"));
		return updated.then(() => document.getElementById("off-glucose") === input && input.value === "7" && input.dataset.typing === "yes");
	})()`) {
		t.Fatal("a background sync attempt replaced the glucose input being typed into")
	}
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#off-glucose"), ".2"),
		chromedp.Click(chromedp.CSS(`form[data-offline-form="glucose"] button[type=submit]`)))
	waitFor(t, ctx, "the pending reading", `document.body.innerText.includes("7.2 mmol/L")`, 5*time.Second)
	waitFor(t, ctx, "two queued entries and a photo", `ZoeStore.queued(localStorage.getItem("zoe.user")).then(q => q.length === 3 && q.every(r => r.status === "pending") &&
		q.some(r => r.kind === "photo" && r.item.blob instanceof Blob && r.item.blob.size > 1000 && q.some(e => e.kind === "food_log" && e.uuid === r.item.entry_uuid)))`, 5*time.Second)
	do(t, ctx, chromedp.Navigate(a.url("/offline#home")))
	waitFor(t, ctx, "the dashboard with the pending reading", `document.body.innerText.includes("7.2 mmol/L") && document.body.innerText.includes("Waiting to send")`, 10*time.Second)
	if n := rows(t, d, "food_logs", u.ID) + rows(t, d, "diabetes_records", u.ID); n != 0 {
		t.Fatalf("%d rows stored while offline", n)
	}

	// The connection returns: the server starts again on the same port, the phone says it
	// is online, and the "online" event sends the queue (no reload).
	a.start()
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: false, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the queue to be sent", `ZoeStore.queued(localStorage.getItem("zoe.user")).then(q => q.length === 0)`, 20*time.Second)
	if f, g, p := rows(t, d, "food_logs", u.ID), rows(t, d, "diabetes_records", u.ID), rows(t, d, "meal_photos", u.ID); f != 1 || g != 1 || p != 1 {
		t.Fatalf("after sync: %d food logs, %d diabetes records, %d meal photos (want 1, 1 and 1)", f, g, p)
	}
	// The meal's time was typed in the user's zone (Africa/Kampala, not the browser's) and
	// stored in UTC.
	logs, err := d.OfflineFoodLogs(context.Background(), db.OfflineFoodLogsParams{UserID: u.ID, Since: time.Now().Add(-time.Hour), Lim: 5})
	if err != nil || len(logs) != 1 || time.Since(logs[0].ConsumedAt).Abs() > 5*time.Minute {
		t.Fatalf("stored meal time: %+v %v", logs, err)
	}
	var mgdl float64
	if err := d.SQL().QueryRow("SELECT glucose_mgdl FROM diabetes_records WHERE user_id = ?", u.ID).Scan(&mgdl); err != nil || mgdl < 129 || mgdl > 131 {
		t.Fatalf("stored reading %v mg/dL (%v), want 7.2 mmol/L ≈ 129.7", mgdl, err)
	}

	// Online pages again; another sync round stores nothing twice.
	do(t, ctx, chromedp.Navigate(a.url("/home")))
	waitFor(t, ctx, "the online home page", `!!document.querySelector('meta[name="zoe-user"]')`, 10*time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`ZoeStore.sync()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the refreshed offline data", `ZoeStore.getSnapshot(localStorage.getItem("zoe.user")).then(s => s.data.glucose.length === 1 && s.data.food_logs.length === 1)`, 10*time.Second)
	if f, g := rows(t, d, "food_logs", u.ID), rows(t, d, "diabetes_records", u.ID); f != 1 || g != 1 {
		t.Fatalf("after a second sync: %d food logs, %d diabetes records", f, g)
	}
	// An entry the server rejects stays on the phone with its reason, on the queue page and
	// in the banner of the online pages; nothing of it is stored.
	if !eval[bool](t, ctx, `ZoeStore.enqueue(localStorage.getItem("zoe.user"), {kind: "glucose", value: 0.4, unit: "mmol/L",
		context: "random", recorded_at: new Date().toISOString()}).then(() => ZoeStore.sync()).then(s => s.rejected === 1)`) {
		t.Fatal("the invalid entry was not rejected")
	}
	do(t, ctx, chromedp.Navigate(a.url("/offline#queue")))
	waitFor(t, ctx, "the rejected entry with its reason", `document.body.innerText.includes("Not saved") && document.body.innerText.includes("between 1.2 and 33.3")`, 10*time.Second)
	do(t, ctx, chromedp.Navigate(a.url("/home")))
	waitFor(t, ctx, "the banner", `!document.getElementById("offline-banner").hidden && document.getElementById("offline-banner").innerText.includes("1 entry was not saved")`, 10*time.Second)
	if g := rows(t, d, "diabetes_records", u.ID); g != 1 {
		t.Fatalf("the rejected reading was stored: %d records", g)
	}
	if got, err := d.GetUser(context.Background(), u.ID); err != nil || got.LastSync == nil {
		t.Fatalf("last_sync not set: %v", err)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatal("browser suite ran out of time")
	}
}
