package prices

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// What a normalised price is quoted per.
const (
	PerKg     = "kg"
	PerLitre  = "l"
	PerItem   = "unit"
	PerPacket = "packet"
)

// Unit is a published WFP unit ("KG", "100 KG", "500 ML", "Pair"...) read as a
// quantity of a base unit, so that a price per published unit becomes a price per
// kilogram, litre or item.
type Unit struct {
	// Canonical is the unit spelled the way WFP spells it, with spacing and case
	// normalised and a multiplier of 1 dropped: "100kg" → "100 KG", "1 KG" → "KG".
	Canonical string
	// Per is PerKg, PerLitre, PerItem or PerPacket.
	Per string
	// Size is how many Per one published unit holds: "100 KG" → 100, "500 ML" → 0.5,
	// "Pair" → 2.
	Size float64
}

// baseUnit is a unit word WFP uses, as a quantity of one of the Per units.
type baseUnit struct {
	canonical string
	per       string
	// One unit word is times/divisor of a Per unit; kept as a fraction so that "100 G"
	// gives exactly 0.1 kg rather than 100 × 0.001.
	times, divisor float64
}

// baseUnits lists the unit words accepted, by upper-case spelling. A packet has no
// published weight or count (a packet of sanitary pads, of tea...), so it stays its own
// unit instead of being guessed into kilograms or items. A pair is two items and a
// dozen twelve, so their prices are divided to a price per item.
var baseUnits = map[string]baseUnit{
	"KG":     {"KG", PerKg, 1, 1},
	"G":      {"G", PerKg, 1, 1000},
	"MT":     {"MT", PerKg, 1000, 1}, // metric tonne
	"L":      {"L", PerLitre, 1, 1},
	"ML":     {"ML", PerLitre, 1, 1000},
	"UNIT":   {"Unit", PerItem, 1, 1},
	"PAIR":   {"Pair", PerItem, 2, 1},
	"DOZEN":  {"Dozen", PerItem, 12, 1},
	"PACKET": {"Packet", PerPacket, 1, 1},
}

// ParseUnit reads a published unit: a unit word from the table above, optionally
// preceded by a positive multiplier ("50 KG", "3.5 KG", "100 G", "500 ML"). Case and
// spacing do not matter. An unknown word is an error, so that no price is silently
// divided by a guessed quantity.
func ParseUnit(s string) (Unit, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Unit{}, fmt.Errorf("empty unit")
	}
	// Split a leading number from the word, with or without a space ("100KG").
	i := 0
	for i < len(text) && (text[i] >= '0' && text[i] <= '9' || text[i] == '.') {
		i++
	}
	multiplier := 1.0
	if i > 0 {
		n, err := strconv.ParseFloat(text[:i], 64)
		if err != nil || n <= 0 || math.IsInf(n, 0) {
			return Unit{}, fmt.Errorf("bad quantity %q in unit", text[:i])
		}
		multiplier = n
	}
	word := strings.ToUpper(strings.TrimSpace(text[i:]))
	base, ok := baseUnits[word]
	if !ok {
		return Unit{}, fmt.Errorf("unknown unit")
	}
	canonical := base.canonical
	if multiplier != 1 {
		canonical = strconv.FormatFloat(multiplier, 'f', -1, 64) + " " + base.canonical
	}
	return Unit{Canonical: canonical, Per: base.per, Size: multiplier * base.times / base.divisor}, nil
}

// PricePer turns a price for one published unit into a price per u.Per.
func (u Unit) PricePer(price float64) float64 {
	return price / u.Size
}
