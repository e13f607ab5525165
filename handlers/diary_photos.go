package handlers

import (
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/blobstore"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/mealphoto"
	"github.com/zoe-nutritech/zoe/internal/records/photos"
	"github.com/zoe-nutritech/zoe/views"
)

const (
	formBodyLimit  = 1 << 20  // every body but a photo upload
	photoBodyLimit = 24 << 20 // a photo upload: read whole, then refused beside the field above mealphoto.MaxBytes
	photoDecoders  = 2        // photos decoded at once (one per core of the reference machine)
	photoField     = "photo"  // the file field of the upload forms
	errNoPhotos    = "Photos cannot be stored on this server just now: please try again later."
	photoFileNames = "The file name holds a folder path or characters that are not allowed: rename the photo and send it again."
)

// isPhotoUpload reports whether a request is one of the two photo uploads (the only bodies
// over formBodyLimit).
func isPhotoUpload(c *fiber.Ctx) bool {
	if c.Method() != fiber.MethodPost {
		return false
	}
	p := c.Path()
	return p == "/sync/photos" || strings.HasPrefix(p, "/diary/") && strings.HasSuffix(p, "/photos")
}

// limitBody refuses bodies over formBodyLimit except on photo uploads (413, as before).
func limitBody(c *fiber.Ctx) error {
	if len(c.Request().Body()) > formBodyLimit && !isPhotoUpload(c) {
		return fiber.ErrRequestEntityTooLarge
	}
	return c.Next()
}

// uploadedPhoto opens the form's photo file. A missing file, or a file name that is a path
// (browsers send the bare name; a path is a crafted request), is a message for the field.
func uploadedPhoto(c *fiber.Ctx) (multipart.File, string, error) {
	fh, err := c.FormFile(photoField)
	if err != nil {
		return nil, mealphoto.ErrEmpty.Msg, nil
	}
	// mime/multipart keeps only the base of the name (fh.Filename): check what was sent.
	name := fh.Filename
	if _, params, err := mime.ParseMediaType(fh.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		name = params["filename"]
	}
	if !safeFileName(name) {
		return nil, photoFileNames, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", fmt.Errorf("open upload: %w", err)
	}
	return f, "", nil
}

// safeFileName accepts a bare file name: no folder separators (/ or \), no "..", no
// control characters.
func safeFileName(name string) bool {
	if name == "" || len(name) > 255 || strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// problemOf says whether err is a refusal for the person (its message) or a failure.
func problemOf(err error) (string, bool) {
	var p *mealphoto.Problem
	if errors.As(err, &p) {
		return p.Msg, true
	}
	return "", false
}

// diaryPhotoAdd answers POST /diary/:id/photos: a photo for one of the patient's entries.
// A refused upload re-renders the entry's page with the message beside the field (422) and
// stores nothing.
func (s *Server) diaryPhotoAdd(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.DB.GetFoodLog(ctx, db.GetFoodLogParams{ID: id, UserID: u.ID}); err != nil {
		return getOrNotFound(err)
	}
	if s.album == nil {
		return &HTTPError{Status: 503, Msg: errNoPhotos}
	}
	f, msg, err := uploadedPhoto(c)
	if err != nil {
		return errInternal(err)
	}
	if f != nil {
		defer f.Close()
		_, err = s.album.Add(ctx, u.ID, id, c.FormValue("uuid"), f)
		if m, ok := problemOf(err); ok {
			msg = m
		} else if err != nil {
			return errInternal(err)
		}
	}
	if msg != "" {
		status := 422
		if errors.Is(err, photos.ErrStoreDown) || errors.Is(err, photos.ErrBusy) {
			status = 503
		}
		return s.renderEntryPage(c, u, id, status, msg)
	}
	s.audit(c, &u.ID, &u.ID, "diary.photo_add", "entry "+strconv.FormatInt(id, 10))
	s.setFlash(c, "ok", "Photo added.")
	return redirect(c, "/diary/"+strconv.FormatInt(id, 10)+"/edit")
}

// renderEntryPage shows an entry's page (its form and photos) with a photo message.
func (s *Server) renderEntryPage(c *fiber.Ctx, u *db.User, id int64, status int, photoErr string) error {
	f, err := s.entryForm(c, u, id)
	if err != nil {
		return err
	}
	f.Photos.Error = photoErr
	return s.render(c, status, views.FoodLogPage(s.page(c, "Edit "+f.FoodName, "diary"), f))
}

// entryPhotosVM is the photo section of an entry's page.
func (s *Server) entryPhotosVM(c *fiber.Ctx, u *db.User, entryID int64, food string) (*views.EntryPhotosVM, error) {
	vm := &views.EntryPhotosVM{EntryID: entryID, Max: photos.MaxPerEntry, MaxMB: mealphoto.MaxBytes >> 20, NewUUID: uuid.NewString()}
	rows, err := s.DB.ListEntryPhotos(c.UserContext(), db.ListEntryPhotosParams{FoodLogID: entryID, UserID: u.ID})
	if err != nil {
		return nil, errInternal(err)
	}
	for i, r := range rows {
		vm.Photos = append(vm.Photos, views.PhotoVM{UUID: r.Uuid, Alt: fmt.Sprintf("Photo %d of %s", i+1, food)})
	}
	vm.CanAdd = s.album != nil && len(rows) < photos.MaxPerEntry
	return vm, nil
}

// photoParam loads the photo named by :uuid (404 when there is none, or no photo store).
func (s *Server) photoParam(c *fiber.Ctx) (db.MealPhoto, error) {
	id, ok := photos.ParseUUID(c.Params("uuid"))
	if !ok || s.album == nil {
		return db.MealPhoto{}, errNotFound()
	}
	p, err := s.DB.GetMealPhoto(c.UserContext(), id)
	if err != nil {
		return p, getOrNotFound(err)
	}
	return p, nil
}

// diaryPhotoDelete answers POST /diary/photos/:uuid/delete.
func (s *Server) diaryPhotoDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	p, err := s.photoParam(c)
	if err != nil {
		return err
	}
	if p.UserID != u.ID {
		return errNotFound()
	}
	if _, err := s.album.Delete(c.UserContext(), u.ID, p.Uuid); err != nil {
		return errInternal(err)
	}
	s.audit(c, &u.ID, &u.ID, "diary.photo_delete", "entry "+strconv.FormatInt(p.FoodLogID, 10))
	s.setFlash(c, "ok", "Photo deleted.")
	return redirect(c, "/diary/"+strconv.FormatInt(p.FoodLogID, 10)+"/edit")
}

