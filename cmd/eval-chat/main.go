// Command eval-chat scores the chat assistant's NLU on a labelled set:
// intent accuracy, entity micro-F1 and every misclassified line.
//
//	go run ./cmd/eval-chat [-set assistant/testdata/eval.jsonl] [-lexicon assistant/testdata/lexicon.json]
//
// It exits with status 1 when the targets (intent accuracy ≥ 90 %, entity
// F1 ≥ 0.85) are missed.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zoe-nutritech/zoe/internal/assistant"
)

// Targets the assistant is held to.
const (
	minIntentAccuracy = 0.90
	minEntityF1       = 0.85
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "eval-chat:", err)
		os.Exit(1)
	}
}

func run() error {
	setPath := flag.String("set", "assistant/testdata/eval.jsonl", "labelled utterances (JSON Lines)")
	lexPath := flag.String("lexicon", "assistant/testdata/lexicon.json", "food lexicon (JSON array of {key, names})")
	flag.Parse()

	lf, err := os.Open(*lexPath)
	if err != nil {
		return err
	}
	defer lf.Close()
	lex, err := assistant.LoadLexiconJSON(lf)
	if err != nil {
		return err
	}
	sf, err := os.Open(*setPath)
	if err != nil {
		return err
	}
	defer sf.Close()
	cases, err := assistant.LoadEvalCases(sf)
	if err != nil {
		return err
	}
	rep := assistant.Evaluate(assistant.NewNLU(lex), cases)
	if err := rep.WriteReport(os.Stdout); err != nil {
		return err
	}
	if rep.IntentAccuracy < minIntentAccuracy || rep.F1 < minEntityF1 {
		return fmt.Errorf("targets missed: intent accuracy %.1f%% (need %.0f%%), entity F1 %.3f (need %.2f)",
			100*rep.IntentAccuracy, 100*minIntentAccuracy, rep.F1, minEntityF1)
	}
	fmt.Println("targets met")
	return nil
}
