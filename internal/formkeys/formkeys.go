// Package formkeys makes a form that creates rows safe to post twice. Each such form
// carries an idempotency key: a random UUID rendered into a hidden field (New). The server
// claims the key for the user before processing the post; the answer of a successful post
// is kept with the key, and a replay of the key (a retry on a bad connection, a double
// tap) gets that same answer back without running the handler again, so no second row is
// created. This is the online forms' counterpart of /sync, whose items carry their own
// UUIDs and are stored with ON CONFLICT (uuid) DO NOTHING.
//
// A post that fails (invalid input, an error) releases its key, so the corrected form can
// be sent again. A replay that arrives while the first post is still being processed
// waits for its answer (up to Wait). A key left pending for longer than Stale (the server
// stopped mid-post) is processed again. Keys are forgotten after Keep.
package formkeys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
)

// Field is the name of the hidden form field that carries the key.
const Field = "_idem"

// New is a fresh key for a form being rendered.
func New() string { return uuid.NewString() }

// Valid tells whether s has the form of a key.
func Valid(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && len(s) == 36 && u.String() == s
}

// Answer is what the first post of a key answered: replayed as it was.
type Answer struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    []byte            `json:"body,omitempty"`
}

// ErrBusy: the first post of the key is still being processed after Wait.
var ErrBusy = errors.New("formkeys: the first post of this form is still being processed")

// ErrOtherForm: the key was used for another form.
var ErrOtherForm = errors.New("formkeys: this key belongs to another form")

// Queries is what the package needs from the database.
type Queries interface {
	FormKeyClaim(ctx context.Context, arg db.FormKeyClaimParams) (int64, error)
	FormKeyTakeOver(ctx context.Context, arg db.FormKeyTakeOverParams) (int64, error)
	FormKeyGet(ctx context.Context, arg db.FormKeyGetParams) (db.FormKeyGetRow, error)
	FormKeyFinish(ctx context.Context, arg db.FormKeyFinishParams) error
	FormKeyRelease(ctx context.Context, arg db.FormKeyReleaseParams) error
	FormKeyPrune(ctx context.Context, arg db.FormKeyPruneParams) error
}

// Store keeps the keys of every user.
type Store struct {
	DB    Queries
	Wait  time.Duration // how long a replay waits for the first post's answer (default 10s)
	Stale time.Duration // a pending key older than this is processed again (default 2m)
	Keep  time.Duration // keys are forgotten after this (default 7 days)
	Poll  time.Duration // how often a waiting replay looks again (default 100ms)
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Begin claims key for the user's post to route. It returns (nil, nil) when the caller
// must process the post (then Finish or Release), or the first post's answer to replay.
func (s *Store) Begin(ctx context.Context, userID int64, key, route string) (*Answer, error) {
	now := db.Now()
	if err := s.DB.FormKeyPrune(ctx, db.FormKeyPruneParams{UserID: userID, Before: now.Add(-or(s.Keep, 7*24*time.Hour))}); err != nil {
		return nil, fmt.Errorf("formkeys: prune: %w", err)
	}
	n, err := s.DB.FormKeyClaim(ctx, db.FormKeyClaimParams{UserID: userID, IdemKey: key, Route: route, CreatedAt: now})
	if err != nil {
		return nil, fmt.Errorf("formkeys: claim: %w", err)
	}
	if n == 1 {
		return nil, nil
	}
	deadline := time.Now().Add(or(s.Wait, 10*time.Second))
	for {
		row, err := s.DB.FormKeyGet(ctx, db.FormKeyGetParams{UserID: userID, IdemKey: key})
		if db.IsNotFound(err) { // released by a failed first post in the meantime: try again
			return s.Begin(ctx, userID, key, route)
		}
		if err != nil {
			return nil, fmt.Errorf("formkeys: read: %w", err)
		}
		if row.Route != route {
			return nil, ErrOtherForm
		}
		if row.State == "done" {
			var a Answer
			if err := json.Unmarshal([]byte(row.Answer), &a); err != nil {
				return nil, fmt.Errorf("formkeys: stored answer: %w", err)
			}
			return &a, nil
		}
		now := db.Now()
		took, err := s.DB.FormKeyTakeOver(ctx, db.FormKeyTakeOverParams{CreatedAt: now, UserID: userID, IdemKey: key,
			StaleBefore: now.Add(-or(s.Stale, 2*time.Minute))})
		if err != nil {
			return nil, fmt.Errorf("formkeys: take over: %w", err)
		}
		if took == 1 {
			return nil, nil
		}
		if time.Now().After(deadline) {
			return nil, ErrBusy
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(or(s.Poll, 100*time.Millisecond)):
		}
	}
}

// Finish keeps the answer of a processed post for its replays.
func (s *Store) Finish(ctx context.Context, userID int64, key string, a Answer) error {
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("formkeys: encode answer: %w", err)
	}
	if err := s.DB.FormKeyFinish(ctx, db.FormKeyFinishParams{Answer: string(b), UserID: userID, IdemKey: key}); err != nil {
		return fmt.Errorf("formkeys: finish: %w", err)
	}
	return nil
}

// Release frees the key of a post that failed, so that it may be sent again.
func (s *Store) Release(ctx context.Context, userID int64, key string) error {
	if err := s.DB.FormKeyRelease(ctx, db.FormKeyReleaseParams{UserID: userID, IdemKey: key}); err != nil {
		return fmt.Errorf("formkeys: release: %w", err)
	}
	return nil
}
