package heldout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

// FixturePassword is the fixture account's password: the account is synthetic and only
// for running the held-out set.
const FixturePassword = "zoe-heldout-2026"

// ErrFixtureExists is returned by Seed when the fixture's username is taken.
var ErrFixtureExists = errors.New("heldout: the fixture user exists already")

// Seed writes the fixture patient (account, profile, diary, glucose, HbA1c, medication,
// weights, goals and their progress) through the sqlc queries, in one transaction, so a
// harness can run the real assistant for that user with its clock at fx.Now(). The food
// table must be imported (catalog.ImportFoods) first: diary entries refer to foods by key.
func Seed(ctx context.Context, d *db.DB, fx *Fixture) (db.User, error) {
	hash, err := accounts.HashPassword(FixturePassword)
	if err != nil {
		return db.User{}, err
	}
	var user db.User
	err = d.InTx(ctx, func(q db.Queries) error {
		if _, err := q.GetUserByLogin(ctx, fx.Username); err == nil {
			return ErrFixtureExists
		} else if !db.IsNotFound(err) {
			return err
		}
		created := fx.Day(-120).UTC()
		u, err := q.CreateUser(ctx, db.CreateUserParams{Username: fx.Username, Email: fx.Username + "@heldout.zoe.invalid",
			PasswordHash: hash, Role: accounts.RolePatient, FirstName: fx.FirstName, LastName: fx.LastName,
			GlucoseUnit: fx.GlucoseUnit, TimeZone: fx.TimeZone, CreatedAt: created})
		if err != nil {
			return fmt.Errorf("heldout: create user: %w", err)
		}
		born, err := time.Parse("2006-01-02", fx.BirthDate)
		if err != nil {
			return fmt.Errorf("heldout: birth date: %w", err)
		}
		h, w, b, g, a := fx.HeightCm, fx.WeightKg, fx.MonthlyBudgetUGX, fx.Gender, fx.Activity
		if user, err = q.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: u.Email, FirstName: u.FirstName,
			LastName: u.LastName, BirthDate: &born, Gender: &g, HeightCm: &h, WeightKg: &w, ActivityLevel: &a,
			DiabetesType: fx.DiabetesType, PrimaryGoal: fx.PrimaryGoal, MonthlyBudgetUgx: &b, GlucoseUnit: fx.GlucoseUnit,
			TimeZone: fx.TimeZone, UpdatedAt: created}); err != nil {
			return fmt.Errorf("heldout: profile: %w", err)
		}
		if err := seedDiary(ctx, q, fx, u.ID); err != nil {
			return err
		}
		if err := seedRecords(ctx, q, fx, u.ID); err != nil {
			return err
		}
		return seedGoals(ctx, q, fx, u.ID)
	})
	return user, err
}

func seedDiary(ctx context.Context, q db.Queries, fx *Fixture, userID int64) error {
	ids := map[string]int64{}
	for i, e := range fx.Diary {
		id, ok := ids[e.Food]
		if !ok {
			f, err := q.GetFoodItemBySlug(ctx, e.Food)
			if err != nil {
				return fmt.Errorf("heldout: diary entry %d: food %q (import the food table first): %w", i, e.Food, err)
			}
			id, ids[e.Food] = f.ID, f.ID
		}
		at := fx.at(e.Day, e.Clock).UTC()
		if _, err := q.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: uuid.NewString(), UserID: userID, FoodItemID: id,
			MealType: e.Meal, Grams: e.Grams, MeasureLabel: e.Measure, Quantity: e.Qty, CostUgx: e.CostUGX,
			ConsumedAt: at, CreatedAt: at}); err != nil {
			return fmt.Errorf("heldout: diary entry %d: %w", i, err)
		}
	}
	return nil
}

