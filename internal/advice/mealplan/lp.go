package mealplan

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

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
	work  []int    // optional working set of columns to start from
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
	work   []int // a working set for related problems (children)
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
	var cols []int
	cScale := 0.0
	for _, j := range p.cols {
		if used[j] {
			cols = append(cols, j)
			cScale = math.Max(cScale, math.Abs(p.c[j]))
		}
	}
	if cScale == 0 {
		cScale = 1
	}
	costOf := func(j int) float64 { return p.c[j] / cScale }

	// Column generation: solve over a working set of columns, price the
	// others with the duals of the final basis, add those with negative
	// reduced cost, repeat. p.work suggests the set; without it all
	// columns take part.
	inWork := make([]bool, nVar)
	var work []int
	addWork := func(j int) {
		if used[j] && !inWork[j] {
			inWork[j] = true
			work = append(work, j)
		}
	}
	if p.work == nil {
		for _, j := range cols {
			addWork(j)
		}
	} else {
		for _, j := range p.work {
			addWork(j)
		}
		for _, ref := range p.start {
			if !ref.slack {
				addWork(ref.id)
			}
		}
	}
	start := p.start
	for {
		if len(work) == 0 {
			for _, j := range cols {
				addWork(j)
			}
		}
		slices.Sort(work)
		sf := newStdForm(rows, work, costOf)
		status, sol, err := sf.solve(start)
		if err != nil {
			return lpResult{}, err
		}
		complete := len(work) == len(cols)
		// Duals of the final basis: phase II's, or phase I's when the
		// working set admits no feasible point.
		y, basisCols, ok := sf.duals(sol, status == lpInfeasible)
		if !ok {
			if complete {
				if status == lpInfeasible {
					return lpResult{status: lpInfeasible}, nil
				}
				return sf.result(sol, nVar), nil
			}
			for _, j := range cols {
				addWork(j)
			}
			continue
		}
		priced := sf.price(y, cols, inWork, status == lpInfeasible)
		if len(priced) > 0 && !complete {
			// Phase II takes the 10 most promising columns a round; phase I
			// (no feasible point yet) takes all that reduce infeasibility,
			// since proving infeasibility needs every column priced anyway.
			if status != lpInfeasible {
				priced = priced[:min(len(priced), 10)]
			}
			for _, j := range priced {
				addWork(j)
			}
			start = basisCols
			continue
		}
		if status == lpInfeasible {
			return lpResult{status: lpInfeasible}, nil
		}
		res = sf.result(sol, nVar)
		// Children start from the basis and the columns nearest to entering.
		res.work = sf.nearest(y, cols, res.basis, 20)
		return res, nil
	}
}

type scaledRow struct {
	scale, rhs float64
	id         int
	coef       []float64
}

// stdForm is the standard form [G I a]·(x, s, artificial) = b over the
// working columns.
type stdForm struct {
	rows   []scaledRow
	cols   []int // variable ids of the structural columns
	costOf func(int) float64
	a      *mat.Dense
	b, c   []float64
	m, k   int
	rowPos map[int]int
	colPos map[int]int
}

func newStdForm(rows []scaledRow, cols []int, costOf func(int) float64) *stdForm {
	m, k := len(rows), len(cols)
	n := k + m + 1
	sf := &stdForm{rows: rows, cols: cols, costOf: costOf, m: m, k: k,
		b: make([]float64, m), c: make([]float64, n),
		rowPos: make(map[int]int, m), colPos: make(map[int]int, k)}
	data := make([]float64, m*n)
	for i, r := range rows {
		line := data[i*n : (i+1)*n]
		for jj, j := range cols {
			if v := r.coef[j] / r.scale; math.Abs(v) >= lpZeroTol {
				line[jj] = v
			}
		}
		line[k+i] = 1
		sf.b[i] = r.rhs
		sf.rowPos[r.id] = i
	}
	for jj, j := range cols {
		sf.c[jj] = costOf(j)
		sf.colPos[j] = jj
	}
	sf.c[n-1] = lpArtificialCost
	sf.a = mat.NewDense(m, n, data)
	return sf
}

// solve runs phase I (when the starting basis is infeasible) and phase II.
// For an infeasible problem it returns phase I's final solution.
func (sf *stdForm) solve(startRefs []colRef) (lpStatus, []float64, error) {
	a, b, c, m, k := sf.a, sf.b, sf.c, sf.m, sf.k
	n := len(c)
	var want []int
	for _, ref := range startRefs {
		if ref.slack {
			if i, ok := sf.rowPos[ref.id]; ok {
				want = append(want, k+i)
			}
		} else if jj, ok := sf.colPos[ref.id]; ok {
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
			return lpOptimal, nil, errLPNumeric
		}
		if s[n-1] > lpArtificialTol {
			return lpInfeasible, s, nil
		}
		want = want[:0]
		for j := range n - 1 {
			if s[j] > 0 {
				want = append(want, j)
			}
		}
		basis, xb, ok = completeBasis(a, b, want, k)
		if !ok || xb[argmin(xb)] < -gonumInitPosTol {
			return lpOptimal, nil, errLPNumeric
		}
	} else {
		a.Set(0, n-1, 1) // unused, but lp.Simplex rejects all-zero columns
	}
	_, sol, err := lp.Simplex(c, a, b, lpReducedCostTol, basis)
	if err != nil || sol[n-1] > lpArtificialTol {
		return lpOptimal, nil, errLPNumeric
	}
	return lpOptimal, sol, nil
}

