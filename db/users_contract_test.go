package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

func newUser(t *testing.T, q db.Queries, username, role string) db.User {
	t.Helper()
	u, err := q.CreateUser(context.Background(), db.CreateUserParams{
		Username: username, Email: username + "@example.org", PasswordHash: "x", Role: role,
		FirstName: "A", LastName: "B", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala",
		CreatedAt: time.Now().UTC(),
	})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

func TestUsersContract(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		u := newUser(t, d, "Nakato", "patient")
		if u.ID == 0 || u.GlucoseUnit != "mmol/L" || u.DiabetesType != "none" || u.OfflineModeEnabled {
			t.Fatalf("defaults not applied: %+v", u)
		}
		if _, off := u.CreatedAt.Zone(); off != 0 {
			t.Errorf("created_at not UTC: %v", u.CreatedAt)
		}

		// Usernames and emails are unique regardless of case.
		if _, err := d.CreateUser(ctx, db.CreateUserParams{Username: "nakato", Email: "other@example.org", PasswordHash: "x",
			Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: time.Now().UTC()}); err == nil {
			t.Fatal("duplicate username (other case) accepted")
		}
		taken, err := d.UsernameOrEmailTaken(ctx, db.UsernameOrEmailTakenParams{Username: "NAKATO", Email: "free@example.org", ExceptID: 0})
		if err != nil || !taken.UsernameTaken || taken.EmailTaken {
			t.Fatalf("taken check: %+v %v", taken, err)
		}

		got, err := d.GetUserByLogin(ctx, "NAKATO@example.org")
		if err != nil || got.ID != u.ID {
			t.Fatalf("login by email: %+v %v", got, err)
		}
		if _, err := d.GetUser(ctx, 99999); !db.IsNotFound(err) {
			t.Fatalf("missing user: want not found, got %v", err)
		}

		h, w, budget := 162.5, 71.2, int64(300000)
		born := time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC)
		female, moderate := "female", "moderate"
		up, err := d.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: u.Email, FirstName: "Sarah", LastName: "Nakato",
			BirthDate: &born, Gender: &female, HeightCm: &h, WeightKg: &w, ActivityLevel: &moderate,
			DiabetesType: "type2", PrimaryGoal: "glucose_control", MonthlyBudgetUgx: &budget, GlucoseUnit: "mg/dL",
			TimeZone: "Africa/Kampala", OfflineModeEnabled: true, UpdatedAt: time.Now().UTC()})
		if err != nil {
			t.Fatalf("update profile: %v", err)
		}
		if up.BirthDate == nil || !up.BirthDate.Equal(born) || *up.HeightCm != h || *up.MonthlyBudgetUgx != budget || !up.OfflineModeEnabled {
			t.Fatalf("profile round trip: %+v", up)
		}

		// CHECK constraints hold on both engines.
		bad := 1000.0
		if _, err := d.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: u.Email, WeightKg: &bad,
			DiabetesType: "type2", PrimaryGoal: "glucose_control", GlucoseUnit: "mg/dL", TimeZone: "UTC", UpdatedAt: time.Now().UTC()}); err == nil {
			t.Fatal("weight 1000 kg accepted by the database")
		}

		// Transactions are all or nothing.
		err = d.InTx(ctx, func(q db.Queries) error {
			newUser(t, q, "inside", "patient")
			_, err := q.CreateUser(ctx, db.CreateUserParams{Username: "Nakato", Email: "dup@example.org", PasswordHash: "x",
				Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: time.Now().UTC()})
			return err
		})
		if err == nil {
			t.Fatal("transaction with a duplicate committed")
		}
		if _, err := d.GetUserByLogin(ctx, "inside"); !db.IsNotFound(err) {
			t.Fatalf("half a transaction stored: %v", err)
		}

		counts, err := d.CountUsersByRole(ctx)
		if err != nil || len(counts) != 1 || counts[0].Role != "patient" || counts[0].N != 1 {
			t.Fatalf("counts: %+v %v", counts, err)
		}
		if n, err := d.DeleteUser(ctx, u.ID); err != nil || n != 1 {
			t.Fatalf("delete: %d %v", n, err)
		}
	})
}

func TestMigrationsDownAndUp(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		v, err := d.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("version %d %v", v, err)
		}
		if n, err := d.Pending(ctx); err != nil || n != 0 {
			t.Fatalf("pending after up: %d %v", n, err)
		}
		if _, err := d.MigrateDown(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := d.Pending(ctx); n != 1 {
			t.Fatalf("pending after down: %d", n)
		}
		if _, err := d.MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestParseURL(t *testing.T) {
	cases := []struct {
		in     string
		engine db.Engine
		dsn    string
		bad    bool
	}{
		{"", db.SQLite, "data/zoe.db", false},
		{"./x.db", db.SQLite, "./x.db", false},
		{"sqlite:/tmp/a.db", db.SQLite, "/tmp/a.db", false},
		{"sqlite:///tmp/a.db", db.SQLite, "/tmp/a.db", false},
		{"file:a.db?cache=shared", db.SQLite, "a.db", false},
		{"postgres://u:p@h:5432/zoe", db.Postgres, "postgres://u:p@h:5432/zoe", false},
		{"mysql://x", "", "", true},
		{"sqlite:", "", "", true},
	}
	for _, c := range cases {
		loc, err := db.ParseURL(c.in)
		if (err != nil) != c.bad || (!c.bad && (loc.Engine != c.engine || loc.DSN != c.dsn)) {
			t.Errorf("ParseURL(%q) = %+v, %v", c.in, loc, err)
		}
	}
	if got := db.Redact("postgres://zoe:secret@h/db"); got != "postgres://zoe:xxxxx@h/db" {
		t.Errorf("redact: %s", got)
	}
}
