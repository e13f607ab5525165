package suggest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
)

// zoe train: diary entries and answers in the database become the next model version,
// which a registry watching the directory switches to without a restart.
func TestTrainFromDatabase(t *testing.T) {
	d := dbtest.NewSQLite(t)
	s, ctx := setup(t, d)
	dir := t.TempDir()
	shipped, err := os.ReadFile("../../../models/recommender/recommender-v0001.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "recommender-v0001.json"), shipped, 0o644); err != nil {
		t.Fatal(err)
	}
	reg := recommend.NewRegistry(dir)
	if reg.Status().Version != "v0001" {
		t.Fatalf("shipped model: %+v", reg.Status())
	}

	// Too little history: nothing is written.
	if _, err := suggest.Train(ctx, d, dir, time.Now()); !errors.Is(err, suggest.ErrTooLittleData) {
		t.Fatalf("train on an empty database: %v", err)
	}

	foods, err := s.Foods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Six patients: three eat legumes and vegetables, three eat staples and snacks; each
	// accepts and rejects a few suggestions.
	byCat := map[string][]suggest.Food{}
	for _, f := range foods {
		byCat[f.Category] = append(byCat[f.Category], f)
	}
	start := time.Now().Add(-20 * 24 * time.Hour)
	for p := range 6 {
		u := newPatient(t, d, fmt.Sprintf("trainee%d", p), profile{diabetes: []string{"type2", "none"}[p%2], goal: "lose_weight"})
		likes := []string{"legumes_nuts", "vegetables"}
		if p >= 3 {
			likes = []string{"staples", "snacks"}
		}
		for i := range 15 {
			f := byCat[likes[i%2]][(i*7+p)%len(byCat[likes[i%2]])]
			at := start.Add(time.Duration(i) * 30 * time.Hour)
			if _, err := d.CreateFoodLog(ctx, db.CreateFoodLogParams{Uuid: fmt.Sprintf("00000000-0000-4000-8000-%012d", p*100+i),
				UserID: u.ID, FoodItemID: f.ID, MealType: "lunch", Grams: f.ServingGrams, Quantity: 1, ConsumedAt: at, CreatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := s.Compute(ctx, u, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range res.Meals[1].Items {
			if i%2 == 0 {
				_, err = s.Accept(ctx, u.ID, it.RecID, time.Now())
			} else {
				_, err = s.Reject(ctx, u.ID, it.RecID, false, time.Now())
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}

	rep, err := suggest.Train(ctx, d, dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Users < 6 || rep.Logs < 90 || rep.Answers < 6 || rep.Examples < 90*2 {
		t.Errorf("read %+v", rep)
	}
	if filepath.Base(rep.Path) != "recommender-v0002.json" || rep.Model.SyntheticData {
		t.Errorf("wrote %s (synthetic %v)", rep.Path, rep.Model.SyntheticData)
	}
	if rep.Metrics.HeldOutExamples == 0 || rep.Metrics.AUC <= 0 {
		t.Errorf("metrics %+v", rep.Metrics)
	}
	if !reg.ReloadIfChanged() || reg.Status().Version != "v0002" || reg.Current() == nil {
		t.Fatalf("the registry did not switch: %+v", reg.Status())
	}
	t.Logf("trained: %+v", rep.Metrics)

	// The new model serves recommendations (hybrid once the user has history).
	u, err := d.GetUserByLogin(context.Background(), "trainee0")
	if err != nil {
		t.Fatal(err)
	}
	res, err := suggest.New(d, s.Cache, reg, nil).Compute(ctx, &u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res.ModelVersion != "v0002" || res.Type == recommend.TypeRuleBased {
		t.Errorf("type %s, model %q", res.Type, res.ModelVersion)
	}
}
