package heldout

import (
	"fmt"
	"io"
	"sort"
)

// Outcome is the verdict on one case.
type Outcome struct {
	ID, Category, Utterance, Answer string
	Pass                            bool
	Failed                          []string // what the answer lacked
	Err                             error    // the case could not be resolved or answered
}

// Report is the accuracy of a set of answers by category (answer content only).
type Report struct {
	Outcomes   []Outcome
	ByCategory map[string][2]int // category → {passed, total}
	Passed     int
	Total      int
}

// Evaluate scores answer(c) for every case. answer is the harness: it asks the real
// assistant (for the fixture user, clock at Fixture.Now()) and returns the reply text.
// A case that cannot be resolved or answered counts as failed.
func Evaluate(env *Env, cases []Case, answer func(Case) (string, error)) Report {
	r := Report{ByCategory: map[string][2]int{}}
	for _, c := range cases {
		o := Outcome{ID: c.ID, Category: c.Category, Utterance: c.Utterance}
		checks, err := env.Resolve(c)
		if err == nil {
			o.Answer, err = answer(c)
		}
		if err != nil {
			o.Err = err
			o.Failed = []string{err.Error()}
		} else {
			res := Score(checks, o.Answer)
			o.Pass, o.Failed = res.Pass, res.Failed
		}
		n := r.ByCategory[c.Category]
		n[1]++
		r.Total++
		if o.Pass {
			n[0]++
			r.Passed++
		}
		r.ByCategory[c.Category] = n
		r.Outcomes = append(r.Outcomes, o)
	}
	return r
}

// Accuracy is the share of cases passed, 0–1.
func (r Report) Accuracy() float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(r.Passed) / float64(r.Total)
}

// WriteSummary prints the accuracy per category and overall. It prints no utterances
// or expectations, so it can be shown to the people tuning the assistant.
func (r Report) WriteSummary(w io.Writer) error {
	cats := make([]string, 0, len(r.ByCategory))
	for c := range r.ByCategory {
		cats = append(cats, c)
	}
	order := map[string]int{}
	for i, c := range Categories {
		order[c] = i
	}
	sort.Slice(cats, func(i, j int) bool { return order[cats[i]] < order[cats[j]] })
	for _, c := range cats {
		n := r.ByCategory[c]
		if _, err := fmt.Fprintf(w, "%-15s %3d/%3d  %5.1f %%\n", c, n[0], n[1], 100*float64(n[0])/float64(n[1])); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%-15s %3d/%3d  %5.1f %%\n", "overall", r.Passed, r.Total, 100*r.Accuracy())
	return err
}
