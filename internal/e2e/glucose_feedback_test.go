package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// besideField checks, in the page, that the answer to the reading just typed in input
// (a CSS selector) is in the same form, right under it on screen, announced as an
// alert, and says what to do about an urgent low. It returns a description of what
// is wrong, or "".
func besideField(input string) string {
	return fmt.Sprintf(`(() => {
		const inp = document.querySelector(%q), fb = document.getElementById("glucose-feedback");
		if (!inp || !fb) return "no field or no answer";
		if (inp.form !== fb.closest("form")) return "the answer is not in the field's form";
		if (fb.getAttribute("role") !== "alert") return "role=" + fb.getAttribute("role");
		const gap = fb.getBoundingClientRect().top - inp.getBoundingClientRect().bottom;
		if (gap < 0 || gap > 120) return "the answer is " + Math.round(gap) + " px from the field";
		const t = fb.innerText;
		for (const w of ["URGENT: 2.8 mmol/L is very low", "15–20 g of fast sugar", "Wait 15 minutes", "Seek help now"])
			if (!t.includes(w)) return "the answer lacks " + w + ": " + t;
		return "";
	})()`, input)
}

func waitBeside(t *testing.T, ctx context.Context, where, input string) {
	t.Helper()
	js := besideField(input)
	end := time.Now().Add(10 * time.Second)
	last := ""
	for time.Now().Before(end) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err == nil && v == "" {
			return
		}
		last = v
		if err != nil {
			last = err.Error()
		}
		time.Sleep(150 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
	t.Fatalf("%s: 2.8 mmol/L is not answered beside its field: %s\npage:\n%s", where, last, body)
}

// TestUrgentLowAnsweredBesideTheField logs 2.8 mmol/L from the home page's quick form,
// the records page and the offline glucose page, and finds the urgent treatment advice
// right under the field each time (issue 15.4), read out as an alert.
func TestUrgentLowAnsweredBesideTheField(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browser(t)
	a, u := newApp(t, "hypo-e2e")
	d := a.deps.DB

	signIn(t, ctx, a, u)

	// Home: the quick form (htmx) answers in place.
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#quick-glucose #f-glucose"), "2.8"),
		chromedp.Click(chromedp.CSS("#quick-glucose button[type=submit]")))
	waitBeside(t, ctx, "home", "#quick-glucose #f-glucose")

	// Records page: the answer comes back with the form after the save.
	do(t, ctx, chromedp.Navigate(a.url("/records?new=glucose")))
	waitFor(t, ctx, "the records form", `!!document.querySelector("#record-form #f-glucose")`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#record-form #f-glucose"), "2.8"),
		chromedp.Click(chromedp.CSS("#record-form button[type=submit]")))
	waitFor(t, ctx, "the saved reading", `location.search.includes("saved=")`, 10*time.Second)
	waitBeside(t, ctx, "records", "#record-form #f-glucose")
	if n := rows(t, d, "diabetes_records", u.ID); n != 2 {
		t.Fatalf("%d readings stored, want 2", n)
	}

	// Offline: the glucose page built from the snapshot answers with the same words.
	waitFor(t, ctx, "an active service worker", `navigator.serviceWorker.ready.then(r => !!r.active)`, 20*time.Second)
	if !eval[bool](t, ctx, `!!navigator.serviceWorker.controller`) {
		do(t, ctx, chromedp.Reload())
	}
	waitFor(t, ctx, "the page to be controlled by the service worker", `!!navigator.serviceWorker.controller`, 10*time.Second)
	waitFor(t, ctx, "the offline data with the glucose advice",
		`ZoeStore.getSnapshot(localStorage.getItem("zoe.user")).then(s => !!(s && s.data && s.data.glucose_advice && s.data.glucose_advice.very_low))`, 15*time.Second)
	a.stop()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(a.url("/offline#glucose")))
	waitFor(t, ctx, "the offline glucose form", `!!document.querySelector("#off-glucose")`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#off-glucose"), "2.8"),
		chromedp.Click(chromedp.CSS(`form[data-offline-form="glucose"] button[type=submit]`)))
	waitBeside(t, ctx, "offline", "#off-glucose")
	if txt := eval[string](t, ctx, `document.getElementById("glucose-feedback").innerText`); !strings.Contains(txt, "Saved on this phone") {
		t.Errorf("offline answer does not say where the reading is: %s", txt)
	}
}

// TestChatUrgentLowIsAnAlert sends 2.8 mmol/L to the assistant in the browser (htmx) and finds
// the urgent treatment advice in the new turn, read out as an alert, with no offer to log it
// instead of seeking help (issue 15.4: the same answer from every place a reading is typed).
func TestChatUrgentLowIsAnAlert(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browser(t)
	a, u := newApp(t, "hypo-chat-e2e")
	signIn(t, ctx, a, u)
	do(t, ctx, chromedp.Navigate(a.url("/chat")))
	waitFor(t, ctx, "the chat form", `!!document.querySelector("#chat-form #f-message")`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#chat-form #f-message"), "my sugar is 2.8"),
		chromedp.Click(chromedp.CSS("#chat-form button[type=submit]")))
	waitFor(t, ctx, "the urgent answer", `!!document.querySelector("#chat-log .chat-urgent [role=alert]")`, 15*time.Second)
	txt := eval[string](t, ctx, `(() => { const turns = document.querySelectorAll("#chat-log .chat-turn");
		return turns[turns.length - 1].innerText; })()`)
	for _, w := range []string{"URGENT", "15–20 g of fast sugar", "Wait 15 minutes", "Seek help now"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the chat's answer to 2.8 mmol/L lacks %q:\n%s", w, txt)
		}
	}
	if strings.Contains(txt, "Yes, save it") {
		t.Errorf("an urgent low offers to log the reading instead of sending for help:\n%s", txt)
	}
}
