package mealplan

import (
	"container/heap"
	"math"
	"slices"
	"time"
)

// Branch and bound over the day model. Each node is the LP relaxation with
// tightened variable bounds. Rows enter a node's LP only once a solution
// violates them ("lazy" rows): model rows, variable upper bounds and daily
// caps alike. At the optimum of this problem only a handful of its rows
// bind, and gonum's simplex refactorises the basis (cubic in the number of
// rows) at every pivot, so small LPs are what make the search fast. Lower
// bounds are substituted (x = lb + x′) and need no row. A child inherits
// its parent's rows and optimal basis, which starts its simplex.

const integralityTol = 1e-6

type searchLimits struct {
	maxNodes    int
	deadline    time.Time // zero: none
	stopAtFirst bool      // feasibility only: stop at the first plan
}

type searchResult struct {
	x            []int // units per variable; nil when no plan was found
	cost         float64
	lowerBound   float64
	complete     bool // the search finished: x is optimal, or no plan exists
	nodes        int
	rootLPFailed bool // the LP relaxation itself is infeasible
	rootLPCost   float64
	lpFailures   int // nodes whose LP failed numerically (their bound is kept)
	firstPlanAt  int // node count when the first plan was found
}

type node struct {
	lb, ub    []int
	rows      []int // model rows in this node's LP (the others are slack)
	lazyVars  []int // variables whose upper bound is a row
	lazyFoods []int // foods whose day cap is a row
	bound     float64
	basis     []colRef
	work      []int // LP working set of columns (nil: all)
	depth     int
	seq       int
	// how this node was made from its parent, for pseudocosts
	branchVar  int
	branchUp   bool
	branchDist float64 // distance the branch moved the variable's LP value
}

type nodeQueue struct {
	items     []*node
	bestFirst bool
}

func (q *nodeQueue) Len() int { return len(q.items) }
func (q *nodeQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if q.bestFirst && a.bound != b.bound {
		return a.bound < b.bound
	}
	if a.depth != b.depth {
		return a.depth > b.depth
	}
	return a.seq > b.seq
}
func (q *nodeQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *nodeQueue) Push(x any)    { q.items = append(q.items, x.(*node)) }
func (q *nodeQueue) Pop() any {
	n := len(q.items)
	it := q.items[n-1]
	q.items = q.items[:n-1]
	return it
}

// searcher holds one branch-and-bound run.
type searcher struct {
	m        *model
	nRows    int
	rowTol   []float64
	limits   searchLimits
	best     []int
	bestCost float64
	seq      int
	// pseudocosts: observed objective gain per unit moved, per variable
	pcSum   [2][]float64 // [down, up]
	pcCount [2][]int
	pcAll   [2]float64 // sums over all variables, for unseen ones
	pcAllN  [2]int

	unitRows, foodRows [][]float64 // built on first use
}

func newSearcher(m *model, limits searchLimits) *searcher {
	s := &searcher{m: m, nRows: len(m.rows), limits: limits, bestCost: math.Inf(1)}
	s.unitRows = make([][]float64, len(m.vars))
	s.foodRows = make([][]float64, len(m.foodVars))
	for d := range 2 {
		s.pcSum[d] = make([]float64, len(m.vars))
		s.pcCount[d] = make([]int, len(m.vars))
	}
	s.rowTol = make([]float64, len(m.rows))
	for i, r := range m.rows {
		scale := math.Max(1, math.Abs(r.rhs))
		for _, v := range r.coef {
			scale = math.Max(scale, math.Abs(v))
		}
		s.rowTol[i] = 1e-9 * scale
	}
	return s
}

// attainable raises an LP bound to the cheapest cost a whole-unit plan can
// have, using the cost granularity when there is one.
func (s *searcher) attainable(bound float64) float64 {
	bound -= 1e-7 * math.Max(1, math.Abs(bound))
	if u := s.m.costUnit; u > 0 {
		return math.Ceil(bound/u) * u
	}
	return bound
}

func (s *searcher) prunable(bound float64) bool {
	if s.best == nil {
		return false
	}
	att := s.attainable(bound)
	if s.m.costUnit > 0 {
		return att > s.bestCost-s.m.costUnit/2
	}
	return att >= s.bestCost-1e-9*math.Max(1, s.bestCost)
}

