package suggest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// FoodsNamespace is the cache namespace the catalogue invalidates on every food or price
// change (catalog.CacheNamespace).
const FoodsNamespace = "foods"

// UserNamespace is the cache namespace of one user's recommendations and plans.
func UserNamespace(userID int64) string { return "user." + idString(userID) }

// InvalidateUser drops a user's cached recommendations and plans. Call it when their
// diary, profile or answers change. (The cache key also follows the diary and the
// profile, so a page that forgets to call it leaves results stale only until the next
// diary or profile change, never wrong for long.)
func InvalidateUser(ctx context.Context, c cache.Cache, userID int64) error {
	if c == nil {
		return nil
	}
	return c.Invalidate(ctx, UserNamespace(userID))
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// Service ranks foods for patients, stores what it shows and answers their feedback.
// It is safe for concurrent use.
type Service struct {
	DB     *db.DB
	Cache  cache.Cache
	Models recommend.ModelSource // nil: rules only
	Rules  recommend.Rules
	Log    *slog.Logger
	TTL    time.Duration // of cached results
	// PerMeal is how many foods are suggested for each meal.
	PerMeal int
}

// New builds the service with the default rules.
func New(d *db.DB, c cache.Cache, models recommend.ModelSource, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{DB: d, Cache: c, Models: models, Rules: recommend.DefaultRules(), Log: log,
		TTL: 10 * time.Minute, PerMeal: 4}
}

// Meals are the meals suggestions are made for, in the order of a day.
var Meals = []recommend.MealType{recommend.MealBreakfast, recommend.MealLunch, recommend.MealDinner, recommend.MealSnack}

// Factor is one reason behind a suggestion, with the number it came from.
type Factor struct {
	Name  string
	Value float64
	Score float64
	Text  string
}

// Item is one suggested food as stored and shown.
type Item struct {
	RecID          int64
	FoodID         int64
	FoodKey        string
	Name           string
	LocalNames     string
	Type           string
	Score          float64
	Confidence     float64
	Reasoning      string
	Factors        []Factor
	ServingGrams   float64
	Measure        string
	CostUGX        int64
	PriceKnown     bool
	PriceFrom      string // the as-bought food the cost was estimated from; empty: its own price
	PriceOn        *time.Time
	PriceOld       bool // the price is older than pricereports.OldAfter
	MealSuggestion string
	ModelVersion   string
	FeaturesUsed   []string
	GI             *float64
	GL             *float64
	EnergyKcal     float64
	CarbG          float64
}

// MealSuggestions are the suggestions for one meal.
type MealSuggestions struct {
	Meal     string
	Items    []Item
	Excluded map[string]int // hard-rule reason → foods removed
}

// Suggestions are everything the recommendations page shows for one user and day.
type Suggestions struct {
	Date             string // the user's local date
	Type             string // rule_based, hybrid or ml_based
	ModelVersion     string
	EnergyTargetKcal float64
	EnergyTodayKcal  float64
	Budget           Budget
	GlucoseCaps      bool // the GI and GL caps applied
	GICap, GLCap     float64
	Meals            []MealSuggestions
}

// foodList is the catalogue as the engines need it, cached until foods or prices change.
type foodList struct {
	Foods []Food
}

// Foods returns the published foods with their current prices (cached in "foods").
func (s *Service) Foods(ctx context.Context) ([]Food, error) {
	fl, err := cache.GetOrLoad(ctx, s.Cache, "suggest_foods", FoodsNamespace, "suggest.foods.v1", s.TTL,
		func(ctx context.Context) (foodList, error) {
			rows, err := s.DB.RecListFoods(ctx)
			if err != nil {
				return foodList{}, fmt.Errorf("suggest: list foods: %w", err)
			}
			out := foodList{Foods: make([]Food, len(rows))}
			for i, r := range rows {
				out.Foods[i] = FoodFromRow(r)
			}
			DerivePrices(out.Foods)
			return out, nil
		})
	return fl.Foods, err
}

// FoodsFor returns Foods with the prices of a region (regions.All) where it has one that
// is not old (or no older than the national one), and cooked foods' estimates worked out
// again from those; region "" gives the national prices.
func (s *Service) FoodsFor(ctx context.Context, region string) ([]Food, error) {
	if region == "" {
		return s.Foods(ctx)
	}
	fl, err := cache.GetOrLoad(ctx, s.Cache, "suggest_foods", FoodsNamespace, "suggest.foods.v1."+region, s.TTL,
		func(ctx context.Context) (foodList, error) {
			national, err := s.Foods(ctx)
			if err != nil {
				return foodList{}, err
			}
			rows, err := s.DB.ListRegionPrices(ctx, region)
			if err != nil {
				return foodList{}, fmt.Errorf("suggest: %s prices: %w", region, err)
			}
			return foodList{Foods: Regionalize(national, region, rows, time.Now())}, nil
		})
	return fl.Foods, err
}

// Regionalize copies foods with the region's prices applied (see FoodsFor).
func Regionalize(national []Food, region string, rows []db.ListRegionPricesRow, now time.Time) []Food {
	byID := make(map[int64]db.ListRegionPricesRow, len(rows))
	for _, r := range rows {
		byID[r.FoodItemID] = r
	}
	out := make([]Food, len(national))
	for i, f := range national {
		if f.PriceFrom != "" { // estimates are worked out again below
			f.PricePerKgUGX, f.PriceFrom, f.PriceOn = nil, "", nil
		}
		r, ok := byID[f.ID]
		if ok {
			perKg, priced := foods.PricePerKg(r.PriceUgx, r.PerUnit, f.Category, f.Key)
			month := r.Month.UTC()
			useNational := f.PriceOn != nil && pricereports.IsOld(month, now) && f.PriceOn.After(month)
			if priced && !useNational {
				f.PricePerKgUGX, f.PriceOn, f.PriceRegion = &perKg, &month, region
			}
		}
		out[i] = f
	}
	DerivePrices(out)
	for i := range out {
		if out[i].PriceFrom != "" {
			for _, g := range out {
				if g.Name == out[i].PriceFrom {
					out[i].PriceRegion = g.PriceRegion
				}
			}
		}
	}
	return out
}

func (s *Service) model() *recommend.Model {
	if s.Models == nil {
		return nil
	}
	return s.Models.Current()
}

// Recommendations returns the user's suggestions for today, from the cache when nothing
// they depend on changed: the key follows the day, the model version, the profile and the
// diary; the namespaces follow prices ("foods") and the user's answers ("user.<id>").
func (s *Service) Recommendations(ctx context.Context, u *db.User, now time.Time) (Suggestions, error) {
	sig, err := s.DB.RecUserSignature(ctx, u.ID)
	if err != nil {
		return Suggestions{}, fmt.Errorf("suggest: diary signature: %w", err)
	}
	key := fmt.Sprintf("suggest.recs|%s|%s|%d|%d|%d|%g|%d", now.In(Location(u)).Format("2006-01-02"),
		s.model().VersionLabel(), u.UpdatedAt.UnixNano(), sig.Entries, sig.LastID, sig.Grams, sig.Meals)
	return cache.GetOrLoadIn(ctx, s.Cache, "recommendations", []string{FoodsNamespace, UserNamespace(u.ID)}, key, s.TTL,
		func(ctx context.Context) (Suggestions, error) { return s.Compute(ctx, u, now) })
}

// Compute ranks the foods for every meal of the user's day and stores each suggestion
// shown (a pending suggestion of the same food and meal made earlier today is brought
// up to date instead of repeated). It does not read or fill the cache.
func (s *Service) Compute(ctx context.Context, u *db.User, now time.Time) (Suggestions, error) {
	foods, err := s.FoodsFor(ctx, u.PriceRegion)
	if err != nil {
		return Suggestions{}, err
	}
	in, err := s.userInputs(ctx, u, now, foods)
	if err != nil {
		return Suggestions{}, err
	}
	cands, byKey := Candidates(foods)
	model := s.model()
	out := Suggestions{Date: now.In(in.loc).Format("2006-01-02"), EnergyTargetKcal: in.ctx.EnergyTargetKcal,
		EnergyTodayKcal: in.ctx.Today.EnergyKcal, Budget: in.budget, GlucoseCaps: in.ctx.Diabetes.HasGlucoseCondition(),
		GICap: s.Rules.GICap, GLCap: s.Rules.GLCap, Type: recommend.TypeRuleBased}
	shown := map[string]bool{}
	for _, meal := range Meals {
		// Rank a few more than needed so that the day does not offer the same food at
		// every meal: a food already suggested for an earlier meal gives way to the next
		// best, unless too few are left.
		res := recommend.Rank(recommend.Request{User: in.ctx, MealType: meal, Foods: cands, Limit: s.PerMeal + len(shown)}, s.Rules, model)
		ms := MealSuggestions{Meal: string(meal), Excluded: map[string]int{}}
		for _, ex := range res.Excluded {
			if ex.Reason != recommend.ReasonMealType {
				ms.Excluded[ex.Reason]++
			}
		}
		picked := pickVaried(res.Recommendations, shown, s.PerMeal)
		for _, r := range picked {
			shown[r.FoodKey] = true
			ms.Items = append(ms.Items, itemFrom(r, byKey[r.FoodKey], now))
		}
		out.Type, out.ModelVersion = res.Type, res.ModelVersion
		out.Meals = append(out.Meals, ms)
	}
	if err := s.store(ctx, u.ID, in.dayStart, now, &out); err != nil {
		return Suggestions{}, err
	}
	return out, nil
}

// pickVaried keeps the ranking's order, preferring foods not in shown, and returns n.
func pickVaried(recs []recommend.Recommendation, shown map[string]bool, n int) []recommend.Recommendation {
	out := make([]recommend.Recommendation, 0, n)
	for _, r := range recs {
		if len(out) < n && !shown[r.FoodKey] {
			out = append(out, r)
		}
	}
	for _, r := range recs {
		if len(out) < n && shown[r.FoodKey] {
			out = append(out, r)
		}
	}
	return out
}

func itemFrom(r recommend.Recommendation, f Food, now time.Time) Item {
	it := Item{FoodID: f.ID, FoodKey: r.FoodKey, Name: r.FoodName, LocalNames: f.LocalNames, Type: r.Type,
		Score: r.Score, Confidence: r.Confidence, Reasoning: r.Reasoning, ServingGrams: r.ServingGrams,
		Measure: f.Measure, PriceFrom: f.PriceFrom, CostUGX: r.EstimatedCostUGX, PriceKnown: r.PriceKnown, MealSuggestion: r.MealSuggestion,
		ModelVersion: r.ModelVersion, FeaturesUsed: r.FeaturesUsed, GI: f.GI, PriceOn: f.PriceOn, PriceOld: r.PriceKnown && f.PriceOld(now)}
	serving := f.Serving()
	it.EnergyKcal, it.CarbG = serving.EnergyKcal, serving.CarbG
	if gl, ok := f.GLServing(); ok {
		it.GL = &gl
	}
	// Sugars the table does not report reach the engine as not known (Food.ForRecommend
	// sets SugarsUnknown), which leaves them out of the score and says so.
	for _, fc := range r.Factors {
		it.Factors = append(it.Factors, Factor{Name: fc.Name, Value: fc.Value, Score: fc.Score, Text: fc.Text})
	}
	return it
}

type userInputs struct {
	ctx      recommend.UserContext
	budget   Budget
	loc      *time.Location
	dayStart time.Time
}

// userInputs reads what the ranking needs about the user: five queries whatever the
// size of their history.
func (s *Service) userInputs(ctx context.Context, u *db.User, now time.Time, foods []Food) (userInputs, error) {
	loc := Location(u)
	start, end := timezone.DayBounds(now, loc)
	diary, err := s.DB.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: start, Until: end})
	if err != nil {
		return userInputs{}, fmt.Errorf("suggest: today's diary: %w", err)
	}
	today := nutrition.Totals(diaryItems(diary))
	h, err := s.history(ctx, u.ID, now)
	if err != nil {
		return userInputs{}, err
	}
	keyOf := make(map[int64]string, len(foods))
	for _, f := range foods {
		keyOf[f.ID] = f.Key
	}
	budget := TodayBudget(u.MonthlyBudgetUgx, today.Cost.UGX, now.In(loc))
	budget.Unpriced = today.Cost.Unpriced
	return userInputs{ctx: UserContext(u, EnergyTarget(u, now), budget, today, h, keyOf), budget: budget, loc: loc, dayStart: start}, nil
}

