package glucose

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// bandValues is one representative mg/dL value per band.
var bandValues = [5]float64{50, 62, 120, 200, 280}

// constructed returns the Stats of a 14-day period (2–15 March) whose readings fall
// in the bands in the given counts (very low, low, in range, high, very high),
// spread round-robin over the first daysUsed days.
func constructed(periodStartDay, daysUsed int, counts [5]int) Stats {
	var rs []Reading
	i := 0
	for b, c := range counts {
		for range c {
			day, slot := i%daysUsed, i/daysUsed
			rs = append(rs, Reading{
				At:   time.Date(2026, 3, periodStartDay+day, 5, slot*7, 0, 0, kampala),
				Mgdl: bandValues[b],
			})
			i++
		}
	}
	from := time.Date(2026, 3, periodStartDay, 0, 0, 0, 0, kampala)
	return Compute(rs, from, from.AddDate(0, 0, 14))
}

func codes(flags []Flag) []string {
	var out []string
	for _, f := range flags {
		out = append(out, f.Code)
	}
	slices.Sort(out)
	return out
}

func flagByCode(flags []Flag, code string) (Flag, bool) {
	for _, f := range flags {
		if f.Code == code {
			return f, true
		}
	}
	return Flag{}, false
}

func TestTriageRules(t *testing.T) {
	tests := []struct {
		name   string
		counts [5]int
		older  bool
		want   []string
	}{
		{"all in range", [5]int{0, 0, 100, 0, 0}, false, nil},
		{"<54 at 1 % flags", [5]int{1, 0, 99, 0, 0}, false, []string{FlagVeryLow}},
		{"<54 just under 1 %", [5]int{1, 0, 100, 0, 0}, false, nil},
		{"<70 at 4 % flags", [5]int{0, 4, 96, 0, 0}, false, []string{FlagLow}},
		{"<70 at 3 %", [5]int{0, 3, 97, 0, 0}, false, nil},
		{"<70 counts very low too", [5]int{1, 3, 96, 0, 0}, false, []string{FlagLow, FlagVeryLow}},
		{">250 at 5 % flags", [5]int{0, 0, 95, 0, 5}, false, []string{FlagVeryHigh}},
		{">250 at 4 %", [5]int{0, 0, 96, 0, 4}, false, nil},
		{">180 at 25 % flags", [5]int{0, 0, 75, 25, 0}, false, []string{FlagHigh}},
		{">180 at 24 %", [5]int{0, 0, 76, 24, 0}, false, nil},
		{">180 counts very high too", [5]int{0, 0, 75, 21, 4}, false, []string{FlagHigh}},
		{"in range 69 %", [5]int{0, 0, 69, 31, 0}, false, []string{FlagHigh, FlagInRangeLow}},
		{"in range exactly 70 %", [5]int{0, 0, 70, 30, 0}, false, []string{FlagHigh}},
		// Older or high-risk: in range > 50 %, < 70 under 1 %, > 250 under 10 %.
		{"older: <70 at 1 % flags", [5]int{0, 1, 99, 0, 0}, true, []string{FlagLow}},
		{"older: >250 at 6 % passes", [5]int{0, 0, 94, 0, 6}, true, nil},
		{"older: >250 at 10 % flags", [5]int{0, 0, 90, 0, 10}, true, []string{FlagVeryHigh}},
		{"older: in range 60 % passes", [5]int{0, 0, 60, 40, 0}, true, nil},
		{"older: in range 49 % flags", [5]int{0, 0, 49, 51, 0}, true, []string{FlagInRangeLow}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := constructed(2, 14, tt.counts)
			// No previous period, so the drop rule stays out of these cases.
			got := codes(Triage(cur, Stats{}, TriageOptions{Unit: MmolL, OlderOrHighRisk: tt.older}))
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("flags = %v, want %v", got, want)
			}
		})
	}
}

func TestTriageDetailCarriesTheNumbers(t *testing.T) {
	// 3 of 48 readings below 70 mg/dL is 6.25 %.
	cur := constructed(2, 14, [5]int{0, 3, 45, 0, 0})
	flags := Triage(cur, Stats{}, TriageOptions{Unit: MmolL})
	if len(flags) != 1 || flags[0].Code != FlagLow {
		t.Fatalf("flags = %+v", flags)
	}
	if want := "6 % of 48 readings below 3.9 mmol/L (target under 4 %)"; flags[0].Detail != want {
		t.Errorf("detail = %q, want %q", flags[0].Detail, want)
	}
	flags = Triage(cur, Stats{}, TriageOptions{Unit: MgdL})
	if want := "6 % of 48 readings below 70 mg/dL (target under 4 %)"; flags[0].Detail != want {
		t.Errorf("mg/dL detail = %q, want %q", flags[0].Detail, want)
	}
	in := Triage(constructed(2, 14, [5]int{0, 0, 55, 45, 0}), Stats{}, TriageOptions{})
	f, _ := flagByCode(in, FlagInRangeLow)
	if want := "55 % of 100 readings in 3.9–10.0 mmol/L (target over 70 %)"; f.Detail != want {
		t.Errorf("in range detail = %q, want %q", f.Detail, want)
	}
}

