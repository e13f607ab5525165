package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/blobstore"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/photos"
)

// photoUploads are the routes whose bodies may exceed the 1 MiB form limit.
var photoUploads = map[string]bool{"POST /diary/:id/photos": true, "POST /sync/photos": true}

func mealJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// addPhoto stores a photo of a user's diary entry in a server's file store.
func addPhoto(t testing.TB, srv *testServer, userID, entryID int64) string {
	t.Helper()
	files, err := blobstore.NewDir(srv.Uploads)
	if err != nil {
		t.Fatal(err)
	}
	a, err := photos.New(srv.DB, files, nil, 1).Add(context.Background(), userID, entryID, "", bytes.NewReader(mealJPEG(t, 80, 60)))
	if err != nil {
		t.Fatal(err)
	}
	return a.UUID
}

// upload posts a multipart form with a file, as a browser does.
func (c *client) upload(path string, fields map[string]string, fileName string, file []byte, csrf string) resp {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if csrf != "" {
		_ = mw.WriteField("_csrf", csrf)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("photo", fileName)
		_, _ = fw.Write(file)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(b), res.Header}
}

type photoWorld struct {
	srv                *testServer
	d                  *db.DB
	patient, dietitian db.User
	pc, dc             *client
	entry              int64
	entryUUID          string
	food               int64
}

