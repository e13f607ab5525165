package heldout

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
	_ "time/tzdata" // the fixture's Africa/Kampala must load on machines without a zoneinfo database

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
)

// Fixture is the synthetic patient the own-data cases ask about. Every date is a day
// offset from Today (0 = today, -1 = yesterday) at a local clock time, so the whole
// history is fixed; a harness must run the assistant with its clock at Now().
type Fixture struct {
	Username         string  `json:"username"`
	FirstName        string  `json:"first_name"`
	LastName         string  `json:"last_name"`
	Today            string  `json:"today"`     // YYYY-MM-DD, the fixed "today"
	NowClock         string  `json:"now"`       // HH:MM local, the moment the questions are asked
	TimeZone         string  `json:"time_zone"` // IANA
	GlucoseUnit      string  `json:"glucose_unit"`
	BirthDate        string  `json:"birth_date"`
	Gender           string  `json:"gender"`
	HeightCm         float64 `json:"height_cm"`
	WeightKg         float64 `json:"weight_kg"`
	Activity         string  `json:"activity"`
	DiabetesType     string  `json:"diabetes_type"`
	PrimaryGoal      string  `json:"primary_goal"`
	MonthlyBudgetUGX int64   `json:"monthly_budget_ugx"`

	Diary       []DiaryEntry `json:"diary"`
	Glucose     []GlucoseRow `json:"glucose"`
	HbA1c       []HbA1cRow   `json:"hba1c"`
	Weights     []WeightRow  `json:"weights"`
	Medications []MedRow     `json:"medications"`
	Goals       []GoalRow    `json:"goals"`

	loc   *time.Location
	today time.Time
}

// DiaryEntry is one food log. CostUGX nil means the patient gave no price.
type DiaryEntry struct {
	Day     int     `json:"day"`
	Clock   string  `json:"time"`
	Meal    string  `json:"meal"`
	Food    string  `json:"food"` // key in the food table
	Grams   float64 `json:"grams"`
	Measure string  `json:"measure"` // as logged, e.g. "1 cup"; "" for grams
	Qty     float64 `json:"qty"`
	CostUGX *int64  `json:"cost_ugx"`
}

// GlucoseRow is a finger-stick reading in the patient's unit (mmol/L).
type GlucoseRow struct {
	Day     int     `json:"day"`
	Clock   string  `json:"time"`
	Mmol    float64 `json:"mmol"`
	Context string  `json:"context"`
}

// HbA1cRow is a lab HbA1c.
type HbA1cRow struct {
	Day     int     `json:"day"`
	Percent float64 `json:"percent"`
}

// WeightRow is a weigh-in.
type WeightRow struct {
	Day int     `json:"day"`
	Kg  float64 `json:"kg"`
}

// MedRow is a medication record.
type MedRow struct {
	Day  int    `json:"day"`
	Name string `json:"name"`
	Dose string `json:"dose"`
}

// GoalRow is a goal with its progress entries. A time-in-range goal's progress is
// computed from the readings (FromReadings) the way the app fills it automatically.
type GoalRow struct {
	Type         string        `json:"type"`
	Title        string        `json:"title"`
	Start        float64       `json:"start"`
	Target       float64       `json:"target"`
	CreatedDay   int           `json:"created_day"`
	TargetDay    *int          `json:"target_day"`
	Progress     []ProgressRow `json:"progress"`
	FromReadings bool          `json:"from_readings"`
}

// ProgressRow is a goal progress entry.
type ProgressRow struct {
	Day    int     `json:"day"`
	Value  float64 `json:"value"`
	Source string  `json:"source"` // manual or auto
}

// LoadFixture parses and checks a fixture.
func LoadFixture(b []byte) (*Fixture, error) {
	var f Fixture
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("heldout: fixture: %w", err)
	}
	loc, err := time.LoadLocation(f.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("heldout: fixture time zone: %w", err)
	}
	f.loc = loc
	if f.today, err = time.ParseInLocation("2006-01-02", f.Today, loc); err != nil {
		return nil, fmt.Errorf("heldout: fixture today: %w", err)
	}
	if _, err := f.At(0, f.NowClock); err != nil {
		return nil, err
	}
	for i, d := range f.Diary {
		at, err := f.At(d.Day, d.Clock)
		if err != nil {
			return nil, fmt.Errorf("heldout: diary entry %d: %w", i, err)
		}
		if at.After(f.Now()) {
			return nil, fmt.Errorf("heldout: diary entry %d is after now", i)
		}
		if d.Grams <= 0 || d.Qty <= 0 {
			return nil, fmt.Errorf("heldout: diary entry %d needs grams and qty", i)
		}
	}
	for i, g := range f.Glucose {
		at, err := f.At(g.Day, g.Clock)
		if err != nil {
			return nil, fmt.Errorf("heldout: glucose %d: %w", i, err)
		}
		if at.After(f.Now()) {
			return nil, fmt.Errorf("heldout: glucose %d is after now", i)
		}
		if _, ok := glucose.ParseContext(g.Context); !ok {
			return nil, fmt.Errorf("heldout: glucose %d: context %q", i, g.Context)
		}
	}
	for _, g := range f.Goals {
		if !goals.Type(g.Type).Valid() {
			return nil, fmt.Errorf("heldout: goal type %q", g.Type)
		}
	}
	return &f, nil
}

// Location is the patient's time zone.
func (f *Fixture) Location() *time.Location { return f.loc }

// Now is the moment every question is asked.
func (f *Fixture) Now() time.Time {
	t, _ := f.At(0, f.NowClock)
	return t
}

