package accounts

import (
	"strings"
	"testing"
)

func TestPasswordProblem(t *testing.T) {
	tests := []struct {
		password, username, email string
		want                      string // a word of the message; "" = accepted
	}{
		{"", "", "", "Choose"},
		{"password", "", "", "at least 10"},
		{"12345678", "", "", "at least 10"},
		{"short1!", "", "", "at least 10"},
		{strings.Repeat("x", 129) + "y", "", "", "at most 128"},
		{"password123", "", "", "common"},
		{"Password2024!", "", "", "common"},
		{"qwertyuiop", "", "", "common"},
		{"1234567890", "", "", "common"},
		{"iloveyou!!", "", "", "common"},
		{"Kampala2025", "", "", "common"},
		{"aaaaaaaaaaaa", "", "", "repeated"},
		{"abababababab", "", "", "repeated"},
		{"abcdefghijkl", "", "", "sequential"},
		{"9876543210", "", "", "sequential"},
		{"asdfghjklasdf", "", "", "sequential"},
		{"Tumusiime-2024!", "tumusiime", "t@example.org", "username"},
		{"my okello.p garden", "okello.p", "", "username"},
		{"sarah.k@home-99", "someone", "sarah.k@example.org", "username"},
		{"a long enough passphrase", "okello", "okello@example.org", ""},
		{"posho-and-beans", "okello", "okello@example.org", ""},
		{"matooke-2024", "nakato", "nakato@example.org", ""},
		{"Mango tree at 5pm", "bob", "bob@example.org", ""},
	}
	for _, tt := range tests {
		got := PasswordProblem(tt.password, tt.username, tt.email)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("PasswordProblem(%q, %q, %q) = %q, want %q", tt.password, tt.username, tt.email, got, tt.want)
		}
	}
}

func TestCommonPasswordListLoaded(t *testing.T) {
	if len(commonPasswords) < 300 {
		t.Fatalf("%d common passwords loaded, want the embedded list of several hundred", len(commonPasswords))
	}
	for w := range commonPasswords {
		if w != strings.ToLower(strings.TrimSpace(w)) || strings.HasPrefix(w, "#") {
			t.Errorf("list entry %q not normalised", w)
		}
	}
}

func TestNewPasswordValidate(t *testing.T) {
	if e := (NewPassword{"a long enough passphrase", "a long enough passphrase"}).Validate("okello", ""); len(e) != 0 {
		t.Errorf("good password refused: %v", e)
	}
	if e := (NewPassword{"a long enough passphrase", "a long enough passphrasE"}).Validate("okello", ""); e["confirm"] == "" {
		t.Errorf("differing confirmation accepted: %v", e)
	}
	if e := (NewPassword{"password", "password"}).Validate("okello", ""); e["password"] == "" {
		t.Errorf("'password' accepted: %v", e)
	}
}
