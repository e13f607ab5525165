package assistant

import (
	"strings"
	"testing"
)

func TestMemoryLexiconLookup(t *testing.T) {
	lex := testLexicon(t)
	tests := []struct {
		name     string
		wantKey  string
		wantDist int
	}{
		{"matooke", "matooke", 0},
		{"MATOKE", "matooke", 0},
		{"matookee", "matooke", 1},
		{"posho", "posho", 0},
		{"ugali", "posho", 0},
		{"dodo", "amaranth_leaves", 0},
		{"nakati", "nakati", 0},
		{"g-nuts", "groundnuts", 0},
		{"g nuts", "groundnuts", 0},
		{"gnuts", "groundnuts", 0},
		{"sukuma", "sukuma_wiki", 0},
		{"sukumawiki", "sukuma_wiki", 0},
		{"sweet potatoes", "sweet_potato", 0},
		{"eggs", "egg", 0},
		{"chapatis", "chapati", 0},
		{"cassva", "cassava", 1},
		{"avacado", "avocado", 0},
		{"avocardo", "avocado", 1},
		{"brwon rice", "rice_brown", 1},
		{"muwogo", "cassava", 0},
		{"sweet_potato", "sweet_potato", 0}, // keys are names too
	}
	for _, tt := range tests {
		m, ok := lex.Lookup(tt.name)
		if !ok || m.Key != tt.wantKey || m.Distance != tt.wantDist {
			t.Errorf("Lookup(%q) = %+v, %v; want key %q distance %d", tt.name, m, ok, tt.wantKey, tt.wantDist)
		}
	}
	for _, miss := range []string{"", "xyz", "ric", "laptop", "the"} {
		if m, ok := lex.Lookup(miss); ok {
			t.Errorf("Lookup(%q) = %+v, want no match", miss, m)
		}
	}
}

func TestMemoryLexiconFirstEntryKeepsSharedName(t *testing.T) {
	lex, err := NewMemoryLexicon([]LexiconEntry{
		{Key: "beans_dry", Names: []string{"beans"}},
		{Key: "beans_fresh", Names: []string{"beans", "fresh beans"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := lex.Lookup("beans"); m.Key != "beans_dry" {
		t.Errorf("shared name went to %q, want the first entry", m.Key)
	}
	if m, _ := lex.Lookup("fresh beans"); m.Key != "beans_fresh" {
		t.Errorf("own name went to %q", m.Key)
	}
	if lex.Len() != 2 {
		t.Errorf("Len = %d, want 2", lex.Len())
	}
}

func TestNewMemoryLexiconRejectsEmptyKey(t *testing.T) {
	if _, err := NewMemoryLexicon([]LexiconEntry{{Key: " ", Names: []string{"x"}}}); err == nil {
		t.Error("empty key accepted")
	}
	if _, err := LoadLexiconJSON(strings.NewReader("{not json")); err == nil {
		t.Error("bad JSON accepted")
	}
}

func TestTestLexiconCoversCommonUgandanFoods(t *testing.T) {
	lex := testLexicon(t)
	if lex.Len() < 50 {
		t.Errorf("test lexicon has %d foods, want at least 50", lex.Len())
	}
}
