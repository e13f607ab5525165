package money

import (
	"math"
	"testing"
)

func TestUGX(t *testing.T) {
	for n, want := range map[int64]string{0: "UGX 0", 500: "UGX 500", 2300: "UGX 2,300", 12500: "UGX 12,500",
		100000: "UGX 100,000", 1234567: "UGX 1,234,567", -2500: "UGX −2,500"} {
		if got := UGX(n); got != want {
			t.Errorf("UGX(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{7: "7", 999: "999", 1000: "1,000", -1000: "-1,000",
		math.MinInt64: "-9,223,372,036,854,775,808"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
