package assistant

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// EvalCase is one labelled utterance. Prev, when set, is the conversation
// state before the message (for follow-ups such as "what about beans?").
type EvalCase struct {
	Text     string             `json:"text"`
	Intent   Intent             `json:"intent"`
	Entities []string           `json:"entities"`
	Prev     *ConversationState `json:"prev,omitempty"`
	Line     int                `json:"-"`
}

// LoadEvalCases reads JSON Lines; blank lines and lines starting with # are
// skipped.
func LoadEvalCases(r io.Reader) ([]EvalCase, error) {
	var cases []EvalCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		var c EvalCase
		if err := json.Unmarshal([]byte(s), &c); err != nil {
			return nil, fmt.Errorf("assistant: eval line %d: %w", line, err)
		}
		if c.Text == "" || c.Intent == "" {
			return nil, fmt.Errorf("assistant: eval line %d: text and intent are required", line)
		}
		c.Line = line
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("assistant: read eval: %w", err)
	}
	return cases, nil
}

// EvalMiss is a case with a wrong intent or wrong entities.
type EvalMiss struct {
	Line       int
	Text       string
	WantIntent Intent
	GotIntent  Intent
	Missing    []string // expected entities not found
	Extra      []string // entities found but not expected
}

// EvalReport holds intent accuracy and entity micro-averaged P/R/F1.
type EvalReport struct {
	Cases          int
	IntentCorrect  int
	IntentAccuracy float64
	TruePos        int
	FalsePos       int
	FalseNeg       int
	Precision      float64
	Recall         float64
	F1             float64
	Misses         []EvalMiss
	// Confusion counts [want][got] for wrong intents.
	Confusion map[Intent]map[Intent]int
}

// Evaluate parses every case and scores it. Entities are compared as
// multisets of their canonical strings (see Parse.Entities).
func Evaluate(n *NLU, cases []EvalCase) EvalReport {
	rep := EvalReport{Cases: len(cases), Confusion: map[Intent]map[Intent]int{}}
	for _, c := range cases {
		var st ConversationState
		if c.Prev != nil {
			st = *c.Prev
		}
		p, err := n.Parse(c.Text, st)
		got := p.Intent
		if err != nil {
			got = ""
		}
		gotEnt := p.Entities()
		missing, extra := diffMultiset(c.Entities, gotEnt)
		tp := len(c.Entities) - len(missing)
		rep.TruePos += tp
		rep.FalseNeg += len(missing)
		rep.FalsePos += len(extra)
		if got == c.Intent {
			rep.IntentCorrect++
		} else {
			if rep.Confusion[c.Intent] == nil {
				rep.Confusion[c.Intent] = map[Intent]int{}
			}
			rep.Confusion[c.Intent][got]++
		}
		if got != c.Intent || len(missing) > 0 || len(extra) > 0 {
			rep.Misses = append(rep.Misses, EvalMiss{Line: c.Line, Text: c.Text, WantIntent: c.Intent, GotIntent: got, Missing: missing, Extra: extra})
		}
	}
	if rep.Cases > 0 {
		rep.IntentAccuracy = float64(rep.IntentCorrect) / float64(rep.Cases)
	}
	rep.Precision, rep.Recall, rep.F1 = 1, 1, 1
	if rep.TruePos+rep.FalsePos > 0 {
		rep.Precision = float64(rep.TruePos) / float64(rep.TruePos+rep.FalsePos)
	}
	if rep.TruePos+rep.FalseNeg > 0 {
		rep.Recall = float64(rep.TruePos) / float64(rep.TruePos+rep.FalseNeg)
	}
	if rep.Precision+rep.Recall > 0 {
		rep.F1 = 2 * rep.Precision * rep.Recall / (rep.Precision + rep.Recall)
	} else {
		rep.F1 = 0
	}
	return rep
}

// diffMultiset returns the items of want not in got and of got not in want,
// counting duplicates.
func diffMultiset(want, got []string) (missing, extra []string) {
	left := slices.Clone(got)
	for _, w := range want {
		if i := slices.Index(left, w); i >= 0 {
			left = slices.Delete(left, i, i+1)
		} else {
			missing = append(missing, w)
		}
	}
	return missing, left
}

// WriteReport prints the scores and every miss.
func (r EvalReport) WriteReport(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "cases: %d\n", r.Cases)
	fmt.Fprintf(&b, "intent accuracy: %.1f%% (%d/%d)\n", 100*r.IntentAccuracy, r.IntentCorrect, r.Cases)
	fmt.Fprintf(&b, "entity micro: precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)\n", r.Precision, r.Recall, r.F1, r.TruePos, r.FalsePos, r.FalseNeg)
	if len(r.Misses) > 0 {
		b.WriteString("\nmisses (line: text | want → got | missing / extra entities):\n")
	}
	for _, m := range r.Misses {
		mark := "  "
		if m.WantIntent != m.GotIntent {
			mark = "✗ "
		}
		fmt.Fprintf(&b, "%s%d: %q | %s → %s", mark, m.Line, m.Text, m.WantIntent, m.GotIntent)
		if len(m.Missing) > 0 {
			fmt.Fprintf(&b, " | missing %v", m.Missing)
		}
		if len(m.Extra) > 0 {
			fmt.Fprintf(&b, " | extra %v", m.Extra)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
