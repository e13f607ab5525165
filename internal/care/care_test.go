package care

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

var kampala = func() *time.Location { l, _ := time.LoadLocation("Africa/Kampala"); return l }()

func TestShares(t *testing.T) {
	cases := []struct{ in, stored, summary string }{
		{"all", "all", "Everything"},
		{"glucose,diary,weight,goals", "all", "Everything"},
		{"glucose, weight", "glucose,weight", "Profile, glucose and diabetes records, weight"},
		{"none", "none", "Profile only"},
		{"", "none", "Profile only"},
		{"glucose,passwords", "glucose", "Profile, glucose and diabetes records"},
	}
	for _, c := range cases {
		s := ParseShares(c.in)
		if s.String() != c.stored || s.Summary() != c.summary {
			t.Errorf("ParseShares(%q) = %q / %q, want %q / %q", c.in, s.String(), s.Summary(), c.stored, c.summary)
		}
	}
	if s := SharesFrom([]string{"diary", "goals"}); !s.Has(ShareDiary) || s.Has(ShareGlucose) {
		t.Errorf("SharesFrom: %v", s)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c, err := NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLen || NormalizeCode(FormatCode(c)) != c || NormalizeCode(strings.ToLower(c)) != c {
			t.Fatalf("code %q does not round-trip", c)
		}
		seen[c] = true
	}
	if len(seen) < 199 {
		t.Errorf("codes repeat: %d distinct of 200", len(seen))
	}
	for _, bad := range []string{"", "ABCD", "ABCD-EFG0", "ABCDEFGHJ", "ABCD EFG!"} {
		if NormalizeCode(bad) != "" {
			t.Errorf("NormalizeCode(%q) accepted", bad)
		}
	}
	if NormalizeCode(" k7qh - r4wd ") != "K7QHR4WD" {
		t.Error("spaces and dashes should be ignored")
	}
}

func TestWeightChange(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, kampala)
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	cases := []struct {
		name   string
		points []WeightPoint
		flag   bool
		detail string
	}{
		{"one weigh-in", []WeightPoint{{day(1), 70}}, false, ""},
		{"exactly 2 kg is not over", []WeightPoint{{day(20), 72}, {day(1), 70}}, false, ""},
		{"2.1 kg loss", []WeightPoint{{day(1), 69.9}, {day(20), 72}}, true, "down 2.1 kg from 72.0 kg"},
		{"gain", []WeightPoint{{day(27), 60}, {day(10), 61}, {day(0), 62.5}}, true, "up 2.5 kg"},
		{"old weigh-in ignored", []WeightPoint{{day(40), 80}, {day(3), 70}, {day(1), 70.5}}, false, ""},
	}
	for _, c := range cases {
		f, ok := WeightChange(c.points, now)
		if ok != c.flag || (ok && !strings.Contains(f.Detail, c.detail)) {
			t.Errorf("%s: flag %v %q", c.name, ok, f.Detail)
		}
	}
}

func TestBudget(t *testing.T) {
	// March has 31 days: 310,000 a month is 10,000 a day; 7 days = 70,000.
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, kampala)
	to := from.AddDate(0, 0, 7)
	if got := BudgetFor(310000, from, to); got != 70000 {
		t.Errorf("BudgetFor March week = %d", got)
	}
	// Across a month end: 28 Feb (280,000/28 = 10,000) + 1 Mar (310,000/31 = 10,000).
	if got := BudgetFor(280000, time.Date(2026, 2, 28, 0, 0, 0, 0, kampala), time.Date(2026, 3, 2, 0, 0, 0, 0, kampala)); got != 9032+10000 && got != 19032 {
		t.Errorf("BudgetFor across months = %d", got)
	}
	m := int64(310000)
	if _, ok := OverBudget(70000, &m, from, to); ok {
		t.Error("spending equal to the budget is not over")
	}
	f, ok := OverBudget(84000, &m, from, to)
	if !ok || !strings.Contains(f.Detail, "UGX 84,000") || !strings.Contains(f.Detail, "20 % over the UGX 70,000") {
		t.Errorf("over budget: %v %q", ok, f.Detail)
	}
	if _, ok := OverBudget(84000, nil, from, to); ok {
		t.Error("no budget set: no flag")
	}
}

// readings builds n readings a day for the given days before now, all at value v.
func readings(now time.Time, fromDay, toDay, perDay int, v float64) []glucose.Reading {
	var out []glucose.Reading
	for d := fromDay; d <= toDay; d++ {
		for i := range perDay {
			out = append(out, glucose.Reading{At: time.Date(now.Year(), now.Month(), now.Day()-d, 7+3*i, 0, 0, 0, now.Location()), Mgdl: v})
		}
	}
	return out
}

