package prices

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Columns of the WFP/HDX file, by header name.
const (
	colDate = iota
	colAdmin1
	colAdmin2
	colMarket
	colMarketID
	colLatitude
	colLongitude
	colCategory
	colCommodity
	colCommodityID
	colUnit
	colPriceFlag
	colPriceType
	colCurrency
	colPrice
	colUSDPrice
	numColumns
)

// Columns lists the header names a file must have, in any order; other columns are
// ignored.
var Columns = [numColumns]string{
	"date", "admin1", "admin2", "market", "market_id", "latitude", "longitude",
	"category", "commodity", "commodity_id", "unit", "priceflag", "pricetype",
	"currency", "price", "usdprice",
}

// NonFoodCategory is the WFP category of rows that are not food.
const NonFoodCategory = "non-food"

// Currency is the only currency accepted: prices are compared in Uganda shillings.
const Currency = "UGX"

// Summary describes what Parse read.
type Summary struct {
	Rows       int // data rows read, header and HXL tag row excluded
	Food       int // food observations passed to the callback
	NonFood    int // rows of category "non-food", skipped
	Unmapped   int // food observations whose commodity has no food key (passed on)
	Duplicates int // rows repeating an earlier row's key and price, skipped
	Markets    int // distinct market IDs among food observations
	// Commodities counts food observations per commodity name as written.
	Commodities map[string]int
	// UnmappedCommodities counts observations of food commodities missing from the map.
	UnmappedCommodities map[string]int
	First, Last         time.Time // earliest and latest date of a food observation
	Bytes               int64     // bytes of input consumed
}

// Progress is reported while parsing so an importer can draw a progress bar: Bytes of
// the input consumed so far (compare with the file's size) and data rows read.
type Progress struct {
	Bytes int64
	Rows  int
}

// Parser holds the options of Parse. The zero value is ready to use.
type Parser struct {
	// Map links commodities to food keys; nil means DefaultCommodityMap().
	Map *CommodityMap
	// Source names the publisher in natural keys; "" means DefaultSource.
	Source string
	// MaxErrors is how many line errors to collect before stopping; 0 or 1 stops at
	// the first. Rows in error are not passed to the callback, but the rows around them
	// are, so an importer must roll back whenever Parse returns an error.
	MaxErrors int
	// Progress, when set, is called every ProgressEvery rows and once at the end.
	Progress func(Progress)
	// ProgressEvery defaults to 1000 rows.
	ProgressEvery int
}

// Parse reads a WFP market-price CSV with the default options and calls each for every
// food observation, in file order. See Parser.Parse.
func Parse(r io.Reader, each func(Observation) error) (Summary, error) {
	var p Parser
	return p.Parse(r, each)
}

// Parse reads a WFP market-price CSV from r and calls each for every food observation,
// in file order. It stops at the first error each returns, at the first malformed line
// (or after MaxErrors of them), and returns what it has counted so far. Errors about
// the data are *LineError or LineErrors.
func (p *Parser) Parse(r io.Reader, each func(Observation) error) (Summary, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true // fields are copied into Observation strings
	st := &state{
		parser:   p,
		cmap:     p.Map,
		source:   p.Source,
		interned: map[string]string{},
		seen:     map[Key]seenRow{},
		markets:  map[int]struct{}{},
		sum: Summary{
			Commodities:         map[string]int{},
			UnmappedCommodities: map[string]int{},
		},
	}
	if st.cmap == nil {
		st.cmap = DefaultCommodityMap()
	}
	if st.source == "" {
		st.source = DefaultSource
	}
	every := p.ProgressEvery
	if every <= 0 {
		every = 1000
	}

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return st.sum, &LineError{Line: 1, Msg: "the file is empty; expected a header row"}
	}
	if err != nil {
		if lerr, _ := csvError(err, nil, 0); lerr != nil {
			return st.sum, lerr
		}
		return st.sum, fmt.Errorf("prices: read: %w", err)
	}
	if lerr := st.checkUTF8(header, 1, nil); lerr != nil {
		return st.sum, lerr
	}
	if err := st.readHeader(header); err != nil {
		return st.sum, err
	}
	headerLen := len(header)
	st.header = slices.Clone(header)

	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		st.sum.Bytes = cr.InputOffset()
		if err != nil {
			lerr, fatal := csvError(err, rec, headerLen)
			if lerr == nil {
				return st.sum, fmt.Errorf("prices: read: %w", err)
			}
			st.sum.Rows++
			if stop := st.fail(lerr); stop != nil || fatal {
				return st.sum, st.stopWith(lerr)
			}
			continue
		}
		// HDX files may carry a row of HXL hashtags (#date, #adm1+name...) under the
		// header; it is not data.
		if first && strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			continue
		}
		st.sum.Rows++
		line, _ := cr.FieldPos(0)
		if p.Progress != nil && st.sum.Rows%every == 0 {
			p.Progress(Progress{Bytes: st.sum.Bytes, Rows: st.sum.Rows})
		}

		obs, food, lerr := st.row(rec, line)
		if lerr != nil {
			if stop := st.fail(lerr); stop != nil {
				return st.sum, stop
			}
			continue
		}
		if !food {
			continue
		}
		if err := each(obs); err != nil {
			return st.sum, fmt.Errorf("prices: stopped at line %d: %w", line, err)
		}
	}
	st.sum.Bytes = cr.InputOffset()
	if p.Progress != nil {
		p.Progress(Progress{Bytes: st.sum.Bytes, Rows: st.sum.Rows})
	}
	switch len(st.errs) {
	case 0:
		if st.sum.Rows == 0 {
			return st.sum, &LineError{Line: 2, Msg: "the file held no rows: it has a header but no data under it", Err: ErrNoRows}
		}
		return st.sum, nil
	case 1:
		return st.sum, st.errs[0]
	default:
		return st.sum, st.errs
	}
}

