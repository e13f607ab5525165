package recommend

import (
	"math"
	"strconv"
	"strings"
)

// FormatUGX writes an amount of Uganda shillings the way people read it:
// "UGX 2,300" (UGX has no minor unit in everyday use).
func FormatUGX(amount int64) string {
	return "UGX " + groupThousands(amount)
}

// groupThousands writes n with comma thousands separators: 12500 → "12,500".
func groupThousands(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	digits := strconv.FormatUint(u, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	lead := len(digits) % 3
	if lead == 0 {
		lead = 3
	}
	b.WriteString(digits[:lead])
	for i := lead; i < len(digits); i += 3 {
		b.WriteByte(',')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// formatWhole rounds to a whole number with thousands separators (GI, kcal, mg).
func formatWhole(x float64) string {
	return groupThousands(int64(math.Round(x)))
}

// formatOne writes x with at most one decimal, dropping a trailing ".0"
// ("7.9", "12", "0.4").
func formatOne(x float64) string {
	r := math.Round(x*10) / 10
	if r == math.Trunc(r) {
		return groupThousands(int64(r))
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