func TestEvaluateFlags(t *testing.T) {
	now := time.Date(2026, 3, 20, 18, 0, 0, 0, kampala)
	all := ParseShares("all")
	spendFrom, spendTo := glucose.Window(now, 14)
	budget := int64(150000)

	// Good control for the previous 14 days, then 8 % of readings very low and a fall
	// of in-range share in the current 14 days.
	prev := readings(now, 14, 27, 4, 120)
	cur := readings(now, 0, 13, 4, 200) // 56 readings, all high
	for i := range 5 {
		cur[i].Mgdl = 45 // 5 of 56 ≈ 9 % very low
	}
	p := Patient{ID: 1, Username: "akello", Shares: all, Loc: kampala, Readings: append(prev, cur...),
		LastReading: now.Add(-2 * time.Hour), MonthlyUGX: &budget, SpentUGX: 200000,
		Weights: []WeightPoint{{now.AddDate(0, 0, -20), 70}, {now.AddDate(0, 0, -1), 67}},
		HbA1c:   []glucose.HbA1cResult{{At: now.AddDate(0, -4, 0), Percent: 7.0}, {At: now.AddDate(0, 0, -10), Percent: 7.8}}}
	e := Evaluate(p, now, 14, glucose.MmolL, spendFrom, spendTo)
	want := []string{glucose.FlagVeryLow, glucose.FlagLow, glucose.FlagInRangeDrop, glucose.FlagHigh,
		glucose.FlagInRangeLow, glucose.FlagHbA1cRising, FlagWeightChange, FlagOverBudget}
	var got []string
	for _, f := range e.Flags {
		got = append(got, f.Code)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("flags\n got %v\nwant %v", got, want)
	}
	if e.Top != glucose.FlagVeryLow || e.Current.N != 56 || e.Previous.N != 56 {
		t.Errorf("top %q, N %d/%d", e.Top, e.Current.N, e.Previous.N)
	}

	// The same patient sharing nothing raises no flag at all.
	p.Shares = ParseShares("none")
	if e := Evaluate(p, now, 14, glucose.MmolL, spendFrom, spendTo); len(e.Flags) != 0 || e.Current.N != 0 {
		t.Errorf("unshared data raised flags: %v", e.Flags)
	}

	// No reading for 5 days, 7-day period: no recent data and too little data.
	q := Patient{ID: 2, Username: "b", Shares: all, Loc: kampala, Readings: readings(now, 5, 20, 2, 110)}
	q.LastReading = now.AddDate(0, 0, -5)
	e = Evaluate(q, now, 7, glucose.MmolL, spendFrom, spendTo)
	if !e.HasFlag(glucose.FlagNoRecentData) || !e.HasFlag(glucose.FlagLittleData) || e.Top != glucose.FlagNoRecentData {
		t.Errorf("stale patient: %+v", e.Flags)
	}

	// Well controlled, recent data: no flags.
	r := Patient{ID: 3, Username: "c", Shares: all, Loc: kampala, Readings: readings(now, 0, 27, 3, 110), LastReading: now.Add(-time.Hour)}
	if e := Evaluate(r, now, 7, glucose.MmolL, spendFrom, spendTo); len(e.Flags) != 0 {
		t.Errorf("controlled patient flagged: %+v", e.Flags)
	}

	// Older adult: 2 of 42 readings low (4.8 %) flags at the 1 % target, not 4 %.
	old := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	o := Patient{ID: 4, Username: "d", Shares: all, Loc: kampala, BirthDate: &old, Readings: readings(now, 0, 13, 3, 110), LastReading: now}
	o.Readings[0].Mgdl, o.Readings[1].Mgdl = 65, 65
	e = Evaluate(o, now, 14, glucose.MmolL, spendFrom, spendTo)
	if !e.Older || !e.HasFlag(glucose.FlagLow) {
		t.Errorf("older patient: older=%v flags %+v", e.Older, e.Flags)
	}
}