// ParseBatches is Parse with observations grouped in slices of up to size (default
// 500) for batched inserts; the last batch may be shorter. flush owns each slice it
// receives. A parse error after some batches were flushed still fails the whole
// parse, so run the flushes in one transaction.
func (p *Parser) ParseBatches(r io.Reader, size int, flush func([]Observation) error) (Summary, error) {
	if size <= 0 {
		size = 500
	}
	batch := make([]Observation, 0, size)
	sum, err := p.Parse(r, func(o Observation) error {
		batch = append(batch, o)
		if len(batch) < size {
			return nil
		}
		full := batch
		batch = make([]Observation, 0, size)
		return flush(full)
	})
	if err != nil {
		return sum, err
	}
	if len(batch) > 0 {
		if err := flush(batch); err != nil {
			return sum, fmt.Errorf("prices: stopped at end of file: %w", err)
		}
	}
	return sum, nil
}

type seenRow struct {
	line  int
	price float64
}

// state is one run of Parse.
type state struct {
	parser   *Parser
	cmap     *CommodityMap
	source   string
	col      [numColumns]int // record index of each column
	interned map[string]string
	seen     map[Key]seenRow
	markets  map[int]struct{}
	errs     LineErrors
	sum      Summary
	header   []string // names as written, for columns Parse does not read
}

// ErrNoRows is the cause of the error for a file with a header and no data rows.
var ErrNoRows = errors.New("no data rows")

// checkUTF8 refuses a record holding bytes that are not UTF-8, naming its line and
// column and the character position of the first bad byte: the file must be re-saved as
// UTF-8 rather than stored differently by each database engine (SQLite keeps the bytes,
// PostgreSQL refuses them).
func (st *state) checkUTF8(rec []string, line int, names []string) *LineError {
	for i, v := range rec {
		if utf8.ValidString(v) {
			continue
		}
		at := 0
		for j, r := range v {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(v[j:]); size <= 1 {
					at = utf8.RuneCountInString(v[:j]) + 1
					break
				}
			}
		}
		column := ""
		if i < len(names) {
			column = strings.TrimSpace(names[i])
		}
		msg := fmt.Sprintf("has a byte that is not UTF-8 text at character %d of the value; save the file as UTF-8", at)
		if column == "" {
			msg = fmt.Sprintf("field %d %s", i+1, msg)
		}
		return &LineError{Line: line, Column: column, Value: strings.ToValidUTF8(v, "\uFFFD"), Msg: msg, Err: ErrNotUTF8}
	}
	return nil
}

// ErrNotUTF8 is the cause of the error for a value that is not UTF-8 text.
var ErrNotUTF8 = errors.New("not UTF-8")

// fail records a line error and returns the error to stop with, or nil to go on.
func (st *state) fail(e *LineError) error {
	if st.parser.MaxErrors <= 1 {
		return e
	}
	st.errs = append(st.errs, e)
	if len(st.errs) >= st.parser.MaxErrors {
		return st.errs
	}
	return nil
}

