package formkeys_test

import (
	"errors"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/formkeys"
)

func TestKeys(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "keys", Email: "keys@example.org", PasswordHash: "x",
			Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: db.Now()})
		if err != nil {
			t.Fatal(err)
		}
		s := &formkeys.Store{DB: d, Wait: 3 * time.Second, Poll: 10 * time.Millisecond}
		key := formkeys.New()
		if !formkeys.Valid(key) || formkeys.Valid("x") || formkeys.Valid(key[:35]+"Z") {
			t.Fatal("Valid")
		}
		if a, err := s.Begin(ctx, u.ID, key, "/weight"); a != nil || err != nil {
			t.Fatalf("first Begin: %v %v", a, err)
		}
		// A replay while the first post is processed waits for its answer.
		got := make(chan *formkeys.Answer, 1)
		go func() {
			a, err := s.Begin(ctx, u.ID, key, "/weight")
			if err != nil {
				t.Error(err)
			}
			got <- a
		}()
		time.Sleep(50 * time.Millisecond)
		want := formkeys.Answer{Status: 303, Headers: map[string]string{"Location": "/weight"}}
		if err := s.Finish(ctx, u.ID, key, want); err != nil {
			t.Fatal(err)
		}
		if a := <-got; a == nil || a.Status != 303 || a.Headers["Location"] != "/weight" {
			t.Fatalf("replay: %+v", a)
		}
		if _, err := s.Begin(ctx, u.ID, key, "/records"); !errors.Is(err, formkeys.ErrOtherForm) {
			t.Fatalf("other form: %v", err)
		}
		// A released key may be used again; a pending one answers busy, until it is stale.
		k2 := formkeys.New()
		if a, err := s.Begin(ctx, u.ID, k2, "/weight"); a != nil || err != nil {
			t.Fatal(a, err)
		}
		if err := s.Release(ctx, u.ID, k2); err != nil {
			t.Fatal(err)
		}
		if a, err := s.Begin(ctx, u.ID, k2, "/weight"); a != nil || err != nil {
			t.Fatal("released key", a, err)
		}
		busy := &formkeys.Store{DB: d, Wait: 50 * time.Millisecond, Poll: 10 * time.Millisecond}
		if _, err := busy.Begin(ctx, u.ID, k2, "/weight"); !errors.Is(err, formkeys.ErrBusy) {
			t.Fatalf("pending key: %v", err)
		}
		stale := &formkeys.Store{DB: d, Stale: time.Nanosecond, Poll: 10 * time.Millisecond}
		time.Sleep(5 * time.Millisecond)
		if a, err := stale.Begin(ctx, u.ID, k2, "/weight"); a != nil || err != nil {
			t.Fatalf("stale key not taken over: %v %v", a, err)
		}
	})
}
