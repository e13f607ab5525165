package mealplan

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// lpProblem is "minimise c·x subject to rows, x ≥ 0" over the variables
// listed in cols (the others are fixed at zero). Each row reads
// coef·x ≤ rhs; coef is indexed by variable and shared, never modified.
// Row ids name rows stably across one branch-and-bound search, so that a
// basis found for one node can start the next.
type lpProblem struct {
	c     []float64
	cols  []int
	rows  []lpRow
	start []colRef // optional starting basis, from a parent node
}

type lpRow struct {
	coef []float64
	rhs  float64
	id   int
}

// colRef names a column of the standard form: a variable, or the slack of
// the row with that id.
type colRef struct {
	slack bool
	id    int
}

type lpStatus int

const (
	lpOptimal lpStatus = iota
	lpInfeasible
)

type lpResult struct {
	status lpStatus
	x      []float64 // by variable; zero outside cols
	basis  []colRef
}

// errLPNumeric reports that gonum's simplex stopped on a numerical failure
// (singular basis, Bland's rule exhausted) rather than with an answer.
var errLPNumeric = errors.New("mealplan: linear programme failed numerically")

const (
	// lpZeroTol treats scaled coefficients and right-hand sides below it as 0.
	lpZeroTol = 1e-12
	// lpReducedCostTol is the optimality tolerance handed to lp.Simplex.
	lpReducedCostTol = 1e-9
	// lpArtificialTol is how much of the artificial variable may remain at
	// the end of phase I before the problem is declared infeasible.
	lpArtificialTol = 1e-8
	// gonumInitPosTol mirrors lp's initPosTol: a starting basis whose
	// values fall below −tol makes lp.Simplex panic, so we never pass one.
	gonumInitPosTol = 1e-13
	// lpArtificialCost keeps the artificial column out of phase II.
	lpArtificialCost = 1e6
)

// solveLP solves p with gonum's dense simplex (lp.Simplex).
//
// Rows are scaled by their largest coefficient and costs by the largest
// cost. Rows that touch no listed variable are checked and dropped;
// variables that touch no row stay at zero (optimal, as no cost is
// negative). Each row gets a slack column, so the standard form
// [G I]·(x, s) = h always has full row rank.
//
// Each right-hand side is loosened by a tiny, row-specific amount (about
// 1e-10 of the row's scale). The loosened LP is still a relaxation, so its
// optimum remains a valid bound, and the perturbation breaks the
// degeneracy under which lp.Simplex — which has no iteration limit —
// can cycle.
//
// lp.Simplex would search for a starting basis itself with a condition-
// number test per column, and refactorises the basis at every pivot, so
// the number of pivots decides the run time. We therefore hand it a
// starting basis: p.start (a parent node's optimum) completed with slacks,
// or the slack basis. When that basis is infeasible here, its most
// negative column is exchanged for one artificial column built so that
// every basic variable equals one (lp's own phase-I construction) and a
// phase-I solve minimises the artificial; the basis it ends in starts
// phase II.
func solveLP(p lpProblem) (res lpResult, err error) {
	defer func() {
		// lp.Simplex panics on a starting basis it considers singular or
		// infeasible. Bases are checked with the same arithmetic first, so
		// this only turns an unforeseen panic into a failed node.
		if r := recover(); r != nil {
			res, err = lpResult{}, fmt.Errorf("%w: %v", errLPNumeric, r)
		}
	}()
	nVar := len(p.c)
	res = lpResult{status: lpOptimal, x: make([]float64, nVar)}

	type scaledRow struct {
		scale, rhs float64
		id         int
		coef       []float64
	}
	rows := make([]scaledRow, 0, len(p.rows))
	used := make([]bool, nVar)
	for _, r := range p.rows {
		scale := 0.0
		for _, j := range p.cols {
			if v := math.Abs(r.coef[j]); v > scale {
				scale = v
			}
		}
		if scale < lpZeroTol {
			if r.rhs < -1e-9*math.Max(1, math.Abs(r.rhs)) {
				return lpResult{status: lpInfeasible}, nil
			}
			continue
		}
		for _, j := range p.cols {
			if math.Abs(r.coef[j]) >= lpZeroTol*scale {
				used[j] = true
			}
		}
		rhs := r.rhs/scale + perturbation(r.id)
		rows = append(rows, scaledRow{scale: scale, rhs: rhs, id: r.id, coef: r.coef})
	}
	if len(rows) == 0 {
		return res, nil
	}
	cols := make([]int, 0, len(p.cols))
	colPos := make(map[int]int, len(p.cols))
	cScale := 0.0
	for _, j := range p.cols {
		if used[j] {
			colPos[j] = len(cols)
			cols = append(cols, j)
			cScale = math.Max(cScale, math.Abs(p.c[j]))
		}
	}
	if cScale == 0 {
		cScale = 1
	}

	m, k := len(rows), len(cols)
	n := k + m + 1 // variables, slacks, one artificial
	data := make([]float64, m*n)
	b := make([]float64, m)
	rowPos := make(map[int]int, m)
	for i, r := range rows {
		line := data[i*n : (i+1)*n]
		for jj, j := range cols {
			if v := r.coef[j] / r.scale; math.Abs(v) >= lpZeroTol {
				line[jj] = v
			}
		}
		line[k+i] = 1
		b[i] = r.rhs
		rowPos[r.id] = i
	}
	a := mat.NewDense(m, n, data)
	c := make([]float64, n)
	for jj, j := range cols {
		c[jj] = p.c[j] / cScale
	}
	c[n-1] = lpArtificialCost

	// Map the suggested basis onto this problem's columns.
	var want []int
	for _, ref := range p.start {
		if ref.slack {
			if i, ok := rowPos[ref.id]; ok {
				want = append(want, k+i)
			}
		} else if jj, ok := colPos[ref.id]; ok {
			want = append(want, jj)
		}
	}
	basis, xb, ok := completeBasis(a, b, want, k)
	if !ok {
		basis, xb, _ = completeBasis(a, b, nil, k)
	}
	worst := argmin(xb)
	if xb[worst] < -gonumInitPosTol && xb[worst] > -1e-9 {
		// Negative only by rounding: the exchange below would be
		// ill-conditioned, so start from the slack basis instead.
		basis, xb, _ = completeBasis(a, b, nil, k)
		worst = argmin(xb)
	}

	if xb[worst] < -gonumInitPosTol {
		// Phase I: artificial column = b − Σ_{i≠worst} B_i.
		col := make([]float64, m)
		artificial := append([]float64(nil), b...)
		for i, bj := range basis {
			if i == worst {
				continue
			}
			mat.Col(col, bj, a)
			for r := range m {
				artificial[r] -= col[r]
			}
		}
		a.SetCol(n-1, artificial)
		basis[worst] = n - 1
		phase1 := make([]float64, n)
		phase1[n-1] = 1
		_, s, err := lp.Simplex(phase1, a, b, lpReducedCostTol, basis)
		if err != nil {
			return lpResult{}, errLPNumeric
		}
		if s[n-1] > lpArtificialTol {
			return lpResult{status: lpInfeasible}, nil
		}
		want = want[:0]
		for j := range n - 1 {
			if s[j] > 0 {
				want = append(want, j)
			}
		}
		basis, xb, ok = completeBasis(a, b, want, k)
		if !ok || xb[argmin(xb)] < -gonumInitPosTol {
			return lpResult{}, errLPNumeric
		}
	} else {
		a.Set(0, n-1, 1) // unused, but lp.Simplex rejects all-zero columns
	}

	_, sol, err := lp.Simplex(c, a, b, lpReducedCostTol, basis)
	if err != nil || sol[n-1] > lpArtificialTol {
		return lpResult{}, errLPNumeric
	}
	for jj, j := range cols {
		if v := sol[jj]; v > 0 {
			res.x[j] = v
			res.basis = append(res.basis, colRef{id: j})
		}
	}
	for i := range m {
		if sol[k+i] > 0 {
			res.basis = append(res.basis, colRef{slack: true, id: rows[i].id})
		}
	}
	return res, nil
}

