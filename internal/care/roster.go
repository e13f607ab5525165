package care

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
)

// Periods a roster can be triaged over.
var Periods = []int{7, 14}

// DefaultPeriod is the period the roster opens with: 14 days, as the consensus report does.
const DefaultPeriod = 14

// OlderAge is the age from which the consensus targets for older or high-risk people apply
// (Battelino 2019; "older adults" are ≥ 65 in the ADA Standards of Care, section 13).
const OlderAge = 65

// FlagOrder ranks flag codes by how much they need review, most first: hypoglycaemia, then
// missing data (nobody can tell what happens), then hyperglycaemia and worsening control,
// then the slower signs. The triage view groups each patient under their highest flag, as
// Tidepool's clinic dashboard does.
var FlagOrder = []string{
	glucose.FlagVeryLow, glucose.FlagLow, glucose.FlagNoRecentData, glucose.FlagVeryHigh,
	glucose.FlagInRangeDrop, glucose.FlagHigh, glucose.FlagInRangeLow, glucose.FlagHbA1cRising,
	FlagWeightChange, FlagOverBudget, glucose.FlagLittleData,
}

// FlagTitle names a triage group.
func FlagTitle(code string) string {
	switch code {
	case glucose.FlagVeryLow:
		return "Very low readings (< 3.0 mmol/L, 54 mg/dL)"
	case glucose.FlagLow:
		return "Low readings (< 3.9 mmol/L, 70 mg/dL)"
	case glucose.FlagNoRecentData:
		return "No readings for 3 days"
	case glucose.FlagVeryHigh:
		return "Very high readings (> 13.9 mmol/L, 250 mg/dL)"
	case glucose.FlagInRangeDrop:
		return "Readings in range fell"
	case glucose.FlagHigh:
		return "High readings (> 10.0 mmol/L, 180 mg/dL)"
	case glucose.FlagInRangeLow:
		return "Few readings in range"
	case glucose.FlagHbA1cRising:
		return "HbA1c rising"
	case FlagWeightChange:
		return "Weight change over 2 kg"
	case FlagOverBudget:
		return "Over food budget"
	case glucose.FlagLittleData:
		return "Too little data"
	case "":
		return "No flags"
	}
	return code
}

func flagRank(code string) int {
	if i := slices.Index(FlagOrder, code); i >= 0 {
		return i
	}
	return len(FlagOrder)
}

// Patient is what the roster knows about one linked patient before evaluation.
type Patient struct {
	ID           int64
	Username     string
	Name         string // "First Last", or "" when not given
	Tags         []string
	LastReviewed *time.Time
	Shares       Shares
	Loc          *time.Location // the patient's time zone; nil means UTC
	BirthDate    *time.Time
	MonthlyUGX   *int64

	Readings []glucose.Reading // the period and the one before it (unless Summary is set)
	// Summary, when set, replaces Readings: the counts of the current and the previous
	// period, in the zone of SummaryFrom (the roster counts them in SQL).
	Summary                *[2]Counts
	SummaryFrom, SummaryTo time.Time // the current period; the previous one ends at SummaryFrom
	LastReading            time.Time // latest reading ever; zero when none
	HbA1c                  []glucose.HbA1cResult
	Weights                []WeightPoint
	SpentUGX               int64 // food spending in the spending period
}

// DisplayName is the name to show: the full name, else the username.
func (p Patient) DisplayName() string {
	if strings.TrimSpace(p.Name) != "" {
		return strings.TrimSpace(p.Name)
	}
	return p.Username
}

// Entry is one evaluated roster line.
type Entry struct {
	Patient
	Period            int
	Current, Previous glucose.Stats // empty when glucose is not shared
	Flags             []glucose.Flag
	Top               string // the code of the flag that most needs review, "" for none
	Older             bool
}

// InRangePercent is the share of readings in range in the period, or -1 without readings
// (or when glucose is not shared).
func (e Entry) InRangePercent() float64 {
	if e.Current.N == 0 {
		return -1
	}
	return e.Current.InRange.Percent()
}

