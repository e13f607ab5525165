package e2e

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
)

// TestPhotoAttachOnline: the patient opens a diary entry, picks a photo in the camera
// field, uploads it, and sees its thumbnail on the entry's page and on the diary day; a
// text file named like a photo is answered beside the field and stores nothing.
func TestPhotoAttachOnline(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite: not in -short")
	}
	ctx := browser(t)
	a, u := newApp(t, "photo-e2e")
	d := a.deps.DB
	food, err := d.GetFoodItemBySlug(context.Background(), "matooke-steamed")
	if err != nil {
		if food, err = d.GetFoodItemBySlug(context.Background(), "beans-boiled"); err != nil {
			t.Fatal(err)
		}
	}
	entry, err := d.CreateFoodLog(context.Background(), db.CreateFoodLogParams{Uuid: uuid.NewString(), UserID: u.ID, FoodItemID: food.ID,
		MealType: "lunch", Grams: 300, Quantity: 1, ConsumedAt: db.Now().Add(-time.Hour), CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	photo, fake := mealPhotoFile(t), filepath.Join(t.TempDir(), "notes.jpg")
	if err := os.WriteFile(fake, []byte("not a picture at all"), 0o600); err != nil {
		t.Fatal(err)
	}

	do(t, ctx, chromedp.Navigate(a.url("/login")),
		chromedp.SendKeys(chromedp.CSS("#f-login"), u.Username),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "password-"+u.Username),
		chromedp.Click(chromedp.CSS("#login-form button[type=submit]")))
	waitFor(t, ctx, "the home page", `location.pathname === "/home"`, 15*time.Second)
	page := "/diary/" + strconv.FormatInt(entry, 10) + "/edit"

	// A file that is not a picture: the message is beside the field; nothing stored.
	do(t, ctx, chromedp.Navigate(a.url(page)))
	waitFor(t, ctx, "the photo field", `!!document.querySelector("#f-photo[capture][accept='image/*']")`, 10*time.Second)
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#f-photo"), []string{fake}),
		chromedp.Click(chromedp.CSS("#photo-form button[type=submit]")))
	waitFor(t, ctx, "the message beside the field",
		`(() => { const e = document.getElementById("e-photo"); return !!e && e.closest("form") === document.getElementById("photo-form") && e.innerText.includes("not a photo"); })()`, 10*time.Second)
	if n := rows(t, d, "meal_photos", u.ID); n != 0 {
		t.Fatalf("a text file stored %d photos", n)
	}

	// The photo: uploaded, shown as a thumbnail that loads.
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#f-photo"), []string{photo}),
		chromedp.Click(chromedp.CSS("#photo-form button[type=submit]")))
	waitFor(t, ctx, "the thumbnail on the entry's page",
		`(() => { const i = document.querySelector("#entry-photos .photo-list img"); return !!i && i.complete && i.naturalWidth > 0 && i.naturalWidth <= 240; })()`, 15*time.Second)
	if n := rows(t, d, "meal_photos", u.ID); n != 1 {
		t.Fatalf("%d photos stored, want 1", n)
	}
	do(t, ctx, chromedp.Navigate(a.url("/diary?date="+db.Now().Add(-time.Hour).In(loc(t)).Format("2006-01-02"))))
	waitFor(t, ctx, "the thumbnail on the diary day",
		`(() => { const i = document.querySelector(".small-photos img"); return !!i && i.complete && i.naturalWidth > 0 && i.alt.includes("Lunch"); })()`, 10*time.Second)
}

func loc(t *testing.T) *time.Location {
	l, err := time.LoadLocation("Africa/Kampala")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// mealPhotoFile writes a 1200×900 JPEG (a phone photo's shape) and returns its path.
func mealPhotoFile(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1200, 900))
	for i := range img.Pix {
		img.Pix[i] = uint8(i / 4000)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "lunch.jpg")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
