package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/records/dataexport"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) accountDataShow(c *fiber.Ctx) error {
	return s.render(c, 200, views.AccountDataPage(s.page(c, "Your data", "profile"), views.AccountDataVM{}))
}

// exportTables reads every table of the user's own data (one query per table).
func exportTables(ctx context.Context, q db.Queries, u *db.User) ([]dataexport.Table, error) {
	var ts []dataexport.Table
	var firstErr error
	add := func(name string, rows any, err error, omit ...string) {
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("export %s: %w", name, err)
		}
		ts = append(ts, dataexport.Table{Name: name, Rows: rows, Omit: omit})
	}
	add("profile", []db.User{*u}, nil, "password_hash", "session_key")
	r1, err := q.ExportFoodLogs(ctx, u.ID)
	add("food_diary", r1, err)
	r2, err := q.ExportDiabetesRecords(ctx, u.ID)
	add("diabetes_records", r2, err)
	r3, err := q.ExportWeightEntries(ctx, u.ID)
	add("weight_entries", r3, err)
	r4, err := q.ExportGoals(ctx, u.ID)
	add("goals", r4, err)
	r5, err := q.ExportGoalProgress(ctx, u.ID)
	add("goal_progress", r5, err)
	r6, err := q.ExportSavedMeals(ctx, u.ID)
	add("saved_meals", r6, err)
	r7, err := q.ExportOwnFoods(ctx, &u.ID)
	add("my_foods", r7, err)
	r8, err := q.ExportRecommendations(ctx, u.ID)
	add("recommendations", r8, err)
	r9, err := q.ExportChatHistory(ctx, u.ID)
	add("chat_history", r9, err)
	r10, err := q.ExportCareLinks(ctx, u.ID)
	add("care_links", r10, err)
	r11, err := q.ExportAudit(ctx, &u.ID)
	add("access_log", r11, err)
	r12, err := q.ListUserPhotos(ctx, u.ID)
	add("meal_photos", r12, err)
	return ts, firstErr
}

// exportPhotos are the user's meal photos as files of the export (photos/<uuid>.jpg, named
// in the meal_photos table), read from the file store as the archive is written.
func (s *Server) exportPhotos(ctx context.Context, tables []dataexport.Table, userID int64) []dataexport.File {
	if s.album == nil {
		return nil
	}
	var files []dataexport.File
	for _, t := range tables {
		rows, ok := t.Rows.([]db.ListUserPhotosRow)
		if !ok {
			continue
		}
		for _, r := range rows {
			id := r.Uuid
			files = append(files, dataexport.File{Name: "photos/" + id + ".jpg", Open: func() (io.ReadCloser, error) {
				return s.album.Open(ctx, userID, id, false)
			}})
		}
	}
	return files
}

func (s *Server) accountExport(c *fiber.Ctx) error {
	u := currentUser(c)
	tables, err := exportTables(c.UserContext(), s.DB.Read(), u) // a heavy read: the replica may serve it (lag bounded)
	if err != nil {
		return errInternal(err)
	}
	now := db.Now()
	// With photos the archive may be large: it is written to a temporary file (removed at
	// once, so nothing is left on disk whatever happens) and streamed from there.
	tmp, err := os.CreateTemp("", "zoe-export-*.zip")
	if err != nil {
		return errInternal(err)
	}
	_ = os.Remove(tmp.Name())
	if err := dataexport.WriteZip(tmp, "zoe-data.json", now, tables, s.exportPhotos(c.UserContext(), tables, u.ID)...); err != nil {
		tmp.Close()
		return errInternal(err)
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		tmp.Close()
		return errInternal(err)
	}
	s.audit(c, &u.ID, &u.ID, "account.export", "")
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="zoe-data-%s-%s.zip"`, u.Username, now.Format("2006-01-02")))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendStream(tmp, int(size)) // fasthttp closes the file when sent
}

// errFoodsInUse: the user's own foods are in other people's diaries or meals.
var errFoodsInUse = errors.New("own foods in use by others")

func (s *Server) accountDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	vm := views.AccountDataVM{Confirm: c.FormValue("confirm")}
	// The password is checked under the same throttle as logins: a stolen session must
	// not become a way to guess the password.
	res, status, msg := s.passwordAttempt(c, userAccount(u.ID))
	if status != 0 {
		vm.PasswordError = msg
		return s.render(c, status, views.AccountDataPage(s.page(c, "Your data", "profile"), vm))
	}
	if accounts.CheckPassword(c.FormValue("password"), u.PasswordHash) {
		s.passwordRight(c, res)
	} else {
		vm.PasswordError = "That is not your password."
	}
	if vm.Confirm != "DELETE" {
		vm.ConfirmError = "Type DELETE in capital letters."
	}
	if vm.PasswordError != "" || vm.ConfirmError != "" {
		return s.render(c, 422, views.AccountDataPage(s.page(c, "Your data", "profile"), vm))
	}
	err := s.DB.InTx(ctx, func(q db.Queries) error {
		// Diary entries and saved meals first: they may name the user's own foods, which
		// the schema protects from deletion while referenced (ON DELETE RESTRICT).
		if err := q.DeleteUserFoodLogs(ctx, u.ID); err != nil {
			return err
		}
		if err := q.DeleteUserSavedMeals(ctx, u.ID); err != nil {
			return err
		}
		n, err := q.DeleteUser(ctx, u.ID)
		if err == nil && n == 0 {
			return db.ErrNotFound
		}
		if err != nil && !db.IsNotFound(err) {
			return fmt.Errorf("%w: %v", errFoodsInUse, err)
		}
		return err
	})
	if errors.Is(err, errFoodsInUse) {
		vm.PasswordError = "Foods you added are used in other people's diaries, so the account cannot be deleted yet. Please contact support."
		s.Log.Warn("account delete blocked", "user", u.ID, "err", err)
		return s.render(c, 409, views.AccountDataPage(s.page(c, "Your data", "profile"), vm))
	}
	if err != nil {
		return errInternal(err)
	}
	s.forgetUserOrLog(ctx, u.ID)
	_ = s.Sessions.Destroy(ctx)
	// Then the files: the offline snapshot (name, diabetes type, readings) and uploads. A
	// failure here is logged; `zoe serve` prunes snapshots of deleted accounts at start.
	if err := s.removeUserFiles(ctx, u.ID); err != nil {
		s.Log.Error("account deleted but files remain", "user", u.ID, "err", err)
	}
	return redirect(c, "/login?deleted=1")
}

// removeUserFiles deletes every file the server keeps for a user: the offline snapshot,
// the uploads folder and the meal photos in the file store (the same folder by default,
// object storage in a cluster).
func (s *Server) removeUserFiles(ctx context.Context, userID int64) error {
	var photosErr error
	if s.album != nil {
		photosErr = s.album.DeleteUser(context.WithoutCancel(ctx), userID)
	}
	return errors.Join(s.offlineStore().Remove(userID), accounts.RemoveUploads(s.Config.UploadsDir, userID), photosErr)
}
