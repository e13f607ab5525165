// Package logbook is the one place a patient's logbook is written: diabetes records
// (glucose readings, insulin, HbA1c, medication, notes), food-diary entries, weigh-ins
// and goal progress. The forms, offline sync, the assistant and imports all call it, so
// every write is validated by the same rules (internal/records/tracking), stored by the
// same queries in one transaction, and followed by the same side effects:
//
//   - automatic goal progress (glucose, HbA1c and weight goals), in the transaction;
//   - the glucose feedback for a new or corrected reading (glucose.FeedbackFor);
//   - audit rows the caller asks for (Tx.Audit), in the transaction;
//   - after commit: the user's cached recommendations and meal plans are dropped
//     (suggest.InvalidateUser) and their offline snapshot file is removed, so the next
//     page or /offline/data.json is built from the new data.
//
// It is the records' counterpart of listmonk's internal/core: handlers stay thin
// (parse the request, call the logbook, render), and no caller can forget a side effect.
package logbook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// Source says where a write came from (audit rows and logs).
type Source string

const (
	FromForm   Source = "form"
	FromSync   Source = "sync"
	FromChat   Source = "chat"
	FromImport Source = "import"
)

// Snapshots removes a user's offline snapshot (offline.Store satisfies it).
type Snapshots interface {
	Remove(userID int64) error
}

// Book writes logbooks. The zero values of Cache and Snapshots switch those side
// effects off (tests, commands without a cache).
type Book struct {
	DB        *db.DB
	Cache     cache.Cache
	Snapshots Snapshots
	Log       *slog.Logger
	// Now is the clock (db.Now when nil).
	Now func() time.Time
}

// ErrInvalid is returned (wrapped in *InvalidError) when a single write fails validation:
// nothing was stored.
var ErrInvalid = errors.New("logbook: invalid input")

// InvalidError carries the per-field messages of a refused write.
type InvalidError struct{ Errors tracking.Errors }

func (e *InvalidError) Error() string { return ErrInvalid.Error() }
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// Invalid returns the field messages of err when it is a validation failure.
func Invalid(err error) (tracking.Errors, bool) {
	var ie *InvalidError
	if errors.As(err, &ie) {
		return ie.Errors, true
	}
	return nil, false
}

// ErrNotFound: the row to change or delete does not exist or belongs to someone else.
var ErrNotFound = errors.New("logbook: not found")

func (b *Book) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return db.Now()
}

func (b *Book) log() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.Default()
}

// Do runs fn as one transaction of writes to u's logbook, then every side effect
// those writes call for: goal progress and the audit rows in the same transaction,
// cache and offline-snapshot invalidation after the commit. When fn returns an error
// nothing is stored.
func (b *Book) Do(ctx context.Context, u db.User, src Source, ip string, fn func(tx *Tx) error) error {
	now := b.now()
	var changed bool
	err := b.DB.InTx(ctx, func(q db.Queries) error {
		tx := &Tx{ctx: ctx, q: q, u: u, src: src, ip: ip, now: now, loc: UserLoc(u), unit: UserUnit(u)}
		if err := fn(tx); err != nil {
			return err
		}
		if err := tx.finish(); err != nil {
			return err
		}
		changed = tx.eff.changed
		return nil
	})
	if err != nil {
		return err
	}
	if changed {
		b.afterCommit(ctx, u.ID)
	}
	return nil
}

// afterCommit drops what was computed from the old data. Failures are logged, not
// returned: the write is stored, and both caches also follow the data (the
// recommendation key includes the diary's version, the snapshot its data version).
func (b *Book) afterCommit(ctx context.Context, userID int64) {
	if err := suggest.InvalidateUser(ctx, b.Cache, userID); err != nil {
		b.log().Warn("logbook: recommendation cache not invalidated; entries expire within their TTL", "user", userID, "err", err)
	}
	if b.Snapshots != nil {
		if err := b.Snapshots.Remove(userID); err != nil {
			b.log().Warn("logbook: offline snapshot not removed", "user", userID, "err", err)
		}
	}
}

// single runs one write in its own transaction, returns its result and turns its
// validation failure into an *InvalidError.
func single[T any](b *Book, ctx context.Context, u db.User, src Source, fn func(tx *Tx) (T, tracking.Errors, error)) (T, error) {
	var out T
	err := b.Do(ctx, u, src, "", func(tx *Tx) error {
		var errs tracking.Errors
		var err error
		out, errs, err = fn(tx)
		if err == nil && len(errs) > 0 {
			return &InvalidError{Errors: errs}
		}
		return err
	})
	return out, err
}

// Tx is one transaction of logbook writes for one user.
type Tx struct {
	ctx  context.Context
	q    db.Queries
	u    db.User
	src  Source
	ip   string
	now  time.Time
	loc  *time.Location
	unit glucose.Unit
	eff  effects
}

// effects collects what the writes of a transaction call for.
type effects struct {
	changed   bool
	glucose   bool           // a reading was added, changed or removed: glucose goals follow
	hba1c     []valueAt      // new HbA1c results (%)
	weight    []valueAt      // new weigh-ins (kg)
	weighins  bool           // the profile's weight follows the latest weigh-in
	completed map[int64]bool // goals completed in this transaction
	audit     []auditRow
}

type valueAt struct {
	v  float64
	at time.Time
}

type auditRow struct{ action, detail string }

// Queries gives the transaction's queries to callers that store something of their
// own with the logbook writes (the chat's turn, a sync batch's conflict lookups).
func (tx *Tx) Queries() db.Queries { return tx.q }

// Now is the transaction's clock.
func (tx *Tx) Now() time.Time { return tx.now }

// Audit adds an audit row about u, written in the transaction.
func (tx *Tx) Audit(action, detail string) {
	tx.eff.audit = append(tx.eff.audit, auditRow{action, detail})
}

func (tx *Tx) finish() error {
	if err := tx.autoProgress(); err != nil {
		return err
	}
	for _, a := range tx.eff.audit {
		if err := tx.q.InsertAudit(tx.ctx, db.InsertAuditParams{ActorID: &tx.u.ID, SubjectUserID: &tx.u.ID, Action: a.action,
			Detail: a.detail, Ip: tx.ip, CreatedAt: tx.now}); err != nil {
			return fmt.Errorf("logbook: audit %s: %w", a.action, err)
		}
	}
	return nil
}

// newUUID is the id of a row created without one from the client.
func newUUID() string { return uuid.NewString() }

// UserLoc is the user's time zone (the ZOE_TIME_ZONE default when the stored name is unknown).
func UserLoc(u db.User) *time.Location { return timezone.Of(u.TimeZone) }

// UserUnit is the user's glucose unit.
func UserUnit(u db.User) glucose.Unit {
	if un := glucose.Unit(u.GlucoseUnit); un.Valid() {
		return un
	}
	return glucose.DefaultUnit
}