// stopWith is the error to return when reading must stop at e, which fail has seen.
func (st *state) stopWith(e *LineError) error {
	if len(st.errs) > 1 {
		return st.errs
	}
	return e
}

// csvError turns a CSV syntax error into a LineError; nil means the error is not about
// the data (an I/O error). fatal is true when reading cannot go on after it.
func csvError(err error, rec []string, headerLen int) (lerr *LineError, fatal bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return nil, true
	}
	if errors.Is(err, csv.ErrFieldCount) {
		return &LineError{
			Line: pe.StartLine,
			Msg:  fmt.Sprintf("has %d fields, the header has %d", len(rec), headerLen),
			Err:  pe.Err,
		}, false
	}
	// A quoting error leaves the reader's position uncertain: stop there.
	return &LineError{Line: pe.Line, Msg: fmt.Sprintf("%v (at character %d)", pe.Err, pe.Column), Err: pe.Err}, true
}

func (st *state) readHeader(header []string) error {
	index := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\uFEFF")))
		if _, dup := index[name]; dup && name != "" {
			return &LineError{Line: 1, Column: name, Msg: "column appears twice in the header"}
		}
		index[name] = i
	}
	for c, name := range Columns {
		i, ok := index[name]
		if !ok {
			return &LineError{Line: 1, Column: name, Msg: "required column is missing from the header"}
		}
		st.col[c] = i
	}
	return nil
}

// intern keeps one copy of the few distinct names (markets, regions, categories...)
// shared by thousands of rows.
func (st *state) intern(s string) string {
	if v, ok := st.interned[s]; ok {
		return v
	}
	st.interned[s] = s
	return s
}

// fields reads the values of one record, making LineErrors that name its line.
type fields struct {
	rec  []string
	col  *[numColumns]int
	line int
}

func (f fields) get(c int) string { return strings.TrimSpace(f.rec[f.col[c]]) }

func (f fields) bad(c int, value, msg string) *LineError {
	return &LineError{Line: f.line, Column: Columns[c], Value: value, Msg: msg}
}

func (f fields) required(c int) (string, *LineError) {
	v := f.get(c)
	if v == "" {
		return "", f.bad(c, "", "is empty; a value is required")
	}
	return v, nil
}

// id reads a required positive whole number (market_id, commodity_id).
func (f fields) id(c int) (int, *LineError) {
	v, err := f.required(c)
	if err != nil {
		return 0, err
	}
	n, perr := strconv.Atoi(v)
	if perr != nil || n <= 0 {
		return 0, f.bad(c, v, "is not a positive whole number")
	}
	return n, nil
}

