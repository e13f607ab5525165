package offline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
)

// Store keeps each user's snapshot as a file, Dir/<user id>.json (mode 0600), and rebuilds
// it when the user's data version has moved on or the file is older than MaxAge.
type Store struct {
	Dir string
	DB  db.Queries
}

// Entry is a snapshot ready to send.
type Entry struct {
	Body    []byte
	Version string
	ETag    string
	Built   bool // built by this call (false: read from the file)
}

// header is the part of a snapshot file checked before reusing it.
type header struct {
	Format   int       `json:"format"`
	Version  string    `json:"version"`
	CachedAt time.Time `json:"cached_at"`
}

// Version is the user's current data version (what the ETag names).
func (s *Store) Version(ctx context.Context, u db.User, now time.Time) (string, error) {
	return Version(ctx, s.DB, u, now)
}

// ETag is the entity tag of a version.
func ETag(version string) string { return etagOf(version) }

// Get returns the user's snapshot at version (from Version), from the file when it is
// current, else freshly built and written.
func (s *Store) Get(ctx context.Context, u db.User, version string, now time.Time) (Entry, error) {
	path := s.path(u.ID)
	if b, err := os.ReadFile(path); err == nil {
		var h header
		if json.Unmarshal(b, &h) == nil && h.Format == Format && h.Version == version && now.Sub(h.CachedAt) < MaxAge && !h.CachedAt.After(now.Add(time.Minute)) {
			return Entry{Body: b, Version: version, ETag: etagOf(version)}, nil
		}
	}
	snap, err := Build(ctx, s.DB, u, now)
	if err != nil {
		return Entry{}, err
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return Entry{}, fmt.Errorf("offline: encode snapshot: %w", err)
	}
	if err := writeFileAtomic(path, b); err != nil {
		return Entry{}, err
	}
	// An account deleted while this snapshot was being built must not leave it behind.
	if _, err := s.DB.GetUser(ctx, u.ID); db.IsNotFound(err) {
		return Entry{}, errors.Join(ErrNoUser, s.Remove(u.ID))
	}
	// The data may have changed between Version and Build: the snapshot's own version wins.
	return Entry{Body: b, Version: snap.Version, ETag: etagOf(snap.Version), Built: true}, nil
}

// Remove deletes a user's snapshot file (offline mode switched off, account deleted).
func (s *Store) Remove(userID int64) error {
	err := os.Remove(s.path(userID))
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("offline: remove snapshot: %w", err)
	}
	return nil
}

// ErrNoUser: the snapshot's account no longer exists.
var ErrNoUser = errors.New("offline: the account no longer exists")

// Prune removes the snapshot files of accounts that no longer exist (an account deleted
// while the server stopped between the database and the files) and half-written temporary
// files; it returns how many files it removed.
func (s *Store) Prune(ctx context.Context) (int, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("offline: prune: %w", err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		remove := strings.HasPrefix(name, ".snapshot-")
		if idText, ok := strings.CutSuffix(name, ".json"); ok && !remove {
			id, err := strconv.ParseInt(idText, 10, 64)
			if err != nil {
				continue
			}
			if _, err := s.DB.GetUser(ctx, id); db.IsNotFound(err) {
				remove = true
			} else if err != nil {
				return n, fmt.Errorf("offline: prune: %w", err)
			}
		}
		if remove {
			if err := os.Remove(filepath.Join(s.Dir, name)); err != nil && !os.IsNotExist(err) {
				return n, fmt.Errorf("offline: prune: %w", err)
			}
			n++
		}
	}
	return n, nil
}

func (s *Store) path(userID int64) string {
	return filepath.Join(s.Dir, strconv.FormatInt(userID, 10)+".json")
}

// writeFileAtomic writes b to a temporary file beside path and renames it into place, so a
// reader never sees half a snapshot.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("offline: cache dir: %w", err)
	}
	f, err := os.CreateTemp(dir, ".snapshot-*")
	if err != nil {
		return fmt.Errorf("offline: write snapshot: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	if err := f.Chmod(0o600); werr == nil {
		werr = err
	}
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("offline: write snapshot: %w", werr)
	}
	return nil
}

func splitComma(s string) []string {
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
