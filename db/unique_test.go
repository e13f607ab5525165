package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// TestIsUniqueViolation: a second account with a taken username or email is recognised as
// a unique violation on both engines (a racing sign-up answers 422, not 500).
func TestIsUniqueViolation(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		newUser(t, d, "Achieng", "patient")
		for _, p := range []db.CreateUserParams{
			{Username: "achieng", Email: "new@example.org"},
			{Username: "someone-else", Email: "Achieng@example.org"},
		} {
			p.PasswordHash, p.Role, p.GlucoseUnit, p.TimeZone, p.CreatedAt = "x", "patient", "mmol/L", "UTC", time.Now().UTC()
			_, err := d.CreateUser(context.Background(), p)
			if !db.IsUniqueViolation(err) {
				t.Errorf("CreateUser(%s, %s): %v, want a unique violation", p.Username, p.Email, err)
			}
		}
		if db.IsUniqueViolation(errors.New("other")) || db.IsUniqueViolation(nil) {
			t.Error("not every error is a unique violation")
		}
	})
}
