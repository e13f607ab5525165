package recommend

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// SyntheticDescription is stored in models trained on GenerateSynthetic data.
const SyntheticDescription = "trained on synthetic demo data: generated users, generated foods and " +
	"simulated choices; not real people and not real food composition"

// SyntheticConfig sizes a synthetic population.
type SyntheticConfig struct {
	Users int       // default 150
	Foods int       // default 60
	Days  int       // default 28
	Seed  uint64    // same seed, same population
	Start time.Time // first day; default 2024-01-01 UTC
}

// SyntheticData is a generated population: profiles, foods and events. It is
// SYNTHETIC: the people, the foods and their numbers are drawn at random from
// plausible ranges, and the choices come from a simulated preference model.
// It exists so a default model can ship before any real feedback exists, and
// to test training end to end. Never present it as real data.
type SyntheticData struct {
	Profiles []UserProfile
	Foods    []Food
	Events   []Event
}

// syntheticCategory gives the per-serving ranges a generated food is drawn from.
type syntheticCategory struct {
	name                           string
	serving, carbs, fibre, protein [2]float64
	fat, sugars, sodium, gi, price [2]float64
	giUnknownShare                 float64
	meals                          []MealType
}

var syntheticCategories = []syntheticCategory{
	{"staple", [2]float64{200, 300}, [2]float64{40, 70}, [2]float64{1, 6}, [2]float64{3, 8},
		[2]float64{0.5, 5}, [2]float64{0, 3}, [2]float64{0, 300}, [2]float64{55, 90}, [2]float64{300, 1500},
		0.1, []MealType{MealBreakfast, MealLunch, MealDinner}},
	{"legume", [2]float64{150, 250}, [2]float64{20, 35}, [2]float64{6, 12}, [2]float64{12, 20},
		[2]float64{1, 6}, [2]float64{1, 4}, [2]float64{0, 400}, [2]float64{20, 45}, [2]float64{300, 1200},
		0.1, []MealType{MealBreakfast, MealLunch, MealDinner}},
	{"vegetable", [2]float64{80, 150}, [2]float64{3, 10}, [2]float64{2, 6}, [2]float64{1, 4},
		[2]float64{0, 4}, [2]float64{1, 5}, [2]float64{0, 300}, [2]float64{15, 50}, [2]float64{100, 800},
		0.3, []MealType{MealLunch, MealDinner}},
	{"fruit", [2]float64{100, 200}, [2]float64{12, 30}, [2]float64{1, 4}, [2]float64{0.5, 2},
		[2]float64{0, 1}, [2]float64{10, 25}, [2]float64{0, 20}, [2]float64{35, 75}, [2]float64{200, 1200},
		0.1, []MealType{MealBreakfast, MealSnack}},
	{"animal_protein", [2]float64{80, 150}, [2]float64{0, 3}, [2]float64{0, 0}, [2]float64{18, 30},
		[2]float64{5, 20}, [2]float64{0, 0.5}, [2]float64{100, 700}, [2]float64{40, 40}, [2]float64{1500, 5000},
		1, []MealType{MealLunch, MealDinner}},
	{"dairy", [2]float64{200, 250}, [2]float64{10, 15}, [2]float64{0, 0}, [2]float64{6, 9},
		[2]float64{2, 9}, [2]float64{10, 14}, [2]float64{80, 150}, [2]float64{30, 45}, [2]float64{700, 2000},
		0.1, []MealType{MealBreakfast, MealSnack}},
	{"snack", [2]float64{50, 100}, [2]float64{25, 50}, [2]float64{0, 3}, [2]float64{2, 8},
		[2]float64{5, 25}, [2]float64{5, 25}, [2]float64{100, 500}, [2]float64{55, 85}, [2]float64{500, 2000},
		0.1, []MealType{MealSnack, MealBreakfast}},
}

// syntheticSugarsUnknownShare of generated foods do not report sugars, as many
// rows of the real food table do not: the model learns from the sugars_unknown
// feature what that means, rather than seeing 0 g.
const syntheticSugarsUnknownShare = 0.25