func (s *searcher) run() searchResult {
	nv := len(s.m.vars)
	root := &node{lb: make([]int, nv), ub: make([]int, nv), branchVar: -1}
	for j, v := range s.m.vars {
		root.ub[j] = v.cap
	}
	res := searchResult{lowerBound: math.Inf(1)}
	if s.m.cons.Soft {
		// A soft model always has a plan: nothing planned, every row's miss in its
		// slack. It starts the search so that a limit never leaves no plan.
		y := make([]int, nv)
		s.offer(y)
	}
	q := &nodeQueue{}
	heap.Push(q, root)
	lostBound := math.Inf(1) // bounds of nodes the LP could not solve
	stopped := false
	var plunge *node // child to solve next, before returning to the queue
	for q.Len() > 0 || plunge != nil {
		if res.nodes >= s.limits.maxNodes ||
			(!s.limits.deadline.IsZero() && time.Now().After(s.limits.deadline)) ||
			(s.limits.stopAtFirst && s.best != nil) {
			stopped = true
			break
		}
		// Dive depth-first until a plan is known, then best-first.
		if wantBest := s.best != nil; wantBest != q.bestFirst {
			q.bestFirst = wantBest
			heap.Init(q)
		}
		var nd *node
		if plunge != nil {
			nd, plunge = plunge, nil
		} else {
			nd = heap.Pop(q).(*node)
		}
		if s.prunable(nd.bound) {
			continue
		}
		res.nodes++
		obj, x, ok, err := s.solveNode(nd)
		if err != nil {
			res.lpFailures++
			lostBound = math.Min(lostBound, nd.bound)
			continue
		}
		if ok && nd.branchVar >= 0 {
			s.learn(nd, obj)
		}
		if nd.depth == 0 {
			res.rootLPFailed = !ok
			res.rootLPCost = obj
		}
		if s.best != nil && res.firstPlanAt == 0 {
			res.firstPlanAt = res.nodes
		}
		if !ok || s.prunable(obj) {
			continue
		}
		branchVar := s.pickBranch(x)
		if branchVar < 0 {
			y := make([]int, nv)
			for j := range x {
				y[j] = int(math.Round(x[j]))
			}
			s.offer(y)
			continue
		}
		// The rounding heuristic costs about as much as a node's LP: run it
		// near the root, then on every 4th node until a plan is known and on
		// every 8th after.
		if nd.depth <= 2 || (s.best == nil && res.nodes%4 == 0) || res.nodes%8 == 0 || s.m.cons.Soft {
			s.roundingHeuristic(x)
		}
		if s.prunable(obj) {
			continue
		}
		v := x[branchVar]
		down := s.child(nd, obj, branchVar, false, v-math.Floor(v))
		down.ub[branchVar] = int(math.Floor(v))
		if !slices.Contains(down.lazyVars, branchVar) {
			down.lazyVars = append(down.lazyVars, branchVar)
		}
		up := s.child(nd, obj, branchVar, true, math.Ceil(v)-v)
		up.lb[branchVar] = int(math.Ceil(v))
		// Plunge into the child nearer the LP value, keeping the other in the
		// queue: the search runs depth-first below each best-first pick.
		// On the synthetic benchmark days this found cheaper plans and, as
		// a share of the cost, smaller gaps than pure best-first search.
		near, far := up, down
		if v-math.Floor(v) < 0.5 {
			near, far = down, up
		}
		heap.Push(q, far)
		plunge = near
	}
	if plunge != nil {
		heap.Push(q, plunge)
	}
	res.complete = !stopped && math.IsInf(lostBound, 1)
	res.lowerBound = lostBound
	for _, nd := range q.items {
		res.lowerBound = math.Min(res.lowerBound, nd.bound)
	}
	if s.best != nil {
		res.x = s.best
		res.cost = s.bestCost
		res.lowerBound = math.Min(s.attainable(res.lowerBound), s.bestCost)
		if res.complete {
			res.lowerBound = s.bestCost
		}
	}
	return res
}

