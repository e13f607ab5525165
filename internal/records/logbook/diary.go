package logbook

import (
	"context"
	"fmt"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"strconv"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
)

// FoodLogIn is a diary entry to store, as typed (Input.FoodID is the food's id).
type FoodLogIn struct {
	UUID  string // the client's id (offline sync); empty: a new one
	Input tracking.FoodLogInput
	At    time.Time // when set, replaces Input.When (checked with tracking.CheckTime)
}

// FoodLogOut is what a diary write stored.
type FoodLogOut struct {
	UUID     string
	Entry    tracking.FoodLog
	FoodName string
	CostUGX  *int64 // nil: no price per kg known for the food
	Stored   bool   // false: the uuid was already stored (a retried sync)
}

// NoFoodMessage is the message on food_id when the food cannot be logged.
const NoFoodMessage = "Choose a food from the search."

// entryCost is what an entry of grams of the food cost (nil when its price per kg is
// not known: "not known", never 0), by the catalogue's one rule (foods.CostUGX).
func entryCost(f db.LogbookFoodRow, grams float64) *int64 {
	c, ok := foods.CostUGX(f.PriceUgx, f.PerUnit, f.Category, f.Slug, grams)
	if !ok {
		return nil
	}
	return &c
}

// CreateFoodLog validates and stores a diary entry: the food must be one the user may
// log; the cost is worked out from its current price per kg.
func (tx *Tx) CreateFoodLog(in FoodLogIn) (FoodLogOut, tracking.Errors, error) {
	var food *db.LogbookFoodRow
	var measures []tracking.Measure
	if id, ok := tracking.ParseID(in.Input.FoodID); ok {
		f, err := tx.q.LogbookFood(tx.ctx, db.LogbookFoodParams{ID: id, ViewerID: &tx.u.ID})
		switch {
		case err == nil:
			food, measures = &f, tracking.ParseMeasures(f.Measures)
		case !db.IsNotFound(err):
			return FoodLogOut{}, nil, fmt.Errorf("logbook: food %d: %w", id, err)
		}
	}
	ti := in.Input
	if !in.At.IsZero() {
		ti.When = ""
	}
	l, errs := ti.Parse(measures, tx.loc, tx.now)
	if !in.At.IsZero() {
		l.At = tracking.CheckTime(errs, "when", in.At, tx.now)
	}
	if food == nil {
		errs["food_id"] = NoFoodMessage
	}
	if len(errs) > 0 {
		return FoodLogOut{Entry: l}, errs, nil
	}
	id := in.UUID
	if id == "" {
		id = newUUID()
	}
	cost := entryCost(*food, l.Grams)
	n, err := tx.q.InsertFoodLog(tx.ctx, db.InsertFoodLogParams{Uuid: id, UserID: tx.u.ID, FoodItemID: food.ID, MealType: l.Meal,
		Grams: l.Grams, MeasureLabel: l.MeasureLabel, Quantity: l.Quantity, CostUgx: cost, ConsumedAt: l.At, CreatedAt: tx.now})
	if err != nil {
		return FoodLogOut{}, nil, fmt.Errorf("logbook: insert food log: %w", err)
	}
	if n == 1 {
		tx.eff.changed = true
	}
	return FoodLogOut{UUID: id, Entry: l, FoodName: food.Name, CostUGX: cost, Stored: n == 1}, nil, nil
}

// UpdateFoodLog corrects a diary entry; its food never changes, and its cost keeps the
// price of the day it was logged, scaled to the new amount.
func (tx *Tx) UpdateFoodLog(id int64, in FoodLogIn) (FoodLogOut, tracking.Errors, error) {
	r, err := tx.q.GetFoodLog(tx.ctx, db.GetFoodLogParams{ID: id, UserID: tx.u.ID})
	if db.IsNotFound(err) {
		return FoodLogOut{}, nil, ErrNotFound
	}
	if err != nil {
		return FoodLogOut{}, nil, fmt.Errorf("logbook: get food log %d: %w", id, err)
	}
	ti := in.Input
	ti.FoodID = strconv.FormatInt(r.FoodItemID, 10)
	if !in.At.IsZero() {
		ti.When = ""
	}
	l, errs := ti.Parse(tracking.ParseMeasures(r.Measures), tx.loc, tx.now)
	if !in.At.IsZero() {
		l.At = tracking.CheckTime(errs, "when", in.At, tx.now)
	}
	if len(errs) > 0 {
		return FoodLogOut{Entry: l, FoodName: r.FoodName}, errs, nil
	}
	cost := r.CostUgx
	if cost != nil && r.Grams > 0 {
		v := int64(float64(*cost)*l.Grams/r.Grams + 0.5)
		cost = &v
	}
	n, err := tx.q.UpdateFoodLog(tx.ctx, db.UpdateFoodLogParams{ID: id, UserID: tx.u.ID, MealType: l.Meal, Grams: l.Grams,
		MeasureLabel: l.MeasureLabel, Quantity: l.Quantity, CostUgx: cost, ConsumedAt: l.At, UpdatedAt: tx.now})
	if err != nil {
		return FoodLogOut{}, nil, fmt.Errorf("logbook: update food log %d: %w", id, err)
	}
	if n == 0 {
		return FoodLogOut{}, nil, ErrNotFound
	}
	tx.eff.changed = true
	return FoodLogOut{Entry: l, FoodName: r.FoodName, CostUGX: cost, Stored: true}, nil, nil
}