// Day is local midnight of the day offset.
func (f *Fixture) Day(offset int) time.Time {
	y, m, d := f.today.Date()
	return time.Date(y, m, d+offset, 0, 0, 0, 0, f.loc)
}

// At is the local time on the day offset at clock HH:MM.
func (f *Fixture) At(offset int, clock string) (time.Time, error) {
	c, err := time.Parse("15:04", clock)
	if err != nil {
		return time.Time{}, fmt.Errorf("heldout: clock %q: %w", clock, err)
	}
	return f.Day(offset).Add(time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute), nil
}

func (f *Fixture) at(offset int, clock string) time.Time {
	t, _ := f.At(offset, clock)
	return t
}

// MmolToMgdl converts the fixture's readings to the stored unit (the factor of docs/CLINICAL.md, Units).
func MmolToMgdl(v float64) float64 { return v * glucose.MgdlPerMmolL }

// Period is a half-open interval [From, To) of local time.
type Period struct{ From, To time.Time }

// Periods returns the interpretations of a named period that an answer may use: "last
// 7 days" may or may not include today, "last week" may be the calendar week before
// this one or the last seven days. Names: today, yesterday, day:N (N a day offset),
// this_week, last_week, this_month, last_month, last_7_days, last_14_days, last_30_days.
func (f *Fixture) Periods(name string) ([]Period, error) {
	now := f.Now()
	end := f.Day(1) // through the end of today
	lastN := func(n int) []Period {
		return []Period{{f.Day(-n + 1), end}, {f.Day(-n), f.Day(0)}}
	}
	var off int
	if _, err := fmt.Sscanf(name, "day:%d", &off); err == nil {
		return []Period{{f.Day(off), f.Day(off + 1)}}, nil
	}
	wd := (int(f.today.Weekday()) + 6) % 7 // Monday = 0
	switch name {
	case "today":
		return []Period{{f.Day(0), end}}, nil
	case "yesterday":
		return []Period{{f.Day(-1), f.Day(0)}}, nil
	case "this_week":
		return []Period{{f.Day(-wd), end}}, nil
	case "last_week":
		return append([]Period{{f.Day(-wd - 7), f.Day(-wd)}}, lastN(7)...), nil
	case "this_month":
		y, m, _ := now.Date()
		return []Period{{time.Date(y, m, 1, 0, 0, 0, 0, f.loc), end}}, nil
	case "last_month":
		y, m, _ := now.Date()
		return []Period{{time.Date(y, m-1, 1, 0, 0, 0, 0, f.loc), time.Date(y, m, 1, 0, 0, 0, 0, f.loc)}}, nil
	case "last_7_days":
		return lastN(7), nil
	case "last_14_days":
		return lastN(14), nil
	case "last_30_days":
		return lastN(30), nil
	}
	return nil, fmt.Errorf("heldout: unknown period %q", name)
}

// DiaryIn returns the diary entries in the period, in time order.
func (f *Fixture) DiaryIn(p Period) []DiaryEntry {
	var out []DiaryEntry
	for _, d := range f.Diary {
		at := f.at(d.Day, d.Clock)
		if !at.Before(p.From) && at.Before(p.To) {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b DiaryEntry) int { return f.at(a.Day, a.Clock).Compare(f.at(b.Day, b.Clock)) })
	return out
}

// Readings returns all readings as the glucose package takes them (mg/dL).
func (f *Fixture) Readings() []glucose.Reading {
	out := make([]glucose.Reading, 0, len(f.Glucose))
	for _, g := range f.Glucose {
		c, _ := glucose.ParseContext(g.Context)
		out = append(out, glucose.Reading{At: f.at(g.Day, g.Clock), Mgdl: MmolToMgdl(g.Mmol), Context: c})
	}
	return out
}

// Stats summarises the readings of a period with the app's own statistics.
func (f *Fixture) Stats(p Period) glucose.Stats {
	return glucose.Compute(f.Readings(), p.From, p.To)
}

// ReadingsIn returns the readings (mmol/L rows) in the period.
func (f *Fixture) ReadingsIn(p Period) []GlucoseRow {
	var out []GlucoseRow
	for _, g := range f.Glucose {
		at := f.at(g.Day, g.Clock)
		if !at.Before(p.From) && at.Before(p.To) {
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b GlucoseRow) int { return f.at(a.Day, a.Clock).Compare(f.at(b.Day, b.Clock)) })
	return out
}

// TIRGoalValue is the automatic value of a time-in-range goal at Now: the share of
// readings in range over the 14-day goal window (goals.GlucoseValue).
func (f *Fixture) TIRGoalValue() (float64, bool) {
	from, to := glucose.Window(f.Now(), goals.GlucoseWindowDays)
	return goals.GlucoseValue(goals.TimeInRange, glucose.Compute(f.Readings(), from, to))
}

// GoalCurrent is a goal's latest value and its progress (goals.Measure).
func (f *Fixture) GoalCurrent(g GoalRow) (current float64, progress goals.Progress, ok bool) {
	if g.FromReadings {
		v, ok := f.TIRGoalValue()
		if !ok {
			return 0, goals.Progress{}, false
		}
		current = v
	} else {
		if len(g.Progress) == 0 {
			return 0, goals.Progress{}, false
		}
		last := g.Progress[0]
		for _, p := range g.Progress[1:] {
			if p.Day >= last.Day {
				last = p
			}
		}
		current = last.Value
	}
	p := goals.Measure(goals.Goal{Type: goals.Type(g.Type), Start: g.Start, Target: g.Target}, current)
	return current, p, true
}

func roundTo(v float64, places int) float64 {
	k := math.Pow(10, float64(places))
	return math.Round(v*k) / k
}
