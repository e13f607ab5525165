package prices

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Mapping links one WFP commodity to one key of the food table.
type Mapping struct {
	Commodity string // WFP commodity name, e.g. "Maize (white)"
	FoodKey   string // food table key, e.g. "maize-grain"
	Note      string // why, and how the price applies to this food
}

// CommodityMap links WFP commodities to food keys. A commodity may map to several
// foods (one price, several foods bought in that form); a food may be priced by
// several commodities ("Maize" and "Maize (white)"). It is read-only once built and
// safe for concurrent use.
type CommodityMap struct {
	mappings []Mapping
	byName   map[string][]string // folded commodity name → food keys
	byFood   map[string][]string // food key → commodity names as written
}

//go:embed commodity_map.csv
var commodityMapCSV string

var defaultMap = mustLoad(commodityMapCSV)

func mustLoad(text string) *CommodityMap {
	m, err := LoadCommodityMap(strings.NewReader(text))
	if err != nil {
		panic("prices: embedded commodity_map.csv: " + err.Error())
	}
	return m
}

// DefaultCommodityMap returns the map embedded from commodity_map.csv.
func DefaultCommodityMap() *CommodityMap { return defaultMap }

// LoadCommodityMap reads a CSV with the header commodity,food_key,note. Lines
// starting with # are comments. A repeated (commodity, food key) pair is an error.
func LoadCommodityMap(r io.Reader) (*CommodityMap, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 3
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("commodity map: header: %w", err)
	}
	if want := []string{"commodity", "food_key", "note"}; !slices.Equal(header, want) {
		return nil, fmt.Errorf("commodity map: header is %q, want %q", header, want)
	}
	m := &CommodityMap{byName: map[string][]string{}, byFood: map[string][]string{}}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("commodity map: %w", err)
		}
		line, _ := cr.FieldPos(0)
		mp := Mapping{
			Commodity: strings.TrimSpace(rec[0]),
			FoodKey:   strings.TrimSpace(rec[1]),
			Note:      strings.TrimSpace(rec[2]),
		}
		if mp.Commodity == "" || mp.FoodKey == "" {
			return nil, fmt.Errorf("commodity map: line %d: commodity and food_key are required", line)
		}
		name := foldName(mp.Commodity)
		if slices.Contains(m.byName[name], mp.FoodKey) {
			return nil, fmt.Errorf("commodity map: line %d: %q → %q listed twice", line, mp.Commodity, mp.FoodKey)
		}
		m.byName[name] = append(m.byName[name], mp.FoodKey)
		m.byFood[mp.FoodKey] = append(m.byFood[mp.FoodKey], mp.Commodity)
		m.mappings = append(m.mappings, mp)
	}
	return m, nil
}

// foldName makes commodity lookups ignore case and surrounding spaces.
func foldName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// FoodKeys returns the food keys priced by a commodity, nil when it has none. The
// returned slice is shared: do not modify it.
func (m *CommodityMap) FoodKeys(commodity string) []string {
	return m.byName[foldName(commodity)]
}

// Commodities returns the WFP commodity names that price a food key, for loading that
// food's observations from the database.
func (m *CommodityMap) Commodities(foodKey string) []string {
	return slices.Clone(m.byFood[foodKey])
}

// Mappings returns every row of the map in file order.
func (m *CommodityMap) Mappings() []Mapping { return slices.Clone(m.mappings) }