// Evaluate applies every roster rule to a patient for the period of `period` days ending
// today in the patient's time zone. spendFrom/spendTo bound the spending the caller summed.
// Only shared data raises flags.
func Evaluate(p Patient, now time.Time, period int, unit glucose.Unit, spendFrom, spendTo time.Time) Entry {
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	e := Entry{Patient: p, Period: period}
	if p.BirthDate != nil && ageAt(*p.BirthDate, local) >= OlderAge {
		e.Older = true
	}
	if p.Shares.Has(ShareGlucose) {
		if p.Summary != nil {
			prevFrom := p.SummaryFrom.AddDate(0, 0, -period)
			e.Current = StatsFromCounts(p.Summary[0], p.SummaryFrom, p.SummaryTo)
			e.Previous = StatsFromCounts(p.Summary[1], prevFrom, p.SummaryFrom)
		} else {
			from, to := glucose.Window(local, period)
			pfrom, pto := glucose.PreviousWindow(local, period)
			e.Current = glucose.Compute(p.Readings, from, to)
			e.Previous = glucose.Compute(p.Readings, pfrom, pto)
		}
		e.Flags = glucose.Triage(e.Current, e.Previous, glucose.TriageOptions{Unit: unit, OlderOrHighRisk: e.Older})
		if f, ok := glucose.NoRecentData(p.LastReading, local, glucose.NoRecentDataAfter); ok {
			e.Flags = append(e.Flags, f)
		}
		if f, ok := glucose.HbA1cRising(p.HbA1c); ok {
			e.Flags = append(e.Flags, f)
		}
	}
	if p.Shares.Has(ShareWeight) {
		if f, ok := WeightChange(p.Weights, local); ok {
			e.Flags = append(e.Flags, f)
		}
	}
	if p.Shares.Has(ShareDiary) {
		if f, ok := OverBudget(p.SpentUGX, p.MonthlyUGX, spendFrom, spendTo); ok {
			e.Flags = append(e.Flags, f)
		}
	}
	slices.SortStableFunc(e.Flags, func(a, b glucose.Flag) int { return flagRank(a.Code) - flagRank(b.Code) })
	if len(e.Flags) > 0 {
		e.Top = e.Flags[0].Code
	}
	return e
}

func ageAt(birth, at time.Time) int {
	y := at.Year() - birth.Year()
	if at.Month() < birth.Month() || (at.Month() == birth.Month() && at.Day() < birth.Day()) {
		y--
	}
	return y
}

// Sort keys of the roster.
const (
	SortFlags      = "flags"       // most urgent first
	SortName       = "name"        // A to Z
	SortReviewed   = "reviewed"    // longest since review first (never reviewed first)
	SortInRange    = "in_range"    // lowest share in range first
	SortLastRecord = "last_record" // longest without a reading first
)

// SortKeys lists the keys with their labels, in the order a select offers them.
var SortKeys = [][2]string{
	{SortFlags, "Needs review first"}, {SortName, "Name"}, {SortReviewed, "Longest since review"},
	{SortInRange, "Lowest in range"}, {SortLastRecord, "Longest without a reading"},
}

// Query selects, orders and pages roster entries.
type Query struct {
	Search  string // matched against name, username and tags, case-insensitively
	Flag    string // only entries with this flag code ("" for all, "none" for unflagged)
	Sort    string
	Desc    bool // reverse the natural order of the key
	Page    int  // 1-based
	PerPage int
}

// Page is one page of roster entries.
type Page struct {
	Entries    []Entry
	Total      int // entries matching the search and filter
	Page       int
	PageCount  int
	PerPage    int
	AllEntries int // entries before filtering
}

// Select filters, sorts and pages entries (entries is reordered in place).
func Select(entries []Entry, q Query) Page {
	if q.PerPage <= 0 {
		q.PerPage = 50
	}
	needle := strings.ToLower(strings.TrimSpace(q.Search))
	kept := entries[:0:0]
	for _, e := range entries {
		if needle != "" && !e.matches(needle) {
			continue
		}
		if q.Flag == "none" && len(e.Flags) > 0 {
			continue
		}
		if q.Flag != "" && q.Flag != "none" && !e.HasFlag(q.Flag) {
			continue
		}
		kept = append(kept, e)
	}
	SortEntries(kept, q.Sort, q.Desc)
	pg := Page{Total: len(kept), PerPage: q.PerPage, AllEntries: len(entries)}
	pg.PageCount = max(1, (len(kept)+q.PerPage-1)/q.PerPage)
	pg.Page = min(max(q.Page, 1), pg.PageCount)
	start := (pg.Page - 1) * q.PerPage
	pg.Entries = kept[start:min(start+q.PerPage, len(kept))]
	return pg
}

// HasFlag reports whether the entry carries the flag code.
func (e Entry) HasFlag(code string) bool {
	return slices.ContainsFunc(e.Flags, func(f glucose.Flag) bool { return f.Code == code })
}

func (e Entry) matches(needle string) bool {
	if strings.Contains(strings.ToLower(e.DisplayName()), needle) || strings.Contains(strings.ToLower(e.Username), needle) {
		return true
	}
	for _, t := range e.Tags {
		if strings.Contains(strings.ToLower(t), needle) {
			return true
		}
	}
	return false
}

