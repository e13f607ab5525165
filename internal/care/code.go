package care

import (
	"crypto/rand"
	"strings"
)

// Share codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S,
// 2/Z), shown as two groups of four, e.g. "K7QH-R4WD": easy to read aloud or copy from
// paper. 27^8 ≈ 2.8·10^11 codes; a guess is also throttled by being a form post.
const codeAlphabet = "ABCDEFGHJKMNPQRTUVWXY346789"

// CodeLen is the number of characters of a code without its dash.
const CodeLen = 8

// NewCode returns a fresh random share code in its stored form (no dash).
func NewCode() (string, error) {
	b := make([]byte, CodeLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := make([]byte, CodeLen)
	// 27 symbols: reject bytes ≥ 243 (9·27) to avoid modulo bias.
	for i := 0; i < CodeLen; {
		for _, c := range b {
			if i == CodeLen {
				break
			}
			if int(c) < 243 {
				out[i] = codeAlphabet[int(c)%len(codeAlphabet)]
				i++
			}
		}
		if i < CodeLen {
			if _, err := rand.Read(b); err != nil {
				return "", err
			}
		}
	}
	return string(out), nil
}

// NormalizeCode turns what a person typed into the stored form: upper case, spaces and
// dashes removed. It returns "" when the result cannot be a code.
func NormalizeCode(typed string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-':
			continue
		case strings.ContainsRune(codeAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != CodeLen {
		return ""
	}
	return b.String()
}

// FormatCode shows a stored code as two groups of four.
func FormatCode(code string) string {
	if len(code) != CodeLen {
		return code
	}
	return code[:4] + "-" + code[4:]
}
