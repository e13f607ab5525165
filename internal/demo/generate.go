package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/zoe-nutritech/zoe/db"
)

// The generator writes synthetic histories: nothing here is real patient data. Glucose
// follows a per-person level and variability by diabetes type; the shapes (fasting lower
// than after meals, type 1 far more variable and with occasional hypoglycaemia, HbA1c
// following the mean glucose) are what the clinical references describe, the numbers are
// invented.
//
// References for the shapes:
//   - ADA Standards of Care in Diabetes 2024, section 6 (glycaemic targets: 80–130 mg/dL
//     before meals, < 180 mg/dL after; hypoglycaemia level 1 < 70, level 2 < 54 mg/dL).
//   - Nathan DM et al., Translating the A1C assay into estimated average glucose values,
//     Diabetes Care 2008;31:1473–8 (ADAG: eAG mg/dL = 28.7 × A1C − 46.7).
//   - Battelino T et al., Clinical targets for CGM data interpretation, Diabetes Care
//     2019;42:1593–1603 (type 1 has a higher coefficient of variation than type 2).

// foodRef is a published food with its usual serving and current price per kilogram.
type foodRef struct {
	id         int64
	serving    float64
	pricePerKg float64 // 0: no kilogram price (no cost is recorded)
}

// meals are the food categories a meal is drawn from, in order (one food from each group
// that has foods; the last groups are optional).
var meals = map[string][][]string{
	"breakfast": {{"staples", "dishes"}, {"drinks"}, {"fruits", "eggs_dairy"}},
	"lunch":     {{"staples"}, {"legumes_nuts", "fish", "meat_poultry", "dishes"}, {"vegetables"}},
	"dinner":    {{"staples"}, {"legumes_nuts", "fish", "meat_poultry"}, {"vegetables"}},
	"snack":     {{"fruits", "snacks"}},
}

// mealClock is when a meal is eaten, in minutes after local midnight.
var mealClock = map[string]int{"breakfast": 7*60 + 30, "lunch": 13*60 + 15, "dinner": 20 * 60, "snack": 16*60 + 30}

type foodTable struct {
	byCat map[string][]foodRef
}

func loadFoods(ctx context.Context, d *db.DB) (foodTable, error) {
	rows, err := d.SQL().QueryContext(ctx, `SELECT f.id, f.category, f.serving_grams, COALESCE(p.price_ugx, 0), COALESCE(p.per_unit, '')
		FROM food_items f LEFT JOIN food_current_prices p ON p.food_item_id = f.id
		WHERE f.status = 'published' ORDER BY f.id`)
	if err != nil {
		return foodTable{}, fmt.Errorf("demo: read foods: %w", err)
	}
	defer rows.Close()
	t := foodTable{byCat: map[string][]foodRef{}}
	for rows.Next() {
		var f foodRef
		var cat, unit string
		var price float64
		if err := rows.Scan(&f.id, &cat, &f.serving, &price, &unit); err != nil {
			return foodTable{}, err
		}
		if unit == "kg" {
			f.pricePerKg = price
		}
		t.byCat[cat] = append(t.byCat[cat], f)
	}
	return t, rows.Err()
}

func (t foodTable) empty() bool { return len(t.byCat) == 0 }

func (t foodTable) pick(rng *rand.Rand, cats []string) (foodRef, bool) {
	n := 0
	for _, c := range cats {
		n += len(t.byCat[c])
	}
	if n == 0 {
		return foodRef{}, false
	}
	i := rng.IntN(n)
	for _, c := range cats {
		if i < len(t.byCat[c]) {
			return t.byCat[c][i], true
		}
		i -= len(t.byCat[c])
	}
	return foodRef{}, false
}

// person is one synthetic account with its profile.
type person struct {
	username, role, first, last string
	birth                       time.Time
	gender, activity            string
	height, weight              float64
	diabetes, goal              string
	budget                      int64
	offline                     bool // offline mode switched on in the profile
}

// glucoseModel is one person's glucose behaviour in mg/dL.
type glucoseModel struct {
	fasting, postMeal float64 // mean levels
	sd                float64 // reading-to-reading variability
	hypo              float64 // chance that a reading is a hypoglycaemia
}

