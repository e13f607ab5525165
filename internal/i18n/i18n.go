// Package i18n holds the app's message catalogues (one TOML file per language under
// locales/, read by nicksnyder/go-i18n) and chooses a visitor's language: the profile's
// setting when signed in, otherwise the browser's Accept-Language. Pages reach the
// visitor's catalogue through the request context (WithLang, T). Pure: no web code.
package i18n

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Languages the app speaks, the default first. The codes are BCP 47 (ISO 639-1): "lg" is Luganda.
const (
	English = "en"
	Luganda = "lg"
)

// Supported lists the languages with a complete catalogue, in the order a picker shows them.
var Supported = []string{English, Luganda}

// Names are each language's name in itself, as a language picker shows them.
var Names = map[string]string{English: "English", Luganda: "Luganda"}

//go:embed locales/*.toml
var files embed.FS

var (
	loadOnce sync.Once
	bundle   *goi18n.Bundle
	loadErr  error
	// english maps an English catalogue text back to its key, so that fixed texts made
	// outside the views (page titles, flash and validation messages) can be translated.
	english map[string]string
	// raw holds each language's messages by key, for Text and the tests.
	raw     map[string]map[string]*goi18n.Message
	matcher = language.NewMatcher([]language.Tag{language.English, language.MustParse(Luganda)})
)

func load() {
	bundle = goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	raw = map[string]map[string]*goi18n.Message{}
	english = map[string]string{}
	for _, lang := range Supported {
		mf, err := bundle.LoadMessageFileFS(files, "locales/"+lang+".toml")
		if err != nil {
			loadErr = fmt.Errorf("i18n: load %s catalogue: %w", lang, err)
			return
		}
		raw[lang] = map[string]*goi18n.Message{}
		for _, m := range mf.Messages {
			raw[lang][m.ID] = m
			if lang == English && m.Other != "" {
				if _, dup := english[m.Other]; !dup {
					english[m.Other] = m.ID
				}
			}
		}
	}
}

// Load reads the embedded catalogues once; an error is a defect in a catalogue file.
func Load() error {
	loadOnce.Do(load)
	return loadErr
}

func mustLoad() {
	if err := Load(); err != nil {
		panic(err)
	}
}

// Negotiate picks the language: the profile's choice when it is a supported one,
// otherwise the best match for the browser's Accept-Language header, otherwise English.
func Negotiate(profile, acceptLanguage string) string {
	if isSupported(profile) {
		return profile
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	return Supported[idx]
}

func isSupported(lang string) bool {
	for _, l := range Supported {
		if l == lang {
			return true
		}
	}
	return false
}

// Localizer translates into one language, falling back to English for a key a
// catalogue lacks (the tests keep that from happening).
type Localizer struct {
	Lang string
	l    *goi18n.Localizer
}

var (
	locMu      sync.Mutex
	localizers = map[string]*Localizer{}
)

// For returns the localizer of a supported language (English for any other).
func For(lang string) *Localizer {
	mustLoad()
	if !isSupported(lang) {
		lang = English
	}
	locMu.Lock()
	defer locMu.Unlock()
	if l, ok := localizers[lang]; ok {
		return l
	}
	l := &Localizer{Lang: lang, l: goi18n.NewLocalizer(bundle, lang, English)}
	localizers[lang] = l
	return l
}

type ctxKey struct{}

// WithLang returns a context carrying the language's localizer.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, ctxKey{}, For(lang))
}

// From returns the context's localizer, English when it has none.
func From(ctx context.Context) *Localizer {
	if ctx != nil {
		if l, ok := ctx.Value(ctxKey{}).(*Localizer); ok {
			return l
		}
	}
	return For(English)
}

// Lang is the context's language code.
func Lang(ctx context.Context) string { return From(ctx).Lang }

// T translates a key; args are name, value pairs for the message's {{.Name}} fields.
func T(ctx context.Context, id string, args ...any) string { return From(ctx).T(id, args...) }

// N translates a key whose text depends on a count ({{.Count}} in the message).
func N(ctx context.Context, id string, count int, args ...any) string {
	return From(ctx).N(id, count, args...)
}

// T translates a key; a key in no catalogue comes back as itself, which the tests catch.
func (l *Localizer) T(id string, args ...any) string {
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data(args)})
	if err != nil {
		return id
	}
	return s
}

// N translates a key with plural forms chosen by count.
func (l *Localizer) N(id string, count int, args ...any) string {
	d := data(args)
	d["Count"] = count
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil {
		return id
	}
	return s
}

func data(args []any) map[string]any {
	d := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			d[k] = args[i+1]
		}
	}
	return d
}

// Text translates a fixed English text made outside the views (a page title, a flash
// or validation message) when the English catalogue holds it; any other text (a
// user's own words, a food name) comes back unchanged.
func Text(ctx context.Context, en string) string {
	l := From(ctx)
	if l.Lang == English || en == "" {
		return en
	}
	if id, ok := english[en]; ok {
		return l.T(id)
	}
	return en
}

// Keys lists a language's message keys, sorted (for the tests and the review list).
func Keys(lang string) []string {
	mustLoad()
	out := make([]string, 0, len(raw[lang]))
	for k := range raw[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Message returns a language's message of a key (nil when it has none): its text
// forms and its description, which in the Luganda catalogue holds the review status.
func Message(lang, id string) *goi18n.Message {
	mustLoad()
	return raw[lang][id]
}

// Date formats t with a Go layout, writing month and weekday names in the context's
// language ("2 January 2006" → "2 Janwaliyo 2006" in Luganda).
func Date(ctx context.Context, t time.Time, layout string) string {
	s := t.Format(layout)
	l := From(ctx)
	if l.Lang == English {
		return s
	}
	m, wd := t.Month(), t.Weekday()
	r := strings.NewReplacer(
		m.String(), l.T(fmt.Sprintf("date.month.%d", int(m))),
		m.String()[:3], l.T(fmt.Sprintf("date.mon.%d", int(m))),
		wd.String(), l.T(fmt.Sprintf("date.weekday.%d", int(wd))),
		wd.String()[:3], l.T(fmt.Sprintf("date.wkd.%d", int(wd))),
	)
	return r.Replace(s)
}

// Untranslated returns the texts (trimmed) that are, word for word, an English catalogue
// message whose lang translation differs: text that a page in lang should not show. The
// tests run it over every text node of pages rendered in Luganda.
func Untranslated(lang string, texts []string) []string {
	mustLoad()
	var out []string
	for _, s := range texts {
		s = strings.Join(strings.Fields(s), " ")
		id, ok := english[s]
		if !ok {
			continue
		}
		if m := raw[lang][id]; m != nil && m.Other != s {
			out = append(out, s)
		}
	}
	return out
}