func (s *searcher) child(nd *node, bound float64, j int, up bool, dist float64) *node {
	s.seq++
	return &node{
		lb: slices.Clone(nd.lb), ub: slices.Clone(nd.ub), rows: slices.Clone(nd.rows),
		lazyVars: slices.Clone(nd.lazyVars), lazyFoods: slices.Clone(nd.lazyFoods),
		bound: bound, basis: nd.basis, work: nd.work, depth: nd.depth + 1, seq: s.seq,
		branchVar: j, branchUp: up, branchDist: dist,
	}
}

// learn records how much the branch that made nd raised the LP bound.
func (s *searcher) learn(nd *node, obj float64) {
	if nd.branchDist <= 0 {
		return
	}
	d := 0
	if nd.branchUp {
		d = 1
	}
	gain := math.Max(0, obj-nd.bound) / nd.branchDist
	s.pcSum[d][nd.branchVar] += gain
	s.pcCount[d][nd.branchVar]++
	s.pcAll[d] += gain
	s.pcAllN[d]++
}

func (s *searcher) pseudocost(d, j int) float64 {
	if n := s.pcCount[d][j]; n > 0 {
		return s.pcSum[d][j] / float64(n)
	}
	if s.pcAllN[d] > 0 {
		return s.pcAll[d] / float64(s.pcAllN[d])
	}
	return s.m.vars[j].cost // before any branch, a unit's cost is the best guess
}

// pickBranch chooses the fractional variable whose branches are expected
// to raise the bound most (pseudocost branching, product rule: Achterberg,
// Koch and Martin, Oper. Res. Lett. 2005), or returns -1 when x is integral.
func (s *searcher) pickBranch(x []float64) int {
	best, bestScore := -1, -1.0
	for j, v := range x {
		f := v - math.Floor(v)
		if f <= integralityTol || f >= 1-integralityTol || s.m.vars[j].slack {
			continue
		}
		down := math.Max(s.pseudocost(0, j)*f, 1e-6)
		up := math.Max(s.pseudocost(1, j)*(1-f), 1e-6)
		if score := down * up; score > bestScore*(1+1e-12) {
			best, bestScore = j, score
		}
	}
	return best
}

// solveNode solves the node's LP, adding bound rows the solution violates
// until none is violated. It updates nd's lazy lists and basis.
func (s *searcher) solveNode(nd *node) (float64, []float64, bool, error) {
	m := s.m
	nv := len(m.vars)
	for _, f := range nd.lazyFoods {
		sum := 0
		for _, j := range m.foodVars[f] {
			sum += nd.lb[j]
		}
		if float64(sum) > m.dayCap[f]+1e-9 {
			return 0, nil, false, nil
		}
	}
	for j := range nv {
		if nd.lb[j] > nd.ub[j] {
			return 0, nil, false, nil
		}
	}
	c := make([]float64, nv)
	var cols []int
	for j, v := range m.vars {
		c[j] = v.cost
		if nd.ub[j] > nd.lb[j] {
			cols = append(cols, j)
		}
	}
	for {
		p := lpProblem{c: c, cols: cols, start: nd.basis, work: nd.work}
		for _, i := range nd.rows {
			r := m.rows[i]
			rhs := r.rhs
			for j, a := range r.coef {
				if nd.lb[j] != 0 {
					rhs -= a * float64(nd.lb[j])
				}
			}
			p.rows = append(p.rows, lpRow{coef: r.coef, rhs: rhs, id: i})
		}
		for _, j := range nd.lazyVars {
			p.rows = append(p.rows, lpRow{coef: s.boundRow(j), rhs: float64(nd.ub[j] - nd.lb[j]), id: s.nRows + j})
		}
		for _, f := range nd.lazyFoods {
			rhs := m.dayCap[f]
			for _, j := range m.foodVars[f] {
				rhs -= float64(nd.lb[j])
			}
			p.rows = append(p.rows, lpRow{coef: s.foodRow(f), rhs: rhs, id: s.nRows + nv + f})
		}
		r, err := solveLP(p)
		if err != nil {
			// Retry once from the slack basis before giving the node up.
			if p.start == nil {
				return 0, nil, false, err
			}
			p.start = nil
			if r, err = solveLP(p); err != nil {
				return 0, nil, false, err
			}
		}
		if r.status == lpInfeasible {
			return 0, nil, false, nil
		}
		nd.basis, nd.work = r.basis, r.work
		x := make([]float64, nv)
		obj := 0.0
		for j := range nv {
			x[j] = float64(nd.lb[j]) + r.x[j]
			obj += m.vars[j].cost * x[j]
		}
		added := false
		for i, r := range m.rows {
			act := 0.0
			for j, v := range x {
				if v != 0 {
					act += r.coef[j] * v
				}
			}
			if act-r.rhs > s.rowTol[i] && !slices.Contains(nd.rows, i) {
				nd.rows = append(nd.rows, i)
				added = true
			}
		}
		for j := range nv {
			if x[j] > float64(nd.ub[j])+1e-9 && !slices.Contains(nd.lazyVars, j) {
				nd.lazyVars = append(nd.lazyVars, j)
				added = true
			}
		}
		for f, js := range m.foodVars {
			sum := 0.0
			for _, j := range js {
				sum += x[j]
			}
			if sum > m.dayCap[f]+1e-9 && !slices.Contains(nd.lazyFoods, f) {
				nd.lazyFoods = append(nd.lazyFoods, f)
				added = true
			}
		}
		if !added {
			s.keepBinding(nd, r.basis)
			return obj, x, true, nil
		}
	}
}

