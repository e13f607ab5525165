package logbook

import (
	"context"
	"fmt"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// CreateWeight validates and stores a weigh-in; the profile's weight follows the
// latest weigh-in (the energy targets use it) and weight goals get a progress entry.
func (tx *Tx) CreateWeight(in tracking.WeightInput) (tracking.Weight, tracking.Errors, error) {
	w, errs := in.Parse(tx.loc, tx.now)
	if len(errs) > 0 {
		return w, errs, nil
	}
	if _, err := tx.q.CreateWeightEntry(tx.ctx, db.CreateWeightEntryParams{Uuid: newUUID(), UserID: tx.u.ID, WeightKg: w.Kg,
		RecordedAt: w.At, CreatedAt: tx.now}); err != nil {
		return w, nil, fmt.Errorf("logbook: insert weigh-in: %w", err)
	}
	tx.eff.changed, tx.eff.weighins = true, true
	tx.eff.weight = append(tx.eff.weight, valueAt{w.Kg, w.At})
	return w, nil, nil
}

// DeleteWeight removes a weigh-in (the profile's weight follows the latest one left).
func (tx *Tx) DeleteWeight(id int64) error {
	n, err := tx.q.DeleteWeightEntry(tx.ctx, db.DeleteWeightEntryParams{ID: id, UserID: tx.u.ID})
	if err != nil {
		return fmt.Errorf("logbook: delete weigh-in %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	tx.eff.changed, tx.eff.weighins = true, true
	return nil
}

// CreateWeight stores one weigh-in in its own transaction.
func (b *Book) CreateWeight(ctx context.Context, u db.User, src Source, in tracking.WeightInput) (tracking.Weight, error) {
	return single(b, ctx, u, src, func(tx *Tx) (tracking.Weight, tracking.Errors, error) { return tx.CreateWeight(in) })
}

// DeleteWeight removes one weigh-in in its own transaction.
func (b *Book) DeleteWeight(ctx context.Context, u db.User, src Source, id int64) error {
	return b.Do(ctx, u, src, "", func(tx *Tx) error { return tx.DeleteWeight(id) })
}