// coordinate reads an optional latitude or longitude within ±limit degrees.
func (f fields) coordinate(c int, limit float64) (float64, bool, *LineError) {
	v := f.get(c)
	if v == "" {
		return 0, false, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.Abs(x) > limit {
		return 0, false, f.bad(c, v, fmt.Sprintf("is not a number between -%g and %g", limit, limit))
	}
	return x, true, nil
}

// row reads one data record. food is false for non-food rows and exact duplicates.
func (st *state) row(rec []string, line int) (o Observation, food bool, _ *LineError) {
	f := fields{rec: rec, col: &st.col, line: line}
	if lerr := st.checkUTF8(rec, line, st.header); lerr != nil {
		return o, false, lerr
	}

	category, lerr := f.required(colCategory)
	if lerr != nil {
		return o, false, lerr
	}
	// The date is checked on every row, food or not: a bad date anywhere means the file
	// is not what it claims to be.
	v, lerr := f.required(colDate)
	if lerr != nil {
		return o, false, lerr
	}
	date, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return o, false, f.bad(colDate, v, "is not a date (want YYYY-MM-DD)")
	}
	if strings.EqualFold(category, NonFoodCategory) {
		st.sum.NonFood++
		return o, false, nil
	}
	o.Line = line
	o.Source = st.source
	o.Category = st.intern(category)
	o.Date = date

	o.Region = st.intern(f.get(colAdmin1))
	o.District = st.intern(f.get(colAdmin2))
	if v, lerr = f.required(colMarket); lerr != nil {
		return o, false, lerr
	}
	o.Market = st.intern(v)
	if o.MarketID, lerr = f.id(colMarketID); lerr != nil {
		return o, false, lerr
	}
	// Coordinates are optional (WFP leaves them blank on national averages), but a
	// market has both or neither.
	lat, hasLat, lerr := f.coordinate(colLatitude, 90)
	if lerr != nil {
		return o, false, lerr
	}
	lon, hasLon, lerr := f.coordinate(colLongitude, 180)
	if lerr != nil {
		return o, false, lerr
	}
	switch {
	case hasLat && !hasLon:
		return o, false, f.bad(colLongitude, "", "is empty but latitude is given")
	case hasLon && !hasLat:
		return o, false, f.bad(colLatitude, "", "is empty but longitude is given")
	}
	o.Lat, o.Lon, o.HasLocation = lat, lon, hasLat

	if v, lerr = f.required(colCommodity); lerr != nil {
		return o, false, lerr
	}
	o.Commodity = st.intern(v)
	if o.CommodityID, lerr = f.id(colCommodityID); lerr != nil {
		return o, false, lerr
	}
	o.FoodKeys = st.cmap.FoodKeys(o.Commodity)

	if v, lerr = f.required(colUnit); lerr != nil {
		return o, false, lerr
	}
	unit, err := ParseUnit(v)
	if err != nil {
		return o, false, f.bad(colUnit, v, "is not a known unit (KG, G, MT, L, ML, Unit, Pair, Dozen or Packet, optionally after a quantity as in \"50 KG\")")
	}
	o.RawUnit = st.intern(v)
	o.PerUnit = unit.Per
	o.UnitSize = unit.Size

	o.PriceFlag = st.intern(f.get(colPriceFlag))
	if v, lerr = f.required(colPriceType); lerr != nil {
		return o, false, lerr
	}
	if o.PriceType = priceType(v); o.PriceType == "" {
		return o, false, f.bad(colPriceType, v, "is not a price type (Retail, Wholesale or Farmgate)")
	}

	if v, lerr = f.required(colCurrency); lerr != nil {
		return o, false, lerr
	}
	if !strings.EqualFold(v, Currency) {
		return o, false, f.bad(colCurrency, v, "is not UGX; only prices in Uganda shillings are imported")
	}
	o.Currency = Currency

	if v, lerr = f.required(colPrice); lerr != nil {
		return o, false, lerr
	}
	price, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || math.IsNaN(price) || math.IsInf(price, 0):
		return o, false, f.bad(colPrice, v, "is not a number")
	case price <= 0:
		return o, false, f.bad(colPrice, v, "is not a price above zero")
	}
	o.Price = price
	o.PricePerUnitUGX = unit.PricePer(price)

	if v = f.get(colUSDPrice); v != "" {
		usd, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(usd) || math.IsInf(usd, 0) || usd < 0 {
			return o, false, f.bad(colUSDPrice, v, "is not a number")
		}
		o.USDPrice = usd
	}

	// The same key twice is harmless if the price agrees and ambiguous if it does not.
	key := keyWithUnit(o, unit.Canonical)
	if prev, ok := st.seen[key]; ok {
		if prev.price == o.Price {
			st.sum.Duplicates++
			return o, false, nil
		}
		return o, false, f.bad(colPrice, f.get(colPrice), fmt.Sprintf(
			"contradicts line %d, which has the same market, commodity, unit, price type and date at price %s",
			prev.line, strconv.FormatFloat(prev.price, 'f', -1, 64)))
	}
	st.seen[key] = seenRow{line: line, price: o.Price}

	st.count(o)
	return o, true, nil
}

func (st *state) count(o Observation) {
	s := &st.sum
	s.Food++
	s.Commodities[o.Commodity]++
	if len(o.FoodKeys) == 0 {
		s.Unmapped++
		s.UnmappedCommodities[o.Commodity]++
	}
	st.markets[o.MarketID] = struct{}{}
	s.Markets = len(st.markets)
	if s.First.IsZero() || o.Date.Before(s.First) {
		s.First = o.Date
	}
	if o.Date.After(s.Last) {
		s.Last = o.Date
	}
}

// priceType spells a price type the way WFP does, or returns "" when unknown.
func priceType(s string) string {
	switch strings.ToLower(strings.Join(strings.Fields(s), "")) {
	case "retail":
		return "Retail"
	case "wholesale":
		return "Wholesale"
	case "farmgate":
		return "Farmgate"
	}
	return ""
}