func TestSelectAndTriage(t *testing.T) {
	rev := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id int64, name, top string, tags ...string) Entry {
		e := Entry{Patient: Patient{ID: id, Name: name, Username: strings.ToLower(name), Tags: tags}}
		if top != "" {
			e.Flags = []glucose.Flag{{Code: top}}
			e.Top = top
		}
		return e
	}
	es := []Entry{mk(1, "Zawadi", ""), mk(2, "Akello", glucose.FlagLittleData), mk(3, "Mukasa", glucose.FlagVeryLow, "insulin"),
		mk(4, "Babirye", glucose.FlagHigh), mk(5, "Opio", glucose.FlagVeryLow)}
	es[0].LastReviewed = &rev

	pg := Select(es, Query{Sort: SortFlags, PerPage: 2, Page: 1})
	if pg.Total != 5 || pg.PageCount != 3 || pg.Entries[0].Name != "Mukasa" || pg.Entries[1].Name != "Opio" {
		t.Errorf("flags sort page 1: %+v", names(pg.Entries))
	}
	pg = Select(es, Query{Sort: SortFlags, PerPage: 2, Page: 9})
	if pg.Page != 3 || len(pg.Entries) != 1 || pg.Entries[0].Name != "Zawadi" {
		t.Errorf("last page clamps: page %d %v", pg.Page, names(pg.Entries))
	}
	if pg := Select(es, Query{Search: "INSU"}); pg.Total != 1 || pg.Entries[0].ID != 3 {
		t.Errorf("tag search: %v", names(pg.Entries))
	}
	if pg := Select(es, Query{Flag: glucose.FlagVeryLow, Sort: SortName, Desc: true}); pg.Total != 2 || pg.Entries[0].Name != "Opio" {
		t.Errorf("flag filter desc: %v", names(pg.Entries))
	}
	if pg := Select(es, Query{Flag: "none"}); pg.Total != 1 || pg.Entries[0].ID != 1 {
		t.Errorf("unflagged: %v", names(pg.Entries))
	}
	if pg := Select(es, Query{Sort: SortReviewed}); pg.Entries[4].ID != 1 {
		t.Errorf("reviewed: never reviewed first, got %v", names(pg.Entries))
	}
	gs := TriageGroups(es, 1)
	var codes []string
	for _, g := range gs {
		codes = append(codes, g.Code+":"+string(rune('0'+g.Total)))
	}
	if strings.Join(codes, " ") != "very_low:2 high:1 little_data:1 :1" || len(gs[0].Entries) != 1 {
		t.Errorf("groups %v", codes)
	}
}

func names(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.DisplayName())
	}
	return out
}

func TestTagsAndDiary(t *testing.T) {
	if got := JoinTags(ParseTags(" new patient, insulin;INSULIN\n\n pregnant ")); got != "new patient, insulin, pregnant" {
		t.Errorf("tags %q", got)
	}
	gi := 70.0
	cost := int64(1500)
	items := []DiaryItem{
		{Grams: 200, Per100: Nutrients{EnergyKcal: 100, CarbG: 20, ProteinG: 2}, GI: &gi, CostUGX: &cost},
		{Grams: 50, Per100: Nutrients{EnergyKcal: 400, CarbG: 0, FatG: 10}, SugarsUnknown: true},
	}
	tot := Total(items)
	// 200 g × 20 g/100 g = 40 g carbohydrate; GL = 70 × 40 ÷ 100 = 28.
	if tot.EnergyKcal != 400 || tot.CarbG != 40 || tot.FatG != 5 || tot.GlycaemicLoad != 28 || tot.CostUGX != 1500 || tot.ItemsNoGI != 1 {
		t.Errorf("totals %+v", tot)
	}
	// The second item has no price and no sugars figure: counted as unknown, not as 0.
	if tot.ItemsNoPrice != 1 || tot.ItemsNoSugars != 1 {
		t.Errorf("unknowns not counted: %+v", tot)
	}
	avg, n := Average([]Day{{Totals: tot}, {}, {Totals: Total(items[:1])}})
	if n != 2 || avg.ItemsNoPrice != 1 || avg.ItemsNoSugars != 1 || avg.ItemsNoGI != 1 || avg.Items != 3 {
		t.Errorf("average loses the unknowns: n=%d %+v", n, avg)
	}
}

func TestStatsFromCountsMatchesCompute(t *testing.T) {
	now := time.Date(2026, 3, 20, 18, 0, 0, 0, kampala)
	from, to := glucose.Window(now, 14)
	rs := readings(now, 0, 13, 3, 120)
	for i, v := range []float64{40, 53.4, 53.5, 69.4, 69.5, 180.4, 180.5, 250.4, 250.5, 300} {
		rs[i*3].Mgdl = v
	}
	want := glucose.Compute(rs, from, to)
	c := Counts{N: want.N, VeryLow: want.VeryLow.Count, BelowRange: want.BelowRange.Count, AboveRange: want.AboveRange.Count,
		VeryHigh: want.VeryHigh.Count, Days: want.DaysWithData, SumMgdl: want.Mean.Value * float64(want.N)}
	got := StatsFromCounts(c, from, to)
	if got.PeriodDays != want.PeriodDays || got.InRange != want.InRange || got.Low != want.Low || got.High != want.High ||
		got.DaysWithData != want.DaysWithData || math.Abs(got.Mean.Value-want.Mean.Value) > 1e-9 {
		t.Fatalf("StatsFromCounts\n got %+v\nwant %+v", got, want)
	}
	if a, b := glucose.Triage(got, got, glucose.TriageOptions{}), glucose.Triage(want, want, glucose.TriageOptions{}); len(a) != len(b) {
		t.Errorf("triage differs: %v vs %v", a, b)
	}
}
