package prices

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const header = "date,admin1,admin2,market,market_id,latitude,longitude,category,commodity,commodity_id,unit,priceflag,pricetype,currency,price,usdprice"

// goodRow is a real row of the file (Owino, beans, December 2024).
var goodRow = map[string]string{
	"date": "2024-12-15", "admin1": "Kampala", "admin2": "Kampala", "market": "Owino",
	"market_id": "258", "latitude": "0.32", "longitude": "32.57", "category": "pulses and nuts",
	"commodity": "Beans", "commodity_id": "50", "unit": "KG", "priceflag": "actual",
	"pricetype": "Retail", "currency": "UGX", "price": "4250", "usdprice": "1.16",
}

// row spells goodRow with some columns changed, quoted as CSV needs, in header order.
func row(changes map[string]string) string {
	fields := make([]string, len(Columns))
	for i, name := range Columns {
		fields[i] = goodRow[name]
		if v, ok := changes[name]; ok {
			fields[i] = v
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(fields)
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func collect(t *testing.T, p *Parser, text string) ([]Observation, Summary, error) {
	t.Helper()
	var obs []Observation
	sum, err := p.Parse(strings.NewReader(text), func(o Observation) error {
		obs = append(obs, o)
		return nil
	})
	return obs, sum, err
}

func TestMalformedLines(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		line   int
		column string
		value  string
		msg    string // substring of Msg
	}{
		{"price with a comma", lines(header, row(nil), row(map[string]string{"price": "12,5x"})),
			3, "price", "12,5x", "is not a number"},
		{"price zero", lines(header, row(nil), row(map[string]string{"price": "0"})),
			3, "price", "0", "above zero"},
		{"price missing", lines(header, row(nil), row(map[string]string{"price": " "})),
			3, "price", "", "value is required"},
		{"usdprice not a number", lines(header, row(nil), row(map[string]string{"usdprice": "n/a"})),
			3, "usdprice", "n/a", "is not a number"},
		{"month 13", lines(header, row(nil), row(map[string]string{"date": "2024-13-15"})),
			3, "date", "2024-13-15", "is not a date"},
		{"day first", lines(header, row(nil), row(map[string]string{"date": "15/12/2024"})),
			3, "date", "15/12/2024", "is not a date"},
		{"unknown unit", lines(header, row(nil), row(map[string]string{"unit": "Bunch"})),
			3, "unit", "Bunch", "is not a known unit"},
		{"unit quantity", lines(header, row(nil), row(map[string]string{"unit": "0 KG"})),
			3, "unit", "0 KG", "is not a known unit"},
		{"currency", lines(header, row(nil), row(map[string]string{"currency": "KES"})),
			3, "currency", "KES", "is not UGX"},
		{"market missing", lines(header, row(nil), row(map[string]string{"market": ""})),
			3, "market", "", "value is required"},
		{"commodity_id missing", lines(header, row(nil), row(map[string]string{"commodity_id": ""})),
			3, "commodity_id", "", "value is required"},
		{"market_id not a number", lines(header, row(nil), row(map[string]string{"market_id": "25x"})),
			3, "market_id", "25x", "whole number"},
		{"category missing", lines(header, row(nil), row(map[string]string{"category": ""})),
			3, "category", "", "value is required"},
		{"price type", lines(header, row(nil), row(map[string]string{"pricetype": "Auction"})),
			3, "pricetype", "Auction", "is not a price type"},
		{"latitude", lines(header, row(nil), row(map[string]string{"latitude": "north"})),
			3, "latitude", "north", "between -90 and 90"},
		{"longitude without latitude", lines(header, row(nil), row(map[string]string{"latitude": ""})),
			3, "latitude", "", "longitude is given"},
		{"same key, other price", lines(header, row(nil), row(map[string]string{"price": "4300"})),
			3, "price", "4300", "contradicts line 2"},
		{"too few fields", lines(header, row(nil), "2024-12-15,Kampala,Kampala,Owino,258"),
			3, "", "", "has 5 fields, the header has 16"},
		{"too many fields", lines(header, row(nil), row(nil)+",extra"),
			3, "", "", "has 17 fields, the header has 16"},
		{"bare quote", lines(header, row(nil), `2024-12-15,Kam"pala,Kampala,Owino,258,0.32,32.57,pulses and nuts,Beans,50,KG,actual,Retail,UGX,4250,1.16`),
			3, "", "", "bare \""},
		{"a quoted field spans lines, the error is on the next row",
			lines(header, row(map[string]string{"market": "Owino\nMarket"}), row(map[string]string{"price": "x"})),
			4, "price", "x", "is not a number"},
		{"missing column", lines(strings.Replace(header, ",usdprice", "", 1), "x"),
			1, "usdprice", "", "required column is missing"},
		{"column twice", lines(header+",price", row(nil)+",1"),
			1, "price", "", "appears twice"},
		{"empty file", "", 1, "", "", "empty"},
		{"header only", lines(header), 2, "", "", "held no rows"},
		{"header and HXL tags only", lines(header, "#date"+strings.Repeat(",", len(Columns)-1)), 2, "", "", "held no rows"},
		{"Latin-1 byte in a market name", lines(header, row(nil), row(map[string]string{"market": "Kisenyi Caf\xe9"})),
			3, "market", "Kisenyi Caf\uFFFD", "not UTF-8 text at character 12"},
		{"Latin-1 byte in a column the parser does not read", lines(header+",note", row(nil)+",ok", row(nil)+",\xff"),
			3, "note", "\uFFFD", "not UTF-8"},
		{"Latin-1 byte in the header", lines(header+",n\xf6te", row(nil)+",ok"), 1, "", "n\uFFFDte", "field 17 has a byte that is not UTF-8"},
		{"bad date on a non-food row", lines(header, row(nil), row(map[string]string{"category": "non-food", "commodity": "Charcoal", "date": "2024-02-30"})),
			3, "date", "2024-02-30", "is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs, _, err := collect(t, &Parser{}, tt.text)
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T), want a *LineError", err, err)
			}
			if le.Line != tt.line || le.Column != tt.column || le.Value != tt.value || !strings.Contains(le.Msg, tt.msg) {
				t.Errorf("got line %d column %q value %q msg %q\nwant line %d column %q value %q msg ~%q",
					le.Line, le.Column, le.Value, le.Msg, tt.line, tt.column, tt.value, tt.msg)
			}
			// Rows before the bad one were delivered; none after.
			for _, o := range obs {
				if o.Line >= tt.line {
					t.Errorf("observation from line %d delivered despite the error on line %d", o.Line, tt.line)
				}
			}
		})
	}
}

