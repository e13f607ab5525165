package i18n

import (
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

var update = flag.Bool("update", false, "rewrite docs/translations/lg-review.csv from the catalogues")

func forms(m *goi18n.Message) map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

var fieldRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func fields(s string) []string {
	var out []string
	for _, m := range fieldRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestEveryKeyInEveryCatalogue fails when a key is missing from a catalogue, a message
// lacks its "other" text, or a translation drops or invents a {{.Field}}.
func TestEveryKeyInEveryCatalogue(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	for _, lang := range Supported {
		for _, k := range Keys(lang) {
			all[k] = true
		}
	}
	if len(all) < 100 {
		t.Fatalf("only %d keys: the catalogues did not load", len(all))
	}
	for k := range all {
		en := Message(English, k)
		for _, lang := range Supported {
			m := Message(lang, k)
			if m == nil {
				t.Errorf("%s: missing from the %s catalogue", k, lang)
				continue
			}
			if strings.TrimSpace(m.Other) == "" {
				t.Errorf("%s (%s): no \"other\" text", k, lang)
			}
			if en == nil || lang == English {
				continue
			}
			want := fields(en.Other)
			for form, text := range forms(m) {
				if got := fields(text); !slices.Equal(got, want) && !(form == "one" && len(got) < len(want)) {
					t.Errorf("%s (%s, %s): fields %v, English has %v", k, lang, form, got, want)
				}
			}
			if (en.One != "") != (m.One != "") {
				t.Errorf("%s (%s): plural forms differ from English", k, lang)
			}
		}
	}
}

// TestSameEnglishSameTranslation: Text finds a key by its English, so two keys with one
// English text must share their translation too.
func TestSameEnglishSameTranslation(t *testing.T) {
	byText := map[string]string{}
	for _, k := range Keys(English) {
		if strings.HasPrefix(k, "date.") {
			continue // looked up by key only (Date), never by their English
		}
		en := Message(English, k).Other
		if first, ok := byText[en]; ok {
			for _, lang := range Supported {
				a, b := Message(lang, first), Message(lang, k)
				if a != nil && b != nil && a.Other != b.Other {
					t.Errorf("%q is %s and %s, translated differently in %s: %q, %q", en, first, k, lang, a.Other, b.Other)
				}
			}
			continue
		}
		byText[en] = k
	}
}

// TestLugandaReviewStatus: every Luganda message says whether a native speaker reviewed it.
func TestLugandaReviewStatus(t *testing.T) {
	for _, k := range Keys(Luganda) {
		if d := Message(Luganda, k).Description; !strings.HasPrefix(d, "review: ") {
			t.Errorf("%s: description %q does not start with \"review: \"", k, d)
		}
	}
}

var useRE = regexp.MustCompile(`\b(?:T|Tn|i18n\.T|i18n\.N|\.T|\.N)\((?:ctx|c\.UserContext\(\)|l|loc)?,?\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)

// TestEveryKeyUsedIsInTheCatalogue scans the Go and templ sources for T(ctx, "key") and
// fails on a key that no catalogue holds (it would show as the bare key).
func TestEveryKeyUsedIsInTheCatalogue(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	for _, dir := range []string{"views", "handlers", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, "_templ.go") || strings.HasSuffix(p, "_test.go") ||
				!(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".templ")) {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range useRE.FindAllStringSubmatch(string(b), -1) {
				n++
				if Message(English, m[1]) == nil {
					t.Errorf("%s uses %q, which is in no catalogue", p, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 30 {
		t.Fatalf("found only %d uses of catalogue keys: the scan is broken", n)
	}
}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct{ profile, accept, want string }{
		{"", "", English},
		{"", "lg-UG,lg;q=0.9,en;q=0.8", Luganda},
		{"", "lg", Luganda},
		{"", "en-GB,en;q=0.9", English},
		{"", "fr-FR", English},
		{"", "sw,lg;q=0.5", Luganda},
		{"en", "lg", English},
		{"lg", "en-US", Luganda},
		{"xx", "lg", Luganda},
		{"", "garbage;;q=", English},
	} {
		if got := Negotiate(c.profile, c.accept); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", c.profile, c.accept, got, c.want)
		}
	}
}

func TestTranslateAndDates(t *testing.T) {
	lg := WithLang(context.Background(), Luganda)
	en := context.Background()
	if got := T(lg, "layout.logout"); got != "Fuluma" {
		t.Errorf("Luganda log out = %q", got)
	}
	if got := T(en, "layout.logout"); got != "Log out" {
		t.Errorf("English log out = %q", got)
	}
	if got := Text(lg, "Profile saved."); got == "Profile saved." {
		t.Error("Text did not translate a catalogue sentence")
	}
	if got := Text(lg, "Matooke"); got != "Matooke" {
		t.Errorf("Text changed a text that is not in the catalogue: %q", got)
	}
	if got := T(lg, "layout.error", "Status", "404"); got != "Ensobi 404" {
		t.Errorf("template field: %q", got)
	}
	d := time.Date(2026, time.March, 4, 9, 5, 0, 0, time.UTC)
	for _, c := range []struct {
		ctx          context.Context
		layout, want string
	}{
		{en, "Mon 2 Jan 2006", "Wed 4 Mar 2026"},
		{lg, "Monday 2 January 2006", "Lwakusatu 4 Marisi 2026"},
		{lg, "2 Jan 2006, 15:04", "4 Mar 2026, 09:05"},
		{lg, "Jan 2006", "Mar 2026"},
	} {
		if got := Date(c.ctx, d, c.layout); got != c.want {
			t.Errorf("Date(%s, %q) = %q, want %q", Lang(c.ctx), c.layout, got, c.want)
		}
	}
	if got := Date(lg, time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC), "2 January"); got != "1 Maayi" {
		t.Errorf("May in Luganda = %q", got)
	}
}

// TestReviewListIsCurrent keeps docs/translations/lg-review.csv (the reviewers' list:
// key, English, Luganda, status) in step with the catalogues; -update rewrites it.
func TestReviewListIsCurrent(t *testing.T) {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"key", "english", "luganda", "status", "correction", "reviewer"})
	for _, k := range Keys(Luganda) {
		en, lg := Message(English, k), Message(Luganda, k)
		enText, lgText := en.Other, lg.Other
		if en.One != "" {
			enText, lgText = en.One+" | "+en.Other, lg.One+" | "+lg.Other
		}
		_ = w.Write([]string{k, enText, lgText, strings.TrimPrefix(lg.Description, "review: "), "", ""})
	}
	w.Flush()
	path := filepath.Join("..", "..", "docs", "translations", "lg-review.csv")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Errorf("%s is out of date: run go test ./internal/i18n -run TestReviewListIsCurrent -update", path)
	}
}
