package assistant

import (
	"math"
	"slices"
	"testing"
	"time"
)

func parseFor(t *testing.T, msg string) Parse {
	t.Helper()
	p, err := NewNLU(testLexicon(t)).Parse(msg, ConversationState{})
	if err != nil {
		t.Fatalf("Parse(%q): %v", msg, err)
	}
	return p
}

func TestQuantities(t *testing.T) {
	tests := []struct {
		msg  string
		want []string
	}{
		{"2 fingers of matooke", []string{"2 finger"}},
		{"1 cup beans", []string{"1 cup"}},
		{"half plate of rice", []string{"0.5 plate"}},
		{"half a plate of rice", []string{"0.5 plate"}},
		{"200g posho", []string{"200 g"}},
		{"1kg of beans", []string{"1000 g"}},
		{"a cup of tea", []string{"1 cup"}},
		{"one and a half cups of porridge", []string{"1.5 cup"}},
		{"1 1/2 cups of porridge", []string{"1.5 cup"}},
		{"3 tea spoons of sugar", []string{"3 teaspoon"}},
		{"2 tbsp g-nut paste", []string{"2 tablespoon"}},
		{"500 ml of soda", []string{"500 ml"}},
		{"two eggs", []string{"2 piece"}},
		{"3 chapatis", []string{"3 piece"}},
		{"ebikopo bibiri bya caayi", nil}, // Luganda count words after the noun are not parsed
	}
	for _, tt := range tests {
		p := parseFor(t, tt.msg)
		var got []string
		for _, q := range p.Quantities {
			got = append(got, q.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: quantities %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestQuantityIsLinkedToItsFood(t *testing.T) {
	p := parseFor(t, "i ate 2 fingers of matooke and 1 cup of beans")
	want := map[string]string{"matooke": "2 finger", "beans": "1 cup"}
	for _, f := range p.Foods {
		if f.Quantity == nil || f.Quantity.String() != want[f.Key] {
			t.Errorf("food %s quantity %v, want %s", f.Key, f.Quantity, want[f.Key])
		}
	}
}

func TestMoneyAmounts(t *testing.T) {
	tests := []struct {
		msg  string
		want []int
	}{
		{"lunch with 3000", []int{3000}},
		{"lunch with 3k", []int{3000}},
		{"food for UGX 2,500", []int{2500}},
		{"2500 shillings for supper", []int{2500}},
		{"what can i eat with 2,000/=", []int{2000}},
		{"meal for 5 thousand", []int{5000}},
		{"shs 1500 breakfast", []int{1500}},
		{"10k budget", []int{10000}},
		{"2 fingers of matooke", nil},
	}
	for _, tt := range tests {
		p := parseFor(t, tt.msg)
		if !slices.Equal(p.MoneyUGX, tt.want) {
			t.Errorf("%q: money %v, want %v (intent %s)", tt.msg, p.MoneyUGX, tt.want, p.Intent)
		}
	}
}

func TestGlucoseValuesAndUnits(t *testing.T) {
	tests := []struct {
		msg       string
		want      string
		unitGiven bool
	}{
		{"my sugar is 3.2", "3.2 mmol/L", false},
		{"sugar 250 mg/dl", "250 mg/dL", true},
		{"sugar 250", "250 mg/dL", false},
		{"glucose 34.9", "34.9 mmol/L", false}, // below 35: mmol/L
		{"glucose 35", "35 mg/dL", false},      // from 35: mg/dL
		{"reading 7.1 mmol", "7.1 mmol/L", true},
		{"my sugar has gone down to 60", "60 mg/dL", false},
		{"fbs 6.1", "6.1 mmol/L", false},
		{"my meter says LO", "LO", true},
		{"glucometer shows HI", "HI", true},
	}
	for _, tt := range tests {
		p := parseFor(t, tt.msg)
		if len(p.Glucose) != 1 || p.Glucose[0].String() != tt.want || p.Glucose[0].UnitGiven != tt.unitGiven {
			t.Errorf("%q: glucose %+v, want %s (unit given %v)", tt.msg, p.Glucose, tt.want, tt.unitGiven)
		}
	}
	for _, msg := range []string{"3 teaspoons of sugar", "hba1c 7.5", "my average sugar last 7 days", "lunch with 3000"} {
		if p := parseFor(t, msg); len(p.Glucose) != 0 {
			t.Errorf("%q: unexpected glucose %+v", msg, p.Glucose)
		}
	}
}

func TestGlucoseConversion(t *testing.T) {
	// 1 mmol/L = 18.01559 mg/dL (docs/CLINICAL.md)
	r := GlucoseReading{Value: 5.5, Unit: MmolPerL}
	if got := r.MgDL(); math.Abs(got-99.0857) > 0.001 {
		t.Errorf("5.5 mmol/L = %.4f mg/dL, want 99.0857", got)
	}
	if got := FormatGlucose(70, MmolPerL); got != "3.9 mmol/L" {
		t.Errorf("70 mg/dL shown as %q, want 3.9 mmol/L", got)
	}
	if got := FormatGlucose(99.0857, MgPerDL); got != "99 mg/dL" {
		t.Errorf("got %q", got)
	}
}

func TestTimeRanges(t *testing.T) {
	tests := []struct {
		msg  string
		want string
	}{
		{"spending today", "today"},
		{"spending leero", "today"},
		{"sugar yesterday", "yesterday"},
		{"sugar this week", "this_week"},
		{"sugar wiiki eno", "this_week"},
		{"sugar last week", "last_week"},
		{"sugar last 7 days", "last_7_days"},
		{"sugar past seven days", "last_7_days"},
		{"sugar in the last 14 days", "last_14_days"},
		{"sugar past week", "last_7_days"},
		{"sugar this month", "this_month"},
		{"sugar last month", "last_month"},
		{"sugar last 30 days", "last_30_days"},
	}
	for _, tt := range tests {
		p := parseFor(t, tt.msg)
		if p.Range == nil || p.Range.String() != tt.want {
			t.Errorf("%q: range %v, want %s", tt.msg, p.Range, tt.want)
		}
	}
}

func TestTimeRangePeriod(t *testing.T) {
	// fixedNow is Wednesday 25 November 2026 14:30 EAT
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, fixedNow.Location())
	tests := []struct {
		r        TimeRange
		from, to time.Time
	}{
		{TimeRange{Kind: Today}, day, day.AddDate(0, 0, 1)},
		{TimeRange{Kind: Yesterday}, day.AddDate(0, 0, -1), day},
		{TimeRange{Kind: ThisWeek}, time.Date(2026, 11, 23, 0, 0, 0, 0, fixedNow.Location()), fixedNow},
		{TimeRange{Kind: LastWeek}, time.Date(2026, 11, 16, 0, 0, 0, 0, fixedNow.Location()), time.Date(2026, 11, 23, 0, 0, 0, 0, fixedNow.Location())},
		{TimeRange{Kind: LastNDays, Days: 7}, time.Date(2026, 11, 19, 0, 0, 0, 0, fixedNow.Location()), fixedNow},
		{TimeRange{Kind: ThisMonth}, time.Date(2026, 11, 1, 0, 0, 0, 0, fixedNow.Location()), fixedNow},
		{TimeRange{Kind: LastMonth}, time.Date(2026, 10, 1, 0, 0, 0, 0, fixedNow.Location()), time.Date(2026, 11, 1, 0, 0, 0, 0, fixedNow.Location())},
	}
	for _, tt := range tests {
		p := tt.r.Period(fixedNow)
		if !p.From.Equal(tt.from) || !p.To.Equal(tt.to) {
			t.Errorf("%s: %s – %s, want %s – %s", tt.r, p.From, p.To, tt.from, tt.to)
		}
	}
}

func TestMealTypes(t *testing.T) {
	tests := map[string]MealType{
		"posho for lunch":           Lunch,
		"supper was rice":           Dinner,
		"ku kyeggulo nalidde posho": Dinner,
		"eky'eggulo":                Dinner,
		"kyenkya":                   Breakfast,
		"bfast tea":                 Breakfast,
		"a snack of g-nuts":         Snack,
	}
	for msg, want := range tests {
		if p := parseFor(t, msg); p.Meal != want {
			t.Errorf("%q: meal %q, want %q", msg, p.Meal, want)
		}
	}
}

func TestFoodsNotConfusedWithCommonWords(t *testing.T) {
	tests := map[string][]string{
		"price of rice":                 {"rice_white"},
		"did i meet my target":          nil,
		"tell me a joke":                nil,
		"my sugar is high":              nil,
		"is sugar bad for diabetics":    {"sugar"},
		"3 teaspoons of sugar in tea":   {"sugar", "tea"},
		"how much sugar in soda":        {"soda"},
		"sweet potatoe or cassava":      {"sweet_potato", "cassava"},
		"<script>alert(1)</script>":     nil,
		"beens and posha":               {"beans", "posho"},
		"tea spoon of honey":            {"honey"},
		"brown rice and white rice":     {"rice_brown", "rice_white"},
		"nalidde matooke ne ebinyeebwa": {"matooke", "groundnut_sauce"},
	}
	for msg, want := range tests {
		if got := parseFor(t, msg).FoodKeys(); !slices.Equal(got, want) {
			t.Errorf("%q: foods %q, want %q", msg, got, want)
		}
	}
}

func TestParseMeasure(t *testing.T) {
	tests := []struct {
		label string
		want  string
		ok    bool
	}{
		{"1 cup", "1 cup", true},
		{"1 cup (240 ml)", "1 cup", true},
		{"1 cup diced", "1 cup", true},
		{"1 tablespoon", "1 tablespoon", true},
		{"1 teaspoon", "1 teaspoon", true},
		{"2 fingers", "2 finger", true},
		{"1 slice (1 oz)", "1 slice", true},
		{"1 large egg", "1 piece", true},
		{"1 medium banana", "1 piece", true},
		{"1 fruit", "1 piece", true},
		{"half plate", "0.5 plate", true},
		{"plate", "1 plate", true},
		{"", "", false},
		{"250", "", false},
	}
	for _, tt := range tests {
		q, ok := ParseMeasure(tt.label)
		if ok != tt.ok || (ok && q.String() != tt.want) {
			t.Errorf("ParseMeasure(%q) = %v, %v; want %q, %v", tt.label, q, ok, tt.want, tt.ok)
		}
	}
}
