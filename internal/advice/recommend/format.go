package recommend

import (
	"math"
	"strconv"

	"github.com/zoe-nutritech/zoe/internal/money"
)

// formatWhole rounds to a whole number with thousands separators (GI, kcal, mg).
func formatWhole(x float64) string {
	return money.Thousands(int64(math.Round(x)))
}

// formatOne writes x with at most one decimal, dropping a trailing ".0"
// ("7.9", "12", "0.4").
func formatOne(x float64) string {
	r := math.Round(x*10) / 10
	if r == math.Trunc(r) {
		return money.Thousands(int64(r))
	}
	return strconv.FormatFloat(r, 'f', 1, 64)
}

// plural writes "1 time" / "3 times".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