func (s *Service) history(ctx context.Context, userID int64, now time.Time) (History, error) {
	h := History{Recent: map[int64]int{}, Feedback: map[int64]recommend.Feedback{}}
	counts, err := s.DB.RecFoodCounts(ctx, db.RecFoodCountsParams{UserID: userID, Since: now.Add(-RecentWindow)})
	if err != nil {
		return h, fmt.Errorf("suggest: recent foods: %w", err)
	}
	for _, c := range counts {
		h.Recent[c.FoodItemID] = int(c.Times)
	}
	fb, err := s.DB.RecFeedbackCounts(ctx, userID)
	if err != nil {
		return h, fmt.Errorf("suggest: feedback: %w", err)
	}
	for _, f := range fb {
		h.Feedback[f.FoodItemID] = recommend.Feedback{Accepted: int(f.Accepted), Rejected: int(f.Rejected)}
	}
	dis, err := s.DB.RecListDisliked(ctx, userID)
	if err != nil {
		return h, fmt.Errorf("suggest: disliked foods: %w", err)
	}
	for _, d := range dis {
		h.Disliked = append(h.Disliked, d.FoodItemID)
	}
	return h, nil
}

// diaryItems turns diary rows into the nutrition package's items.
func diaryItems(rows []db.ListDiaryBetweenRow) []nutrition.Item {
	out := make([]nutrition.Item, 0, len(rows))
	for _, r := range rows {
		out = append(out, nutrition.Item{Meal: r.MealType, Grams: r.Grams, GI: r.GlycaemicIndex, CostUGX: r.CostUgx,
			Per100g: nutrition.Amounts{EnergyKcal: r.EnergyKcal, CarbG: r.CarbG, ProteinG: r.ProteinG, FatG: r.FatG,
				FibreG: r.FibreG, SugarsG: deref(r.SugarsG), SodiumMg: r.SodiumMg},
			SugarsUnknown: r.SugarsG == nil})
	}
	return out
}

