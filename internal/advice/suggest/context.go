package suggest

import (
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// RecentWindow is how far back diary entries count as "eaten recently" (variety and the
// model's view of the user's habits); the same window recommend.BuildExamples uses.
const RecentWindow = 14 * 24 * time.Hour

// ProfileOf is the nutrition profile of a user.
func ProfileOf(u *db.User) nutrition.Profile {
	p := nutrition.Profile{BirthDate: u.BirthDate, HeightCm: u.HeightCm, WeightKg: u.WeightKg,
		DiabetesType: u.DiabetesType, Goal: u.PrimaryGoal}
	if u.Gender != nil {
		p.Sex = *u.Gender
	}
	if u.ActivityLevel != nil {
		p.Activity = *u.ActivityLevel
	}
	return p
}

// Location is the user's time zone (the ZOE_TIME_ZONE default when the stored name is unknown).
func Location(u *db.User) *time.Location { return timezone.Of(u.TimeZone) }

// Budget is what the user may still spend on food today.
type Budget struct {
	DailyUGX *int64 // nil: no monthly budget set
	SpentUGX int64  // logged today (entries with a cost)
	// Unpriced counts today's entries without a cost: SpentUGX leaves them out, so
	// the real spending is not known when Unpriced > 0.
	Unpriced int
	LeftUGX  *int64 // DailyUGX − SpentUGX, never below 0; nil without a budget
}

// TodayBudget spreads the monthly budget over the days of the month
// (nutrition.DailyBudget) and subtracts what today's entries cost.
func TodayBudget(monthlyUGX *int64, spent int64, now time.Time) Budget {
	b := Budget{SpentUGX: spent}
	if monthlyUGX == nil {
		return b
	}
	daily := nutrition.DailyBudget(*monthlyUGX, now)
	left := max(daily-spent, 0)
	b.DailyUGX, b.LeftUGX = &daily, &left
	return b
}

// EnergyTarget is the user's daily energy target (Mifflin–St Jeor × activity, adjusted
// for the goal: nutrition.ComputeTargets); 0 when the profile lacks height, weight or
// birth date.
func EnergyTarget(u *db.User, now time.Time) float64 {
	if t, ok := nutrition.ComputeTargets(ProfileOf(u), now); ok {
		return t.EnergyKcal
	}
	return 0
}

// History is what the user did before: recent diary counts, answers to earlier
// recommendations and foods marked "not for me", by food id.
type History struct {
	Recent   map[int64]int
	Feedback map[int64]recommend.Feedback
	Disliked []int64
}

// UserContext assembles the recommender's view of the user. keyOf maps food ids to keys
// (foods no longer in the catalogue are left out).
func UserContext(u *db.User, energyTarget float64, budget Budget, today nutrition.DayTotals, h History,
	keyOf map[int64]string) recommend.UserContext {
	uc := recommend.UserContext{
		UserID:           idString(u.ID),
		Diabetes:         recommend.DiabetesType(u.DiabetesType),
		Goal:             recommend.Goal(u.PrimaryGoal),
		EnergyTargetKcal: energyTarget,
		BudgetLeftUGX:    budget.LeftUGX,
		Today: recommend.DayTotals{EnergyKcal: today.Amounts.EnergyKcal, CarbsG: today.Amounts.CarbG,
			SugarsG: today.Amounts.SugarsG, FibreG: today.Amounts.FibreG, ProteinG: today.Amounts.ProteinG,
			FatG: today.Amounts.FatG, SodiumMg: today.Amounts.SodiumMg, GL: today.GL.Value},
		RecentCounts: make(map[string]int, len(h.Recent)),
		Feedback:     make(map[string]recommend.Feedback, len(h.Feedback)),
	}
	for id, n := range h.Recent {
		if k, ok := keyOf[id]; ok {
			uc.RecentCounts[k] = n
		}
	}
	for id, fb := range h.Feedback {
		if k, ok := keyOf[id]; ok {
			uc.Feedback[k] = fb
		}
	}
	for _, id := range h.Disliked {
		if k, ok := keyOf[id]; ok {
			uc.Disliked = append(uc.Disliked, k)
		}
	}
	return uc
}
