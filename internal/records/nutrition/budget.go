package nutrition

import (
	"math"
	"time"
)

// DaysInMonth is the number of days in the month of day.
func DaysInMonth(day time.Time) int {
	y, m, _ := day.Date()
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DailyBudget is the monthly food budget spread evenly over the month of day, in whole
// UGX (rounded to the nearest shilling): 300,000 in a 30-day month is 10,000 a day.
func DailyBudget(monthlyUGX int64, day time.Time) int64 {
	return int64(math.Round(float64(monthlyUGX) / float64(DaysInMonth(day))))
}

// CostUGX is the cost of grams of a food priced per kilogram, in whole UGX.
func CostUGX(grams, pricePerKgUGX float64) int64 {
	if grams <= 0 || pricePerKgUGX <= 0 {
		return 0
	}
	return int64(math.Round(grams * pricePerKgUGX / 1000))
}
