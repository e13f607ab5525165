package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// offlineRequestsJS counts the page's requests for the offline snapshot (resource timing
// lists fetches as well as loads).
const offlineRequestsJS = `performance.getEntriesByType("resource").filter(e => e.name.includes("/offline/data.json")).length`

// TestOfflineReadyWhenSwitchedOn: a patient who has not switched offline mode on makes no
// request for the snapshot (so no 409 in the console); switching it on in the profile
// downloads the snapshot at once, says so, and every page then says when it was refreshed.
func TestOfflineReadyWhenSwitchedOn(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browserWithin(t, 2*time.Minute)
	a, u := newApp(t, "switch-e2e")
	if _, err := a.deps.DB.SQL().Exec("UPDATE users SET offline_mode_enabled = FALSE WHERE id = ?", u.ID); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, a, u.Username)
	for _, path := range []string{"/home", "/diary", "/records"} {
		do(t, ctx, chromedp.Navigate(a.url(path)))
		waitFor(t, ctx, path, `document.readyState === "complete" && !!window.ZoeStore`, 10*time.Second)
		time.Sleep(700 * time.Millisecond) // the offline script runs after load
		if n := eval[int](t, ctx, offlineRequestsJS); n != 0 {
			t.Fatalf("%s: %d requests for the offline data while offline mode is off", path, n)
		}
	}

	do(t, ctx, chromedp.Navigate(a.url("/profile")))
	waitFor(t, ctx, "the profile form", `!!document.querySelector('#profile-form input[name="offline_mode"]')`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS(`#profile-form input[name="offline_mode"]`)),
		chromedp.Click(chromedp.CSS(`#profile-form button[type=submit]`)))
	waitFor(t, ctx, "the home page after saving", `location.pathname === "/home"`, 10*time.Second)
	start := time.Now()
	// Well under the 2-minute check interval: the first copy is fetched on the first page.
	waitFor(t, ctx, "the snapshot on the phone",
		`ZoeStore.getSnapshot(localStorage.getItem("zoe.user")).then(s => !!(s && s.data && s.data.format))`, 15*time.Second)
	t.Logf("snapshot on the phone %.1f s after offline mode was switched on", time.Since(start).Seconds())
	waitFor(t, ctx, "the footer saying the data is on the phone",
		`(document.querySelector("footer [data-offline-status]") || {}).textContent.startsWith("Offline data saved on this phone")`, 10*time.Second)

	do(t, ctx, chromedp.Navigate(a.url("/diary")))
	waitFor(t, ctx, "the diary's footer saying when the data was refreshed",
		`/^Offline data (on|saved on) this phone/.test((document.querySelector("footer [data-offline-status]") || {}).textContent || "")`, 10*time.Second)
}