// store writes the suggestions shown into recommendations, in one transaction, and sets
// their ids.
func (s *Service) store(ctx context.Context, userID int64, dayStart, now time.Time, out *Suggestions) error {
	return s.DB.InTx(ctx, func(q db.Queries) error {
		pending, err := q.RecListPendingSince(ctx, db.RecListPendingSinceParams{UserID: userID, Since: dayStart})
		if err != nil {
			return fmt.Errorf("suggest: pending recommendations: %w", err)
		}
		existing := make(map[string]int64, len(pending))
		for _, p := range pending {
			existing[p.MealType+"|"+idString(p.FoodItemID)] = p.ID
		}
		for mi := range out.Meals {
			m := &out.Meals[mi]
			for i := range m.Items {
				it := &m.Items[i]
				features, _ := json.Marshal(it.FeaturesUsed)
				var cost *int64
				if it.PriceKnown {
					c := it.CostUGX
					cost = &c
				}
				if id, ok := existing[m.Meal+"|"+idString(it.FoodID)]; ok {
					it.RecID = id
					err = q.RecRefresh(ctx, db.RecRefreshParams{ID: id, UserID: userID, RecType: it.Type,
						Confidence: it.Confidence, Score: it.Score, Reasoning: it.Reasoning, ServingGrams: it.ServingGrams,
						EstimatedCostUgx: cost, MealSuggestion: it.MealSuggestion, ModelVersion: it.ModelVersion,
						FeaturesUsed: string(features)})
				} else {
					it.RecID, err = q.RecInsert(ctx, db.RecInsertParams{UserID: userID, FoodItemID: it.FoodID, MealType: m.Meal,
						RecType: it.Type, Confidence: it.Confidence, Score: it.Score, Reasoning: it.Reasoning,
						ServingGrams: it.ServingGrams, EstimatedCostUgx: cost, MealSuggestion: it.MealSuggestion,
						ModelVersion: it.ModelVersion, FeaturesUsed: string(features), CreatedAt: now})
				}
				if err != nil {
					return fmt.Errorf("suggest: store recommendation: %w", err)
				}
			}
		}
		return nil
	})
}

