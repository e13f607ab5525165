// Package photos keeps the photos of diary entries: the picture files in a blobstore
// (ZOE_UPLOADS_DIR by default, object storage in a cluster) and a row per photo in
// meal_photos. Checking and re-encoding an upload is mealphoto's; this package decides
// where it goes, keeps the files and the rows in step, and deletes both.
package photos

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/blobstore"
	"github.com/zoe-nutritech/zoe/internal/records/mealphoto"
)

// MaxPerEntry is how many photos one diary entry may have.
const MaxPerEntry = 4

// Problems an upload can have beside those of the picture (mealphoto.Problem).
var (
	ErrBadUUID     = &mealphoto.Problem{Msg: "The photo's id is not valid: send it again from the app."}
	ErrTooMany     = &mealphoto.Problem{Msg: fmt.Sprintf("This entry already has %d photos: delete one before adding another.", MaxPerEntry)}
	ErrUUIDTaken   = &mealphoto.Problem{Msg: "This photo's id is already used for another entry: it was not saved."}
	ErrStoreDown   = &mealphoto.Problem{Msg: "The photo could not be saved just now: please try again later."}
	ErrBusy        = &mealphoto.Problem{Msg: "The server is busy with other photos: please try again in a moment."}
	ErrNoSuchEntry = errors.New("photos: no such diary entry")
)

// Album is a user's meal photos.
type Album struct {
	DB    db.Queries
	Files blobstore.Store
	Log   *slog.Logger
	Now   func() time.Time
	// decoding bounds how many uploads are decoded at once (a decoded 24 Mpx picture
	// takes about 100 MB): at most cap(decoding).
	decoding chan struct{}
}

// New returns an Album that decodes at most parallel uploads at a time.
func New(q db.Queries, files blobstore.Store, log *slog.Logger, parallel int) *Album {
	if log == nil {
		log = slog.Default()
	}
	return &Album{DB: q, Files: files, Log: log, Now: db.Now, decoding: make(chan struct{}, max(1, parallel))}
}

// Prefix is where a user's photos are in the store.
func Prefix(userID int64) string { return strconv.FormatInt(userID, 10) + "/photos/" }

// Key is the stored photo's key; ThumbKey its thumbnail's.
func Key(userID int64, id string) string      { return Prefix(userID) + id + ".jpg" }
func ThumbKey(userID int64, id string) string { return Prefix(userID) + id + ".thumb.jpg" }

// ParseUUID accepts a uuid in its canonical form (36 characters) and returns it lower case.
func ParseUUID(s string) (string, bool) {
	u, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return "", false
	}
	return u.String(), true
}

// Added says what Add did.
type Added struct {
	UUID      string
	Duplicate bool // stored before (a retried upload): nothing changed
}

// Add stores the upload r as a photo of the user's diary entry entryID, under id (the
// phone's uuid; "" makes one). It is idempotent: the same id for the same entry again is a
// duplicate and reads nothing. A refused upload is a *mealphoto.Problem and stores nothing.
func (a *Album) Add(ctx context.Context, userID, entryID int64, id string, r io.Reader) (Added, error) {
	if id == "" {
		id = uuid.NewString()
	}
	id, ok := ParseUUID(id)
	if !ok {
		return Added{}, ErrBadUUID
	}
	if prev, err := a.DB.GetMealPhoto(ctx, id); err == nil {
		if prev.UserID == userID && prev.FoodLogID == entryID {
			return Added{UUID: id, Duplicate: true}, nil
		}
		return Added{}, ErrUUIDTaken
	} else if !db.IsNotFound(err) {
		return Added{}, fmt.Errorf("photos: look up %s: %w", id, err)
	}
	n, err := a.DB.CountEntryPhotos(ctx, db.CountEntryPhotosParams{FoodLogID: entryID, UserID: userID})
	if err != nil {
		return Added{}, fmt.Errorf("photos: count: %w", err)
	}
	if n >= MaxPerEntry {
		return Added{}, ErrTooMany
	}
	p, err := a.prepare(ctx, r)
	if err != nil {
		return Added{}, err
	}
	full, thumb := Key(userID, id), ThumbKey(userID, id)
	if err := a.put(ctx, thumb, p.Thumb); err != nil {
		return Added{}, err
	}
	if err := a.put(ctx, full, p.Full); err != nil {
		a.remove(thumb)
		return Added{}, err
	}
	rows, err := a.DB.InsertMealPhoto(ctx, db.InsertMealPhotoParams{Uuid: id, UserID: userID, FoodLogID: entryID,
		Width: int64(p.Width), Height: int64(p.Height), Bytes: int64(len(p.Full)), ThumbBytes: int64(len(p.Thumb)), CreatedAt: a.Now()})
	if err != nil {
		// The entry may have been deleted meanwhile (foreign key): no row, so no files.
		a.remove(full, thumb)
		return Added{}, fmt.Errorf("photos: insert %s: %w", id, err)
	}
	if rows == 0 { // the same upload raced itself: the other request stored the same files
		return Added{UUID: id, Duplicate: true}, nil
	}
	return Added{UUID: id}, nil
}