func TestTriageInRangeDrop(t *testing.T) {
	prev := constructed(2, 14, [5]int{0, 0, 80, 20, 0}) // 80 % in range
	tests := []struct {
		name     string
		current  [5]int
		previous Stats
		flagged  bool
	}{
		{"drop of exactly 15 points", [5]int{0, 0, 65, 35, 0}, prev, true},
		{"drop of 14 points", [5]int{0, 0, 66, 34, 0}, prev, false},
		// 80 % of 100 → 52 of 80 = 65 %: exactly 15 points with different counts.
		{"15 points across different N", [5]int{0, 0, 52, 28, 0}, prev, true},
		// 80 % → 53 of 80 = 66.25 %: 13.75 points.
		{"13.75 points", [5]int{0, 0, 53, 27, 0}, prev, false},
		{"previous period too thin", [5]int{0, 0, 10, 90, 0}, constructed(2, 3, [5]int{0, 0, 8, 2, 0}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := constructed(16, 14, tt.current)
			f, ok := flagByCode(Triage(cur, tt.previous, TriageOptions{}), FlagInRangeDrop)
			if ok != tt.flagged {
				t.Fatalf("drop flagged = %v, want %v (%s)", ok, tt.flagged, f.Detail)
			}
		})
	}
	f, _ := flagByCode(Triage(constructed(16, 14, [5]int{0, 0, 65, 35, 0}), prev, TriageOptions{}), FlagInRangeDrop)
	if want := "Readings in range fell from 80 % of 100 readings to 65 % of 100 readings, 15 points (flagged at 15)"; f.Detail != want {
		t.Errorf("detail = %q, want %q", f.Detail, want)
	}
}

func TestTriageLittleData(t *testing.T) {
	// 10 readings on 5 of 14 days: fewer than 14 readings and fewer than 7 days.
	cur := constructed(2, 5, [5]int{0, 0, 10, 0, 0})
	flags := Triage(cur, Stats{}, TriageOptions{})
	if len(flags) != 1 || flags[0].Code != FlagLittleData {
		t.Fatalf("flags = %+v, want only little data", flags)
	}
	if want := "10 readings on 5 of 14 days (needs at least 14 readings on 7 days)"; flags[0].Detail != want {
		t.Errorf("detail = %q, want %q", flags[0].Detail, want)
	}
	// 14 readings on 7 days is just enough.
	if EnoughData(constructed(2, 7, [5]int{0, 0, 13, 0, 0})) || !EnoughData(constructed(2, 7, [5]int{0, 0, 14, 0, 0})) {
		t.Error("enough data needs 14 readings on 7 of 14 days")
	}
	// A period without readings gets only this flag.
	empty := Compute(nil, at(2, 0, 0), at(16, 0, 0))
	if got := codes(Triage(empty, Stats{}, TriageOptions{})); !slices.Equal(got, []string{FlagLittleData}) {
		t.Errorf("empty period flags = %v", got)
	}
	// Thin data still raises a very low flag: one reading below 3.0 matters.
	thin := constructed(2, 3, [5]int{1, 0, 3, 0, 0})
	got := Triage(thin, Stats{}, TriageOptions{})
	if got[0].Code != FlagVeryLow || got[0].Severity != SeverityUrgent {
		t.Errorf("most severe flag first: %+v", got)
	}
	if !slices.Contains(codes(got), FlagLittleData) {
		t.Errorf("thin data must also say so: %v", codes(got))
	}
}

func TestNoRecentData(t *testing.T) {
	now := at(10, 12, 0)
	if _, ok := NoRecentData(at(8, 12, 0), now, NoRecentDataAfter); ok {
		t.Error("a reading 2 days ago is recent")
	}
	if _, ok := NoRecentData(at(7, 12, 0), now, NoRecentDataAfter); ok {
		t.Error("exactly 3 days is not yet flagged")
	}
	f, ok := NoRecentData(at(6, 9, 0), now, NoRecentDataAfter)
	if !ok || f.Detail != "Last reading 4 days ago, on 6 Mar 2026 (flagged after 3 days)" {
		t.Errorf("4 days: %v %q", ok, f.Detail)
	}
	if f, ok := NoRecentData(time.Time{}, now, NoRecentDataAfter); !ok || !strings.Contains(f.Detail, "No glucose reading") {
		t.Errorf("never logged: %v %q", ok, f.Detail)
	}
}

func TestHbA1cRising(t *testing.T) {
	d := func(m int) time.Time { return time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, kampala) }
	tests := []struct {
		name    string
		history []HbA1cResult
		flagged bool
	}{
		{"rise of 0.5", []HbA1cResult{{d(3), 7.0}, {d(6), 7.5}}, true},
		{"rise of 0.4", []HbA1cResult{{d(3), 7.0}, {d(6), 7.4}}, false},
		{"fall", []HbA1cResult{{d(3), 8.0}, {d(6), 7.0}}, false},
		{"only the latest two count", []HbA1cResult{{d(1), 6.0}, {d(3), 7.5}, {d(6), 7.6}}, false},
		{"unordered history", []HbA1cResult{{d(6), 8.1}, {d(1), 9.0}, {d(3), 7.2}}, true},
		{"one result", []HbA1cResult{{d(6), 9.0}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := HbA1cRising(tt.history); ok != tt.flagged {
				t.Errorf("flagged = %v, want %v", ok, tt.flagged)
			}
		})
	}
	f, _ := HbA1cRising([]HbA1cResult{{d(3), 7.0}, {d(6), 7.5}})
	if want := "HbA1c 7.5 % (58 mmol/mol) on 1 Jun 2025, up from 7.0 % (53 mmol/mol) on 1 Mar 2025; above the usual target of under 7 %"; f.Detail != want {
		t.Errorf("detail = %q\nwant     %q", f.Detail, want)
	}
}

func TestSortFlagsKeepsRuleOrder(t *testing.T) {
	fs := []Flag{{Code: "a", Severity: 1}, {Code: "b", Severity: 3}, {Code: "c", Severity: 1}, {Code: "d", Severity: 2}}
	SortFlags(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Code)
	}
	if !slices.Equal(got, []string{"b", "d", "a", "c"}) {
		t.Errorf("order = %v", got)
	}
}
