package recommend

import (
	"math/rand/v2"
	"sort"
	"time"
)

// EventKind is what a user did with a food.
type EventKind string

// Event kinds.
const (
	EventLogged   EventKind = "logged"   // the user logged eating it
	EventAccepted EventKind = "accepted" // the user accepted a recommendation of it
	EventRejected EventKind = "rejected" // the user turned a recommendation of it down
)

// Event is one food log entry or one answer to a recommendation.
type Event struct {
	UserID   string
	FoodKey  string
	Kind     EventKind
	MealType MealType
	At       time.Time
}

// UserProfile is the part of a user's profile that does not change from one
// event to the next.
type UserProfile struct {
	UserID           string
	Diabetes         DiabetesType
	Goal             Goal
	EnergyTargetKcal float64
	DailyBudgetUGX   *int64 // nil when the user has not set a budget
	Disliked         []string
}

// ExampleOptions tune BuildExamples.
type ExampleOptions struct {
	// RecentWindow is how far back logs count as "eaten recently"; default 14 days.
	RecentWindow time.Duration
	// SampledNegatives adds, for every logged food, this many foods suited to
	// the same meal that the user did not log recently, as rejected examples
	// (implicit negatives). 0 adds none.
	SampledNegatives int
	// Seed makes the sampled negatives reproducible.
	Seed uint64
	// Location decides where a day starts for "today's totals"; default UTC.
	Location *time.Location
}

// BuildExamples replays events in time order per user and turns each into a
// labelled example whose features use only what was known just before it:
// logs and answers so far, the day's totals and budget left. Logged and
// accepted foods are positives, rejected ones negatives. Events for unknown
// users or foods are skipped.
func BuildExamples(profiles []UserProfile, foods []Food, events []Event, opts ExampleOptions) []Example {
	if opts.RecentWindow <= 0 {
		opts.RecentWindow = 14 * 24 * time.Hour
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed))
	foodByKey := make(map[string]Food, len(foods))
	categories := make(map[string]string, len(foods))
	for _, f := range foods {
		foodByKey[f.Key] = f
		categories[f.Key] = f.Category
	}
	profileByID := make(map[string]UserProfile, len(profiles))
	for _, p := range profiles {
		profileByID[p.UserID] = p
	}
	ordered := make([]Event, len(events))
	copy(ordered, events)
	sort.SliceStable(ordered, func(i, j int) bool {
		if ordered[i].UserID != ordered[j].UserID {
			return ordered[i].UserID < ordered[j].UserID
		}
		return ordered[i].At.Before(ordered[j].At)
	})

	var out []Example
	for start := 0; start < len(ordered); {
		end := start
		for end < len(ordered) && ordered[end].UserID == ordered[start].UserID {
			end++
		}
		if p, ok := profileByID[ordered[start].UserID]; ok {
			out = replayUser(out, p, ordered[start:end], foodByKey, foods, categories, opts, rng)
		}
		start = end
	}
	return out
}

type loggedFood struct {
	key string
	at  time.Time
}

func replayUser(out []Example, p UserProfile, events []Event, foodByKey map[string]Food,
	foods []Food, categories map[string]string, opts ExampleOptions, rng *rand.Rand) []Example {
	feedback := map[string]Feedback{}
	var logs []loggedFood
	var day string
	var totals DayTotals
	var spent int64
	for _, ev := range events {
		food, ok := foodByKey[ev.FoodKey]
		if !ok {
			continue
		}
		if d := ev.At.In(opts.Location).Format(time.DateOnly); d != day {
			day, totals, spent = d, DayTotals{}, 0
		}
		recent := map[string]int{}
		cutoff := ev.At.Add(-opts.RecentWindow)
		for _, l := range logs {
			if l.at.After(cutoff) {
				recent[l.key]++
			}
		}
		ctx := UserContext{
			UserID:           p.UserID,
			Diabetes:         p.Diabetes,
			Goal:             p.Goal,
			EnergyTargetKcal: p.EnergyTargetKcal,
			Today:            totals,
			Disliked:         p.Disliked,
			RecentCounts:     recent,
			Feedback:         feedback,
		}
		if p.DailyBudgetUGX != nil {
			left := max(*p.DailyBudgetUGX-spent, 0)
			ctx.BudgetLeftUGX = &left
		}
		out = append(out, NewExample(ctx, food, categories, ev.Kind != EventRejected))
		if ev.Kind == EventLogged {
			for n := 0; n < opts.SampledNegatives; n++ {
				if neg, ok := sampleNegative(rng, foods, food.Key, ev.MealType, recent, p.Disliked); ok {
					out = append(out, NewExample(ctx, neg, categories, false))
				}
			}
		}

		switch ev.Kind {
		case EventLogged:
			logs = append(logs, loggedFood{key: food.Key, at: ev.At})
			totals.EnergyKcal += food.EnergyKcal
			totals.CarbsG += food.CarbsG
			totals.SugarsG += food.SugarsG
			totals.FibreG += food.FibreG
			totals.ProteinG += food.ProteinG
			totals.FatG += food.FatG
			totals.SodiumMg += food.SodiumMg
			if gl, ok := food.GL(); ok {
				totals.GL += gl
			}
			if food.PriceUGX != nil {
				spent += *food.PriceUGX
			}
		case EventAccepted, EventRejected:
			fb := feedback[food.Key]
			if ev.Kind == EventAccepted {
				fb.Accepted++
			} else {
				fb.Rejected++
			}
			feedback[food.Key] = fb // features of earlier examples are already computed
		}
	}
	return out
}

// sampleNegative picks a food suited to the meal that the user neither logged
// now nor recently, nor dislikes; a few tries, then gives up.
func sampleNegative(rng *rand.Rand, foods []Food, logged string, meal MealType,
	recent map[string]int, disliked []string) (Food, bool) {
	for try := 0; try < 8 && len(foods) > 1; try++ {
		f := foods[rng.IntN(len(foods))]
		if f.Key == logged || recent[f.Key] > 0 || !f.SuitsMeal(meal) || containsString(disliked, f.Key) {
			continue
		}
		return f, true
	}
	return Food{}, false
}
