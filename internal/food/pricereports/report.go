package pricereports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Market units a report may use besides grams and a food's household measures.
const (
	UnitGram  = "g"
	UnitKilo  = "kg"
	UnitLitre = "l"
	UnitPiece = "piece"
	UnitHeap  = "heap"
	UnitBunch = "bunch"
	// MeasurePrefix starts a household measure of the food: "measure:1 cup".
	MeasurePrefix = "measure:"
)

// Limits of a plausible report. Outside them a value is refused as impossible.
const (
	MinPriceUGX     = 50         // the smallest coin in use
	MaxPriceUGX     = 10_000_000 // what the price tables accept
	MinGrams        = 1
	MaxGrams        = 100_000 // 100 kg: a retail purchase, not a lorry
	MaxQuantity     = 1000
	MinUnitPriceUGX = 100     // per kg or litre
	MaxUnitPriceUGX = 200_000 // per kg or litre
	// FarFactor: a price more than this many times the current one (or less than its
	// inverse) must be confirmed by the reporter, and is flagged for moderation.
	FarFactor = 3.0
	// MaxAge is how old a reported purchase may be.
	MaxAge = 365 * 24 * time.Hour
	// PerDay is how many reports one user may send in 24 hours.
	PerDay = 30
)

// Measure is a household measure of a food with its weight.
type Measure struct {
	Label string
	Grams float64
}

// Draft is a report as typed in the form, before checking.
type Draft struct {
	Quantity string // how many of Unit
	Unit     string // g, kg, l, piece, heap, bunch, or MeasurePrefix + label
	WeightG  string // weight in grams of what was bought, when the unit's weight is not known
	PriceUGX string // what was paid in total
	Date     string // YYYY-MM-DD
	Place    string // market or district, free text
	Confirm  bool   // the reporter confirmed a price far from the current one
}

// Current is the price a report is compared with.
type Current struct {
	UGX     float64
	PerUnit string // kg or l
}

// Report is a checked report.
type Report struct {
	Quantity     float64
	Unit         string
	Grams        float64 // weight (or millilitres for litres) of what was bought
	PriceUGX     float64 // paid in total, whole shillings
	UnitPriceUGX float64 // per PerUnit, rounded to the shilling
	PerUnit      string  // kg or l
	Date         time.Time
	Place        string
	// Flag says why moderators should look at this report ("" when nothing stands out).
	Flag string
}

// Errors holds one message per form field.
type Errors map[string]string

// Check validates a draft for a food with the given household measures and current price
// (nil when the food has none), as of now in loc (the reporter's time zone). It returns
// the report, the errors per field and whether the only thing missing is the reporter's
// confirmation of a price far from the current one (then Errors["confirm"] says why).
func (d Draft) Check(foodName string, measures []Measure, current *Current, now time.Time, loc *time.Location) (Report, Errors) {
	errs := Errors{}
	var r Report
	q, err := parseNumber(d.Quantity)
	switch {
	case strings.TrimSpace(d.Quantity) == "":
		q = 1
	case err != nil:
		errs["quantity"] = "Enter how many you bought as a number, like 1 or 2.5."
	case q <= 0 || q > MaxQuantity:
		errs["quantity"] = fmt.Sprintf("Enter an amount above 0 and at most %d.", MaxQuantity)
	}
	r.Quantity = q
	r.Unit = strings.TrimSpace(d.Unit)
	r.PerUnit = "kg"
	if _, ok := errs["quantity"]; !ok {
		r.Grams = r.convert(foodName, measures, d.WeightG, errs)
	}
	if r.Unit == UnitLitre {
		r.PerUnit = "l"
	}

	price, err := parseNumber(d.PriceUGX)
	switch {
	case strings.TrimSpace(d.PriceUGX) == "":
		errs["price_ugx"] = "Enter what you paid in shillings."
	case err != nil || price != math.Trunc(price):
		errs["price_ugx"] = "Enter what you paid in whole shillings, like 3500."
	case price < MinPriceUGX || price >= MaxPriceUGX:
		errs["price_ugx"] = fmt.Sprintf("Enter a price of at least UGX %d and below UGX %s.", MinPriceUGX, "10,000,000")
	}
	r.PriceUGX = price

	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(d.Date), loc)
	today := now.In(loc)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	switch {
	case err != nil:
		errs["date"] = "Enter the day you bought it (YYYY-MM-DD)."
	case day.After(today):
		errs["date"] = "The day you bought it cannot be in the future."
	case today.Sub(day) > MaxAge:
		errs["date"] = "Report prices from the last year only; older prices are history, not today's price."
	}
	r.Date = time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, loc).UTC()

	r.Place = strings.Join(strings.Fields(d.Place), " ")
	if len([]rune(r.Place)) > 80 {
		errs["place"] = "Keep the market or district under 80 characters."
	}

	if len(errs) > 0 {
		return r, errs
	}
	unit := r.PriceUGX / (r.Grams / 1000)
	r.UnitPriceUGX = math.Round(unit)
	per := perLabel(r.PerUnit)
	switch {
	case unit < MinUnitPriceUGX:
		errs["price_ugx"] = fmt.Sprintf("That is UGX %s per %s, below any market price; check the amount and the price.", Shillings(unit), per)
		return r, errs
	case unit > MaxUnitPriceUGX:
		errs["price_ugx"] = fmt.Sprintf("That is UGX %s per %s, above any market price for food; check the amount and the price.", Shillings(unit), per)
		return r, errs
	}
	if current != nil && current.PerUnit == r.PerUnit && current.UGX > 0 {
		ratio := unit / current.UGX
		if ratio > FarFactor || ratio < 1/FarFactor {
			how := fmt.Sprintf("%s times", strconv.FormatFloat(math.Round(ratio*10)/10, 'f', -1, 64))
			if ratio < 1 {
				how = fraction(ratio) + " of"
			}
			r.Flag = fmt.Sprintf("UGX %s per %s is %s the current price (UGX %s); the reporter confirmed it",
				Shillings(unit), per, how, Shillings(current.UGX))
			if !d.Confirm {
				errs["confirm"] = fmt.Sprintf("UGX %s per %s is %s the current price of UGX %s per %s. If that is what you paid, tick the box to confirm.",
					Shillings(unit), per, how, Shillings(current.UGX), per)
			}
		}
	}
	return r, errs
}

