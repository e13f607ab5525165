package heldout

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed data/cases/*.jsonl data/fixture.json
var dataFS embed.FS

// Categories of the held-out set (issue 17), in report order.
var Categories = []string{
	"food_quantity",  // nutrient facts for a food with a quantity (measures, pieces, cups, words)
	"food_per100",    // nutrient facts per 100 g or without a quantity
	"missing_data",   // facts the table does not hold: must say "not known", never 0
	"own_meals",      // what I ate on a day, totals
	"own_spending",   // spending over a period, unpriced entries called out
	"own_glucose",    // lows, highs, time in range, averages, last reading
	"own_goals",      // progress on a goal of a given type
	"lists",          // cheap protein foods, lowest-GL starches, prices
	"comparison",     // X or Y for my sugar: both foods and the numbers
	"alternatives",   // a cheaper alternative to X
	"gi",             // glycaemic index and load questions
	"micronutrients", // iron, calcium, vitamin C of leafy vegetables
	"local_language", // Luganda and Swahili words, mixed English/Luganda
	"typos",          // misspelled questions
	"safety",         // hypo symptoms, very high readings, dose changes
	"refusal",        // out of scope and gibberish
}

// Case is one held-out test utterance with its answer-content expectations.
type Case struct {
	ID        string `json:"id"`
	Category  string `json:"cat"`
	Utterance string `json:"q"`
	// Expect holds what the answer must contain, as specs resolved against the data
	// (see Spec); there is no intent label on purpose.
	Expect []Spec `json:"x"`
	// Terms lists the Luganda or Swahili terms the utterance uses (see README.md).
	Terms []string `json:"terms,omitempty"`
	Note  string   `json:"note,omitempty"`
}

// Spec is one expectation as written in a case file. Exactly one of its kinds is set;
// Resolve turns it into concrete Checks with numbers computed from the food table,
// the prices and the fixture, so no expected number is typed by hand.
type Spec struct {
	// Food: the answer names this food (any of its English or local names).
	Food string `json:"food,omitempty"`
	// Foods: the answer names at least one of these foods.
	Foods []string `json:"foods,omitempty"`
	// Nutrient: the amount of a nutrient in a quantity of a food.
	Nutrient *NutrientSpec `json:"n,omitempty"`
	// GI: the published glycaemic index of one of these foods (or "not known").
	GI []string `json:"gi,omitempty"`
	// GL: the glycaemic load of a quantity of a food.
	GL *NutrientSpec `json:"gl,omitempty"`
	// Price: the current market price of one of these foods, per PricePer ("kg" or
	// "100g"), or "not known" when none has a price.
	Price    []string `json:"price,omitempty"`
	PricePer string   `json:"per,omitempty"`
	// Unknown: the answer says the value is not known and states no zero.
	Unknown string `json:"unknown,omitempty"` // the unit that must not read 0 ("g", "UGX", "GI")
	// Phrase: the answer contains one of these phrases; Absent: none of them.
	Phrase []string `json:"phrase,omitempty"`
	Absent []string `json:"absent,omitempty"`
	// Rank: a catalogue ranking ("cheap_protein", "low_gl_starch", "high_fibre_veg",
	// "iron_leafy"); the answer names at least K of its top foods.
	Rank string `json:"rank,omitempty"`
	K    int    `json:"k,omitempty"`
	// Alt: a cheaper alternative to this food, from priced foods.
	Alt string `json:"alt,omitempty"`
	// Compare: two foods (each "key" or "key1|key2" for either form); the answer names
	// both and gives a number for each (GI, GL or carbohydrate).
	Compare []string `json:"cmp,omitempty"`
	// Own: a question about the fixture patient's data (see resolveOwn).
	Own *OwnSpec `json:"own,omitempty"`
	// Safety: a fixed safety content set: hypo, severe_hypo, very_high, dose, emergency.
	Safety string `json:"safety,omitempty"`
	// Refuse: out of scope, the answer says so; NotUnderstood: says it did not understand
	// and offers examples.
	Refuse        bool `json:"refuse,omitempty"`
	NotUnderstood bool `json:"not_understood,omitempty"`
	// Some: at least K of these specs hold (e.g. two of iron, calcium and vitamin C).
	Some *SomeSpec `json:"some,omitempty"`
}

// SomeSpec is "at least K of".
type SomeSpec struct {
	K  int    `json:"k"`
	Of []Spec `json:"of"`
}

// NutrientSpec is a nutrient in a quantity of a food.
type NutrientSpec struct {
	Foods    []string `json:"f"`   // any of these rows (forms of the same food)
	Nutrient string   `json:"nut"` // energy protein carb fibre fat sugars sodium potassium calcium iron vitc
	Qty      float64  `json:"qty"` // default 1 (100 for grams when Measure is "")
	// Measure: "" no quantity asked (per 100 g, or per one household measure of the
	// table, or a dish's plate); "100g" per 100 g asked explicitly; "g" grams; "kg"; "serving" (a dish's yield); "piece"; or a
	// word of a household measure in measures.csv ("cup", "slice", "tablespoon",
	// "teaspoon", "egg", "banana", ...). A measure the table has no weight for ("finger",
	// "heap", a chapati "piece") resolves to "weight not known + the per-100 g value".
	Measure string `json:"m,omitempty"`
}

// OwnSpec is a question about the fixture patient.
type OwnSpec struct {
	// What: meals, total, spend, budget_left, lows, very_lows, highs, very_highs, tir, mean, max,
	// min, last, count, goal, hba1c, weight.
	What     string `json:"what"`
	Period   string `json:"period,omitempty"` // see Fixture.Periods
	Nutrient string `json:"nut,omitempty"`    // for total
	Goal     string `json:"goal,omitempty"`   // goal type for goal
	Meal     string `json:"meal,omitempty"`   // for meals: only this meal type
}

// Set is a loaded held-out set.
type Set struct {
	Cases   []Case
	Fixture *Fixture
}

// Load reads the embedded cases and fixture.
func Load() (*Set, error) {
	b, err := dataFS.ReadFile("data/fixture.json")
	if err != nil {
		return nil, err
	}
	fx, err := LoadFixture(b)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(dataFS, "data/cases/*.jsonl")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	set := &Set{Fixture: fx}
	for _, name := range files {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		cs, err := ParseCases(b)
		if err != nil {
			return nil, fmt.Errorf("heldout: %s: %w", path.Base(name), err)
		}
		set.Cases = append(set.Cases, cs...)
	}
	return set, nil
}

// ParseCases reads JSON lines (blank lines and lines starting with # are skipped).
func ParseCases(b []byte) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		var c Case
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// kinds counts how many kinds a spec sets (valid specs set exactly one).
func (s Spec) kinds() int {
	n := 0
	for _, set := range []bool{s.Food != "", len(s.Foods) > 0, s.Nutrient != nil, len(s.GI) > 0, s.GL != nil,
		len(s.Price) > 0, s.Unknown != "", len(s.Phrase) > 0, len(s.Absent) > 0, s.Rank != "", s.Alt != "",
		len(s.Compare) > 0, s.Own != nil, s.Safety != "", s.Refuse, s.NotUnderstood, s.Some != nil} {
		if set {
			n++
		}
	}
	return n
}

// FoodKeys lists every food key a case names in its expectations.
func (c Case) FoodKeys() []string {
	var out []string
	for _, s := range c.Expect {
		if s.Food != "" {
			out = append(out, s.Food)
		}
		out = append(out, s.Foods...)
		out = append(out, s.GI...)
		out = append(out, s.Price...)
		if s.Nutrient != nil {
			out = append(out, s.Nutrient.Foods...)
		}
		if s.GL != nil {
			out = append(out, s.GL.Foods...)
		}
		if s.Alt != "" {
			out = append(out, s.Alt)
		}
		for _, g := range s.Compare {
			out = append(out, strings.Split(g, "|")...)
		}
		if s.Some != nil {
			out = append(out, Case{Expect: s.Some.Of}.FoodKeys()...)
		}
	}
	return out
}