// ErrAnswered is returned when a suggestion was already accepted or turned down.
var ErrAnswered = errors.New("suggest: this suggestion was already answered")

// Accepted is what accepting a suggestion did.
type Accepted struct {
	Rec       db.RecGetRow
	FoodLogID int64
}

// Accept adds the suggested serving to the user's diary (meal and time now, cost as
// estimated) and marks the suggestion accepted, in one transaction. Another user's
// suggestion is "not found".
func (s *Service) Accept(ctx context.Context, userID, recID int64, now time.Time) (Accepted, error) {
	var a Accepted
	err := s.DB.InTx(ctx, func(q db.Queries) error {
		r, err := q.RecGet(ctx, db.RecGetParams{ID: recID, UserID: userID})
		if err != nil {
			return err
		}
		if r.Status != "pending" {
			return ErrAnswered
		}
		a.Rec = r
		a.FoodLogID, err = q.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: newUUID(), UserID: userID,
			FoodItemID: r.FoodItemID, MealType: r.MealType, Grams: r.ServingGrams, MeasureLabel: "1 serving",
			Quantity: 1, CostUgx: r.EstimatedCostUgx, ConsumedAt: now, CreatedAt: now})
		if err != nil {
			return fmt.Errorf("suggest: add to diary: %w", err)
		}
		n, err := q.RecRespond(ctx, db.RecRespondParams{ID: recID, UserID: userID, Status: "accepted", RespondedAt: &now})
		if err != nil {
			return fmt.Errorf("suggest: mark accepted: %w", err)
		}
		if n == 0 {
			return ErrAnswered
		}
		a.Rec.Status = "accepted"
		return nil
	})
	if err != nil {
		return Accepted{}, err
	}
	s.invalidate(ctx, userID)
	return a, nil
}

