// Package accounts holds the rules for users' accounts: what a valid registration and
// profile are, and how passwords are hashed. It knows nothing of HTTP or the database.
package accounts

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// hashParams follow the OWASP Password Storage Cheat Sheet's argon2id minimum (m=19 MiB,
// t=2, p=1), which keeps a login under ~50 ms on a 2-core server.
var hashParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// hashSlots bounds the argon2id computations running at once: each holds 19 MiB, so a
// flood of logins or sign-ups would otherwise take memory without limit (1,000 at once
// ≈ 19 GB) and could get the process killed. Extra requests wait their turn.
var hashSlots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))

func withHashSlot[T any](f func() T) T {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return f()
}

// HashPassword returns an encoded argon2id hash.
func HashPassword(password string) (string, error) {
	type result struct {
		h   string
		err error
	}
	r := withHashSlot(func() result {
		h, err := argon2id.CreateHash(password, hashParams)
		return result{h, err}
	})
	h, err := r.h, r.err
	if err != nil {
		return "", fmt.Errorf("accounts: hash password: %w", err)
	}
	return h, nil
}

// dummyHash is compared against when a login names no user, so that the answer takes as
// long as for a real user and does not reveal which usernames exist.
var dummyHash, _ = argon2id.CreateHash("zoe-nutritech-dummy-password", hashParams)

// CheckPassword reports whether password matches the encoded hash. An empty hash (no such
// user) still costs one hash computation.
func CheckPassword(password, encoded string) bool {
	return withHashSlot(func() bool { return checkPassword(password, encoded) })
}

func checkPassword(password, encoded string) bool {
	if encoded == "" {
		_, _ = argon2id.ComparePasswordAndHash(password, dummyHash)
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(password, encoded)
	if err != nil && !errors.Is(err, argon2id.ErrInvalidHash) {
		return false
	}
	return ok
}
