// Package money writes amounts of Uganda shillings the way people in Uganda read them. It
// is the one formatter of the app: pages, flags, the assistant and recommendations use it.
package money

import "strconv"

// UGX writes whole shillings: "UGX 2,300", "UGX −500" (UGX has no minor unit in everyday
// use; the minus is the typographic one).
func UGX(n int64) string {
	if n < 0 {
		return "UGX −" + Thousands(-n)
	}
	return "UGX " + Thousands(n)
}

// Thousands writes n with comma thousands separators: 12500 → "12,500", −2300 → "-2,300".
func Thousands(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	digits := strconv.FormatUint(u, 10)
	b := make([]byte, 0, len(digits)+len(digits)/3+1)
	if neg {
		b = append(b, '-')
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, digits[i])
	}
	return string(b)
}
