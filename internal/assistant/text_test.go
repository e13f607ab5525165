package assistant

import (
	"strings"
	"testing"
)

func TestTokenizeNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []string // text of each token
	}{
		{"2,500", []string{"2500"}},
		{"3k", []string{"3000"}},
		{"2.5k lunch", []string{"2500", "lunch"}},
		{"2,000/=", []string{"2000", "ugx"}},
		{"5000/-", []string{"5000", "ugx"}},
		{"UGX2500", []string{"ugx", "2500"}},
		{"1/2 cup", []string{"0.5", "cup"}},
		{"½ plate", []string{"0.5", "plate"}},
		{"200g", []string{"200", "g"}},
		{"3.2mmol/L", []string{"3.2", "mmoll"}},
		{"250 mg/dL", []string{"250", "mgdl"}},
		{"eky'eggulo", []string{"ekyeggulo"}},
		{"2day", []string{"today"}},
		{"hba1c 7", []string{"hba1c", "7"}},
		{"beans, posho?", []string{"beans", ",", "posho", "?"}},
		{"2, 3", []string{"2", ",", "3"}},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		var got []string
		for _, tk := range toks {
			got = append(got, tk.text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"matooke", "matooke", 0},
		{"matoke", "matooke", 1},
		{"brwon", "brown", 1}, // transposition counts once
		{"cassva", "cassava", 1},
		{"posho", "pasha", 2},
		{"rice", "price", 1},
		{"beans", "xyz", 3}, // capped at max+1
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 2); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFuzzyIndexFindsNearest(t *testing.T) {
	ix := newFuzzyIndex(2)
	for _, w := range []string{"cassava", "cabbage", "carrot", "sweet potato"} {
		ix.add(w)
	}
	tests := []struct {
		q    string
		max  int
		want string
		ok   bool
	}{
		{"casava", 1, "cassava", true},
		{"cabage", 1, "cabbage", true},
		{"sweet potatoe", 2, "sweet potato", true},
		{"swet potatoe", 2, "sweet potato", true},
		{"carots", 1, "", false}, // two edits with one allowed
		{"banana", 2, "", false},
	}
	for _, tt := range tests {
		got, _, ok := ix.search(tt.q, tt.max)
		if ok != tt.ok || got != tt.want {
			t.Errorf("search(%q, %d) = %q, %v; want %q, %v", tt.q, tt.max, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCleanInput(t *testing.T) {
	if _, err := cleanInput("   \n\t "); err != ErrEmptyMessage {
		t.Errorf("blank message: err = %v, want ErrEmptyMessage", err)
	}
	if _, err := cleanInput(strings.Repeat("a", MaxMessageRunes+1)); err != ErrMessageTooLong {
		t.Errorf("long message: err = %v, want ErrMessageTooLong", err)
	}
	// 2,000 characters of multi-byte text are accepted: the limit counts characters
	if _, err := cleanInput(strings.Repeat("é", MaxMessageRunes)); err != nil {
		t.Errorf("2000 runes: %v", err)
	}
	if got, err := cleanInput("posho \xff carbs"); err != nil || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("invalid UTF-8 not cleaned: %q, %v", got, err)
	}
}
