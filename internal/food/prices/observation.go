package prices

import (
	"strconv"
	"strings"
	"time"
)

// DefaultSource names the publisher in natural keys when Parser.Source is empty.
const DefaultSource = "wfp"

// Observation is one food price row of the file.
type Observation struct {
	Line   int    // line in the file the row starts on
	Source string // publisher, part of the natural key (Parser.Source)

	Date     time.Time // UTC midnight; WFP dates monthly prices on the 15th
	Region   string    // admin1
	District string    // admin2
	Market   string
	MarketID int
	// Lat and Lon are the market's coordinates; HasLocation is false when the file
	// leaves them blank (both are then 0).
	Lat, Lon    float64
	HasLocation bool

	Category    string // e.g. "cereals and tubers"
	Commodity   string // e.g. "Maize (white)"
	CommodityID int
	// FoodKeys are the food table keys the commodity prices (commodity_map.csv); nil
	// when the commodity is not mapped. Shared with the map: do not modify.
	FoodKeys []string

	RawUnit   string // unit as published, e.g. "KG", "100 KG", "L"
	PriceFlag string // e.g. "actual"; WFP also publishes "aggregate" and "forecast"
	PriceType string // "Retail", "Wholesale" or "Farmgate"
	Currency  string // always "UGX" (other currencies are rejected)
	Price     float64
	// USDPrice is WFP's conversion of Price to US dollars, 0 when blank.
	USDPrice float64

	// Normalised price: PricePerUnitUGX Uganda shillings per PerUnit ("kg", "l",
	// "unit" or "packet"). UnitSize is how many PerUnit the published unit holds.
	PerUnit         string
	UnitSize        float64
	PricePerUnitUGX float64
}

// Key identifies an observation across imports: the same market, commodity, unit and
// price type on the same date is the same observation, whatever file it came from.
// The price and the price flag are deliberately not part of it, so a newer file that
// revises a price updates the row instead of adding a second one.
type Key struct {
	Source      string
	MarketID    int
	CommodityID int
	Unit        string // canonical unit spelling (Unit.Canonical)
	PriceType   string
	Date        time.Time
}

// NaturalKey returns the observation's key.
func NaturalKey(o Observation) Key {
	unit := strings.ToUpper(strings.TrimSpace(o.RawUnit))
	if u, err := ParseUnit(o.RawUnit); err == nil {
		unit = u.Canonical
	}
	return keyWithUnit(o, unit)
}

func keyWithUnit(o Observation, unit string) Key {
	return Key{
		Source:      o.Source,
		MarketID:    o.MarketID,
		CommodityID: o.CommodityID,
		Unit:        unit,
		PriceType:   o.PriceType,
		Date:        o.Date.UTC(),
	}
}

// String spells the key as one value for a unique column:
// "wfp/258/52/KG/Retail/2006-01-15".
func (k Key) String() string {
	b := make([]byte, 0, 48)
	b = append(b, k.Source...)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(k.MarketID), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(k.CommodityID), 10)
	b = append(b, '/')
	b = append(b, k.Unit...)
	b = append(b, '/')
	b = append(b, k.PriceType...)
	b = append(b, '/')
	b = k.Date.UTC().AppendFormat(b, time.DateOnly)
	return string(b)
}
