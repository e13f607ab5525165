package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshotDir is where the phone suite writes its screenshots: ZOE_TEST_SCREENSHOTS, or
// internal/e2e/screenshots (git-ignored) beside this file.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("ZOE_TEST_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// phoneSizes are the two screens every patient page is checked on: a small Android phone
// (360×740) and a common larger one (390×844).
var phoneSizes = []struct{ w, h int64 }{{360, 740}, {390, 844}}

// overflowJS answers "" when the page body fits the screen's width, otherwise the widest
// elements that stick out (tag, id, class and right edge) so a failure says what to fix.
const overflowJS = `(() => {
  const de = document.documentElement;
  if (de.scrollWidth <= window.innerWidth) return "";
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && r.width > 0) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + String(el.className).trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(r.right));
      if (out.length >= 6) break;
    }
  }
  return "scrollWidth " + de.scrollWidth + " > " + window.innerWidth + ": " + out.join(", ");
})()`

// login signs the user in through the form and waits for the home page.
func login(t *testing.T, ctx context.Context, a *app, username string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(a.url("/login")),
		chromedp.SendKeys(chromedp.CSS("#f-login"), username),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "password-"+username),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")))
	waitFor(t, ctx, "the home page", `location.pathname === "/home"`, 15*time.Second)
}

