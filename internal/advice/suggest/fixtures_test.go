package suggest_test

import (
	"context"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// loadCatalogue imports the real food table and the bundled WFP prices.
func loadCatalogue(t testing.TB, d *db.DB, c cache.Cache) {
	t.Helper()
	if err := catalog.New(d, c, nil).ImportBundled(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

type profile struct {
	diabetes, goal string
	budget         *int64
}

// newPatient makes a patient with a complete profile.
func newPatient(t testing.TB, d *db.DB, name string, p profile) *db.User {
	t.Helper()
	ctx := context.Background()
	hash, err := accounts.HashPassword("password-" + name)
	if err != nil {
		t.Fatal(err)
	}
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: name, Email: name + "@example.org", PasswordHash: hash,
		Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	birth := time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC)
	u, err = d.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: u.Email, FirstName: "Test", BirthDate: &birth,
		Gender: ptr("female"), HeightCm: ptr(162.0), WeightKg: ptr(78.0), ActivityLevel: ptr("light"),
		DiabetesType: p.diabetes, PrimaryGoal: p.goal, MonthlyBudgetUgx: p.budget, GlucoseUnit: "mmol/L",
		TimeZone: "Africa/Kampala", UpdatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return &u
}

func newService(t testing.TB, d *db.DB, c cache.Cache, withModel bool) *suggest.Service {
	var src recommend.ModelSource
	if withModel {
		src = recommend.NewRegistry("../../../models/recommender")
		if src.Current() == nil {
			t.Fatal("the shipped model does not load")
		}
	}
	return suggest.New(d, c, src, nil)
}