func modelFor(diabetes string, rng *rand.Rand) glucoseModel {
	c := rng.Float64() // 0: well controlled … 1: poorly controlled
	switch diabetes {
	case "type1":
		f := 120 + 90*c
		return glucoseModel{fasting: f, postMeal: f + 50 + 30*c, sd: 35 + 25*c, hypo: 0.03 + 0.03*rng.Float64()}
	case "type2":
		f := 108 + 80*c
		return glucoseModel{fasting: f, postMeal: f + 35 + 40*c, sd: 14 + 16*c, hypo: 0.004}
	case "prediabetes":
		return glucoseModel{fasting: 105 + 15*c, postMeal: 150 + 30*c, sd: 10, hypo: 0}
	}
	return glucoseModel{fasting: 86 + 8*c, postMeal: 112 + 15*c, sd: 7, hypo: 0}
}

func (m glucoseModel) reading(rng *rand.Rand, mean, dayOffset float64) float64 {
	if m.hypo > 0 && rng.Float64() < m.hypo {
		return math.Round(48 + 20*rng.Float64()) // 48–68 mg/dL: level 1 and 2 hypoglycaemia
	}
	v := mean + dayOffset + rng.NormFloat64()*m.sd
	return math.Round(math.Max(55, math.Min(480, v)))
}

// history is every row of one person's synthetic history, ready for batched inserts.
type history struct {
	foodLogs, records, weights [][]any
}

var (
	foodLogCols = []string{"uuid", "user_id", "food_item_id", "meal_type", "grams", "measure_label", "quantity", "cost_ugx", "consumed_at", "created_at", "updated_at"}
	recordCols  = []string{"uuid", "user_id", "record_type", "glucose_mgdl", "glucose_context", "insulin_type", "insulin_units", "hba1c_percent", "notes", "recorded_at", "created_at", "updated_at"}
	weightCols  = []string{"uuid", "user_id", "weight_kg", "recorded_at", "created_at"}
)