func TestLineErrorMessages(t *testing.T) {
	_, _, err := collect(t, &Parser{}, lines(header, row(map[string]string{"price": "12,5x"})))
	if got, want := err.Error(), `line 2, column "price": "12,5x" is not a number`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, _, err = collect(t, &Parser{}, lines(header, "a,b"))
	if got, want := err.Error(), "line 2: has 2 fields, the header has 16"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !errors.Is(err, csv.ErrFieldCount) {
		t.Errorf("wrong field count should wrap csv.ErrFieldCount: %v", err)
	}
	_, _, err = collect(t, &Parser{}, lines(header, row(map[string]string{"market": ""})))
	if got, want := err.Error(), `line 2, column "market": is empty; a value is required`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestMaxErrorsCollectsSeveral(t *testing.T) {
	text := lines(header,
		row(map[string]string{"price": "abc"}),
		row(map[string]string{"date": "2024-11-15"}),
		row(map[string]string{"date": "2024-10-15", "unit": "Sack"}),
		"too,few",
		row(map[string]string{"date": "2024-09-15", "currency": "USD"}),
	)
	obs, sum, err := collect(t, &Parser{MaxErrors: 10}, text)
	var les LineErrors
	if !errors.As(err, &les) {
		t.Fatalf("error %v (%T), want LineErrors", err, err)
	}
	var got []string
	for _, e := range les {
		got = append(got, e.Error())
	}
	want := []string{
		`line 2, column "price": "abc" is not a number`,
		`line 4, column "unit": "Sack" is not a known unit (KG, G, MT, L, ML, Unit, Pair, Dozen or Packet, optionally after a quantity as in "50 KG")`,
		`line 5: has 2 fields, the header has 16`,
		`line 6, column "currency": "USD" is not UGX; only prices in Uganda shillings are imported`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors\n got %q\nwant %q", got, want)
	}
	if len(obs) != 1 || obs[0].Line != 3 || sum.Rows != 5 {
		t.Errorf("delivered %d observations, Rows %d; want the one good line 3 of 5 rows", len(obs), sum.Rows)
	}
	var first *LineError
	if !errors.As(err, &first) || first.Line != 2 {
		t.Errorf("errors.As should find the first line error, got %v", first)
	}
	if !strings.HasPrefix(err.Error(), "4 lines have errors; line 2,") {
		t.Errorf("message %q", err.Error())
	}

	// Stops once MaxErrors is reached.
	_, _, err = collect(t, &Parser{MaxErrors: 2}, text)
	if !errors.As(err, &les) || len(les) != 2 || les[1].Line != 4 {
		t.Errorf("MaxErrors 2: %v", err)
	}
}

// The header may come in any order with extra columns, a BOM, CRLF line ends and an
// HXL hashtag row; the observations must not change.
func TestHeaderVariantsGiveSameObservations(t *testing.T) {
	plain := lines(header, row(nil), row(map[string]string{"date": "2024-11-15", "price": "4100", "category": "meat, fish and eggs", "commodity": "Fish (dry)", "commodity_id": "171"}))
	want, _, err := collect(t, &Parser{}, plain)
	if err != nil || len(want) != 2 {
		t.Fatalf("%v, %d observations", err, len(want))
	}

	// Reverse the column order and add a column WFP does not have.
	reorder := func(line string, extra string) string {
		f, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(f)
		f = append(f, extra)
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.UseCRLF = true
		w.Write(f)
		w.Flush()
		return b.String()
	}
	recs := strings.Split(strings.TrimSuffix(plain, "\n"), "\n")
	hxl := "#date,#adm1+name,#adm2+name,#loc+market+name,#loc+market+code,#geo+lat,#geo+lon,#item+type,#item+name,#item+code,#item+unit,#item+price+flag,#item+price+type,#currency,#value,#value+usd"
	variant := "\uFEFF" + reorder(recs[0], "Comment") + reorder(hxl, "#meta") +
		reorder(recs[1], "checked") + reorder(recs[2], "")

	got, sum, err := collect(t, &Parser{}, variant)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 2 {
		t.Errorf("Rows = %d: the HXL row must not count", sum.Rows)
	}
	for i := range want {
		want[i].Line = i + 3 // one line further down, after the HXL row
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got[1].Category != "meat, fish and eggs" {
		t.Errorf("quoted category read as %q", got[1].Category)
	}
}

func TestNonFoodRowsAreSkippedUnchecked(t *testing.T) {
	// Non-food rows are counted, not validated: their units (here "Bunch") do not matter.
	text := lines(header,
		row(map[string]string{"category": "non-food", "commodity": "Charcoal", "commodity_id": "446", "unit": "Bunch"}),
		row(map[string]string{"category": "Non-Food", "commodity": "Pen", "commodity_id": "994", "unit": "Unit"}),
		row(nil),
	)
	obs, sum, err := collect(t, &Parser{}, text)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 3 || sum.NonFood != 2 || sum.Food != 1 || len(obs) != 1 || obs[0].Commodity != "Beans" {
		t.Errorf("summary %+v, observations %+v", sum, obs)
	}
}

func TestUnmappedFoodIsPassedOnAndCounted(t *testing.T) {
	text := lines(header,
		row(map[string]string{"category": "meat, fish and eggs", "commodity": "Eggs", "commodity_id": "92", "unit": "30 Unit", "price": "12000"}),
		row(map[string]string{"category": "meat, fish and eggs", "commodity": "Eggs", "commodity_id": "92", "unit": "30 Unit", "price": "12600", "date": "2024-11-15"}),
		row(nil),
	)
	obs, sum, err := collect(t, &Parser{}, text)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Unmapped != 2 || sum.UnmappedCommodities["Eggs"] != 2 || sum.Food != 3 {
		t.Errorf("summary %+v", sum)
	}
	if obs[0].FoodKeys != nil || obs[0].PerUnit != PerItem || obs[0].PricePerUnitUGX != 400 { // 12000 / 30 eggs
		t.Errorf("eggs: %+v", obs[0])
	}
	if len(obs[2].FoodKeys) == 0 {
		t.Errorf("beans lost their food key")
	}
}

func TestExactDuplicateRowIsSkipped(t *testing.T) {
	obs, sum, err := collect(t, &Parser{}, lines(header, row(nil), row(nil), row(map[string]string{"unit": " kg "})))
	if err != nil {
		t.Fatal(err)
	}
	// " kg " is the same unit as "KG", so the third row is the same observation too.
	if len(obs) != 1 || sum.Duplicates != 2 || sum.Food != 1 {
		t.Errorf("%d observations, summary %+v", len(obs), sum)
	}
}

func TestCallbackErrorStops(t *testing.T) {
	stop := errors.New("database is locked")
	n := 0
	_, err := Parse(strings.NewReader(lines(header, row(nil), row(map[string]string{"date": "2024-11-15"}))), func(Observation) error {
		n++
		return stop
	})
	if n != 1 || !errors.Is(err, stop) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("calls %d, err %v", n, err)
	}
}

func TestOptionalValues(t *testing.T) {
	// WFP national averages have no admin areas or coordinates; usdprice may be blank.
	obs, _, err := collect(t, &Parser{Source: "wfp-test"}, lines(header, row(map[string]string{
		"admin1": "", "admin2": "", "latitude": "", "longitude": "", "usdprice": "", "priceflag": "",
		"market": "National Average", "pricetype": "retail", "currency": "ugx",
	})))
	if err != nil {
		t.Fatal(err)
	}
	o := obs[0]
	if o.HasLocation || o.Lat != 0 || o.USDPrice != 0 || o.PriceType != "Retail" || o.Currency != "UGX" || o.Source != "wfp-test" {
		t.Errorf("%+v", o)
	}
	if k := NaturalKey(o).String(); k != "wfp-test/258/50/KG/Retail/2024-12-15" {
		t.Errorf("key %q", k)
	}
}