// GenerateSynthetic draws a synthetic population and simulates its choices:
// each user is shown three foods per meal and accepts each with a probability
// from a hidden utility (their taste for the category and the food, their
// condition and goal against GI, fibre, sugars and energy density, and price
// against their budget), then logs one food chosen by the same utility.
func GenerateSynthetic(cfg SyntheticConfig) SyntheticData {
	if cfg.Users <= 0 {
		cfg.Users = 150
	}
	if cfg.Foods <= 0 {
		cfg.Foods = 60
	}
	if cfg.Days <= 0 {
		cfg.Days = 28
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5717))
	uniform := func(r [2]float64) float64 { return r[0] + rng.Float64()*(r[1]-r[0]) }

	var data SyntheticData
	trueGI := make([]float64, cfg.Foods) // the simulation knows GI even where the food record does not
	trueSugars := make([]float64, cfg.Foods)
	catOf := make([]int, cfg.Foods)
	for i := 0; i < cfg.Foods; i++ {
		ci := i % len(syntheticCategories)
		c := syntheticCategories[ci]
		catOf[i] = ci
		f := Food{
			Key:          fmt.Sprintf("synthetic-%s-%02d", c.name, i),
			Name:         fmt.Sprintf("Synthetic %s %02d", c.name, i),
			Category:     c.name,
			ServingGrams: math.Round(uniform(c.serving)),
			CarbsG:       round1(uniform(c.carbs)),
			FibreG:       round1(uniform(c.fibre)),
			ProteinG:     round1(uniform(c.protein)),
			FatG:         round1(uniform(c.fat)),
			SugarsG:      round1(uniform(c.sugars)),
			SodiumMg:     math.Round(uniform(c.sodium)),
			MealTypes:    c.meals,
		}
		f.SugarsG = math.Min(f.SugarsG, f.CarbsG)
		// Atwater general factors (docs/CLINICAL.md): protein 4, carbohydrate 4, fat 9, fibre 2 kcal/g.
		f.EnergyKcal = math.Round(4*f.ProteinG + 4*f.CarbsG + 9*f.FatG + 2*f.FibreG)
		trueSugars[i] = f.SugarsG
		if rng.Float64() < syntheticSugarsUnknownShare {
			f.SugarsG, f.SugarsUnknown = 0, true
		}
		trueGI[i] = math.Round(uniform(c.gi))
		if rng.Float64() >= c.giUnknownShare {
			gi := trueGI[i]
			f.GI = &gi
		}
		if rng.Float64() >= 0.1 {
			price := int64(math.Round(uniform(c.price)/50) * 50)
			f.PriceUGX = &price
		}
		data.Foods = append(data.Foods, f)
	}

	type simUser struct {
		profile  UserProfile
		catTaste []float64
		taste    []float64 // per food, persistent: why past answers predict future ones
	}
	users := make([]simUser, cfg.Users)
	for u := range users {
		p := UserProfile{UserID: fmt.Sprintf("synthetic-user-%03d", u)}
		switch r := rng.Float64(); {
		case r < 0.40:
			p.Diabetes = DiabetesType2
		case r < 0.45:
			p.Diabetes = DiabetesType1
		case r < 0.55:
			p.Diabetes = DiabetesPrediabetes
		case r < 0.58:
			p.Diabetes = DiabetesGestational
		default:
			p.Diabetes = DiabetesNone
		}
		r := rng.Float64()
		if p.Diabetes.HasGlucoseCondition() {
			p.Goal = pickGoal(r, []Goal{GoalGlucoseControl, GoalLoseWeight, GoalMaintainWeight}, []float64{0.5, 0.8})
		} else {
			p.Goal = pickGoal(r, []Goal{GoalLoseWeight, GoalGainWeight, GoalMaintainWeight, GoalGlucoseControl},
				[]float64{0.35, 0.5, 0.85})
		}
		p.EnergyTargetKcal = math.Round(1600 + rng.Float64()*1200)
		if rng.Float64() < 0.8 {
			b := int64(math.Round((3000+rng.Float64()*9000)/100) * 100)
			p.DailyBudgetUGX = &b
		}
		su := simUser{profile: p, catTaste: make([]float64, len(syntheticCategories)), taste: make([]float64, cfg.Foods)}
		for c := range su.catTaste {
			su.catTaste[c] = rng.NormFloat64() * 0.9
		}
		for f := range su.taste {
			su.taste[f] = rng.NormFloat64() * 0.7
		}
		users[u] = su
		data.Profiles = append(data.Profiles, p)
	}

	utility := func(su *simUser, fi int, recentLogs int) float64 {
		f := data.Foods[fi]
		p := su.profile
		u := -0.2 + su.catTaste[catOf[fi]] + su.taste[fi] - 0.3*float64(recentLogs)
		if p.Diabetes.HasGlucoseCondition() || p.Goal == GoalGlucoseControl {
			u += -1.5*(trueGI[fi]-55)/30 + 0.12*f.FibreG - 0.05*trueSugars[fi]
		}
		ed := f.EnergyDensity()
		switch p.Goal {
		case GoalLoseWeight:
			u += -0.8*(ed-1.5) + 0.03*f.ProteinG
		case GoalGainWeight:
			u += 0.8 * (ed - 1.5)
		}
		if p.DailyBudgetUGX != nil && f.PriceUGX != nil {
			u -= 1.5 * float64(*f.PriceUGX) / (float64(*p.DailyBudgetUGX) / 3)
		}
		return u
	}

	meals := []struct {
		meal MealType
		hour int
	}{{MealBreakfast, 8}, {MealLunch, 13}, {MealDinner, 19}}
	for ui := range users {
		su := &users[ui]
		var logDays [][]int // per day, foods logged
		for d := 0; d < cfg.Days; d++ {
			recent := map[int]int{}
			for _, day := range logDays[max(0, len(logDays)-7):] {
				for _, fi := range day {
					recent[fi]++
				}
			}
			var today []int
			for _, m := range meals {
				if rng.Float64() > 0.85 {
					continue // the user skipped the app this meal
				}
				at := cfg.Start.AddDate(0, 0, d).Add(time.Duration(m.hour) * time.Hour)
				var suits []int
				for fi, f := range data.Foods {
					if f.SuitsMeal(m.meal) {
						suits = append(suits, fi)
					}
				}
				rng.Shuffle(len(suits), func(i, j int) { suits[i], suits[j] = suits[j], suits[i] })
				for _, fi := range suits[:min(3, len(suits))] {
					kind := EventRejected
					if rng.Float64() < sigmoid(utility(su, fi, recent[fi])) {
						kind = EventAccepted
					}
					data.Events = append(data.Events, Event{UserID: su.profile.UserID,
						FoodKey: data.Foods[fi].Key, Kind: kind, MealType: m.meal, At: at})
				}
				// Log one food, drawn with probability ∝ exp(utility).
				weights := make([]float64, len(suits))
				var total float64
				for i, fi := range suits {
					weights[i] = math.Exp(utility(su, fi, recent[fi]))
					total += weights[i]
				}
				pick, r := suits[len(suits)-1], rng.Float64()*total
				for i, w := range weights {
					if r -= w; r <= 0 {
						pick = suits[i]
						break
					}
				}
				today = append(today, pick)
				data.Events = append(data.Events, Event{UserID: su.profile.UserID,
					FoodKey: data.Foods[pick].Key, Kind: EventLogged, MealType: m.meal, At: at.Add(time.Minute)})
			}
			logDays = append(logDays, today)
		}
	}
	return data
}

func pickGoal(r float64, goals []Goal, cuts []float64) Goal {
	for i, c := range cuts {
		if r < c {
			return goals[i]
		}
	}
	return goals[len(goals)-1]
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// TrainSynthetic generates a synthetic population, builds its examples and
// trains a model marked as trained on synthetic data.
func TrainSynthetic(cfg SyntheticConfig, now time.Time) (*Model, Metrics, error) {
	data := GenerateSynthetic(cfg)
	examples := BuildExamples(data.Profiles, data.Foods, data.Events,
		ExampleOptions{SampledNegatives: 1, Seed: cfg.Seed})
	return Train(examples, TrainOptions{
		Seed:          cfg.Seed,
		Now:           now,
		Description:   SyntheticDescription,
		SyntheticData: true,
	})
}