// DeleteFoodLog removes a diary entry and returns when it was eaten.
func (tx *Tx) DeleteFoodLog(id int64) (time.Time, error) {
	r, err := tx.q.GetFoodLog(tx.ctx, db.GetFoodLogParams{ID: id, UserID: tx.u.ID})
	if db.IsNotFound(err) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("logbook: get food log %d: %w", id, err)
	}
	n, err := tx.q.DeleteFoodLog(tx.ctx, db.DeleteFoodLogParams{ID: id, UserID: tx.u.ID})
	if err != nil {
		return time.Time{}, fmt.Errorf("logbook: delete food log %d: %w", id, err)
	}
	if n == 0 {
		return time.Time{}, ErrNotFound
	}
	tx.eff.changed = true
	return r.ConsumedAt, nil
}

// CreateFoodLog stores one diary entry in its own transaction.
func (b *Book) CreateFoodLog(ctx context.Context, u db.User, src Source, in FoodLogIn) (FoodLogOut, error) {
	return single(b, ctx, u, src, func(tx *Tx) (FoodLogOut, tracking.Errors, error) { return tx.CreateFoodLog(in) })
}

// UpdateFoodLog corrects one diary entry in its own transaction.
func (b *Book) UpdateFoodLog(ctx context.Context, u db.User, src Source, id int64, in FoodLogIn) (FoodLogOut, error) {
	return single(b, ctx, u, src, func(tx *Tx) (FoodLogOut, tracking.Errors, error) { return tx.UpdateFoodLog(id, in) })
}

// DeleteFoodLog removes one diary entry in its own transaction.
func (b *Book) DeleteFoodLog(ctx context.Context, u db.User, src Source, id int64) (time.Time, error) {
	var at time.Time
	err := b.Do(ctx, u, src, "", func(tx *Tx) error {
		var err error
		at, err = tx.DeleteFoodLog(id)
		return err
	})
	return at, err
}

// Copied is a diary entry copied from one already stored (another day, a saved meal):
// its amount was checked when first stored; the food must still be one the user may
// log, and the cost is worked out from today's price.
type Copied struct {
	FoodID        int64
	Meal, Measure string
	Grams, Qty    float64
	At            time.Time
}

// CopyFoodLogs stores copied entries and says how many; an entry whose food can no
// longer be logged (retired, or no longer shared) is left out. It fails (nothing
// stored) when an entry is out of bounds.
func (tx *Tx) CopyFoodLogs(entries []Copied) (int, error) {
	foods := map[int64]*db.LogbookFoodRow{}
	n := 0
	for _, c := range entries {
		f, ok := foods[c.FoodID]
		if !ok {
			row, err := tx.q.LogbookFood(tx.ctx, db.LogbookFoodParams{ID: c.FoodID, ViewerID: &tx.u.ID})
			switch {
			case err == nil:
				f = &row
			case !db.IsNotFound(err):
				return n, fmt.Errorf("logbook: copied entry's food %d: %w", c.FoodID, err)
			}
			foods[c.FoodID] = f
		}
		if f == nil {
			continue
		}
		e := tracking.Errors{}
		at := tracking.CheckTime(e, "when", c.At, tx.now)
		if !nutrition.ValidMeal(c.Meal) || c.Grams < tracking.PortionMinG || c.Grams > tracking.PortionMaxG || len(e) > 0 {
			return n, fmt.Errorf("logbook: copied entry out of bounds: %+v", c)
		}
		if _, err := tx.q.InsertFoodLog(tx.ctx, db.InsertFoodLogParams{Uuid: newUUID(), UserID: tx.u.ID, FoodItemID: c.FoodID,
			MealType: c.Meal, Grams: c.Grams, MeasureLabel: c.Measure, Quantity: c.Qty, CostUgx: entryCost(*f, c.Grams),
			ConsumedAt: at, CreatedAt: tx.now}); err != nil {
			return n, fmt.Errorf("logbook: insert copied entry: %w", err)
		}
		tx.eff.changed = true
		n++
	}
	return n, nil
}

// CopyFoodLogs stores copied entries in their own transaction.
func (b *Book) CopyFoodLogs(ctx context.Context, u db.User, src Source, entries []Copied) (int, error) {
	var n int
	err := b.Do(ctx, u, src, "", func(tx *Tx) error {
		var err error
		n, err = tx.CopyFoodLogs(entries)
		return err
	})
	return n, err
}
