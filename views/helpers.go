package views

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

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