// checkPage opens a page at the current screen size, waits for it, fails on horizontal
// overflow and saves a screenshot of the first screen, named after the page and the size.
func checkPage(t *testing.T, ctx context.Context, a *app, path, name string, w, h int64, dir string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(a.url(path)))
	waitFor(t, ctx, path+" to load", `document.readyState === "complete" && !!document.querySelector("main h1, main h2")`, 10*time.Second)
	if got := eval[string](t, ctx, `location.pathname`); got == "/login" {
		t.Fatalf("%s sent the patient to the login page", path)
	}
	if over := eval[string](t, ctx, overflowJS); over != "" {
		t.Errorf("%s at %d×%d overflows sideways: %s", path, w, h, over)
	}
	for _, v := range axeCheck(t, ctx) {
		t.Errorf("%s at %d×%d: axe %s (%s): %s — %v", path, w, h, v.ID, v.Impact, v.Help, v.Nodes)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // what the phone shows, as a PNG
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, fmt.Sprintf("%dx%d-%s.png", w, h, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPhoneLayout: on a 360×740 screen a patient logs a meal and a glucose reading through
// the quick-log button, then every patient page is opened at 360×740 and 390×844: none may
// scroll sideways, the tab bar is there with the current tab marked, and each page is
// photographed into the screenshot folder.
func TestPhoneLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browserWithin(t, 6*time.Minute) // some 45 pages
	a, u := newApp(t, "phone-e2e")
	d := a.deps.DB
	dir := screenshotDir(t)
	do(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	login(t, ctx, a, u.Username)

	// Quick log → glucose: two taps from any page to the form.
	do(t, ctx, chromedp.Navigate(a.url("/foods")))
	waitFor(t, ctx, "the foods page", `!!document.querySelector(".quicklog summary")`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS(".quicklog summary")),
		chromedp.Click(chromedp.CSS(`.quicklog a[href^="/records"]`)))
	waitFor(t, ctx, "the glucose form", `!!document.querySelector("#record-form #f-glucose")`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#record-form #f-glucose"), "6.4"),
		chromedp.Click(chromedp.CSS("#record-form button[type=submit]")))
	waitFor(t, ctx, "the saved reading", `location.search.includes("saved=")`, 10*time.Second)
	if n := rows(t, d, "diabetes_records", u.ID); n != 1 {
		t.Fatalf("%d readings stored, want 1", n)
	}

	// Quick log → food: search, pick, save.
	do(t, ctx, chromedp.Click(chromedp.CSS(".quicklog summary")),
		chromedp.Click(chromedp.CSS(`.quicklog a[href^="/diary"]`)))
	waitFor(t, ctx, "the diary search", `!!document.querySelector("#f-q")`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-q"), "matooke"))
	waitFor(t, ctx, "matooke in the picker", `!!document.querySelector("#picker a[href*='/diary/add?food=']")`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS("#picker a[href*='/diary/add?food=']")))
	waitFor(t, ctx, "the log form", `!!document.querySelector("#food-log-form")`, 10*time.Second)
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#food-log-form #f-amount"), "1"),
		chromedp.Click(chromedp.CSS("#food-log-form button[type=submit]")))
	waitFor(t, ctx, "the diary with the entry", `location.pathname === "/diary" && !!document.querySelector("table.cards td.row-actions")`, 10*time.Second)
	if n := rows(t, d, "food_logs", u.ID); n != 1 {
		t.Fatalf("%d diary entries stored, want 1", n)
	}
	var entryID, recordID, foodID int64
	if err := d.SQL().QueryRow("SELECT id, food_item_id FROM food_logs WHERE user_id = ?", u.ID).Scan(&entryID, &foodID); err != nil {
		t.Fatal(err)
	}
	if err := d.SQL().QueryRow("SELECT id FROM diabetes_records WHERE user_id = ?", u.ID).Scan(&recordID); err != nil {
		t.Fatal(err)
	}

	// The diary's entry is a card on a phone: its actions are on screen, not cut off.
	if !eval[bool](t, ctx, `(() => { const b = document.querySelector("table.cards td.row-actions button").getBoundingClientRect(); return b.right <= innerWidth && b.height >= 44; })()`) {
		t.Error("the diary entry's Delete button is off screen or smaller than 44 px")
	}

	pages := []struct{ path, name, tab string }{
		{"/home", "home", "Home"},
		{"/diary", "diary", "Diary"},
		{"/diary/week", "diary-week", "Diary"},
		{fmt.Sprintf("/diary/add?food=%d", foodID), "diary-add", "Diary"},
		{fmt.Sprintf("/diary/%d/edit", entryID), "diary-edit", "Diary"},
		{"/records", "records", "Glucose"},
		{"/records/stats", "records-stats", "Glucose"},
		{fmt.Sprintf("/records/%d/edit", recordID), "records-edit", "Glucose"},
		{"/weight", "weight", ""},
		{"/goals", "goals", "More"},
		{"/recommendations", "recommendations", "More"},
		{"/recommendations/history", "recommendations-history", "More"},
		{"/plan", "plan", "More"},
		{"/chat", "chat", "More"},
		{"/foods", "foods", "Foods"},
		{fmt.Sprintf("/foods/%d", foodID), "food", "Foods"},
		{"/foods/new", "food-new", "Foods"},
		{"/care", "care", "More"},
		{"/profile", "profile", "More"},
		{"/account/data", "account-data", ""},
		{"/account/password", "account-password", ""},
	}
	for _, size := range phoneSizes {
		do(t, ctx, chromedp.EmulateViewport(size.w, size.h, chromedp.EmulateMobile))
		for _, pg := range pages {
			checkPage(t, ctx, a, pg.path, pg.name, size.w, size.h, dir)
			if !eval[bool](t, ctx, `getComputedStyle(document.querySelector("nav.tabbar")).display !== "none" && getComputedStyle(document.querySelector("nav.main")).display === "none"`) {
				t.Errorf("%s at %d px: the tab bar is not shown instead of the top navigation", pg.path, size.w)
			}
			if pg.tab != "" {
				if got := eval[string](t, ctx, `(document.querySelector("nav.tabbar a[aria-current]") || {}).textContent || ""`); strings.TrimSpace(got) != pg.tab {
					t.Errorf("%s: current tab %q, want %q", pg.path, got, pg.tab)
				}
			}
			small := eval[string](t, ctx, `[...document.querySelectorAll("nav.tabbar a, .quicklog summary")].filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; }).map(e => e.textContent).join(", ")`)
			if small != "" {
				t.Errorf("%s: tap targets under 44 px: %s", pg.path, small)
			}
		}
	}

	// The desktop keeps its top navigation and no tab bar.
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	checkPage(t, ctx, a, "/diary", "diary", 1280, 800, dir)
	if !eval[bool](t, ctx, `getComputedStyle(document.querySelector("nav.tabbar")).display === "none" && getComputedStyle(document.querySelector("nav.main")).display !== "none"`) {
		t.Error("at 1280 px the top navigation should show and the tab bar hide")
	}
	t.Logf("screenshots in %s", dir)
}
