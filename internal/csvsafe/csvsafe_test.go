package csvsafe

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://evil\",\"x\")": "'=HYPERLINK(\"http://evil\",\"x\")",
		"+1+cmd|' /C calc'!A0":              "'+1+cmd|' /C calc'!A0",
		"-2+3+cmd|' /C calc'!A0":            "'-2+3+cmd|' /C calc'!A0",
		"@SUM(1+1)":                         "'@SUM(1+1)",
		"\t=1+1":                            "'\t=1+1",
		"\r=1+1":                            "'\r=1+1",
		"＝1+1":                              "'＝1+1",
		"'=1+1":                             "''=1+1",
		"'hello":                            "''hello",
		"-":                                 "'-",
		"-5":                                "-5",
		"-2.5":                              "-2.5",
		"-0.25":                             "-0.25",
		"-1e5":                              "'-1e5",
		"+5":                                "'+5",
		"6.1":                               "6.1",
		"matooke":                           "matooke",
		"":                                  "",
		"a=b":                               "a=b",
		"2026-12-03T10:00:00Z":              "2026-12-03T10:00:00Z",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnescapeKeepsQuotesItDidNotAdd(t *testing.T) {
	for in, want := range map[string]string{"'hello": "'hello", "'=x": "=x", "''x": "'x", "'-5": "'-5", "'-x": "-x", "plain": "plain"} {
		if got := Unescape(in); got != want {
			t.Errorf("Unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterAndReaderRoundTrip(t *testing.T) {
	rows := [][]string{{"name", "notes", "value"}, {"=cmd|' /C calc'!A0", "@me", "-3.5"}, {"'quoted", "\t tab", "+7"}}
	var buf bytes.Buffer
	if err := NewWriter(&buf).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n")[1:] {
		for _, cell := range strings.Split(line, ",") {
			cell = strings.TrimPrefix(cell, `"`)
			if risky(cell) {
				t.Errorf("cell %q of %q can be read as a formula", cell, line)
			}
		}
	}
	r := NewReader(&buf)
	for i, want := range rows {
		got, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("row %d: %q, want %q", i, got, want)
		}
	}
}

func FuzzCellRoundTrip(f *testing.F) {
	for _, s := range []string{"=1+1", "-2.5", "'x", "''=y", "@a", "hello", "\t", "－1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cell(s)
		if risky(c) {
			t.Fatalf("Cell(%q) = %q can be read as a formula", s, c)
		}
		if u := Unescape(c); u != s {
			t.Fatalf("Unescape(Cell(%q)) = %q", s, u)
		}
	})
}

// Every CSV the app writes goes through this package: encoding/csv's writer is used
// nowhere else in the code.
func TestNoOtherCSVWriter(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || path == filepath.Join(root, "internal", "csvsafe")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) {
			t.Errorf("%s writes CSV with encoding/csv: use csvsafe.NewWriter", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