func newPhotoWorld(t *testing.T, d *db.DB) *photoWorld {
	t.Helper()
	ctx := context.Background()
	if _, err := catalog.New(d, cache.NewLRU(100, time.Minute), slog.Default()).ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	w := &photoWorld{srv: startServer(t, d, serverOpts{}), d: d}
	w.patient = createUser(t, d, "photo-patient", "patient")
	w.dietitian = createUser(t, d, "photo-dietitian", "dietitian")
	food, err := d.GetFoodItemBySlug(ctx, "beans-boiled")
	if err != nil {
		t.Fatal(err)
	}
	w.food = food.ID
	w.entryUUID = uuid.NewString()
	if w.entry, err = d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: w.entryUUID, UserID: w.patient.ID, FoodItemID: food.ID,
		MealType: "lunch", Grams: 250, Quantity: 1, ConsumedAt: db.Now().Add(-time.Hour), CreatedAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SQL().ExecContext(ctx, `INSERT INTO care_links (patient_id, dietitian_id, status, invited_by, shares, created_at, accepted_at)
		VALUES (`+fmt.Sprint(w.patient.ID)+`, `+fmt.Sprint(w.dietitian.ID)+`, 'active', `+fmt.Sprint(w.patient.ID)+`, 'all', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	w.pc, w.dc = w.srv.client(t), w.srv.client(t)
	w.pc.login("photo-patient")
	w.dc.login("photo-dietitian")
	return w
}

func (w *photoWorld) entryPage() string { return fmt.Sprintf("/diary/%d/edit", w.entry) }

// stored is what the store and the table hold: (rows, files).
func (w *photoWorld) stored(t *testing.T) (int64, int) {
	t.Helper()
	n := dbtest.Count(t, w.d, "SELECT count(*) FROM meal_photos")
	files := 0
	_ = filepath.WalkDir(w.srv.Uploads, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files++
		}
		return nil
	})
	return n, files
}

// TestPhotoAttachOnline: the patient attaches a photo from the entry's page; it is stored
// re-encoded with a thumbnail, shown on the diary day and to the linked dietitian.
func TestPhotoAttachOnline(t *testing.T) {
	w := newPhotoWorld(t, dbtest.NewSQLite(t))
	page := w.pc.get(w.entryPage())
	if page.Status != 200 || !strings.Contains(page.Body, `capture="environment"`) || !strings.Contains(page.Body, `accept="image/*"`) {
		t.Fatalf("entry page %d lacks the camera field", page.Status)
	}
	id := uuid.NewString()
	r := w.pc.upload(fmt.Sprintf("/diary/%d/photos", w.entry), map[string]string{"uuid": id}, "IMG_0001.jpg", mealJPEG(t, 800, 600), w.pc.csrf(w.entryPage()))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != w.entryPage() {
		t.Fatalf("upload: %d %q\n%s", r.Status, r.Header.Get("Location"), r.Body)
	}
	if n, files := w.stored(t); n != 1 || files != 2 {
		t.Fatalf("stored %d rows, %d files; want 1 and 2", n, files)
	}
	// The same form sent again (a double tap) stores nothing more.
	r = w.pc.upload(fmt.Sprintf("/diary/%d/photos", w.entry), map[string]string{"uuid": id}, "IMG_0001.jpg", mealJPEG(t, 800, 600), w.pc.csrf(w.entryPage()))
	if n, files := w.stored(t); r.Status != http.StatusSeeOther || n != 1 || files != 2 {
		t.Fatalf("resent form: %d, %d rows, %d files", r.Status, n, files)
	}
	for _, c := range []*client{w.pc, w.dc} {
		for _, p := range []string{"/photos/" + id, "/photos/" + id + "/thumb"} {
			g := c.get(p)
			if g.Status != 200 || g.Header.Get("Content-Type") != "image/jpeg" {
				t.Fatalf("GET %s: %d %s", p, g.Status, g.Header.Get("Content-Type"))
			}
			if _, err := jpeg.Decode(strings.NewReader(g.Body)); err != nil {
				t.Fatalf("GET %s is not a JPEG: %v", p, err)
			}
		}
	}
	day := w.pc.get("/diary?date=" + db.Now().Add(-time.Hour).In(mustLoc(t)).Format("2006-01-02"))
	if !strings.Contains(day.Body, "/photos/"+id+"/thumb") {
		t.Fatal("the diary day does not show the photo")
	}
	pat := w.dc.get(fmt.Sprintf("/dietitian/patients/%d", w.patient.ID))
	if pat.Status != 200 || !strings.Contains(pat.Body, "/photos/"+id+"/thumb") {
		t.Fatalf("the dietitian's patient page (%d) does not show the photo", pat.Status)
	}
	// Without diary access the dietitian sees neither the photo nor that it exists.
	if _, err := w.d.SQL().Exec("UPDATE care_links SET shares = 'glucose' WHERE patient_id = ?", w.patient.ID); err != nil {
		t.Fatal(err)
	}
	if g := w.dc.get("/photos/" + id); g.Status != 404 {
		t.Fatalf("dietitian without diary access: %d, want 404", g.Status)
	}
	// Deleting the photo deletes its files.
	r = w.pc.do("POST", "/diary/photos/"+id+"/delete", url.Values{"_csrf": {w.pc.csrf(w.entryPage())}}, nil)
	if n, files := w.stored(t); r.Status != http.StatusSeeOther || n != 0 || files != 0 {
		t.Fatalf("delete: %d, %d rows, %d files left", r.Status, n, files)
	}
}

func mustLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Africa/Kampala")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestPhotoHostileUploads: each hostile upload gets its message beside the file field
// (422 on the entry's page) and stores nothing.
func TestPhotoHostileUploads(t *testing.T) {
	w := newPhotoWorld(t, dbtest.NewSQLite(t))
	good := mealJPEG(t, 300, 200)
	bomb := pngBomb(t)
	polyglot := append(append([]byte{}, good...), []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00<html><script>alert(1)</script>")...)
	cases := []struct {
		name, file string
		body       []byte
		want       string
	}{
		{"not an image", "meal.jpg", []byte("#!/bin/sh\nrm -rf /\n"), "not a photo the app can read"},
		{"decompression bomb", "meal.png", bomb, "too many pixels"},
		{"truncated", "meal.jpg", good[:len(good)/2], "damaged or cut short"},
		{"20 MB", "meal.jpg", append(append([]byte{}, good...), make([]byte, 20<<20)...), "larger than 8 MB"},
		{"polyglot", "meal.jpg", polyglot, "other data beside the picture"},
		{"path in the file name", "../../../etc/cron.d/meal.jpg", good, "folder path"},
		{"windows path in the file name", `C:\Users\x\meal.jpg`, good, "folder path"},
		{"no file", "", nil, "Choose a photo"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := w.pc.upload(fmt.Sprintf("/diary/%d/photos", w.entry), map[string]string{"uuid": uuid.NewString()}, c.file, c.body, w.pc.csrf(w.entryPage()))
			if r.Status != 422 || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, `id="e-photo"`) {
				t.Fatalf("status %d, want 422 with %q beside the field", r.Status, c.want)
			}
			if n, files := w.stored(t); n != 0 || files != 0 {
				t.Fatalf("stored %d rows, %d files", n, files)
			}
		})
	}
	// The same through the offline sync route: JSON, rejected, nothing stored.
	csrf := w.pc.syncToken()
	for _, c := range cases[:5] {
		r := w.pc.upload("/sync/photos", map[string]string{"uuid": uuid.NewString(), "entry_uuid": w.entryUUID}, c.file, c.body, csrf)
		var ans struct{ Status, Error string }
		if r.Status != 422 || json.Unmarshal([]byte(r.Body), &ans) != nil || ans.Status != "rejected" || !strings.Contains(ans.Error, c.want) {
			t.Fatalf("sync %s: %d %s", c.name, r.Status, r.Body)
		}
	}
	if n, files := w.stored(t); n != 0 || files != 0 {
		t.Fatalf("sync stored %d rows, %d files", n, files)
	}
}

// pngBomb is a valid 16×16 PNG whose header claims 50,000 × 50,000 pixels (10 GB decoded).
func pngBomb(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "internal", "records", "mealphoto", "testdata", "bomb.png"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPhotoUploadBodyLimit: the photo routes read bodies up to 24 MiB (so a 20 MB file is
// answered beside the field); above that, 413 like every other route above 1 MiB.
func TestPhotoUploadBodyLimit(t *testing.T) {
	w := newPhotoWorld(t, dbtest.NewSQLite(t))
	big := make([]byte, 25<<20)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("_csrf", w.pc.csrf(w.entryPage()))
	fw, _ := mw.CreateFormFile("photo", "big.jpg")
	_, _ = fw.Write(big)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/diary/%d/photos", w.srv.URL, w.entry), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := w.pc.hc.Do(req)
	if err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("25 MiB upload: %d, want 413", res.StatusCode)
		}
	}
	if n, files := w.stored(t); n != 0 || files != 0 {
		t.Fatalf("stored %d rows, %d files", n, files)
	}
}

// TestPhotoSyncOffline: a photo taken offline is sent after its entry, idempotently.
func TestPhotoSyncOffline(t *testing.T) {
	w := newPhotoWorld(t, dbtest.NewSQLite(t))
	csrf := w.pc.syncToken()
	pic := mealJPEG(t, 640, 480)
	id := uuid.NewString()
	status := func(r resp) string {
		var ans struct{ Status string }
		_ = json.Unmarshal([]byte(r.Body), &ans)
		return fmt.Sprint(r.Status, " ", ans.Status)
	}
	// Its entry is not on the server yet: wait, nothing stored.
	r := w.pc.upload("/sync/photos", map[string]string{"uuid": id, "entry_uuid": uuid.NewString()}, "photo.jpg", pic, csrf)
	if got := status(r); got != "409 waiting" {
		t.Fatalf("photo before its entry: %s", got)
	}
	// Another patient's entry is not found either.
	other := w.srv.client(t)
	createUser(t, w.d, "photo-other", "patient")
	other.login("photo-other")
	if got := status(other.upload("/sync/photos", map[string]string{"uuid": id, "entry_uuid": w.entryUUID}, "photo.jpg", pic, other.syncToken())); got != "409 waiting" {
		t.Fatalf("photo for someone else's entry: %s", got)
	}
	for i, want := range []string{"200 created", "200 duplicate", "200 duplicate"} {
		r = w.pc.upload("/sync/photos", map[string]string{"uuid": id, "entry_uuid": w.entryUUID}, "photo.jpg", pic, csrf)
		if got := status(r); got != want {
			t.Fatalf("send %d: %s, want %s (%s)", i+1, got, want, r.Body)
		}
	}
	if n, files := w.stored(t); n != 1 || files != 2 {
		t.Fatalf("stored %d rows, %d files", n, files)
	}
	// Without the CSRF token: refused.
	if r := w.pc.upload("/sync/photos", map[string]string{"uuid": uuid.NewString(), "entry_uuid": w.entryUUID}, "photo.jpg", pic, ""); r.Status != 403 {
		t.Fatalf("without CSRF: %d", r.Status)
	}
}

// TestPhotosGoWithEntryAndAccount: deleting the entry deletes its photos' files; the data
// export holds the photos; deleting the account deletes every photo file.
func TestPhotosGoWithEntryAndAccount(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		w := newPhotoWorld(t, d)
		first := addPhoto(t, w.srv, w.patient.ID, w.entry)
		r := w.pc.do("POST", fmt.Sprintf("/diary/%d/delete", w.entry), url.Values{"_csrf": {w.pc.csrf(w.entryPage())}}, nil)
		if n, files := w.stored(t); r.Status != http.StatusSeeOther || n != 0 || files != 0 {
			t.Fatalf("entry delete: %d, %d rows, %d files left", r.Status, n, files)
		}
		if g := w.pc.get("/photos/" + first); g.Status != 404 {
			t.Fatalf("photo of a deleted entry: %d", g.Status)
		}

		entry, err := d.CreateFoodLog(context.Background(), db.CreateFoodLogParams{Uuid: uuid.NewString(), UserID: w.patient.ID,
			FoodItemID: w.food, MealType: "dinner", Grams: 100, Quantity: 1, ConsumedAt: db.Now(), CreatedAt: db.Now()})
		if err != nil {
			t.Fatal(err)
		}
		id := addPhoto(t, w.srv, w.patient.ID, entry)
		ex := w.pc.get("/account/export.zip")
		zr, err := zip.NewReader(strings.NewReader(ex.Body), int64(len(ex.Body)))
		if ex.Status != 200 || err != nil {
			t.Fatalf("export: %d %v", ex.Status, err)
		}
		var found, listed bool
		for _, f := range zr.File {
			if f.Name == "photos/"+id+".jpg" {
				rc, _ := f.Open()
				_, err := jpeg.Decode(rc)
				rc.Close()
				found = err == nil
			}
			if f.Name == "meal_photos.csv" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				listed = strings.Contains(string(b), id)
			}
		}
		if !found || !listed {
			t.Fatalf("export: photo file %v, listed in meal_photos.csv %v", found, listed)
		}

		r = w.pc.do("POST", "/account/delete", url.Values{"_csrf": {w.pc.csrf("/account/data")}, "password": {"password-photo-patient"}, "confirm": {"DELETE"}}, nil)
		if n, files := w.stored(t); r.Status != http.StatusSeeOther || n != 0 || files != 0 {
			t.Fatalf("account delete: %d, %d rows, %d files left", r.Status, n, files)
		}
	})
}