// keepBinding drops from nd the lazy rows whose slack is basic (not
// binding) at its optimum, so that its children start with smaller LPs;
// a child that violates a dropped row adds it back.
func (s *searcher) keepBinding(nd *node, basis []colRef) {
	slackBasic := map[int]bool{}
	for _, ref := range basis {
		if ref.slack {
			slackBasic[ref.id] = true
		}
	}
	nv := len(s.m.vars)
	nd.rows = slices.DeleteFunc(nd.rows, func(i int) bool { return slackBasic[i] })
	nd.lazyVars = slices.DeleteFunc(nd.lazyVars, func(j int) bool { return slackBasic[s.nRows+j] })
	nd.lazyFoods = slices.DeleteFunc(nd.lazyFoods, func(f int) bool { return slackBasic[s.nRows+nv+f] })
}

// boundRow is the coefficient row of "x_j ≤ …".
func (s *searcher) boundRow(j int) []float64 {
	if s.unitRows[j] == nil {
		s.unitRows[j] = make([]float64, len(s.m.vars))
		s.unitRows[j][j] = 1
	}
	return s.unitRows[j]
}

// foodRow is the coefficient row of "food f's units over the day ≤ …".
func (s *searcher) foodRow(f int) []float64 {
	if s.foodRows[f] == nil {
		s.foodRows[f] = make([]float64, len(s.m.vars))
		for _, j := range s.m.foodVars[f] {
			s.foodRows[f][j] = 1
		}
	}
	return s.foodRows[f]
}

// offer records y as the incumbent if it is feasible and cheaper. In a soft
// model only the foods of y count: its slacks are set to the rows' exact
// misses (softCost).
func (s *searcher) offer(y []int) {
	if s.m.cons.Soft {
		y = slices.Clone(y)
		for j, v := range s.m.vars {
			if v.slack {
				y[j] = 0
			}
		}
		if !s.withinCaps(y) {
			return
		}
		if cost := s.softCost(s.activities(y), y); cost < s.bestCost-1e-9*math.Max(1, cost) {
			s.best, s.bestCost = y, cost
		}
		return
	}
	if s.violation(s.activities(y)) > 0 || !s.withinCaps(y) {
		return
	}
	cost := s.cost(y)
	if cost < s.bestCost-1e-9*math.Max(1, cost) {
		s.best, s.bestCost = slices.Clone(y), cost
	}
}

func (s *searcher) cost(y []int) float64 {
	c := 0.0
	for j, n := range y {
		c += float64(n) * s.m.vars[j].cost
	}
	return c
}

func (s *searcher) withinCaps(y []int) bool {
	for j, n := range y {
		if n < 0 || n > s.m.vars[j].cap {
			return false
		}
	}
	for f, js := range s.m.foodVars {
		sum := 0
		for _, j := range js {
			sum += y[j]
		}
		if float64(sum) > s.m.dayCap[f]+1e-9 {
			return false
		}
	}
	return true
}