// newUUID is a version-4 UUID drawn from the person's generator (reproducible runs).
func newUUID(rng *rand.Rand) uuid.UUID {
	var u uuid.UUID
	a, b := rng.Uint64(), rng.Uint64()
	for i := range 8 {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return u
}

// makeHistory draws days of diary, glucose, insulin, weight and HbA1c ending at now.
func makeHistory(rng *rand.Rand, userID int64, p person, foods foodTable, loc *time.Location, now time.Time, days int) history {
	var h history
	m := modelFor(p.diabetes, rng)
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	at := func(day time.Time, minutes int) time.Time {
		jitter := rng.IntN(61) - 30
		return day.Add(time.Duration(minutes+jitter) * time.Minute).UTC().Truncate(time.Microsecond)
	}
	weight := p.weight
	trend := (rng.Float64() - 0.6) * 0.05 // kg per day; most lose a little
	var sum float64
	var n int
	for i := days - 1; i >= 0; i-- {
		day := today.AddDate(0, 0, -i)
		// Diary: main meals most days, a snack every other day.
		for _, meal := range []string{"breakfast", "lunch", "dinner", "snack"} {
			chance := 0.9
			if meal == "snack" {
				chance = 0.5
			}
			if rng.Float64() > chance {
				continue
			}
			t := at(day, mealClock[meal])
			if t.After(now) {
				continue
			}
			for gi, group := range meals[meal] {
				if gi == 2 && rng.Float64() < 0.4 {
					continue
				}
				f, ok := foods.pick(rng, group)
				if !ok {
					continue
				}
				qty := []float64{0.5, 1, 1, 1, 1.5, 2}[rng.IntN(6)]
				grams := math.Round(f.serving * qty)
				if grams <= 0 || grams > 5000 {
					continue
				}
				var cost *int64
				if f.pricePerKg > 0 {
					c := int64(math.Round(f.pricePerKg * grams / 1000))
					cost = &c
				}
				h.foodLogs = append(h.foodLogs, []any{newUUID(rng), userID, f.id, meal, grams, "", qty, cost, t, t, t})
			}
		}
		// Glucose: a level for the day, readings around it.
		dayOffset := rng.NormFloat64() * m.sd / 2
		type slot struct {
			ctx     string
			minutes int
			post    bool
			chance  float64
		}
		var slots []slot
		switch p.diabetes {
		case "type1":
			slots = []slot{{"fasting", 7 * 60, false, 0.95}, {"before_meal", 13 * 60, false, 0.8}, {"after_meal", 15 * 60, true, 0.7}, {"bedtime", 22*60 + 30, false, 0.8}}
		case "type2", "prediabetes":
			slots = []slot{{"fasting", 7 * 60, false, 0.85}, {"after_meal", 15 * 60, true, 0.5}, {"random", 18 * 60, false, 0.1}}
		default:
			if i%7 == 3 {
				slots = []slot{{"fasting", 7 * 60, false, 1}}
			}
		}
		for _, s := range slots {
			if rng.Float64() > s.chance {
				continue
			}
			t := at(day, s.minutes)
			if t.After(now) {
				continue
			}
			mean := m.fasting
			if s.post {
				mean = m.postMeal
			}
			v := m.reading(rng, mean, dayOffset)
			sum += v
			n++
			h.records = append(h.records, []any{newUUID(rng), userID, "glucose", v, s.ctx, "", nil, nil, "", t, t, t})
		}
		if p.diabetes == "type1" {
			if t := at(day, 22*60); !t.After(now) {
				u := math.Round(16 + 8*rng.Float64())
				h.records = append(h.records, []any{newUUID(rng), userID, "insulin", nil, nil, "Long-acting", u, nil, "", t, t, t})
			}
		}
		// HbA1c every 90 days, from the mean glucose since the last one (ADAG).
		if (days-1-i)%90 == 89 && n > 0 {
			a1c := math.Round((sum/float64(n)+46.7)/28.7*10) / 10
			a1c = math.Max(4, math.Min(16, a1c))
			t := at(day, 10*60)
			h.records = append(h.records, []any{newUUID(rng), userID, "hba1c", nil, nil, "", nil, a1c, "", t, t, t})
			sum, n = 0, 0
		}
		weight += trend + rng.NormFloat64()*0.05
		if i%7 == 0 {
			t := at(day, 6*60+45)
			if !t.After(now) {
				w := math.Round(math.Max(30, math.Min(250, weight+rng.NormFloat64()*0.4))*10) / 10
				h.weights = append(h.weights, []any{newUUID(rng), userID, w, t, t})
			}
		}
	}
	// A recent HbA1c for people with diabetes whose history is shorter than one interval.
	if days < 90 && p.diabetes != "none" && n > 0 {
		a1c := math.Round((sum/float64(n)+46.7)/28.7*10) / 10
		t := at(today.AddDate(0, 0, -min(days-1, 3)), 10*60)
		h.records = append(h.records, []any{newUUID(rng), userID, "hba1c", nil, nil, "", nil, math.Max(4, math.Min(16, a1c)), "", t, t, t})
	}
	return h
}

func (h history) insert(ctx context.Context, tx bulkTx) error {
	if err := tx.insert(ctx, "food_logs", foodLogCols, h.foodLogs); err != nil {
		return err
	}
	if err := tx.insert(ctx, "diabetes_records", recordCols, h.records); err != nil {
		return err
	}
	return tx.insert(ctx, "weight_entries", weightCols, h.weights)
}

func (h history) rows() int { return len(h.foodLogs) + len(h.records) + len(h.weights) }

// goalFor is the goal a person sets: glucose for people with diabetes, weight otherwise.
func goalFor(p person, rng *rand.Rand) (goalType, title, unit string, start, target float64) {
	switch {
	case p.diabetes == "type1" || p.diabetes == "type2":
		if rng.IntN(2) == 0 {
			return "fasting_glucose", "Lower my fasting glucose", "mg/dL", math.Round(130 + 60*rng.Float64()), 126
		}
		return "time_in_range", "More readings in range", "%", math.Round(45 + 30*rng.Float64()), 70
	case p.goal == "lose_weight":
		return "lose_weight", "Lose 5 kg", "kg", p.weight, p.weight - 5
	}
	return "maintain_weight", "Keep my weight", "kg", p.weight, p.weight
}

func insertGoal(ctx context.Context, tx bulkTx, userID int64, p person, rng *rand.Rand, created time.Time) error {
	gt, title, unit, start, target := goalFor(p, rng)
	var id int64
	return tx.queryRow(ctx, `INSERT INTO goals (user_id, goal_type, title, target_value, start_value, unit, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id`, []any{userID, gt, title, target, start, unit, created, created}, &id)
}

// insertUser adds an account with its profile and returns its id.
func insertUser(ctx context.Context, tx bulkTx, p person, hash, tz string, created time.Time) (int64, error) {
	var birth, gender, activity, height, weight, budget any
	if !p.birth.IsZero() {
		birth, gender, activity, height, weight, budget = p.birth, p.gender, p.activity, p.height, p.weight, p.budget
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO users (username, email, password_hash, role, first_name, last_name, birth_date, gender,
		height_cm, weight_kg, activity_level, diabetes_type, primary_goal, monthly_budget_ugx, glucose_unit, time_zone,
		offline_mode_enabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'mmol/L', ?, ?, ?, ?) RETURNING id`,
		[]any{p.username, p.username + "@demo.zoe.invalid", hash, p.role, p.first, p.last, birth, gender, height, weight, activity,
			p.diabetes, p.goal, budget, tz, p.offline, created, created}, &id)
	if err != nil {
		return 0, fmt.Errorf("demo: create %s: %w", p.username, err)
	}
	return id, nil
}

func linkActive(ctx context.Context, tx bulkTx, patientID, dietitianID int64, at time.Time) error {
	return tx.exec(ctx, `INSERT INTO care_links (patient_id, dietitian_id, status, invited_by, shares, created_at, accepted_at)
		VALUES (?, ?, 'active', ?, 'all', ?, ?)`, patientID, dietitianID, dietitianID, at, at)
}

var (
	firstNames = []string{"Nakato", "Okello", "Achieng", "Mugisha", "Namutebi", "Opio", "Atim", "Ssemakula", "Nabirye", "Kato",
		"Apio", "Tumusiime", "Nansubuga", "Odongo", "Akello", "Byaruhanga", "Nalwoga", "Wasswa", "Auma", "Kizza"}
	diabetesMix = []string{"type2", "type2", "type2", "type2", "type2", "type2", "type2", "type2", "type2",
		"type1", "type1", "type1", "type1", "type1", "none", "none", "none", "none", "none", "none"} // 45% type 2, 25% type 1, 30% none
)

// synthPerson draws the profile of synthetic patient i.
func synthPerson(i int, rng *rand.Rand, now time.Time) person {
	p := person{username: fmt.Sprintf("synth-patient-%05d", i), role: "patient",
		first: "Synthetic", last: fmt.Sprintf("%s %d", firstNames[rng.IntN(len(firstNames))], i)}
	p.diabetes = diabetesMix[rng.IntN(len(diabetesMix))]
	age := 18 + rng.IntN(60)
	if p.diabetes == "type1" {
		age = 12 + rng.IntN(40)
	}
	p.birth = time.Date(now.Year()-age, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	p.gender = []string{"female", "male"}[rng.IntN(2)]
	p.activity = []string{"sedentary", "light", "moderate", "active"}[rng.IntN(4)]
	if p.gender == "female" {
		p.height = math.Round(150 + 15*rng.Float64())
	} else {
		p.height = math.Round(160 + 20*rng.Float64())
	}
	bmi := 19 + 13*rng.Float64()
	if p.diabetes == "type2" {
		bmi += 3
	}
	p.weight = math.Round(bmi*p.height*p.height/10000*10) / 10
	switch {
	case p.diabetes != "none":
		p.goal = "glucose_control"
	case bmi > 27:
		p.goal = "lose_weight"
	default:
		p.goal = "eat_healthy"
	}
	p.budget = int64(100_000 + 50_000*rng.IntN(8))
	p.offline = i%5 != 0 // four in five keep their data on the phone
	return p
}