// photoShow answers GET /photos/:uuid and /photos/:uuid/thumb: to the patient who took it,
// and to a dietitian actively linked to that patient who was given the diary; to anyone
// else the photo does not exist (404).
func (s *Server) photoShow(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	p, err := s.photoParam(c)
	if err != nil {
		return err
	}
	id := p.Uuid
	if p.UserID != u.ID {
		if u.Role != "dietitian" {
			return errNotFound()
		}
		link, err := s.DB.CareGetLinkedPatient(ctx, db.CareGetLinkedPatientParams{PatientID: p.UserID, DietitianID: u.ID})
		if err != nil {
			return getOrNotFound(err)
		}
		if !care.ParseShares(link.Shares).Has(care.ShareDiary) {
			return errNotFound()
		}
	}
	thumb := strings.HasSuffix(c.Path(), "/thumb")
	rc, err := s.album.Open(ctx, p.UserID, id, thumb)
	if errors.Is(err, blobstore.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return &HTTPError{Status: 503, Msg: "The photo cannot be loaded just now: please try again later.", Cause: err}
	}
	size := int(p.Bytes)
	if thumb {
		size = int(p.ThumbBytes)
	}
	c.Set(fiber.HeaderContentType, "image/jpeg")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="meal-photo.jpg"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.SendStream(rc, size)
}

// syncPhoto answers POST /sync/photos: a photo taken offline, sent after its diary entry
// (named by the entry's uuid) was synced. Idempotent on the photo's uuid. JSON answers:
// 200 created or duplicate; 409 the entry is not on the server (yet); 422 refused, with the
// reason; 503 try again later.
func (s *Server) syncPhoto(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	id, ok := photos.ParseUUID(c.FormValue("uuid"))
	answer := func(status int, st, msg string) error {
		c.Set(fiber.HeaderCacheControl, "no-store")
		m := fiber.Map{"uuid": id, "status": st}
		if msg != "" {
			m["error"] = msg
		}
		return c.Status(status).JSON(m)
	}
	if !ok {
		return answer(422, "rejected", photos.ErrBadUUID.Msg)
	}
	if s.album == nil {
		return answer(503, "retry", errNoPhotos)
	}
	entryUUID, ok := photos.ParseUUID(c.FormValue("entry_uuid"))
	if !ok {
		return answer(422, "rejected", "The photo does not say which diary entry it belongs to.")
	}
	entryID, err := s.DB.FoodLogIDByUUID(ctx, db.FoodLogIDByUUIDParams{Uuid: entryUUID, UserID: u.ID})
	if db.IsNotFound(err) {
		return answer(409, "waiting", "The diary entry of this photo is not saved on the server.")
	}
	if err != nil {
		return errInternal(err)
	}
	f, msg, err := uploadedPhoto(c)
	if err != nil {
		return errInternal(err)
	}
	if msg != "" {
		return answer(422, "rejected", msg)
	}
	defer f.Close()
	added, err := s.album.Add(ctx, u.ID, entryID, id, f)
	if m, ok := problemOf(err); ok {
		if errors.Is(err, photos.ErrStoreDown) || errors.Is(err, photos.ErrBusy) {
			return answer(503, "retry", m)
		}
		return answer(422, "rejected", m)
	}
	if err != nil {
		return errInternal(err)
	}
	if added.Duplicate {
		return answer(200, "duplicate", "")
	}
	s.audit(c, &u.ID, &u.ID, "sync.photo", "entry "+strconv.FormatInt(entryID, 10))
	return answer(200, "created", "")
}
