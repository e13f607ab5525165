package recommend

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"time"
)

// Example is one labelled (user, food) pair: accepted or logged (true) or
// rejected (false). Features are computed once, from the user's context as it
// was at the time, in the order of FeatureNames().
type Example struct {
	UserID   string
	FoodKey  string
	Accepted bool
	Features []float64
}

// NewExample computes the features of one labelled pair. categories maps food
// keys to categories so the user's history can be summarised per category.
func NewExample(user UserContext, food Food, categories map[string]string, accepted bool) Example {
	h := summariseHistory(user, func(k string) string { return categories[k] })
	return Example{
		UserID:   user.UserID,
		FoodKey:  food.Key,
		Accepted: accepted,
		Features: featureVector(food, user, &h, nil),
	}
}

// TrainOptions tune Train. The zero value gives the defaults noted per field.
type TrainOptions struct {
	L2              float64   // ridge penalty on the weights (not the intercept); default 1
	Seed            uint64    // seeds the held-out split; same seed, same model
	HoldOutFraction float64   // share of users held out for the metrics; default 0.2
	Features        []string  // subset of FeatureNames(); default all
	MaxIterations   int       // Newton iterations; default 50
	Now             time.Time // trained_at; default time.Now()
	Description     string    // stored in the model file
	SyntheticData   bool      // true when trained on generated, not real, data
}

// Metrics are the offline metrics of a model on its held-out split.
type Metrics struct {
	AUC              float64 `json:"auc"`
	PrecisionAt5     float64 `json:"precision_at_5"`
	LogLoss          float64 `json:"log_loss"`
	TrainExamples    int     `json:"train_examples"`
	HeldOutExamples  int     `json:"held_out_examples"`
	HeldOutPositives int     `json:"held_out_positives"`
	HeldOutUsers     int     `json:"held_out_users"`
	Iterations       int     `json:"iterations"`
	Note             string  `json:"note,omitempty"`
}

// TrainingCounts describe the data a model was trained on.
type TrainingCounts struct {
	Users     int `json:"users"`
	Examples  int `json:"examples"`
	Positives int `json:"positives"`
}

// Train fits an L2-regularised logistic regression by Newton's method on the
// training split and reports metrics on the held-out split (whole users held
// out when there are at least five users, so the metrics measure how the model
// does for people it has not seen). The returned model is the one the metrics
// describe. Training is deterministic for a given input order and seed.
func Train(examples []Example, opts TrainOptions) (*Model, Metrics, error) {
	if opts.L2 <= 0 {
		opts.L2 = 1
	}
	if opts.HoldOutFraction <= 0 || opts.HoldOutFraction >= 1 {
		opts.HoldOutFraction = 0.2
	}
	if opts.MaxIterations <= 0 {
		opts.MaxIterations = 50
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	names := opts.Features
	if len(names) == 0 {
		names = FeatureNames()
	}
	cols := make([]int, len(names))
	for i, n := range names {
		if cols[i] = featureIndex(n); cols[i] < 0 {
			return nil, Metrics{}, fmt.Errorf("recommend: train: unknown feature %q", n)
		}
	}
	if len(examples) == 0 {
		return nil, Metrics{}, errors.New("recommend: train: no examples")
	}
	counts := TrainingCounts{Examples: len(examples)}
	users := map[string]bool{}
	for _, ex := range examples {
		if len(ex.Features) != len(featureRegistry) {
			return nil, Metrics{}, fmt.Errorf("recommend: train: example for %q has %d features, want %d",
				ex.FoodKey, len(ex.Features), len(featureRegistry))
		}
		users[ex.UserID] = true
		if ex.Accepted {
			counts.Positives++
		}
	}
	counts.Users = len(users)
	if counts.Positives == 0 || counts.Positives == counts.Examples {
		return nil, Metrics{}, errors.New("recommend: train: need both accepted and rejected examples")
	}

	held := holdOut(examples, users, opts.HoldOutFraction, opts.Seed)
	var trainX [][]float64
	var trainY []float64
	for i, ex := range examples {
		if held[i] {
			continue
		}
		trainX = append(trainX, project(ex.Features, cols))
		trainY = append(trainY, boolf(ex.Accepted))
	}
	w, iters := fitLogistic(trainX, trainY, opts.L2, opts.MaxIterations)

	m := &Model{
		Format:        modelFormat,
		TrainedAt:     opts.Now.UTC().Truncate(time.Second),
		Description:   opts.Description,
		SyntheticData: opts.SyntheticData,
		Training:      counts,
		Features:      slices.Clone(names),
		Intercept:     w[0],
		Weights:       slices.Clone(w[1:]),
		L2:            opts.L2,
		Seed:          opts.Seed,
		cols:          cols,
	}
	met := evaluate(m, examples, held)
	met.TrainExamples = len(trainX)
	met.Iterations = iters
	m.Metrics = met
	return m, met, nil
}

func project(full []float64, cols []int) []float64 {
	x := make([]float64, len(cols))
	for i, c := range cols {
		x[i] = full[c]
	}
	return x
}

// unitHash maps (seed, key) to [0, 1) deterministically.
func unitHash(seed uint64, key string) float64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(key))
	return float64(h.Sum64()>>11) / (1 << 53)
}

