package accounts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// UploadsDir is where a user's uploaded files live: a folder named by the user id under the
// uploads directory (ZOE_UPLOADS_DIR/<user id>/), so that deleting the account deletes
// them all at once.
func UploadsDir(root string, userID int64) string {
	return filepath.Join(root, strconv.FormatInt(userID, 10))
}

// RemoveUploads deletes every uploaded file of a user (nothing there is not an error).
func RemoveUploads(root string, userID int64) error {
	if root == "" || userID <= 0 {
		return fmt.Errorf("accounts: remove uploads: no uploads directory or user")
	}
	if err := os.RemoveAll(UploadsDir(root, userID)); err != nil {
		return fmt.Errorf("accounts: remove uploads of user %d: %w", userID, err)
	}
	return nil
}

// PruneUploads removes the upload folders of accounts that no longer exist (gone(id) says
// so), e.g. when the server stopped between deleting an account's rows and its files.
func PruneUploads(root string, gone func(id int64) (bool, error)) (int, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("accounts: prune uploads: %w", err)
	}
	n := 0
	for _, e := range entries {
		id, err := strconv.ParseInt(e.Name(), 10, 64)
		if err != nil || !e.IsDir() || id <= 0 {
			continue
		}
		g, err := gone(id)
		if err != nil {
			return n, fmt.Errorf("accounts: prune uploads: %w", err)
		}
		if g {
			if err := RemoveUploads(root, id); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
