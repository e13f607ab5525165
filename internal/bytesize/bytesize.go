// Package bytesize writes a number of bytes for people: "512 B", "12 KiB", "3.4 MiB",
// "1.2 GiB". One rule for the status page and the operator's commands.
package bytesize

import "fmt"

// Text is n bytes in the largest binary unit it fills (KiB whole, MiB and GiB to one decimal).
func Text(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