// holdOut marks the held-out examples: whole users when there are ≥ 5 users,
// single examples otherwise. At least one example stays on each side.
func holdOut(examples []Example, users map[string]bool, frac float64, seed uint64) []bool {
	held := make([]bool, len(examples))
	if len(users) >= 5 {
		ids := make([]string, 0, len(users))
		for u := range users {
			ids = append(ids, u)
		}
		sort.Slice(ids, func(i, j int) bool { return unitHash(seed, ids[i]) < unitHash(seed, ids[j]) })
		n := max(1, int(math.Round(frac*float64(len(ids)))))
		heldUsers := map[string]bool{}
		for _, u := range ids[:min(n, len(ids)-1)] {
			heldUsers[u] = true
		}
		for i, ex := range examples {
			held[i] = heldUsers[ex.UserID]
		}
		return held
	}
	someHeld, allHeld := false, true
	for i := range examples {
		held[i] = unitHash(seed, fmt.Sprint(i)) < frac
		someHeld = someHeld || held[i]
		allHeld = allHeld && held[i]
	}
	if !someHeld {
		held[len(held)-1] = true
	}
	if allHeld {
		held[0] = false
	}
	return held
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// fitLogistic minimises Σ logloss + l2/2 ‖w‖² (intercept unpenalised) by
// Newton's method with step halving. It returns [intercept, weights...].
func fitLogistic(X [][]float64, y []float64, l2 float64, maxIter int) ([]float64, int) {
	d := len(X[0]) + 1
	w := make([]float64, d)
	row := make([]float64, d)
	objective := func(w []float64) float64 {
		var loss float64
		for i, x := range X {
			z := w[0]
			for j, v := range x {
				z += w[j+1] * v
			}
			// log(1 + e^z) − y z, computed stably.
			loss += math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) - y[i]*z
		}
		for _, v := range w[1:] {
			loss += 0.5 * l2 * v * v
		}
		return loss
	}
	cur := objective(w)
	iter := 0
	for iter < maxIter {
		iter++
		grad := make([]float64, d)
		hess := make([]float64, d*d)
		for i, x := range X {
			row[0] = 1
			copy(row[1:], x)
			z := 0.0
			for j, v := range row {
				z += w[j] * v
			}
			p := sigmoid(z)
			r, s := p-y[i], p*(1-p)
			for j, vj := range row {
				grad[j] += r * vj
				if vj == 0 {
					continue
				}
				sv := s * vj
				for k := 0; k <= j; k++ {
					hess[j*d+k] += sv * row[k]
				}
			}
		}
		for j := 0; j < d; j++ {
			for k := 0; k < j; k++ {
				hess[k*d+j] = hess[j*d+k]
			}
			reg := l2
			if j == 0 {
				reg = 1e-8 // keep the system positive definite without shrinking the intercept
			}
			hess[j*d+j] += reg
			grad[j] += reg * w[j]
		}
		step := solveSPD(hess, grad, d)
		next := make([]float64, d)
		accepted := false
		for t := 1.0; t > 1e-6; t /= 2 {
			for j := range w {
				next[j] = w[j] - t*step[j]
			}
			if v := objective(next); v <= cur {
				cur, accepted = v, true
				break
			}
		}
		if !accepted {
			break
		}
		maxStep := 0.0
		for j := range w {
			maxStep = math.Max(maxStep, math.Abs(next[j]-w[j]))
		}
		copy(w, next)
		if maxStep < 1e-7 {
			break
		}
	}
	return w, iter
}