func (s *searcher) activities(y []int) []float64 {
	act := make([]float64, len(s.m.rows))
	for i, r := range s.m.rows {
		for j, n := range y {
			if n != 0 {
				act[i] += r.coef[j] * float64(n)
			}
		}
	}
	return act
}

// violation sums each row's excess over its limit, scaled by the row's
// size so that kilocalories and grams weigh alike; 0 means feasible.
func (s *searcher) violation(act []float64) float64 {
	v := 0.0
	for i, r := range s.m.rows {
		if ex := act[i] - r.rhs; ex > s.rowTol[i] {
			v += ex / (s.rowTol[i] * 1e9)
		}
	}
	return v
}

// softCost is the objective of a soft model's plan with foods y (slacks
// zero) whose row activities are act: the foods' cost plus each row's miss
// times its penalty.
func (s *searcher) softCost(act []float64, y []int) float64 {
	c := 0.0
	for j, n := range y {
		if n != 0 {
			c += float64(n) * s.m.vars[j].cost
		}
	}
	for i, r := range s.m.rows {
		if miss := act[i] - r.rhs; miss > 0 {
			c += miss * s.slackCost(i)
		}
	}
	return c
}

// slackCost is the penalty per unit of row i's miss.
func (s *searcher) slackCost(i int) float64 {
	return s.m.vars[len(s.m.vars)-len(s.m.rows)+i].cost
}

// trimToDayCaps takes units off each food over its daily cap, from its last variables
// first, keeping foodSum (units per food) in step with y.
func (m *model) trimToDayCaps(y, foodSum []int) {
	for f, js := range m.foodVars {
		for _, j := range slices.Backward(js) {
			for float64(foodSum[f]) > m.dayCap[f]+1e-9 && y[j] > 0 {
				y[j]--
				foodSum[f]--
			}
		}
	}
}

// softHeuristic rounds an LP solution of a soft model to whole units of
// food and improves it by single-unit moves while the objective falls
// (every plan of a soft model is feasible, so no repair is needed).
func (s *searcher) softHeuristic(x []float64) {
	m := s.m
	y := make([]int, len(x))
	foodSum := make([]int, len(m.foodVars))
	for j, v := range x {
		if m.vars[j].slack {
			continue
		}
		y[j] = min(max(int(math.Round(v)), 0), m.vars[j].cap)
		foodSum[m.vars[j].food] += y[j]
	}
	m.trimToDayCaps(y, foodSum)
	act := s.activities(y)
	missCost := func(i int, a float64) float64 {
		if miss := a - m.rows[i].rhs; miss > 0 {
			return miss * s.slackCost(i)
		}
		return 0
	}
	for iter := 0; iter < 400; iter++ {
		bj, bd, best := -1, 0, -1e-9
		for j, v := range m.vars {
			if v.slack {
				continue
			}
			for _, d := range [2]int{1, -1} {
				n := y[j] + d
				if n < 0 || n > v.cap || float64(foodSum[v.food]+d) > m.dayCap[v.food]+1e-9 {
					continue
				}
				delta := float64(d) * v.cost
				for i, r := range m.rows {
					if a := r.coef[j]; a != 0 {
						delta += missCost(i, act[i]+float64(d)*a) - missCost(i, act[i])
					}
				}
				if delta < best {
					bj, bd, best = j, d, delta
				}
			}
		}
		if bj < 0 {
			break
		}
		y[bj] += bd
		foodSum[m.vars[bj].food] += bd
		for i, r := range m.rows {
			act[i] += r.coef[bj] * float64(bd)
		}
	}
	s.offer(y)
}

