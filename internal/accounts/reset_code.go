package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// ResetCodeLifetime is how long a one-time password reset code stays valid.
const ResetCodeLifetime = 24 * time.Hour

// resetAlphabet has no 0/O, 1/I/L or U: codes are read aloud and typed on phones.
const resetAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

// NewResetCode returns a one-time code to show to the administrator once, formatted in
// groups ("ABCD-EFGH-JKMN-PQRS", 16 symbols of 30: about 78 bits, beyond guessing even
// without the throttle), and the hash to store.
func NewResetCode() (code, hash string) {
	b := make([]byte, 16)
	var sb strings.Builder
	for i := 0; i < len(b); {
		_, _ = rand.Read(b[i:])
		for ; i < len(b); i++ {
			if b[i] >= 240 { // 240 = 8×30: reject to keep every symbol equally likely
				break
			}
		}
	}
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(resetAlphabet[int(x)%len(resetAlphabet)])
	}
	code = sb.String()
	return code, HashResetCode(code)
}

// HashResetCode is what is stored of a code: SHA-256 of its normalised form (the code is
// random and long, so a fast hash is enough; a slow one would add nothing).
func HashResetCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeResetCode(code)))
	return hex.EncodeToString(sum[:])
}

// NormalizeResetCode ignores case, spaces and dashes as people type them.
func NormalizeResetCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// NewSessionKey returns a random session key for a user: changing it ends every
// session of that user.
func NewSessionKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