// duals computes y = B⁻ᵀc_B for the basis of sol (its positive entries,
// completed with slacks), with phase I's costs when phase1 is set. ok is
// false when that basis is not dual feasible over the working columns and
// slacks (a degenerate completion), so its duals cannot price the rest.
func (sf *stdForm) duals(sol []float64, phase1 bool) (y []float64, basis []colRef, ok bool) {
	m, k := sf.m, sf.k
	n := len(sf.c)
	cost := sf.c
	if phase1 {
		cost = make([]float64, n)
		cost[n-1] = 1
	}
	var want []int
	for j := range n {
		if j == n-1 && !phase1 {
			continue
		}
		if sol[j] > 0 {
			want = append(want, j)
		}
	}
	idx, _, solved := completeBasis(sf.a, sf.b, want, k)
	if !solved {
		return nil, nil, false
	}
	ab := mat.NewDense(m, m, nil)
	cb := make([]float64, m)
	col := make([]float64, m)
	for i, j := range idx {
		mat.Col(col, j, sf.a)
		ab.SetCol(i, col)
		cb[i] = cost[j]
		switch {
		case j < k:
			basis = append(basis, colRef{id: sf.cols[j]})
		case j < k+m:
			basis = append(basis, colRef{slack: true, id: sf.rows[j-k].id})
		}
	}
	y = make([]float64, m)
	if err := mat.NewVecDense(m, y).SolveVec(ab.T(), mat.NewVecDense(m, cb)); err != nil {
		return nil, nil, false
	}
	const tol = 1e-7
	for i := range m { // slack reduced cost is −y_i
		if y[i] > tol {
			return nil, nil, false
		}
	}
	for jj, j := range sf.cols {
		d := cost[jj]
		if phase1 {
			d = 0
		}
		for i, r := range sf.rows {
			d -= y[i] * r.coef[j] / r.scale
		}
		if d < -tol {
			return nil, nil, false
		}
	}
	return y, basis, true
}

// reducedCost of variable j for duals y (phase I: the variable costs 0).
func (sf *stdForm) reducedCost(y []float64, j int, phase1 bool) float64 {
	d := sf.costOf(j)
	if phase1 {
		d = 0
	}
	for i, r := range sf.rows {
		if v := r.coef[j]; v != 0 {
			d -= y[i] * v / r.scale
		}
	}
	return d
}

// price lists the columns outside the working set that would improve the
// objective, most negative reduced cost first.
func (sf *stdForm) price(y []float64, cols []int, inWork []bool, phase1 bool) []int {
	type cand struct {
		j int
		d float64
	}
	var cands []cand
	for _, j := range cols {
		if inWork[j] {
			continue
		}
		if d := sf.reducedCost(y, j, phase1); d < -1e-9 {
			cands = append(cands, cand{j, d})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.d != b.d {
			return cmp.Compare(a.d, b.d)
		}
		return cmp.Compare(a.j, b.j)
	})
	out := make([]int, len(cands))
	for i, c := range cands {
		out[i] = c.j
	}
	return out
}

// nearest returns the basic variables and the extra non-basic ones with
// the smallest reduced costs: a working set for the children of a node.
func (sf *stdForm) nearest(y []float64, cols []int, basis []colRef, extra int) []int {
	var out []int
	inBasis := map[int]bool{}
	for _, ref := range basis {
		if !ref.slack {
			inBasis[ref.id] = true
			out = append(out, ref.id)
		}
	}
	// Keep the extra smallest reduced costs by insertion: extra is small.
	type cand struct {
		j int
		d float64
	}
	if extra <= 0 {
		return out
	}
	best := make([]cand, 0, extra+1)
	for _, j := range cols {
		if inBasis[j] {
			continue
		}
		c := cand{j, sf.reducedCost(y, j, false)}
		if len(best) == extra && c.d >= best[extra-1].d {
			continue
		}
		at := len(best)
		for at > 0 && best[at-1].d > c.d {
			at--
		}
		best = slices.Insert(best, at, c)
		if len(best) > extra {
			best = best[:extra]
		}
	}
	for _, c := range best {
		out = append(out, c.j)
	}
	return out
}

func (sf *stdForm) result(sol []float64, nVar int) lpResult {
	res := lpResult{status: lpOptimal, x: make([]float64, nVar)}
	for jj, j := range sf.cols {
		if v := sol[jj]; v > 0 {
			res.x[j] = v
			res.basis = append(res.basis, colRef{id: j})
		}
	}
	for i := range sf.m {
		if sol[sf.k+i] > 0 {
			res.basis = append(res.basis, colRef{slack: true, id: sf.rows[i].id})
		}
	}
	return res
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
