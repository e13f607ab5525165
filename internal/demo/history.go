package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/zoe-nutritech/zoe/db"
)

// Defaults of the generator.
const (
	DefaultDemoDays   = 30
	DefaultDays       = 90
	DefaultRosterSize = 25
	patientsPerTx     = 50
)

// seedHistory gives the demo patients their history (once) and writes the synthetic patients.
func seedHistory(ctx context.Context, d *db.DB, opts *Options, hash string, res *Result) error {
	if opts.Now.IsZero() {
		opts.Now = db.Now()
	}
	if opts.DemoDays <= 0 {
		opts.DemoDays = DefaultDemoDays
	}
	if opts.Days <= 0 {
		opts.Days = DefaultDays
	}
	if opts.RosterSize <= 0 {
		opts.RosterSize = DefaultRosterSize
	}
	if opts.RandomSeed == 0 {
		opts.RandomSeed = 2026
	}
	loc, err := time.LoadLocation(opts.TimeZone)
	if err != nil {
		return fmt.Errorf("demo: time zone %q: %w", opts.TimeZone, err)
	}
	foods, err := loadFoods(ctx, d)
	if err != nil {
		return err
	}
	res.NoFoods = foods.empty()
	if err := demoHistory(ctx, d, opts, foods, loc, res); err != nil {
		return err
	}
	if opts.Patients > 0 {
		return synthetic(ctx, d, opts, hash, foods, loc, res)
	}
	return nil
}

// demoHistory writes DemoDays of history for demo-patient and demo-patient2 and links them
// to demo-dietitian, unless demo-patient has a history already (a second run adds nothing).
func demoHistory(ctx context.Context, d *db.DB, opts *Options, foods foodTable, loc *time.Location, res *Result) error {
	ids := map[string]int64{}
	for _, name := range []string{"demo-patient", "demo-patient2", "demo-dietitian"} {
		u, err := d.GetUserByLogin(ctx, name)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", name, err)
		}
		ids[name] = u.ID
	}
	var n int64
	q := `SELECT count(*) FROM diabetes_records WHERE user_id = ?`
	if d.Engine() == db.Postgres {
		q = dollar(q)
	}
	if err := d.SQL().QueryRowContext(ctx, q, ids["demo-patient"]).Scan(&n); err != nil {
		return fmt.Errorf("demo: count records: %w", err)
	}
	if n > 0 {
		return nil
	}
	tx, err := beginBulk(ctx, d)
	if err != nil {
		return err
	}
	defer tx.rollback(ctx)
	start := opts.Now.AddDate(0, 0, -opts.DemoDays)
	for i, du := range demoUsers[:2] {
		p := person{username: du.username, diabetes: du.diabetes, goal: du.goal, weight: du.weight}
		rng := rand.New(rand.NewPCG(opts.RandomSeed, uint64(1_000_000+i)))
		h := makeHistory(rng, ids[du.username], p, foods, loc, opts.Now, opts.DemoDays)
		if err := h.insert(ctx, tx); err != nil {
			return err
		}
		res.Rows += h.rows()
		if err := insertGoal(ctx, tx, ids[du.username], p, rng, start); err != nil {
			return fmt.Errorf("demo: goal: %w", err)
		}
		var open int64
		if err := tx.queryRow(ctx, `SELECT count(*) FROM care_links WHERE patient_id = ? AND dietitian_id = ? AND status <> 'ended'`,
			[]any{ids[du.username], ids["demo-dietitian"]}, &open); err != nil {
			return err
		}
		if open == 0 {
			if err := linkActive(ctx, tx, ids[du.username], ids["demo-dietitian"], start); err != nil {
				return fmt.Errorf("demo: care link: %w", err)
			}
		}
	}
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	res.DemoHistory = true
	return nil
}

// synthetic writes opts.Patients synthetic patients with opts.Days of history each, in
// transactions of patientsPerTx patients; accounts that exist are skipped (idempotent).
func synthetic(ctx context.Context, d *db.DB, opts *Options, hash string, foods foodTable, loc *time.Location, res *Result) error {
	start := opts.Now.AddDate(0, 0, -opts.Days)
	nDiet := (opts.Patients + opts.RosterSize - 1) / opts.RosterSize
	dietIDs := make([]int64, nDiet)
	tx, err := beginBulk(ctx, d)
	if err != nil {
		return err
	}
	for k := range nDiet {
		name := fmt.Sprintf("synth-dietitian-%03d", k+1)
		if u, err := d.GetUserByLogin(ctx, name); err == nil {
			dietIDs[k] = u.ID
			continue
		} else if !db.IsNotFound(err) {
			tx.rollback(ctx)
			return err
		}
		p := person{username: name, role: "dietitian", first: "Synthetic", last: fmt.Sprintf("Dietitian %d", k+1), diabetes: "none", goal: "eat_healthy"}
		if dietIDs[k], err = insertUser(ctx, tx, p, hash, opts.TimeZone, start); err != nil {
			tx.rollback(ctx)
			return err
		}
		res.Dietitians++
	}
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	for from := 1; from <= opts.Patients; from += patientsPerTx {
		to := min(from+patientsPerTx-1, opts.Patients)
		if err := syntheticBatch(ctx, d, opts, hash, foods, loc, dietIDs, from, to, start, res); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(to, opts.Patients)
		}
	}
	return nil
}

func syntheticBatch(ctx context.Context, d *db.DB, opts *Options, hash string, foods foodTable, loc *time.Location,
	dietIDs []int64, from, to int, start time.Time, res *Result) error {
	tx, err := beginBulk(ctx, d)
	if err != nil {
		return err
	}
	defer tx.rollback(ctx)
	for i := from; i <= to; i++ {
		rng := rand.New(rand.NewPCG(opts.RandomSeed, uint64(i)))
		p := synthPerson(i, rng, opts.Now)
		if _, err := d.GetUserByLogin(ctx, p.username); err == nil {
			res.Skipped++
			continue
		} else if !db.IsNotFound(err) {
			return err
		}
		id, err := insertUser(ctx, tx, p, hash, opts.TimeZone, start)
		if err != nil {
			return err
		}
		h := makeHistory(rng, id, p, foods, loc, opts.Now, opts.Days)
		if err := h.insert(ctx, tx); err != nil {
			return err
		}
		if err := insertGoal(ctx, tx, id, p, rng, start); err != nil {
			return fmt.Errorf("demo: goal of %s: %w", p.username, err)
		}
		if err := linkActive(ctx, tx, id, dietIDs[(i-1)/opts.RosterSize], start); err != nil {
			return fmt.Errorf("demo: care link of %s: %w", p.username, err)
		}
		res.Patients++
		res.Rows += h.rows()
	}
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	return nil
}