// solveSPD solves A x = b for a symmetric positive-definite A (row-major, n×n)
// by Cholesky factorisation; it adds a small ridge if A is not quite positive
// definite numerically.
func solveSPD(a, b []float64, n int) []float64 {
	for jitter := 0.0; ; jitter = math.Max(jitter*10, 1e-9) {
		L := make([]float64, n*n)
		ok := true
		for i := 0; i < n && ok; i++ {
			for j := 0; j <= i; j++ {
				s := a[i*n+j]
				if i == j {
					s += jitter
				}
				for k := 0; k < j; k++ {
					s -= L[i*n+k] * L[j*n+k]
				}
				if i == j {
					if s <= 0 {
						ok = false
						break
					}
					L[i*n+i] = math.Sqrt(s)
				} else {
					L[i*n+j] = s / L[j*n+j]
				}
			}
		}
		if !ok {
			continue
		}
		x := make([]float64, n)
		for i := 0; i < n; i++ { // L z = b
			s := b[i]
			for k := 0; k < i; k++ {
				s -= L[i*n+k] * x[k]
			}
			x[i] = s / L[i*n+i]
		}
		for i := n - 1; i >= 0; i-- { // Lᵀ x = z
			s := x[i]
			for k := i + 1; k < n; k++ {
				s -= L[k*n+i] * x[k]
			}
			x[i] = s / L[i*n+i]
		}
		return x
	}
}

// evaluate scores the held-out examples.
func evaluate(m *Model, examples []Example, held []bool) Metrics {
	var met Metrics
	var scores []float64
	var labels []bool
	byUser := map[string][]int{}
	var logloss float64
	for i, ex := range examples {
		if !held[i] {
			continue
		}
		p := m.predictVector(ex.Features)
		scores = append(scores, p)
		labels = append(labels, ex.Accepted)
		byUser[ex.UserID] = append(byUser[ex.UserID], len(scores)-1)
		if ex.Accepted {
			met.HeldOutPositives++
			logloss -= math.Log(math.Max(p, 1e-15))
		} else {
			logloss -= math.Log(math.Max(1-p, 1e-15))
		}
	}
	met.HeldOutExamples = len(scores)
	met.HeldOutUsers = len(byUser)
	met.LogLoss = logloss / float64(len(scores))
	if auc, ok := AUC(scores, labels); ok {
		met.AUC = auc
	} else {
		met.Note = "AUC undefined: the held-out split has only one class"
	}
	met.PrecisionAt5 = meanPrecisionAtK(scores, labels, byUser, 5)
	return met
}

// AUC is the area under the ROC curve (the Mann–Whitney probability that a
// random positive scores above a random negative, ties counting half). ok is
// false when either class is absent.
func AUC(scores []float64, labels []bool) (auc float64, ok bool) {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avgRank := float64(i+j+1) / 2 // ranks are 1-based
		for k := i; k < j; k++ {
			if labels[idx[k]] {
				pos++
				rankSum += avgRank
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return 0, false
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg), true
}

// meanPrecisionAtK averages, over users with at least k held-out examples, the
// share of positives among their k best-scored examples. With no such user the
// whole held-out set is ranked as one list.
func meanPrecisionAtK(scores []float64, labels []bool, byUser map[string][]int, k int) float64 {
	precision := func(idx []int) float64 {
		idx = slices.Clone(idx)
		sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
		top := min(k, len(idx))
		hits := 0
		for _, i := range idx[:top] {
			if labels[i] {
				hits++
			}
		}
		return float64(hits) / float64(top)
	}
	users := make([]string, 0, len(byUser))
	for u, idx := range byUser {
		if len(idx) >= k {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		all := make([]int, len(scores))
		for i := range all {
			all[i] = i
		}
		if len(all) == 0 {
			return 0
		}
		return precision(all)
	}
	sort.Strings(users)
	var sum float64
	for _, u := range users {
		sum += precision(byUser[u])
	}
	return sum / float64(len(users))
}
