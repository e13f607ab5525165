package suggest

import "github.com/google/uuid"

// newUUID makes the client-style UUID diary rows carry.
func newUUID() string { return uuid.NewString() }