// roundingHeuristic rounds an LP solution to whole units, repairs it by
// single-unit moves that most reduce the total violation, then drops units
// while it stays feasible. A feasible result is offered as incumbent; a
// new incumbent is improved further by exchanging units between foods.
func (s *searcher) roundingHeuristic(x []float64) {
	m := s.m
	if m.cons.Soft {
		s.softHeuristic(x)
		return
	}
	y := make([]int, len(x))
	for j, v := range x {
		y[j] = min(int(math.Round(v)), m.vars[j].cap)
	}
	foodSum := make([]int, len(m.foodVars))
	for j, n := range y {
		foodSum[m.vars[j].food] += n
	}
	m.trimToDayCaps(y, foodSum)
	act := s.activities(y)
	canMove := func(j, d int) bool {
		n := y[j] + d
		return n >= 0 && n <= m.vars[j].cap && float64(foodSum[m.vars[j].food]+d) <= m.dayCap[m.vars[j].food]+1e-9
	}
	apply := func(j, d int) {
		y[j] += d
		foodSum[m.vars[j].food] += d
		for i, r := range m.rows {
			act[i] += r.coef[j] * float64(d)
		}
	}
	violAfter := func(j, d int) float64 {
		v := 0.0
		for i, r := range m.rows {
			if ex := act[i] + r.coef[j]*float64(d) - r.rhs; ex > s.rowTol[i] {
				v += ex / (s.rowTol[i] * 1e9)
			}
		}
		return v
	}
	violAfterSwap := func(out, in int) float64 {
		v := 0.0
		for i, r := range m.rows {
			if ex := act[i] - r.coef[out] + r.coef[in] - r.rhs; ex > s.rowTol[i] {
				v += ex / (s.rowTol[i] * 1e9)
			}
		}
		return v
	}
	viol := s.violation(act)
	for iter := 0; viol > 0 && iter < 200; iter++ {
		bj, bd, bv, bc := -1, 0, viol, 0.0
		for j := range y {
			for _, d := range [2]int{1, -1} {
				if !canMove(j, d) {
					continue
				}
				v := violAfter(j, d)
				dc := float64(d) * m.vars[j].cost
				if v < bv-1e-12 || (bj >= 0 && math.Abs(v-bv) <= 1e-12 && dc < bc) {
					bj, bd, bv, bc = j, d, v, dc
				}
			}
		}
		if bj >= 0 {
			apply(bj, bd)
			viol = bv
			continue
		}
		// No single unit helps: exchange a unit of one food for another.
		bo, bi := -1, -1
		for out, n := range y {
			if n == 0 {
				continue
			}
			for in := range y {
				if in == out || !canMove(in, 1) ||
					(m.vars[in].food == m.vars[out].food && y[in]+1 > m.vars[in].cap) {
					continue
				}
				v := violAfterSwap(out, in)
				dc := m.vars[in].cost - m.vars[out].cost
				if v < bv-1e-12 || (bo >= 0 && math.Abs(v-bv) <= 1e-12 && dc < bc) {
					bo, bi, bv, bc = out, in, v, dc
				}
			}
		}
		if bo < 0 {
			break
		}
		apply(bo, -1)
		apply(bi, 1)
		viol = bv
	}
	if viol > 0 {
		return
	}
	s.dropUnits(y, act, apply, violAfter)
	if s.cost(y) < s.bestCost-1e-9 {
		s.improveByExchange(y, act, canMove, apply, violAfter)
		s.offer(y)
	}
}

// dropUnits removes, one at a time, the dearest unit whose removal keeps
// the plan feasible.
func (s *searcher) dropUnits(y []int, act []float64, apply func(int, int), violAfter func(int, int) float64) {
	for {
		bj, bc := -1, 0.0
		for j, n := range y {
			if n > 0 && s.m.vars[j].cost > bc && violAfter(j, -1) == 0 {
				bj, bc = j, s.m.vars[j].cost
			}
		}
		if bj < 0 {
			return
		}
		apply(bj, -1)
	}
}

// improveByExchange swaps one unit of a used food for one unit of a
// cheaper one while the plan stays feasible, then drops units again.
func (s *searcher) improveByExchange(y []int, act []float64, canMove func(int, int) bool, apply func(int, int), violAfter func(int, int) float64) {
	m := s.m
	for iter := 0; iter < 50; iter++ {
		bo, bi, bs := -1, -1, 1e-9
		for out, n := range y {
			if n == 0 {
				continue
			}
			apply(out, -1)
			for in := range y {
				save := m.vars[out].cost - m.vars[in].cost
				if in == out || save <= bs || !canMove(in, 1) {
					continue
				}
				if violAfter(in, 1) == 0 {
					bo, bi, bs = out, in, save
				}
			}
			apply(out, 1)
		}
		if bo < 0 {
			break
		}
		apply(bo, -1)
		apply(bi, 1)
		s.dropUnits(y, act, apply, violAfter)
	}
}
