package recommend

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	testModelOnce sync.Once
	testModel     *Model
	testModelErr  error
)

// trainedTestModel is a small model trained once on synthetic data.
func trainedTestModel(t testing.TB) *Model {
	t.Helper()
	testModelOnce.Do(func() {
		testModel, _, testModelErr = TrainSynthetic(SyntheticConfig{Users: 40, Foods: 42, Days: 14, Seed: 7},
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	})
	if testModelErr != nil {
		t.Fatal(testModelErr)
	}
	return testModel
}

func TestAUCWorkedExample(t *testing.T) {
	// scikit-learn's roc_auc_score documentation: y = [0, 0, 1, 1],
	// scores = [0.1, 0.4, 0.35, 0.8] → 0.75.
	auc, ok := AUC([]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true})
	if !ok || math.Abs(auc-0.75) > 1e-12 {
		t.Errorf("AUC = %v, %v; want 0.75", auc, ok)
	}
	// Ties count half: all scores equal → 0.5.
	if auc, _ := AUC([]float64{1, 1, 1, 1}, []bool{true, false, true, false}); auc != 0.5 {
		t.Errorf("AUC of ties = %v, want 0.5", auc)
	}
	if _, ok := AUC([]float64{0.2, 0.3}, []bool{true, true}); ok {
		t.Error("AUC with one class should be undefined")
	}
}

// separableExamples: every user accepts low-GI, high-fibre foods and rejects
// high-GI ones, a pattern logistic regression must find.
func separableExamples() []Example {
	foods := randomFoods(80, 11)
	var out []Example
	for u := 0; u < 20; u++ {
		user := UserContext{UserID: string(rune('a' + u)), Diabetes: DiabetesType2, Goal: GoalGlucoseControl}
		for _, f := range foods {
			if f.GI == nil {
				continue
			}
			out = append(out, NewExample(user, f, nil, *f.GI < 55))
		}
	}
	return out
}

