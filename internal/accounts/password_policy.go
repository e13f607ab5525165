package accounts

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLength follows NIST SP 800-63B §5.1.1.2 (at least 8 characters for a
// password the user chooses; we ask for 10) and MaxPasswordLength keeps hashing cheap.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
)

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the embedded list, lowercased (see common_passwords.txt for where it
// comes from).
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[strings.ToLower(line)] = true
	}
	return m
}()

// PasswordProblem returns why a new password is refused, as a message for the person
// choosing it, or "" when it is acceptable. NIST SP 800-63B asks to refuse passwords
// found in lists of common or breached passwords, repetitive or sequential characters,
// and context-specific words such as the username — and no composition rules (so none
// are imposed here). username and email may be empty.
func PasswordProblem(password, username, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n == 0:
		return "Choose a password."
	case n < MinPasswordLength:
		return "Use at least 10 characters. A few words together are easy to remember."
	case len(password) > MaxPasswordLength:
		return "Use at most 128 characters."
	}
	lower := strings.ToLower(password)
	if commonPasswords[lower] || commonPasswords[stripEnds(lower)] {
		return "This password is one of the most common ones and easy to guess. Please choose another."
	}
	if repetitive(lower) || sequential(lower) {
		return "Avoid repeated or sequential characters such as aaaa or 12345. Please choose another."
	}
	compact := lettersAndDigits(lower)
	for _, w := range []string{username, localPart(email)} {
		if w = lettersAndDigits(strings.ToLower(w)); len(w) >= 4 && strings.Contains(compact, w) {
			return "Do not use your username or email address in your password."
		}
	}
	return ""
}

// stripEnds removes digits and symbols from both ends: "Password2024!" → "password".
func stripEnds(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

func lettersAndDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func localPart(email string) string {
	if i := strings.LastIndexByte(email, '@'); i > 0 {
		return email[:i]
	}
	return email
}

// repetitive: the whole password is one unit of 1–3 characters repeated ("aaaaaaaaaa",
// "abababababab", "123123123123").
func repetitive(s string) bool {
	r := []rune(s)
	for unit := 1; unit <= 3 && unit < len(r); unit++ {
		same := true
		for i := unit; i < len(r); i++ {
			if r[i] != r[i-unit] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// sequential: every character is the previous one plus or minus one ("0123456789",
// "abcdefghij", "9876543210"), or a run along a keyboard row ("qwertyuiop").
func sequential(s string) bool {
	r := []rune(s)
	for _, step := range []rune{1, -1} {
		ok := true
		for i := 1; i < len(r); i++ {
			if r[i]-r[i-1] != step {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	for _, row := range []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "0987654321", "poiuytrewq"} {
		if len(s) >= 6 && strings.Contains(row+row, s) {
			return true
		}
	}
	return false
}