// Reject records that the user turned a suggestion down; with notForMe the food is
// also added to their disliked foods and never suggested again (until they undo it).
func (s *Service) Reject(ctx context.Context, userID, recID int64, notForMe bool, now time.Time) (db.RecGetRow, error) {
	var rec db.RecGetRow
	err := s.DB.InTx(ctx, func(q db.Queries) error {
		r, err := q.RecGet(ctx, db.RecGetParams{ID: recID, UserID: userID})
		if err != nil {
			return err
		}
		rec = r
		n, err := q.RecRespond(ctx, db.RecRespondParams{ID: recID, UserID: userID, Status: "rejected", RespondedAt: &now})
		if err != nil {
			return fmt.Errorf("suggest: mark rejected: %w", err)
		}
		if n == 0 && !notForMe {
			return ErrAnswered
		}
		if n > 0 {
			rec.Status = "rejected"
		}
		if notForMe {
			if err := q.RecAddDisliked(ctx, db.RecAddDislikedParams{UserID: userID, FoodItemID: r.FoodItemID, CreatedAt: now}); err != nil {
				return fmt.Errorf("suggest: add disliked food: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return db.RecGetRow{}, err
	}
	s.invalidate(ctx, userID)
	return rec, nil
}

// Undislike lets a food be suggested again. It reports whether it was on the list.
func (s *Service) Undislike(ctx context.Context, userID, foodID int64) (bool, error) {
	n, err := s.DB.RecRemoveDisliked(ctx, db.RecRemoveDislikedParams{UserID: userID, FoodItemID: foodID})
	if err != nil {
		return false, fmt.Errorf("suggest: remove disliked food: %w", err)
	}
	if n > 0 {
		s.invalidate(ctx, userID)
	}
	return n > 0, nil
}

func (s *Service) invalidate(ctx context.Context, userID int64) {
	if err := InvalidateUser(ctx, s.Cache, userID); err != nil {
		s.Log.Warn("recommendation cache invalidation failed; entries expire within the TTL", "user", userID, "err", err)
	}
}
