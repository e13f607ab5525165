package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zoe-nutritech/zoe/internal/i18n"
)

// lugandaPage checks the page on screen: <html lang="lg">, no sideways overflow, and no
// line of its text that is an English catalogue message left untranslated.
func lugandaPage(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "lg" {
		t.Errorf("%s: <html lang=%q>, want lg", path, lang)
	}
	if over := eval[string](t, ctx, overflowJS); over != "" {
		t.Errorf("%s in Luganda at 360×740 overflows sideways: %s", path, over)
	}
	lines := strings.Split(eval[string](t, ctx, `document.body.innerText`), "\n")
	if bad := i18n.Untranslated(i18n.Luganda, lines); len(bad) > 0 {
		t.Errorf("%s shows English catalogue text in Luganda: %q", path, bad)
	}
}

// TestLugandaPhoneLogsMealAndGlucose: a patient whose profile says Luganda logs a glucose
// reading and a meal on a 360×740 screen through the quick-log button; every page on the
// way is in Luganda, fits the screen, and is photographed (lg-*.png in the screenshot
// folder). A very low reading is answered with the urgent advice in Luganda.
func TestLugandaPhoneLogsMealAndGlucose(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browserWithin(t, 3*time.Minute)
	a, u := newApp(t, "lg-e2e")
	d := a.deps.DB
	if _, err := d.SQL().Exec("UPDATE users SET language = 'lg' WHERE id = ?", u.ID); err != nil {
		t.Fatal(err)
	}
	dir := screenshotDir(t)
	do(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	login(t, ctx, a, u.Username)
	lugandaPage(t, ctx, "/home")
	if got := eval[string](t, ctx, `document.querySelector("nav.tabbar").innerText`); !strings.Contains(got, "Awaka") {
		t.Errorf("the tab bar is not in Luganda: %q", got)
	}

	// Quick log → glucose, a very low reading: the urgent advice, in Luganda, beside the field.
	do(t, ctx, chromedp.Click(chromedp.CSS(".quicklog summary")),
		chromedp.Click(chromedp.CSS(`.quicklog a[href^="/records"]`)))
	waitFor(t, ctx, "the glucose form", `!!document.querySelector("#record-form #f-glucose")`, 10*time.Second)
	lugandaPage(t, ctx, "/records")
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#record-form #f-glucose"), "2.8"),
		chromedp.Click(chromedp.CSS("#record-form button[type=submit]")))
	waitFor(t, ctx, "the saved reading", `location.search.includes("saved=")`, 10*time.Second)
	waitFor(t, ctx, "the advice beside the field", `!!document.getElementById("glucose-feedback")`, 10*time.Second)
	advice := eval[string](t, ctx, `document.getElementById("glucose-feedback").innerText`)
	if !strings.Contains(advice, "KYA MANGU") || !strings.Contains(advice, "mmol/L") {
		t.Errorf("the urgent low advice is not in Luganda: %q", advice)
	}
	lugandaPage(t, ctx, "/records (saved)")
	shoot(t, ctx, dir, "lg-360x740-records-low.png")
	if n := rows(t, d, "diabetes_records", u.ID); n != 1 {
		t.Fatalf("%d readings stored, want 1", n)
	}

	// Quick log → food: search, pick, save.
	do(t, ctx, chromedp.Click(chromedp.CSS(".quicklog summary")),
		chromedp.Click(chromedp.CSS(`.quicklog a[href^="/diary"]`)))
	waitFor(t, ctx, "the diary search", `!!document.querySelector("#f-q")`, 10*time.Second)
	lugandaPage(t, ctx, "/diary")
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-q"), "matooke"))
	waitFor(t, ctx, "matooke in the picker", `!!document.querySelector("#picker a[href*='/diary/add?food=']")`, 10*time.Second)
	do(t, ctx, chromedp.Click(chromedp.CSS("#picker a[href*='/diary/add?food=']")))
	waitFor(t, ctx, "the log form", `!!document.querySelector("#food-log-form")`, 10*time.Second)
	lugandaPage(t, ctx, "/diary/add")
	shoot(t, ctx, dir, "lg-360x740-diary-add.png")
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#food-log-form #f-amount"), "1"),
		chromedp.Click(chromedp.CSS("#food-log-form button[type=submit]")))
	waitFor(t, ctx, "the diary with the entry", `location.pathname === "/diary" && !!document.querySelector("td.row-actions")`, 10*time.Second)
	if n := rows(t, d, "food_logs", u.ID); n != 1 {
		t.Fatalf("%d diary entries stored, want 1", n)
	}
	lugandaPage(t, ctx, "/diary (logged)")
	if got := eval[string](t, ctx, `document.querySelector("main h1").innerText`); !strings.Contains(got, "Ekitabo ky'emmere") {
		t.Errorf("diary heading not in Luganda: %q", got)
	}
	shoot(t, ctx, dir, "lg-360x740-diary.png")

	do(t, ctx, chromedp.Navigate(a.url("/home")))
	waitFor(t, ctx, "the home page", `document.readyState === "complete" && !!document.querySelector("main h1")`, 10*time.Second)
	lugandaPage(t, ctx, "/home (after logging)")
	shoot(t, ctx, dir, "lg-360x740-home.png")
	t.Logf("Luganda screenshots in %s", dir)
}

func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