// prepare decodes the upload, at most cap(decoding) at a time.
func (a *Album) prepare(ctx context.Context, r io.Reader) (mealphoto.Photo, error) {
	wait, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	select {
	case a.decoding <- struct{}{}:
	case <-wait.Done():
		return mealphoto.Photo{}, ErrBusy
	}
	defer func() { <-a.decoding }()
	return mealphoto.Read(r)
}

func (a *Album) put(ctx context.Context, key string, b []byte) error {
	if err := a.Files.Put(ctx, key, bytes.NewReader(b), int64(len(b)), "image/jpeg"); err != nil {
		a.Log.Error("photo store failed", "key", key, "err", err)
		return ErrStoreDown
	}
	return nil
}

// remove deletes files whose row is gone (or was never written); a failure is logged and
// left to PruneUser.
func (a *Album) remove(keys ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, k := range keys {
		if err := a.Files.Delete(ctx, k); err != nil {
			a.Log.Error("photo file not deleted", "key", k, "err", err)
		}
	}
}

// Open returns the photo's JPEG (or its thumbnail); blobstore.ErrNotFound when missing.
// Who may see it is the caller's check.
func (a *Album) Open(ctx context.Context, userID int64, id string, thumb bool) (io.ReadCloser, error) {
	key := Key(userID, id)
	if thumb {
		key = ThumbKey(userID, id)
	}
	return a.Files.Get(ctx, key)
}

// Delete deletes one of the user's photos (row, then files); false if there is none.
func (a *Album) Delete(ctx context.Context, userID int64, id string) (bool, error) {
	n, err := a.DB.DeleteMealPhoto(ctx, db.DeleteMealPhotoParams{Uuid: id, UserID: userID})
	if err != nil {
		return false, fmt.Errorf("photos: delete %s: %w", id, err)
	}
	if n > 0 {
		a.remove(Key(userID, id), ThumbKey(userID, id))
	}
	return n > 0, nil
}

// EntryPhotos lists the photo ids of a user's entry (before deleting the entry, whose rows
// go with it through the foreign key; then RemoveFiles).
func (a *Album) EntryPhotos(ctx context.Context, userID, entryID int64) ([]string, error) {
	rows, err := a.DB.ListEntryPhotos(ctx, db.ListEntryPhotosParams{FoodLogID: entryID, UserID: userID})
	if err != nil {
		return nil, fmt.Errorf("photos: list entry %d: %w", entryID, err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.Uuid
	}
	return ids, nil
}

// RemoveFiles deletes the files of photos whose rows are gone.
func (a *Album) RemoveFiles(userID int64, ids []string) {
	for _, id := range ids {
		a.remove(Key(userID, id), ThumbKey(userID, id))
	}
}

// DeleteUser deletes every photo file of a user (the rows go with the account).
func (a *Album) DeleteUser(ctx context.Context, userID int64) error {
	if _, err := blobstore.DeletePrefix(ctx, a.Files, Prefix(userID)); err != nil {
		return fmt.Errorf("photos: delete files of user %d: %w", userID, err)
	}
	return nil
}

// PruneUser deletes the user's photo files that have no row (an upload interrupted
// between its files and its row, an entry deleted while its files could not be) and says
// how many files it deleted. Run it when no upload of the user is in progress (an upload
// writes its files before its row).
func (a *Album) PruneUser(ctx context.Context, userID int64) (int, error) {
	rows, err := a.DB.ListUserPhotos(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("photos: prune user %d: %w", userID, err)
	}
	keep := make(map[string]bool, 2*len(rows))
	for _, r := range rows {
		keep[Key(userID, r.Uuid)], keep[ThumbKey(userID, r.Uuid)] = true, true
	}
	keys, err := a.Files.List(ctx, Prefix(userID))
	if err != nil {
		return 0, fmt.Errorf("photos: prune user %d: %w", userID, err)
	}
	n := 0
	for _, k := range keys {
		if keep[k] {
			continue
		}
		if err := a.Files.Delete(ctx, k); err != nil {
			return n, fmt.Errorf("photos: prune %s: %w", k, err)
		}
		n++
	}
	return n, nil
}
