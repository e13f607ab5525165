package suggest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// MinTrainingExamples is the least data `zoe train` fits a model on; below it the
// held-out metrics would mean nothing and the shipped model stays in use.
const MinTrainingExamples = 50

// TrainReport says what a training run read and wrote.
type TrainReport struct {
	Users, Logs, Answers, Examples int
	Model                          *recommend.Model
	Metrics                        recommend.Metrics
	Path                           string // the model file written
}

// ErrTooLittleData is returned when the database holds too little history to train on.
var ErrTooLittleData = errors.New("suggest: too little history to train a model")

// Train retrains the recommender's preference model from the database: every patient's
// diary entries are positives (with sampled foods they did not eat as implicit
// negatives), accepted recommendations positives and rejected ones negatives, each with
// the features known just before it (recommend.BuildExamples). It writes the model as
// the next version in dir, where a running server's registry picks it up.
func Train(ctx context.Context, d *db.DB, dir string, now time.Time) (TrainReport, error) {
	var rep TrainReport
	foodRows, err := d.RecListFoods(ctx)
	if err != nil {
		return rep, fmt.Errorf("suggest: train: foods: %w", err)
	}
	foods := make([]recommend.Food, 0, len(foodRows))
	for _, r := range foodRows {
		if f := FoodFromRow(r); f.ServingGrams > 0 {
			foods = append(foods, f.ForRecommend())
		}
	}
	users, err := d.RecTrainUsers(ctx)
	if err != nil {
		return rep, fmt.Errorf("suggest: train: users: %w", err)
	}
	disliked, err := d.RecTrainDisliked(ctx)
	if err != nil {
		return rep, fmt.Errorf("suggest: train: disliked foods: %w", err)
	}
	dislikes := map[int64][]string{}
	for _, r := range disliked {
		dislikes[r.UserID] = append(dislikes[r.UserID], r.Slug)
	}
	profiles := make([]recommend.UserProfile, 0, len(users))
	for _, u := range users {
		p := recommend.UserProfile{UserID: idString(u.ID), Diabetes: recommend.DiabetesType(u.DiabetesType),
			Goal: recommend.Goal(u.PrimaryGoal), Disliked: dislikes[u.ID]}
		np := nutrition.Profile{BirthDate: u.BirthDate, HeightCm: u.HeightCm, WeightKg: u.WeightKg,
			DiabetesType: u.DiabetesType, Goal: u.PrimaryGoal}
		if u.Gender != nil {
			np.Sex = *u.Gender
		}
		if u.ActivityLevel != nil {
			np.Activity = *u.ActivityLevel
		}
		if t, ok := nutrition.ComputeTargets(np, now); ok {
			p.EnergyTargetKcal = t.EnergyKcal
		}
		if u.MonthlyBudgetUgx != nil {
			b := nutrition.DailyBudget(*u.MonthlyBudgetUgx, now)
			p.DailyBudgetUGX = &b
		}
		profiles = append(profiles, p)
	}
	logs, err := d.RecTrainLogs(ctx)
	if err != nil {
		return rep, fmt.Errorf("suggest: train: diary: %w", err)
	}
	answers, err := d.RecTrainAnswers(ctx)
	if err != nil {
		return rep, fmt.Errorf("suggest: train: answers: %w", err)
	}
	events := make([]recommend.Event, 0, len(logs)+len(answers))
	for _, l := range logs {
		events = append(events, recommend.Event{UserID: idString(l.UserID), FoodKey: l.Slug, Kind: recommend.EventLogged,
			MealType: recommend.MealType(l.MealType), At: l.ConsumedAt})
	}
	for _, a := range answers {
		kind, at := recommend.EventRejected, a.CreatedAt
		if a.Status == "accepted" {
			kind = recommend.EventAccepted
		}
		if a.RespondedAt != nil {
			at = *a.RespondedAt
		}
		events = append(events, recommend.Event{UserID: idString(a.UserID), FoodKey: a.Slug, Kind: kind,
			MealType: recommend.MealType(a.MealType), At: at})
	}
	rep.Users, rep.Logs, rep.Answers = len(profiles), len(logs), len(answers)
	loc := timezone.Default()
	examples := recommend.BuildExamples(profiles, foods, events,
		recommend.ExampleOptions{SampledNegatives: 3, Seed: 1, Location: loc})
	rep.Examples = len(examples)
	if len(examples) < MinTrainingExamples {
		return rep, fmt.Errorf("%w: %d examples from %d diary entries and %d answers (at least %d needed)",
			ErrTooLittleData, len(examples), len(logs), len(answers), MinTrainingExamples)
	}
	m, met, err := recommend.Train(examples, recommend.TrainOptions{Seed: 1, Now: now,
		Description: fmt.Sprintf("trained by zoe train on %d patients' diaries and answers", len(profiles))})
	if err != nil {
		return rep, fmt.Errorf("suggest: train: %w", err)
	}
	path, err := recommend.Save(dir, m)
	if err != nil {
		return rep, err
	}
	rep.Model, rep.Metrics, rep.Path = m, met, path
	return rep, nil
}