func seedRecords(ctx context.Context, q db.Queries, fx *Fixture, userID int64) error {
	rec := func(p db.CreateDiabetesRecordParams) error {
		p.Uuid, p.UserID, p.CreatedAt = uuid.NewString(), userID, p.RecordedAt
		_, err := q.CreateDiabetesRecord(ctx, p)
		return err
	}
	for i, g := range fx.Glucose {
		mgdl, c := MmolToMgdl(g.Mmol), g.Context
		if err := rec(db.CreateDiabetesRecordParams{RecordType: "glucose", GlucoseMgdl: &mgdl, GlucoseContext: &c,
			RecordedAt: fx.at(g.Day, g.Clock).UTC()}); err != nil {
			return fmt.Errorf("heldout: glucose %d: %w", i, err)
		}
	}
	for i, h := range fx.HbA1c {
		v := h.Percent
		if err := rec(db.CreateDiabetesRecordParams{RecordType: "hba1c", Hba1cPercent: &v,
			RecordedAt: fx.at(h.Day, "09:00").UTC()}); err != nil {
			return fmt.Errorf("heldout: hba1c %d: %w", i, err)
		}
	}
	for i, m := range fx.Medications {
		if err := rec(db.CreateDiabetesRecordParams{RecordType: "medication", MedicationName: m.Name, MedicationDose: m.Dose,
			RecordedAt: fx.at(m.Day, "08:00").UTC()}); err != nil {
			return fmt.Errorf("heldout: medication %d: %w", i, err)
		}
	}
	for i, w := range fx.Weights {
		at := fx.at(w.Day, "07:15").UTC()
		if _, err := q.CreateWeightEntry(ctx, db.CreateWeightEntryParams{Uuid: uuid.NewString(), UserID: userID,
			WeightKg: w.Kg, RecordedAt: at, CreatedAt: at}); err != nil {
			return fmt.Errorf("heldout: weight %d: %w", i, err)
		}
	}
	return nil
}

func seedGoals(ctx context.Context, q db.Queries, fx *Fixture, userID int64) error {
	for _, g := range fx.Goals {
		created := fx.at(g.CreatedDay, "10:00").UTC()
		var target *time.Time
		if g.TargetDay != nil {
			t := fx.Day(*g.TargetDay).UTC()
			target = &t
		}
		start, goalTarget := g.Start, g.Target
		if g.Type == "fasting_glucose" { // stored in mg/dL
			start, goalTarget = MmolToMgdl(start), MmolToMgdl(goalTarget)
		}
		row, err := q.CreateGoal(ctx, db.CreateGoalParams{UserID: userID, GoalType: g.Type, Title: g.Title,
			TargetValue: goalTarget, StartValue: start, Unit: goals.Type(g.Type).Unit(), TargetDate: target, CreatedAt: created})
		if err != nil {
			return fmt.Errorf("heldout: goal %s: %w", g.Type, err)
		}
		progress := g.Progress
		if g.FromReadings {
			v, ok := fx.TIRGoalValue()
			if ok {
				progress = []ProgressRow{{Day: 0, Value: v, Source: "auto"}}
			}
		}
		for _, p := range progress {
			at := fx.at(p.Day, "12:00")
			if p.Day == 0 && at.After(fx.Now()) {
				at = fx.Now().Add(-time.Minute)
			}
			note := ""
			if p.Source == "auto" && g.FromReadings {
				note = "From the readings of the last 14 days"
			}
			if _, err := q.CreateGoalProgress(ctx, db.CreateGoalProgressParams{Uuid: uuid.NewString(), GoalID: row.ID,
				UserID: userID, Value: p.Value, Note: note, Source: p.Source, RecordedAt: at.UTC(), CreatedAt: at.UTC()}); err != nil {
				return fmt.Errorf("heldout: progress of goal %s: %w", g.Type, err)
			}
		}
	}
	return nil
}

// PricesFromDB reads every food's current price from a database whose catalogue holds
// the bundled WFP prices (catalog.ImportPrices), with the catalogue's cooked-food
// estimates, keyed by food key.
func PricesFromDB(ctx context.Context, d *db.DB) (map[string]Price, error) {
	rows, err := d.ListFoodsForPriceEstimate(ctx)
	if err != nil {
		return nil, fmt.Errorf("heldout: prices: %w", err)
	}
	out := map[string]Price{}
	for _, r := range rows {
		if r.PriceUgx == nil || r.PerUnit == nil {
			continue
		}
		p := Price{UGX: *r.PriceUgx, PerUnit: *r.PerUnit}
		if r.Source != nil {
			if from, ok := strings.CutPrefix(*r.Source, catalog.EstimatePrefix); ok {
				p.EstimatedFrom = from
			}
		}
		out[r.Slug] = p
	}
	return out, nil
}
