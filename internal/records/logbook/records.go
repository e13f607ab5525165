package logbook

import (
	"context"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// RecordIn is a diabetes record to store, as typed.
type RecordIn struct {
	// UUID is the client's id of the row (offline sync); empty: a new one.
	UUID  string
	Input tracking.RecordInput
	// Unit is the unit Input.Glucose is typed in; empty: the user's unit.
	Unit glucose.Unit
	// At, when set, is the time of the record already read by the caller (sync's RFC
	// 3339 times, the assistant's parsed time); it replaces Input.When and is checked
	// with the same rules (tracking.CheckTime).
	At time.Time
}

// RecordOut is what a record write stored and what it calls for on screen.
type RecordOut struct {
	UUID   string
	Record tracking.Record
	// Stored is false when the uuid was already stored (a retried sync): nothing changed.
	Stored bool
	// Feedback is the answer to a glucose reading (nil for other records).
	Feedback *glucose.Feedback
}

// parse checks a record: the tracking rules, with At (when set) as its time.
func (tx *Tx) parseRecord(in RecordIn) (tracking.Record, tracking.Errors) {
	unit := in.Unit
	if !unit.Valid() {
		unit = tx.unit
	}
	ti := in.Input
	if !in.At.IsZero() {
		ti.When = ""
	}
	rec, errs := ti.Parse(unit, tx.loc, tx.now)
	if !in.At.IsZero() {
		rec.At = tracking.CheckTime(errs, "when", in.At, tx.now)
	}
	return rec, errs
}

func (tx *Tx) feedback(rec tracking.Record) *glucose.Feedback {
	if rec.Type != tracking.RecGlucose || rec.GlucoseMgdl == nil {
		return nil
	}
	f := glucose.FeedbackIn(i18n.From(tx.ctx), *rec.GlucoseMgdl, tx.unit, tx.u.DiabetesType)
	return &f
}

// CreateRecord validates and stores a diabetes record. With field errors nothing is
// stored and the error is nil.
func (tx *Tx) CreateRecord(in RecordIn) (RecordOut, tracking.Errors, error) {
	rec, errs := tx.parseRecord(in)
	if len(errs) > 0 {
		return RecordOut{Record: rec}, errs, nil
	}
	id := in.UUID
	if id == "" {
		id = newUUID()
	}
	n, err := tx.q.InsertDiabetesRecord(tx.ctx, db.InsertDiabetesRecordParams{Uuid: id, UserID: tx.u.ID, RecordType: rec.Type,
		GlucoseMgdl: rec.GlucoseMgdl, GlucoseContext: rec.Context, InsulinType: rec.InsulinType, InsulinUnits: rec.InsulinUnits,
		Hba1cPercent: rec.HbA1cPercent, MedicationName: rec.MedicationName, MedicationDose: rec.MedicationDose,
		Notes: rec.Notes, RecordedAt: rec.At, CreatedAt: tx.now})
	if err != nil {
		return RecordOut{}, nil, fmt.Errorf("logbook: insert record: %w", err)
	}
	out := RecordOut{UUID: id, Record: rec, Stored: n == 1, Feedback: tx.feedback(rec)}
	if out.Stored {
		tx.eff.changed = true
		switch {
		case rec.Type == tracking.RecGlucose:
			tx.eff.glucose = true
		case rec.Type == tracking.RecHbA1c && rec.HbA1cPercent != nil:
			tx.eff.hba1c = append(tx.eff.hba1c, valueAt{*rec.HbA1cPercent, rec.At})
		}
	}
	return out, nil, nil
}

// UpdateRecord corrects a stored record; its type never changes (the stored type wins
// over in.Input.Type). ErrNotFound when it is not the user's.
func (tx *Tx) UpdateRecord(id int64, in RecordIn) (RecordOut, tracking.Errors, error) {
	old, err := tx.q.GetDiabetesRecord(tx.ctx, db.GetDiabetesRecordParams{ID: id, UserID: tx.u.ID})
	if db.IsNotFound(err) {
		return RecordOut{}, nil, ErrNotFound
	}
	if err != nil {
		return RecordOut{}, nil, fmt.Errorf("logbook: get record %d: %w", id, err)
	}
	in.Input.Type = old.RecordType
	rec, errs := tx.parseRecord(in)
	if len(errs) > 0 {
		return RecordOut{Record: rec}, errs, nil
	}
	n, err := tx.q.UpdateDiabetesRecord(tx.ctx, db.UpdateDiabetesRecordParams{ID: id, UserID: tx.u.ID, GlucoseMgdl: rec.GlucoseMgdl,
		GlucoseContext: rec.Context, InsulinType: rec.InsulinType, InsulinUnits: rec.InsulinUnits, Hba1cPercent: rec.HbA1cPercent,
		MedicationName: rec.MedicationName, MedicationDose: rec.MedicationDose, Notes: rec.Notes, RecordedAt: rec.At,
		UpdatedAt: tx.now})
	if err != nil {
		return RecordOut{}, nil, fmt.Errorf("logbook: update record %d: %w", id, err)
	}
	if n == 0 {
		return RecordOut{}, nil, ErrNotFound
	}
	tx.eff.changed = true
	// A corrected reading changes the 14-day figures; a corrected HbA1c keeps the
	// progress entry it made when first recorded.
	tx.eff.glucose = tx.eff.glucose || rec.Type == tracking.RecGlucose
	return RecordOut{UUID: old.Uuid, Record: rec, Stored: true, Feedback: tx.feedback(rec)}, nil, nil
}

// DeleteRecord removes one of the user's records. ErrNotFound when it is not theirs.
func (tx *Tx) DeleteRecord(id int64) error {
	old, err := tx.q.GetDiabetesRecord(tx.ctx, db.GetDiabetesRecordParams{ID: id, UserID: tx.u.ID})
	if db.IsNotFound(err) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("logbook: get record %d: %w", id, err)
	}
	n, err := tx.q.DeleteDiabetesRecord(tx.ctx, db.DeleteDiabetesRecordParams{ID: id, UserID: tx.u.ID})
	if err != nil {
		return fmt.Errorf("logbook: delete record %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	tx.eff.changed = true
	tx.eff.glucose = tx.eff.glucose || old.RecordType == tracking.RecGlucose
	return nil
}

// CreateRecord stores one record in its own transaction. Field errors come back as an
// *InvalidError (see Invalid).
func (b *Book) CreateRecord(ctx context.Context, u db.User, src Source, in RecordIn) (RecordOut, error) {
	return single(b, ctx, u, src, func(tx *Tx) (RecordOut, tracking.Errors, error) { return tx.CreateRecord(in) })
}

// UpdateRecord corrects one record in its own transaction.
func (b *Book) UpdateRecord(ctx context.Context, u db.User, src Source, id int64, in RecordIn) (RecordOut, error) {
	return single(b, ctx, u, src, func(tx *Tx) (RecordOut, tracking.Errors, error) { return tx.UpdateRecord(id, in) })
}

// DeleteRecord removes one record in its own transaction.
func (b *Book) DeleteRecord(ctx context.Context, u db.User, src Source, id int64) error {
	return b.Do(ctx, u, src, "", func(tx *Tx) error { return tx.DeleteRecord(id) })
}