func TestTrainOnSeparableSet(t *testing.T) {
	_, met, err := Train(separableExamples(), TrainOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if met.AUC <= 0.8 {
		t.Errorf("held-out AUC %.3f, want > 0.8", met.AUC)
	}
	if met.HeldOutUsers != 4 || met.HeldOutExamples == 0 || met.TrainExamples == 0 {
		t.Errorf("split: %d held-out users, %d held-out, %d train examples", met.HeldOutUsers, met.HeldOutExamples, met.TrainExamples)
	}
	t.Logf("separable set: AUC %.3f, precision@5 %.3f, %d iterations", met.AUC, met.PrecisionAt5, met.Iterations)
}

func TestTrainIsDeterministic(t *testing.T) {
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	a, _, _ := Train(separableExamples(), TrainOptions{Seed: 5, Now: at})
	b, _, _ := Train(separableExamples(), TrainOptions{Seed: 5, Now: at})
	ca, _ := a.computeChecksum()
	cb, _ := b.computeChecksum()
	if ca != cb {
		t.Error("same data and seed gave different models")
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	ex := separableExamples()
	for _, tc := range []struct {
		name string
		ex   []Example
		opts TrainOptions
	}{
		{"no examples", nil, TrainOptions{}},
		{"one class", []Example{ex[0], ex[0]}, TrainOptions{}},
		{"unknown feature", ex, TrainOptions{Features: []string{"gi", "favourite_colour"}}},
	} {
		if _, _, err := Train(tc.ex, tc.opts); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestSyntheticModelLearnsThePreferences(t *testing.T) {
	m := trainedTestModel(t)
	if !m.SyntheticData || !strings.Contains(m.Description, "synthetic") {
		t.Errorf("synthetic model not marked: %v %q", m.SyntheticData, m.Description)
	}
	if m.Metrics.AUC < 0.7 || m.Metrics.PrecisionAt5 <= 0.5 {
		t.Errorf("held-out AUC %.3f, precision@5 %.3f", m.Metrics.AUC, m.Metrics.PrecisionAt5)
	}
	w := map[string]float64{}
	for i, n := range m.Features {
		w[n] = m.Weights[i]
	}
	// The simulated users keep their taste for a food: answers must count.
	if w["user_food_acceptance"] <= 0 || w["user_category_acceptance"] <= 0 || w["price_share_of_budget_left"] >= 0 {
		t.Errorf("weights do not follow the simulated preferences: %v", w)
	}
}

func TestFeedbackTrainingMovesRanking(t *testing.T) {
	// A synthetic population plus one user who keeps turning lentils down.
	data := GenerateSynthetic(SyntheticConfig{Users: 30, Foods: 35, Days: 10, Seed: 21})
	foods := fixtureFoods()
	allFoods := append(append([]Food{}, data.Foods...), foods...)
	profiles := append(data.Profiles, UserProfile{UserID: "amina", Diabetes: DiabetesNone, Goal: GoalMaintainWeight})
	events := data.Events
	start := time.Date(2024, 2, 1, 13, 0, 0, 0, time.UTC)
	for d := 0; d < 12; d++ {
		at := start.AddDate(0, 0, d)
		events = append(events,
			Event{UserID: "amina", FoodKey: "lentils", Kind: EventRejected, MealType: MealLunch, At: at},
			Event{UserID: "amina", FoodKey: "kidney-beans", Kind: EventAccepted, MealType: MealLunch, At: at},
			Event{UserID: "amina", FoodKey: "kidney-beans", Kind: EventLogged, MealType: MealLunch, At: at.Add(time.Minute)})
	}
	examples := BuildExamples(profiles, allFoods, events, ExampleOptions{SampledNegatives: 1, Seed: 21})
	model, _, err := Train(examples, TrainOptions{Seed: 21})
	if err != nil {
		t.Fatal(err)
	}

	before := UserContext{UserID: "amina", Goal: GoalMaintainWeight,
		RecentCounts: map[string]int{"greens": 3, "banana": 3}} // history, but no answers about lentils
	after := before
	after.Feedback = map[string]Feedback{"lentils": {Rejected: 6}, "kidney-beans": {Accepted: 6}}

	cats := map[string]string{}
	for _, f := range foods {
		cats[f.Key] = f.Category
	}
	lentils := foodByKey(foods, "lentils")
	pBefore, pAfter := model.Predict(before, lentils, cats), model.Predict(after, lentils, cats)
	if pAfter >= pBefore {
		t.Errorf("model probability for lentils %.3f before rejections, %.3f after", pBefore, pAfter)
	}
	rb, _ := findRec(Rank(Request{User: before, MealType: MealLunch, Foods: foods, Limit: 50}, DefaultRules(), model), "lentils")
	resAfter := Rank(Request{User: after, MealType: MealLunch, Foods: foods, Limit: 50}, DefaultRules(), model)
	ra, rec := findRec(resAfter, "lentils")
	if ra <= rb {
		t.Errorf("lentils rank %d before rejections, %d after", rb+1, ra+1)
	}
	if rec.Type == TypeRuleBased || rec.ModelVersion != model.VersionLabel() {
		t.Errorf("type %q version %q, want the model used", rec.Type, rec.ModelVersion)
	}
	t.Logf("lentils: p %.3f → %.3f, rank %d → %d", pBefore, pAfter, rb+1, ra+1)
}

func TestModelNeedsEnoughUserHistory(t *testing.T) {
	m := trainedTestModel(t)
	foods := fixtureFoods()
	for _, tc := range []struct {
		recent map[string]int
		want   string
	}{
		{nil, TypeRuleBased},
		{map[string]int{"greens": 4}, TypeRuleBased}, // 4 < MinUserEvents
		{map[string]int{"greens": 5}, TypeHybrid},
		{map[string]int{"greens": 20, "banana": 20}, TypeMLBased},
	} {
		res := Rank(Request{User: UserContext{Goal: GoalMaintainWeight, RecentCounts: tc.recent},
			MealType: MealLunch, Foods: foods}, DefaultRules(), m)
		if res.Type != tc.want || res.Recommendations[0].Type != tc.want {
			t.Errorf("history %v: type %q, want %q", tc.recent, res.Type, tc.want)
		}
		if r := res.Recommendations[0]; tc.want != TypeRuleBased &&
			(r.ModelProbability <= 0 || len(r.FeaturesUsed) <= len(r.Factors) || !strings.Contains(r.Reasoning, "% match")) {
			t.Errorf("model-backed recommendation lacks the model's part: %+v", r)
		}
	}
}

func TestBuildExamplesUsesOnlyPastHistory(t *testing.T) {
	foods := fixtureFoods()
	at := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	budget := int64(2000)
	profiles := []UserProfile{{UserID: "u", Goal: GoalMaintainWeight, DailyBudgetUGX: &budget}}
	events := []Event{
		{UserID: "u", FoodKey: "banana", Kind: EventRejected, MealType: MealBreakfast, At: at},
		{UserID: "u", FoodKey: "banana", Kind: EventRejected, MealType: MealBreakfast, At: at.Add(time.Hour)},
		{UserID: "u", FoodKey: "milk", Kind: EventLogged, MealType: MealBreakfast, At: at.Add(2 * time.Hour)},
		{UserID: "u", FoodKey: "apple", Kind: EventAccepted, MealType: MealSnack, At: at.Add(3 * time.Hour)},
		{UserID: "u", FoodKey: "apple", Kind: EventAccepted, MealType: MealSnack, At: at.Add(24 * time.Hour)},
		{UserID: "ghost", FoodKey: "apple", Kind: EventAccepted, MealType: MealSnack, At: at}, // no profile
		{UserID: "u", FoodKey: "unknown-food", Kind: EventLogged, MealType: MealSnack, At: at},
	}
	ex := BuildExamples(profiles, foods, events, ExampleOptions{})
	if len(ex) != 5 {
		t.Fatalf("%d examples, want 5", len(ex))
	}
	col := func(name string) int { return featureIndex(name) }
	if got := ex[0].Features[col("user_food_rejections")]; got != 0 {
		t.Errorf("first rejection sees %v earlier rejections", got)
	}
	if got := ex[1].Features[col("user_food_rejections")]; got != math.Log1p(1) {
		t.Errorf("second rejection sees %v, want log1p(1)", got)
	}
	if ex[0].Accepted || !ex[2].Accepted || !ex[3].Accepted {
		t.Error("labels wrong")
	}
	// After the milk (UGX 1,000) is logged, UGX 1,000 of 2,000 is left: the
	// apple (UGX 1,000) takes the whole of it. The next day the budget is full.
	if got := ex[3].Features[col("price_share_of_budget_left")]; got != 1 {
		t.Errorf("price share after milk = %v, want 1", got)
	}
	if got := ex[4].Features[col("price_share_of_budget_left")]; got != 0.5 {
		t.Errorf("price share next day = %v, want 0.5", got)
	}
	if got := ex[3].Features[col("user_category_log_share")]; got != 0 { // apple is fruit, milk is dairy
		t.Errorf("fruit log share = %v, want 0", got)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSaveWritesNextVersionAtomically(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "models")
	m := trainedTestModel(t)
	for want := 1; want <= 3; want++ {
		c := *m
		path, err := Save(dir, &c)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(path) != modelFileName(want) || c.Version != want {
			t.Errorf("saved %s version %d, want %s", path, c.Version, modelFileName(want))
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
	got, skipped, err := LoadNewest(dir)
	if err != nil || got.Version != 3 || len(skipped) != 0 {
		t.Fatalf("LoadNewest: version %v, skipped %v, err %v", got, skipped, err)
	}
	// The loaded model predicts exactly what the trained one does.
	foods := fixtureFoods()
	u := UserContext{Diabetes: DiabetesType2, Goal: GoalLoseWeight, RecentCounts: map[string]int{"greens": 2}}
	for _, f := range foods {
		if a, b := m.Predict(u, f, nil), got.Predict(u, f, nil); a != b {
			t.Errorf("%s: %v after reload, %v before", f.Key, b, a)
		}
	}
}

func TestLoadNewestSkipsInvalidFiles(t *testing.T) {
	m := trainedTestModel(t)
	v5 := *m
	v5.Version = 5
	v5.Checksum, _ = v5.computeChecksum()
	good, _ := json.Marshal(&v5)
	tampered := strings.Replace(string(good), `"l2":1,`, `"l2":2,`, 1)
	unknownFeature := *m
	unknownFeature.Features = append([]string{"favourite_colour"}, m.Features[1:]...)
	unknownFeature.Version = 5
	unknownFeature.Checksum, _ = unknownFeature.computeChecksum()
	unknownJSON, _ := json.Marshal(&unknownFeature)
	wrongVersion := *m
	wrongVersion.Version = 4
	wrongVersion.Checksum, _ = wrongVersion.computeChecksum()
	wrongVersionJSON, _ := json.Marshal(&wrongVersion)

	for _, tc := range []struct {
		name, content, reason string
	}{
		{"garbage", "not json at all", "parse"},
		{"truncated", string(good[:len(good)/2]), "parse"},
		{"tampered weight", tampered, "checksum mismatch"},
		{"unknown feature", string(unknownJSON), "unknown feature"},
		{"version differs from name", string(wrongVersionJSON), "file says version 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			v1 := *m
			if _, err := Save(dir, &v1); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, modelFileName(5)), tc.content)
			got, skipped, err := LoadNewest(dir)
			if err != nil || got.Version != 1 {
				t.Fatalf("got %v, err %v; want version 1", got, err)
			}
			if len(skipped) != 1 || skipped[0].Version != 5 || !strings.Contains(skipped[0].Reason, tc.reason) {
				t.Errorf("skipped %+v, want v0005 with reason containing %q", skipped, tc.reason)
			}
		})
	}
}

func TestMissingOrCorruptModelFallsBackToRules(t *testing.T) {
	corrupt := t.TempDir()
	writeFile(t, filepath.Join(corrupt, modelFileName(1)), `{"format":"zoe-recommender-logreg/1","checksum":"sha256:00"}`)
	for _, tc := range []struct {
		name, dir, warning string
	}{
		{"missing directory", filepath.Join(t.TempDir(), "nope"), "no such file"},
		{"empty directory", t.TempDir(), "no recommender-v*.json"},
		{"only corrupt files", corrupt, "recommender-v0001.json: checksum mismatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := NewRegistry(tc.dir)
			if reg.Current() != nil {
				t.Fatal("a model was loaded")
			}
			st := reg.Status()
			if st.Loaded || !strings.Contains(st.Warning, tc.warning) || !strings.Contains(st.Warning, "rules only") {
				t.Errorf("status %+v, want warning with %q and \"rules only\"", st, tc.warning)
			}
			res := NewRecommender(reg).Recommend(Request{
				User:     UserContext{Goal: GoalMaintainWeight, RecentCounts: map[string]int{"greens": 30}},
				MealType: MealLunch, Foods: fixtureFoods()})
			if res.Type != TypeRuleBased || len(res.Recommendations) == 0 {
				t.Errorf("type %q with %d recommendations, want rule-based ones", res.Type, len(res.Recommendations))
			}
		})
	}
}

func TestRegistryReloadsWithoutRestart(t *testing.T) {
	dir := t.TempDir()
	m := trainedTestModel(t)
	reg := NewRegistry(dir)
	if reg.Current() != nil || reg.ReloadIfChanged() {
		t.Fatal("empty directory: no model expected and nothing to reload")
	}
	v1 := *m
	Save(dir, &v1)
	if !reg.ReloadIfChanged() || reg.Current().Version != 1 || reg.Status().Warning != "" {
		t.Fatalf("after saving v0001: %+v", reg.Status())
	}
	if reg.ReloadIfChanged() {
		t.Error("reloaded with nothing changed")
	}
	v2 := *m
	Save(dir, &v2)
	reg.ReloadIfChanged()
	if st := reg.Status(); reg.Current().Version != 2 || st.Version != "v0002" || !st.SyntheticData || st.Metrics.AUC == 0 {
		t.Errorf("after saving v0002: %+v", st)
	}
	// A corrupt newer file: keep serving the newest valid one, and say so.
	writeFile(t, filepath.Join(dir, modelFileName(3)), "{")
	reg.ReloadIfChanged()
	if st := reg.Status(); reg.Current().Version != 2 || !strings.Contains(st.Warning, "recommender-v0003.json") {
		t.Errorf("after corrupt v0003: version %d, warning %q", reg.Current().Version, st.Warning)
	}
	// Every file gone: rules only.
	for _, v := range []int{1, 2, 3} {
		os.Remove(filepath.Join(dir, modelFileName(v)))
	}
	reg.ReloadIfChanged()
	if reg.Current() != nil || !strings.Contains(reg.Status().Warning, "rules only") {
		t.Errorf("after removing all files: %+v", reg.Status())
	}
}

func TestRegistryWatchPicksUpNewModel(t *testing.T) {
	dir := t.TempDir()
	reg := NewRegistry(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reloaded := make(chan struct{}, 10)
	go reg.Watch(ctx, 5*time.Millisecond, func() { reloaded <- struct{}{} })
	v1 := *trainedTestModel(t)
	if _, err := Save(dir, &v1); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for reg.Current() == nil && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if m := reg.Current(); m == nil || m.Version != 1 {
		t.Fatalf("watcher did not load v0001: %+v", reg.Status())
	}
	select {
	case <-reloaded:
	case <-time.After(2 * time.Second):
		t.Error("the watcher loaded v0001 without calling onReload")
	}
}

// The one test that reads the committed directory: the default model that
// ships with the app must load and be marked as synthetic.
func TestCommittedDefaultModelLoads(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "models", "recommender")
	m, skipped, err := LoadNewest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 0 {
		t.Errorf("invalid files in %s: %+v", dir, skipped)
	}
	if !m.SyntheticData || !strings.Contains(m.Description, "trained on synthetic demo data") {
		t.Errorf("default model not documented as synthetic: %q", m.Description)
	}
	if m.Metrics.AUC < 0.75 || m.Training.Users < 100 || len(m.Features) != len(FeatureNames()) {
		t.Errorf("default model: AUC %.3f, %d users, %d features", m.Metrics.AUC, m.Training.Users, len(m.Features))
	}
	if info, _ := os.Stat(filepath.Join(dir, m.FileName())); info.Size() > 16<<10 {
		t.Errorf("default model is %d bytes; keep it small", info.Size())
	}
}

func BenchmarkRank250Foods(b *testing.B) {
	foods := randomFoods(250, 1)
	m := trainedTestModel(b)
	user := UserContext{UserID: "u", Diabetes: DiabetesType2, Goal: GoalLoseWeight, EnergyTargetKcal: 1800,
		BudgetLeftUGX: ptr[int64](4000), Disliked: []string{"food-010"},
		RecentCounts: map[string]int{"food-001": 3, "food-002": 4, "food-020": 2},
		Feedback:     map[string]Feedback{"food-003": {Accepted: 2, Rejected: 1}, "food-040": {Rejected: 3}}}
	req := Request{User: user, MealType: MealLunch, Foods: foods, Limit: 10}
	b.ReportAllocs()
	for b.Loop() {
		res := Rank(req, DefaultRules(), m)
		if res.Type == TypeRuleBased {
			b.Fatal("model not used")
		}
	}
}