// SortEntries orders entries by key (SortFlags for an unknown key); ties go by name. It
// sorts an index with precomputed names and moves each (large) entry once.
func SortEntries(entries []Entry, key string, desc bool) {
	type item struct {
		e    *Entry
		name string
	}
	items := make([]item, len(entries))
	for i := range entries {
		items[i] = item{&entries[i], strings.ToLower(entries[i].DisplayName())}
	}
	var primary func(a, b *Entry) int
	switch key {
	case SortName:
		primary = func(*Entry, *Entry) int { return 0 }
	case SortReviewed:
		primary = func(a, b *Entry) int { return compareTimePtr(a.LastReviewed, b.LastReviewed) }
	case SortInRange:
		primary = func(a, b *Entry) int {
			// Patients without readings go last: nothing to compare.
			ai, bi := a.InRangePercent(), b.InRangePercent()
			if (ai < 0) != (bi < 0) {
				if ai < 0 {
					return 1
				}
				return -1
			}
			return cmp.Compare(ai, bi)
		}
	case SortLastRecord:
		primary = func(a, b *Entry) int { return a.LastReading.Compare(b.LastReading) }
	default:
		primary = func(a, b *Entry) int {
			if c := cmp.Compare(flagRank(a.Top), flagRank(b.Top)); c != 0 {
				return c
			}
			return cmp.Compare(len(b.Flags), len(a.Flags))
		}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		c := primary(a.e, b.e)
		if c == 0 {
			c = cmp.Compare(a.name, b.name)
		}
		if c == 0 {
			c = cmp.Compare(a.e.ID, b.e.ID)
		}
		if desc {
			return -c
		}
		return c
	})
	sorted := make([]Entry, len(entries))
	for i, it := range items {
		sorted[i] = *it.e
	}
	copy(entries, sorted)
}

// compareTimePtr orders nil (never) first, then oldest first.
func compareTimePtr(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Compare(*b)
}

// Group is one triage group: the patients whose highest flag is Code.
type Group struct {
	Code    string // "" for patients without flags
	Title   string
	Total   int
	Entries []Entry // at most the limit given to Triage, in roster order
}

// TriageGroups groups entries by their top flag in FlagOrder, then the unflagged; each group
// keeps at most `limit` entries (sorted most flags first, then by name) and its total.
func TriageGroups(entries []Entry, limit int) []Group {
	by := map[string][]Entry{}
	for _, e := range entries {
		by[e.Top] = append(by[e.Top], e)
	}
	var out []Group
	for _, code := range append(slices.Clone(FlagOrder), "") {
		es := by[code]
		if len(es) == 0 {
			continue
		}
		SortEntries(es, SortFlags, false)
		g := Group{Code: code, Title: FlagTitle(code), Total: len(es)}
		g.Entries = es[:min(limit, len(es))]
		out = append(out, g)
	}
	return out
}

// ParseTags splits what a dietitian typed ("new, insulin  pregnant") into distinct tags of
// at most 30 characters, at most 10 of them.
func ParseTags(typed string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(typed, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		t := strings.Join(strings.Fields(f), " ")
		if t == "" {
			continue
		}
		if len([]rune(t)) > 30 {
			t = string([]rune(t)[:30])
		}
		if !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, t) }) {
			out = append(out, t)
		}
		if len(out) == 10 {
			break
		}
	}
	return out
}

// JoinTags is the stored form of tags.
func JoinTags(tags []string) string { return strings.Join(tags, ", ") }

// Counts are one period's glucose readings counted by consensus band, as the roster
// query sums them in SQL for every patient at once.
type Counts struct {
	N, VeryLow, BelowRange, AboveRange, VeryHigh, Days int
	SumMgdl                                            float64
}

// StatsFromCounts builds the statistics the triage rules read (counts, shares, days with
// data, mean) for the period [from, to) of whole local days.
func StatsFromCounts(c Counts, from, to time.Time) glucose.Stats {
	n := c.N
	st := glucose.Stats{From: from, To: to, N: n, DaysWithData: c.Days, ShareLabel: glucose.ShareLabel,
		PeriodDays: int(to.Sub(from).Round(24*time.Hour) / (24 * time.Hour))}
	st.VeryLow = glucose.Share{Count: c.VeryLow, N: n}
	st.Low = glucose.Share{Count: c.BelowRange - c.VeryLow, N: n}
	st.High = glucose.Share{Count: c.AboveRange - c.VeryHigh, N: n}
	st.VeryHigh = glucose.Share{Count: c.VeryHigh, N: n}
	st.BelowRange = glucose.Share{Count: c.BelowRange, N: n}
	st.AboveRange = glucose.Share{Count: c.AboveRange, N: n}
	st.InRange = glucose.Share{Count: n - c.BelowRange - c.AboveRange, N: n}
	if n > 0 {
		st.Mean = glucose.Measure{Value: c.SumMgdl / float64(n), N: n, OK: true}
	}
	return st
}

// Bands as the roster query numbers them: glucose.Band order.
const (
	bandVeryLow  = int(glucose.VeryLow)
	bandLow      = int(glucose.Low)
	bandHigh     = int(glucose.High)
	bandVeryHigh = int(glucose.VeryHigh)
)

// AddBand adds n readings of consensus band b (glucose.Band order) summing to sum mg/dL.
func AddBand(c *Counts, b, n int, sum float64) {
	c.N += n
	c.SumMgdl += sum
	switch b {
	case bandVeryLow:
		c.VeryLow += n
		c.BelowRange += n
	case bandLow:
		c.BelowRange += n
	case bandHigh:
		c.AboveRange += n
	case bandVeryHigh:
		c.AboveRange += n
		c.VeryHigh += n
	}
}
