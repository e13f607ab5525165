package views

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/money"
)

func csrfHeader(token string) string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": token})
	return string(b)
}

func statusText(status int) string { return strconv.Itoa(status) }

// UGX formats whole shillings the way people write them: "UGX 2,300" (package money).
func UGX(n int64) string { return money.UGX(n) }

// Num formats a number with the given decimals, dropping a trailing ".0".
func Num(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Pct formats a share 0–100 as a whole percent.
func Pct(v float64) string { return fmt.Sprintf("%.0f %%", v) }

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func greetingName(first string) string {
	if first == "" {
		return ""
	}
	return ", " + first
}

// T is the page's text of a catalogue key in the request's language (package i18n);
// args are name, value pairs for the message's {{.Name}} fields.
func T(ctx context.Context, id string, args ...any) string { return i18n.T(ctx, id, args...) }

// Tn is T for a message whose words depend on a count.
func Tn(ctx context.Context, id string, count int, args ...any) string {
	return i18n.N(ctx, id, count, args...)
}

// Tx translates a fixed English text made outside the views (a page title, a label, a
// flash or a validation message) when the catalogue holds it; other text is unchanged.
func Tx(ctx context.Context, en string) string { return i18n.Text(ctx, en) }

// Date writes a time with a Go layout, with month and day names in the page's language.
func Date(ctx context.Context, t time.Time, layout string) string { return i18n.Date(ctx, t, layout) }