// convert works out the weight of what was bought, in grams (millilitres for litres).
func (r *Report) convert(foodName string, measures []Measure, weight string, errs Errors) float64 {
	q := r.Quantity
	var grams float64
	switch {
	case r.Unit == UnitGram:
		grams = q
	case r.Unit == UnitKilo || r.Unit == UnitLitre:
		grams = q * 1000
	case strings.HasPrefix(r.Unit, MeasurePrefix):
		label := strings.TrimPrefix(r.Unit, MeasurePrefix)
		for _, m := range measures {
			if m.Label == label && m.Grams > 0 {
				grams = q * m.Grams
			}
		}
		if grams == 0 {
			errs["unit"] = "Choose a measure from the list."
			return 0
		}
	case r.Unit == UnitPiece || r.Unit == UnitHeap || r.Unit == UnitBunch:
		if strings.TrimSpace(weight) != "" {
			w, err := parseNumber(weight)
			if err != nil || w < MinGrams || w > MaxGrams {
				errs["weight_g"] = "Enter the weight of all you bought in grams, like 1500."
				return 0
			}
			return w
		}
		if g, ok := UnitWeight(r.Unit, measures); ok {
			grams = q * g
		} else {
			errs["weight_g"] = fmt.Sprintf("We do not know what a %s of %s weighs: weigh what you bought and enter its weight in grams.", r.Unit, foodName)
			return 0
		}
	default:
		errs["unit"] = "Choose grams, kilograms, litres, a piece, a heap, a bunch or one of the food's measures."
		return 0
	}
	if grams < MinGrams || grams > MaxGrams {
		errs["quantity"] = "Enter an amount between 1 gram and 100 kilograms."
		return 0
	}
	return grams
}

// UnitWeight is the weight of one piece, heap or bunch of a food when one of its household
// measures gives it (a piece is "1 medium …", "1 fruit", "1 whole …" or "1 piece").
func UnitWeight(unit string, measures []Measure) (float64, bool) {
	for _, m := range measures {
		l := strings.ToLower(m.Label)
		if strings.Contains(l, "cup") || m.Grams <= 0 || !strings.HasPrefix(l, "1 ") {
			continue
		}
		switch unit {
		case UnitPiece:
			for _, w := range []string{"medium", "fruit", "whole", "piece", "egg", "avocado"} {
				if strings.Contains(l, w) {
					return m.Grams, true
				}
			}
		case UnitHeap, UnitBunch:
			if strings.Contains(l, unit) {
				return m.Grams, true
			}
		}
	}
	return 0, false
}

// parseNumber reads a number typed with optional thousands separators ("3,500", "3 500").
func parseNumber(s string) (float64, error) {
	s = strings.NewReplacer(",", "", " ", "", "_", "").Replace(strings.TrimSpace(s))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("not a number")
	}
	return v, nil
}

// Shillings spells a whole number of shillings with thousands separators: "12,500".
func Shillings(v float64) string {
	n := int64(math.Round(v))
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func perLabel(perUnit string) string {
	if perUnit == "l" {
		return "litre"
	}
	return perUnit
}

// fraction spells a ratio below one as "third", "quarter", "fifth"…
func fraction(r float64) string {
	n := int(math.Round(1 / r))
	switch n {
	case 3:
		return "a third"
	case 4:
		return "a quarter"
	}
	return "1/" + strconv.Itoa(n)
}
