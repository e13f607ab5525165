package prices

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// realFile is WFP's "Uganda - Food Prices" file from HDX, unmodified but gzipped
// (wfp/README.md).
const realFile = "wfp/wfp_food_prices_uga_2006-2024.csv.gz"

var realBytes []byte

// readReal returns the uncompressed real file, read once.
func readReal(tb testing.TB) []byte {
	tb.Helper()
	if realBytes != nil {
		return realBytes
	}
	f, err := os.Open(realFile)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	realBytes = b
	return b
}

// realRecords reads the real file with encoding/csv alone, as an independent count.
func realRecords(tb testing.TB) [][]string {
	tb.Helper()
	recs, err := csv.NewReader(bytes.NewReader(readReal(tb))).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

func parseAll(tb testing.TB, p *Parser, data []byte) ([]Observation, Summary) {
	tb.Helper()
	var obs []Observation
	sum, err := p.Parse(bytes.NewReader(data), func(o Observation) error {
		obs = append(obs, o)
		return nil
	})
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return obs, sum
}

func TestParseRealFile(t *testing.T) {
	data := readReal(t)
	recs := realRecords(t)
	header, rows := recs[0], recs[1:]
	col := func(name string) int { return slices.Index(header, name) }

	// Independent expectations, from encoding/csv and the data README.
	const readmeRows = 20980 // "20,980 rows, one price observation each"
	if len(rows) != readmeRows {
		t.Fatalf("the test file has %d rows, README says %d", len(rows), readmeRows)
	}
	wantNonFood := 0
	wantCommodities := map[string]int{}
	wantMarkets := map[string]bool{}
	var foodLines []int
	for i, r := range rows {
		if r[col("category")] == "non-food" {
			wantNonFood++
			continue
		}
		wantCommodities[r[col("commodity")]]++
		wantMarkets[r[col("market_id")]] = true
		foodLines = append(foodLines, i+2) // no field spans lines; the header is line 1
	}

	obs, sum := parseAll(t, &Parser{}, data)

	if sum.Rows != readmeRows {
		t.Errorf("Rows = %d, want %d", sum.Rows, readmeRows)
	}
	if sum.NonFood != wantNonFood {
		t.Errorf("NonFood = %d, want %d", sum.NonFood, wantNonFood)
	}
	if sum.Food != readmeRows-wantNonFood || len(obs) != sum.Food {
		t.Errorf("Food = %d, callbacks = %d, want %d", sum.Food, len(obs), readmeRows-wantNonFood)
	}
	if sum.Unmapped != 0 || len(sum.UnmappedCommodities) != 0 {
		t.Errorf("unmapped food commodities: %v", sum.UnmappedCommodities)
	}
	if sum.Duplicates != 0 {
		t.Errorf("Duplicates = %d, want 0", sum.Duplicates)
	}
	if !maps.Equal(sum.Commodities, wantCommodities) {
		t.Errorf("Commodities = %v\nwant %v", sum.Commodities, wantCommodities)
	}
	if len(wantCommodities) != 16 { // README lists 16 food commodities
		t.Errorf("file has %d food commodities, README lists 16", len(wantCommodities))
	}
	if sum.Markets != len(wantMarkets) {
		t.Errorf("Markets = %d, want %d", sum.Markets, len(wantMarkets))
	}
	if want := date(2006, 1, 15); !sum.First.Equal(want) {
		t.Errorf("First = %v, want %v", sum.First, want)
	}
	if want := date(2024, 12, 15); !sum.Last.Equal(want) {
		t.Errorf("Last = %v, want %v", sum.Last, want)
	}
	if sum.Bytes != int64(len(data)) {
		t.Errorf("Bytes = %d, want %d", sum.Bytes, len(data))
	}

	quoted := 0
	for i, o := range obs {
		if o.Line != foodLines[i] {
			t.Fatalf("observation %d: Line = %d, want %d", i, o.Line, foodLines[i])
		}
		if len(o.FoodKeys) == 0 || o.Currency != "UGX" || !o.HasLocation {
			t.Fatalf("line %d: %+v", o.Line, o)
		}
		// The file only prices food per KG or L, so the normalised price is the price.
		if (o.PerUnit != PerKg && o.PerUnit != PerLitre) || o.PricePerUnitUGX != o.Price {
			t.Fatalf("line %d: unit %q → %q, price %v → %v", o.Line, o.RawUnit, o.PerUnit, o.Price, o.PricePerUnitUGX)
		}
		if o.Category == "meat, fish and eggs" {
			quoted++
		}
	}
	if quoted != wantCommodities["Fish (dry)"] {
		t.Errorf("%d rows read with the quoted category \"meat, fish and eggs\", want %d", quoted, wantCommodities["Fish (dry)"])
	}

	// The first row of the file, field by field:
	// 2006-01-15,Busia,Samia-bugwe,Busia,2665,0.47,34.09,cereals and tubers,Maize,51,KG,actual,Wholesale,UGX,298.4,0.17
	want := Observation{
		Line: 2, Source: "wfp", Date: date(2006, 1, 15),
		Region: "Busia", District: "Samia-bugwe", Market: "Busia", MarketID: 2665,
		Lat: 0.47, Lon: 34.09, HasLocation: true,
		Category: "cereals and tubers", Commodity: "Maize", CommodityID: 51,
		FoodKeys: DefaultCommodityMap().FoodKeys("Maize"),
		RawUnit:  "KG", PriceFlag: "actual", PriceType: "Wholesale", Currency: "UGX",
		Price: 298.4, USDPrice: 0.17,
		PerUnit: "kg", UnitSize: 1, PricePerUnitUGX: 298.4,
	}
	if got := obs[0]; fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("first observation\n got %+v\nwant %+v", got, want)
	}
	if got := NaturalKey(obs[0]).String(); got != "wfp/2665/51/KG/Wholesale/2006-01-15" {
		t.Errorf("first key = %q", got)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func keysOf(obs []Observation) []string {
	out := make([]string, len(obs))
	for i, o := range obs {
		out[i] = NaturalKey(o).String()
	}
	return out
}

func TestParseTwiceGivesSameKeys(t *testing.T) {
	data := readReal(t)
	a, _ := parseAll(t, &Parser{}, data)
	b, _ := parseAll(t, &Parser{}, data)
	ka, kb := keysOf(a), keysOf(b)
	if !slices.Equal(ka, kb) {
		t.Fatal("two parses of the same file gave different keys")
	}
	unique := map[string]bool{}
	for _, k := range ka {
		unique[k] = true
	}
	if len(unique) != len(ka) {
		t.Errorf("%d keys for %d observations: keys must identify observations", len(unique), len(ka))
	}
}

// A newer file from the publisher overlaps the old one: it repeats 2023–2024 and adds
// 2025. Importing it after the first must add exactly the 2025 observations.
func TestNewerOverlappingFileAddsOnlyNewKeys(t *testing.T) {
	recs := realRecords(t)
	header := recs[0]
	dateCol, priceCol := slices.Index(header, "date"), slices.Index(header, "price")

	var newer bytes.Buffer
	w := csv.NewWriter(&newer)
	w.Write(header)
	added := 0
	for _, r := range recs[1:] {
		if r[dateCol] >= "2023-01-15" {
			w.Write(r)
		}
	}
	// New months: December 2024's rows carried to January–March 2025, priced 10 % up.
	for m := 1; m <= 3; m++ {
		for _, r := range recs[1:] {
			if r[dateCol] != "2024-12-15" {
				continue
			}
			row := slices.Clone(r)
			row[dateCol] = fmt.Sprintf("2025-%02d-15", m)
			row[priceCol] = strings.TrimSuffix(fmt.Sprintf("%.2f", 1.1*mustFloat(t, r[priceCol])), ".00")
			w.Write(row)
			if r[slices.Index(header, "category")] != "non-food" {
				added++
			}
		}
	}
	w.Flush()

	old, _ := parseAll(t, &Parser{}, readReal(t))
	oldByKey := map[string]Observation{}
	for _, o := range old {
		oldByKey[NaturalKey(o).String()] = o
	}
	fresh, sum := parseAll(t, &Parser{}, newer.Bytes())

	var newKeys []string
	for _, o := range fresh {
		k := NaturalKey(o).String()
		prev, seen := oldByKey[k]
		if !seen {
			newKeys = append(newKeys, k)
			if o.Date.Year() != 2025 {
				t.Errorf("line %d: %s is new but not from 2025", o.Line, k)
			}
			continue
		}
		if prev.Price != o.Price || !prev.Date.Equal(o.Date) || prev.Market != o.Market {
			t.Errorf("key %s: old %+v, new %+v", k, prev, o)
		}
	}
	if len(newKeys) != added || added == 0 {
		t.Errorf("%d new keys, want %d", len(newKeys), added)
	}
	if sum.Last != date(2025, 3, 15) {
		t.Errorf("Last = %v", sum.Last)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestProgressReportsBytes(t *testing.T) {
	data := readReal(t)
	var reports []Progress
	p := &Parser{Progress: func(pr Progress) { reports = append(reports, pr) }, ProgressEvery: 5000}
	_, sum := parseAll(t, p, data)
	// Every 5000 rows of 20,980 (4 times), then once at the end.
	if len(reports) != 5 {
		t.Fatalf("%d progress reports, want 5: %v", len(reports), reports)
	}
	for i := 1; i < len(reports); i++ {
		if reports[i].Bytes <= reports[i-1].Bytes || reports[i].Rows <= reports[i-1].Rows {
			t.Errorf("progress went backwards: %v", reports)
		}
	}
	if last := reports[len(reports)-1]; last.Bytes != int64(len(data)) || last.Rows != sum.Rows {
		t.Errorf("last report %+v, want %d bytes and %d rows", last, len(data), sum.Rows)
	}
	if reports[0].Rows != 5000 || reports[0].Bytes <= 0 || reports[0].Bytes >= int64(len(data)) {
		t.Errorf("first report %+v", reports[0])
	}
}

func TestParseBatches(t *testing.T) {
	data := readReal(t)
	var sizes []int
	total := 0
	var firstOfBatch []int
	sum, err := (&Parser{}).ParseBatches(bytes.NewReader(data), 1000, func(b []Observation) error {
		sizes = append(sizes, len(b))
		total += len(b)
		firstOfBatch = append(firstOfBatch, b[0].Line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total != sum.Food {
		t.Errorf("flushed %d observations, Food = %d", total, sum.Food)
	}
	wantBatches := (sum.Food + 999) / 1000
	if len(sizes) != wantBatches || sizes[0] != 1000 || sizes[len(sizes)-1] != sum.Food-1000*(wantBatches-1) {
		t.Errorf("batch sizes %v for %d observations", sizes, sum.Food)
	}
	if !slices.IsSorted(firstOfBatch) {
		t.Errorf("batches out of file order: %v", firstOfBatch)
	}

	// A failing flush stops the parse and comes back wrapped.
	boom := fmt.Errorf("disk full")
	calls := 0
	_, err = (&Parser{}).ParseBatches(bytes.NewReader(data), 1000, func([]Observation) error {
		calls++
		return boom
	})
	if calls != 1 || err == nil || !strings.Contains(err.Error(), "disk full") || !errors.Is(err, boom) {
		t.Errorf("flush error: calls %d, err %v", calls, err)
	}
}

func BenchmarkParseRealFile(b *testing.B) {
	data := readReal(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := Parse(bytes.NewReader(data), func(Observation) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
