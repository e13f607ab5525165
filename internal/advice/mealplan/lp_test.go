package mealplan

import (
	"math"
	"testing"
)

func lpOf(c []float64, g [][]float64, h []float64) lpProblem {
	p := lpProblem{c: c}
	for j := range c {
		p.cols = append(p.cols, j)
	}
	for i := range g {
		p.rows = append(p.rows, lpRow{coef: g[i], rhs: h[i], id: i})
	}
	return p
}

func objective(c, x []float64) float64 {
	v := 0.0
	for j := range c {
		v += c[j] * x[j]
	}
	return v
}

func TestSolveLP(t *testing.T) {
	tests := []struct {
		name   string
		p      lpProblem
		status lpStatus
		obj    float64
		x      []float64
	}{
		{
			// Chvátal, Linear Programming (1983), ch. 2: maximise
			// 5x1 + 4x2 + 3x3 subject to the three rows below; the optimum
			// is 13 at (2, 0, 1). Minimising the negated objective.
			name: "Chvátal's first example",
			p: lpOf([]float64{-5, -4, -3},
				[][]float64{{2, 3, 1}, {4, 1, 2}, {3, 4, 2}},
				[]float64{5, 11, 8}),
			obj: -13, x: []float64{2, 0, 1},
		},
		{
			// min 2x + 3y, x + y ≥ 4, x + 3y ≥ 6, x ≤ 3: both ≥ rows meet
			// at (3, 1), cost 9 (needs phase I: the slack basis is infeasible).
			name: "covering rows need phase I",
			p: lpOf([]float64{2, 3},
				[][]float64{{-1, -1}, {-1, -3}, {1, 0}},
				[]float64{-4, -6, 3}),
			obj: 9, x: []float64{3, 1},
		},
		{
			name: "contradictory rows",
			p: lpOf([]float64{1, 1},
				[][]float64{{1, 1}, {-1, -1}},
				[]float64{2, -3}),
			status: lpInfeasible,
		},
		{
			name: "a row with no variable and a negative bound",
			p: lpOf([]float64{1},
				[][]float64{{0}},
				[]float64{-1}),
			status: lpInfeasible,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := solveLP(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if r.status != tt.status {
				t.Fatalf("status %v, want %v", r.status, tt.status)
			}
			if tt.status != lpOptimal {
				return
			}
			if got := objective(tt.p.c, r.x); math.Abs(got-tt.obj) > 1e-6 {
				t.Errorf("objective %v, want %v", got, tt.obj)
			}
			for j := range tt.x {
				if math.Abs(r.x[j]-tt.x[j]) > 1e-6 {
					t.Errorf("x = %v, want %v", r.x, tt.x)
					break
				}
			}
		})
	}
}

// The node LPs start from a parent's basis and a small working set of
// columns; both must reach the optimum of a cold solve over all columns.
func TestSolveLPWarmStartAndColumnGeneration(t *testing.T) {
	m := buildModel(syntheticFoods(120, 5), syntheticDay(), nil, nil)
	p := lpProblem{c: make([]float64, len(m.vars))}
	for j, v := range m.vars {
		p.c[j] = v.cost
		p.cols = append(p.cols, j)
	}
	for i, r := range m.rows {
		p.rows = append(p.rows, lpRow{coef: r.coef, rhs: r.rhs, id: i})
	}
	cold, err := solveLP(p)
	if err != nil || cold.status != lpOptimal {
		t.Fatalf("cold solve: %v %v", cold.status, err)
	}
	want := objective(p.c, cold.x)

	// A tighter energy minimum makes the cold basis infeasible (phase I).
	tight := p
	tight.rows = append([]lpRow(nil), p.rows...)
	tight.rows[0].rhs -= 150 // row 0 is −energy ≤ −minimum
	tightCold, err := solveLP(tight)
	if err != nil {
		t.Fatal(err)
	}
	wantTight := objective(p.c, tightCold.x)

	for _, tc := range []struct {
		name  string
		prob  lpProblem
		start []colRef
		work  []int
		want  float64
	}{
		{"same problem from its own basis", p, cold.basis, nil, want},
		{"from a three-column working set", p, nil, []int{0, 1, 2}, want},
		{"tightened, from the old basis and working set", tight, cold.basis, cold.work, wantTight},
	} {
		q := tc.prob
		q.start, q.work = tc.start, tc.work
		r, err := solveLP(q)
		if err != nil || r.status != lpOptimal {
			t.Fatalf("%s: %v %v", tc.name, r.status, err)
		}
		if got := objective(p.c, r.x); math.Abs(got-tc.want) > 1e-6*tc.want {
			t.Errorf("%s: objective %.6f, want %.6f", tc.name, got, tc.want)
		}
	}
	if wantTight <= want {
		t.Errorf("tightening the energy minimum should cost more: %.2f vs %.2f", wantTight, want)
	}
}
