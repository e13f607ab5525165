// Package demo seeds clearly synthetic demo accounts and data so that a newcomer sees a
// populated app. Nothing here is real patient data; every demo account's name says "Demo".
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// Options tune the seed.
type Options struct {
	TimeZone string
	Now      time.Time // defaults to the current time
	// DemoDays of history for the demo patients, written once (default 30).
	DemoDays int
	// Patients synthetic patients (synth-patient-00001…) with Days of history each, and one
	// synthetic dietitian (synth-dietitian-001…) per RosterSize patients, linked to them.
	Patients, Days, RosterSize int
	// RandomSeed makes runs reproducible (default 2026).
	RandomSeed uint64
	// Progress, when set, hears after each batch of synthetic patients.
	Progress func(done, total int)
}

// Login is one demo account to print for the newcomer.
type Login struct{ Role, Username, Password string }

// Result says what was seeded.
type Result struct {
	Logins []Login
	// DemoHistory: the demo patients' history was written now (false when it was there already).
	DemoHistory bool
	// NoFoods: the food table is empty, so no diary entries were written (run `zoe import foods` first).
	NoFoods bool
	// Synthetic accounts created now and skipped because they existed.
	Patients, Dietitians, Skipped int
	Rows                          int // history rows written (diary, glucose, insulin, HbA1c, weight)
}

// DemoPassword is the password of every demo account: demo data is for trying the app only.
const DemoPassword = "zoe-demo-2026"

type demoUser struct {
	username, role, first, last string
	birth                       string
	gender, activity            string
	height, weight              float64
	diabetes, goal              string
	budget                      int64
}

var demoUsers = []demoUser{
	{"demo-patient", accounts.RolePatient, "Demo", "Patient (Nakato)", "1978-03-14", "female", "light", 158, 78, "type2", "glucose_control", 300000},
	{"demo-patient2", accounts.RolePatient, "Demo", "Patient (Okello)", "1990-09-02", "male", "moderate", 172, 64, "type1", "glucose_control", 250000},
	{"demo-dietitian", accounts.RoleDietitian, "Demo", "Dietitian", "1985-01-20", "female", "moderate", 165, 60, "none", "eat_healthy", 0},
	{"demo-admin", accounts.RoleAdmin, "Demo", "Admin", "", "", "", 0, 0, "none", "eat_healthy", 0},
}

// Seed creates the demo accounts that do not exist yet (it can run twice).
func Seed(ctx context.Context, d *db.DB, opts Options) (Result, error) {
	if opts.TimeZone == "" {
		opts.TimeZone = timezone.DefaultName()
	}
	hash, err := accounts.HashPassword(DemoPassword)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = d.InTx(ctx, func(q db.Queries) error {
		for _, du := range demoUsers {
			res.Logins = append(res.Logins, Login{du.role, du.username, DemoPassword})
			if _, err := q.GetUserByLogin(ctx, du.username); err == nil {
				continue
			} else if !db.IsNotFound(err) {
				return err
			}
			now := db.Now()
			u, err := q.CreateUser(ctx, db.CreateUserParams{Username: du.username, Email: du.username + "@demo.zoe.invalid",
				PasswordHash: hash, Role: du.role, FirstName: du.first, LastName: du.last, GlucoseUnit: "mmol/L",
				TimeZone: opts.TimeZone, CreatedAt: now})
			if err != nil {
				return fmt.Errorf("create %s: %w", du.username, err)
			}
			if du.birth == "" {
				continue
			}
			born, _ := time.Parse("2006-01-02", du.birth)
			h, w, b, g, a := du.height, du.weight, du.budget, du.gender, du.activity
			if _, err := q.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
				BirthDate: &born, Gender: &g, HeightCm: &h, WeightKg: &w, ActivityLevel: &a, DiabetesType: du.diabetes,
				PrimaryGoal: du.goal, MonthlyBudgetUgx: &b, GlucoseUnit: "mmol/L", TimeZone: opts.TimeZone, UpdatedAt: now}); err != nil {
				return fmt.Errorf("profile of %s: %w", du.username, err)
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if err := seedHistory(ctx, d, &opts, hash, &res); err != nil {
		return res, err
	}
	return res, nil
}

// EmailDomain is the address domain of every synthetic demo account.
const EmailDomain = "@demo.zoe.invalid"

// IsDemoAccount reports whether an account is one of the synthetic demo accounts, whose
// contributions (price reports) are marked as demo data wherever they are shown.
func IsDemoAccount(email string) bool {
	return strings.HasSuffix(strings.ToLower(email), EmailDomain)
}
