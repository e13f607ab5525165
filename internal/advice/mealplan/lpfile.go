package mealplan

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// WriteLP writes the integer programme PlanDay solves for options and c, in the CPLEX
// LP format that CBC (coinor-cbc), GLPK (glpsol --lp) and HiGHS read, so that an
// independent solver can check the planner's plans and bounds. Variables are named
// x<j> in the order of the planner's own; servings are integer, the slacks of soft
// rules continuous, as in the planner.
func WriteLP(w io.Writer, options []Option, c Constraints) error {
	if err := validate(options, c); err != nil {
		return err
	}
	m := buildModel(OneFormPerFamily(options), c, nil, nil)
	return m.writeLP(w)
}

func (m *model) writeLP(w io.Writer) error {
	bw := bufio.NewWriter(w)
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }
	terms := func(coef func(j int) float64) string {
		s := ""
		n := 0
		for j := range m.vars {
			a := coef(j)
			if a == 0 {
				continue
			}
			sign := " + "
			if a < 0 {
				sign, a = " - ", -a
			}
			s += sign + num(a) + " x" + strconv.Itoa(j)
			if n++; n%8 == 0 {
				s += "\n "
			}
		}
		if s == "" {
			return " 0 x0"
		}
		return s
	}
	fmt.Fprintf(bw, "\\ mealplan day: %d variables, %d rows\nMinimize\n obj:%s\nSubject To\n", len(m.vars), len(m.rows),
		terms(func(j int) float64 { return m.vars[j].cost }))
	for i, r := range m.rows {
		fmt.Fprintf(bw, " r%d_%s:%s <= %s\n", i, r.kind, terms(func(j int) float64 { return r.coef[j] }), num(r.rhs))
	}
	for f, js := range m.foodVars {
		if len(js) == 0 || m.dayCap[f] >= unlimitedUnits {
			continue
		}
		fmt.Fprintf(bw, " day%d:%s <= %s\n", f, terms(func(j int) float64 {
			for _, k := range js {
				if k == j {
					return 1
				}
			}
			return 0
		}), num(m.dayCap[f]))
	}
	fmt.Fprintln(bw, "Bounds")
	for j, v := range m.vars {
		if v.slack {
			fmt.Fprintf(bw, " x%d >= 0\n", j)
		} else {
			fmt.Fprintf(bw, " 0 <= x%d <= %d\n", j, v.cap)
		}
	}
	fmt.Fprintln(bw, "General")
	for j, v := range m.vars {
		if !v.slack {
			fmt.Fprintf(bw, " x%d\n", j)
		}
	}
	fmt.Fprintln(bw, "End")
	return bw.Flush()
}