// perturbation is the row's deterministic loosening, in [1e-10, 2e-10).
func perturbation(id int) float64 {
	h := uint32(id)*2654435761 + 40503
	return 1e-10 * (1 + float64(h%1024)/1024)
}

func argmin(v []float64) int {
	best := 0
	for i := range v {
		if v[i] < v[best] {
			best = i
		}
	}
	return best
}

// completeBasis extends the columns in want (dropping dependent ones) with
// slack columns (k+i) to a non-singular basis of a, by Gaussian elimination
// with partial pivoting. It returns the basis and its values B⁻¹b, and
// false when the basis solve fails.
func completeBasis(a *mat.Dense, b []float64, want []int, k int) ([]int, []float64, bool) {
	m, _ := a.Dims()
	work := make([][]float64, 0, len(want)) // eliminated copies of kept columns
	pivotRow := make([]int, 0, len(want))
	usedRow := make([]bool, m)
	basis := make([]int, 0, m)
	for _, j := range want {
		if len(basis) == m {
			break
		}
		col := mat.Col(nil, j, a)
		for t, w := range work {
			pr := pivotRow[t]
			if f := col[pr] / w[pr]; f != 0 {
				for r := range m {
					col[r] -= f * w[r]
				}
			}
		}
		best, bestAbs := -1, 1e-9
		for r := range m {
			if !usedRow[r] && math.Abs(col[r]) > bestAbs {
				best, bestAbs = r, math.Abs(col[r])
			}
		}
		if best < 0 {
			continue // dependent on the columns already kept
		}
		usedRow[best] = true
		work = append(work, col)
		pivotRow = append(pivotRow, best)
		basis = append(basis, j)
	}
	for r := range m {
		if !usedRow[r] {
			basis = append(basis, k+r)
		}
	}
	ab := mat.NewDense(m, m, nil)
	col := make([]float64, m)
	for i, j := range basis {
		mat.Col(col, j, a)
		ab.SetCol(i, col)
	}
	xb := make([]float64, m)
	if err := mat.NewVecDense(m, xb).SolveVec(ab, mat.NewVecDense(m, b)); err != nil {
		return basis, xb, false
	}
	return basis, xb, true
}
