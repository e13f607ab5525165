package photos_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/blobstore"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/mealphoto"
	"github.com/zoe-nutritech/zoe/internal/records/photos"
)

func photoJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type fixture struct {
	d       *db.DB
	files   *blobstore.Dir
	album   *photos.Album
	user    int64
	entries []int64
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := catalog.New(d, cache.NewLRU(10, time.Minute), nil).ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	food, err := d.GetFoodItemBySlug(ctx, "beans-boiled")
	if err != nil {
		t.Fatal(err)
	}
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "pic", Email: "pic@example.org", PasswordHash: "x",
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	files, err := blobstore.NewDir(filepath.Join(t.TempDir(), "uploads"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, files: files, album: photos.New(d, files, nil, 2), user: u.ID}
	for i := 0; i < 2; i++ {
		id, err := d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: uuid.NewString(), UserID: u.ID, FoodItemID: food.ID, MealType: "lunch",
			Grams: 200, Quantity: 1, ConsumedAt: db.Now(), CreatedAt: db.Now()})
		if err != nil {
			t.Fatal(err)
		}
		f.entries = append(f.entries, id)
	}
	return f
}

func (f *fixture) keys(t *testing.T) []string {
	t.Helper()
	k, err := f.files.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (f *fixture) rows(t *testing.T) int64 {
	return dbtest.Count(t, f.d, "SELECT count(*) FROM meal_photos")
}

func TestAlbum(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		pic := photoJPEG(t)
		id := uuid.NewString()

		got, err := f.album.Add(ctx, f.user, f.entries[0], id, bytes.NewReader(pic))
		if err != nil || got.Duplicate || got.UUID != id {
			t.Fatalf("Add = %+v, %v", got, err)
		}
		want := []string{photos.Key(f.user, id), photos.ThumbKey(f.user, id)}
		slices.Sort(want)
		if k := f.keys(t); !slices.Equal(k, want) {
			t.Fatalf("files %v, want %v", k, want)
		}
		rc, err := f.album.Open(ctx, f.user, id, true)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("thumbnail is not a JPEG: %v", err)
		}

		// The same upload again (a retried offline sync) changes nothing and reads nothing.
		got, err = f.album.Add(ctx, f.user, f.entries[0], strings.ToUpper(id), errReader{})
		if err != nil || !got.Duplicate {
			t.Fatalf("retry = %+v, %v; want a duplicate", got, err)
		}
		// The same id for another entry is refused.
		if _, err := f.album.Add(ctx, f.user, f.entries[1], id, bytes.NewReader(pic)); !errors.Is(err, photos.ErrUUIDTaken) {
			t.Fatalf("id reused: %v", err)
		}
		if n := f.rows(t); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}

		// A hostile upload stores nothing.
		if _, err := f.album.Add(ctx, f.user, f.entries[1], "", strings.NewReader("<html>not a photo</html>")); !errors.Is(err, mealphoto.ErrNotImage) {
			t.Fatalf("hostile: %v", err)
		}
		if _, err := f.album.Add(ctx, f.user, f.entries[1], "not-a-uuid", bytes.NewReader(pic)); !errors.Is(err, photos.ErrBadUUID) {
			t.Fatalf("bad uuid: %v", err)
		}
		if n, k := f.rows(t), f.keys(t); n != 1 || len(k) != 2 {
			t.Fatalf("after refused uploads: %d rows, files %v", n, k)
		}

		// At most MaxPerEntry photos an entry.
		for i := 1; i < photos.MaxPerEntry; i++ {
			if _, err := f.album.Add(ctx, f.user, f.entries[0], "", bytes.NewReader(pic)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.album.Add(ctx, f.user, f.entries[0], "", bytes.NewReader(pic)); !errors.Is(err, photos.ErrTooMany) {
			t.Fatalf("one too many: %v", err)
		}

		// Deleting one photo deletes its files.
		if ok, err := f.album.Delete(ctx, f.user, id); !ok || err != nil {
			t.Fatalf("Delete = %v, %v", ok, err)
		}
		if _, err := f.album.Open(ctx, f.user, id, false); !errors.Is(err, blobstore.ErrNotFound) {
			t.Fatalf("deleted photo still opens: %v", err)
		}
		if ok, _ := f.album.Delete(ctx, f.user+1, uuid.NewString()); ok {
			t.Fatal("deleted a photo that is not there")
		}

		// Deleting the entry deletes the rows (foreign key); RemoveFiles then the files.
		ids, err := f.album.EntryPhotos(ctx, f.user, f.entries[0])
		if err != nil || len(ids) != photos.MaxPerEntry-1 {
			t.Fatalf("EntryPhotos = %v, %v", ids, err)
		}
		if _, err := d.DeleteFoodLog(ctx, db.DeleteFoodLogParams{ID: f.entries[0], UserID: f.user}); err != nil {
			t.Fatal(err)
		}
		f.album.RemoveFiles(f.user, ids)
		if n, k := f.rows(t), f.keys(t); n != 0 || len(k) != 0 {
			t.Fatalf("after deleting the entry: %d rows, files %v", n, k)
		}

		// A photo of a deleted entry is refused by the database and leaves no files.
		if _, err := f.album.Add(ctx, f.user, f.entries[0], "", bytes.NewReader(pic)); err == nil {
			t.Fatal("photo of a deleted entry stored")
		}
		if k := f.keys(t); len(k) != 0 {
			t.Fatalf("files left: %v", k)
		}

		// Files without a row are pruned; DeleteUser deletes every file.
		if _, err := f.album.Add(ctx, f.user, f.entries[1], "", bytes.NewReader(pic)); err != nil {
			t.Fatal(err)
		}
		orphan := photos.Key(f.user, uuid.NewString())
		if err := f.files.Put(ctx, orphan, strings.NewReader("x"), 1, "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		if n, err := f.album.PruneUser(ctx, f.user); n != 1 || err != nil {
			t.Fatalf("PruneUser = %d, %v; want 1", n, err)
		}
		if k := f.keys(t); len(k) != 2 {
			t.Fatalf("after prune: %v", k)
		}
		if err := f.album.DeleteUser(ctx, f.user); err != nil {
			t.Fatal(err)
		}
		if k := f.keys(t); len(k) != 0 {
			t.Fatalf("after DeleteUser: %v", k)
		}
	})
}

// When the file store fails, the upload says "try again later" and leaves no row.
func TestAlbumStoreDown(t *testing.T) {
	d := dbtest.NewSQLite(t)
	f := setup(t, d)
	a := photos.New(d, downStore{f.files}, nil, 1)
	_, err := a.Add(context.Background(), f.user, f.entries[0], "", bytes.NewReader(photoJPEG(t)))
	if !errors.Is(err, photos.ErrStoreDown) {
		t.Fatalf("err = %v, want ErrStoreDown", err)
	}
	if n, k := f.rows(t), f.keys(t); n != 0 || len(k) != 0 {
		t.Fatalf("store down left %d rows, files %v", n, k)
	}
}

// downStore stores thumbnails but fails on full photos (the store went away mid-upload).
type downStore struct{ *blobstore.Dir }

func (s downStore) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	if strings.HasSuffix(key, ".thumb.jpg") {
		return s.Dir.Put(ctx, key, r, size, ct)
	}
	return errors.New("connection refused")
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("read the upload of a duplicate") }
