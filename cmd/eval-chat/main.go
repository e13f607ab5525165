// Command eval-chat scores the chat assistant on three sets:
//
//   - the labelled NLU set (intent accuracy, entity micro-F1 and every
//     misclassified line);
//
//   - the development answer set (internal/assistant/testdata/dev_answers.jsonl):
//     answer-content accuracy by category, with every failure, for tuning;
//
//   - the held-out test set (internal/assistant/heldout): answer-content accuracy
//     by category only, with the real assistant answering for the seeded fixture
//     patient. No held-out question, answer or failed check is ever printed.
//
//     go run ./cmd/eval-chat [-set FILE] [-lexicon FILE] [-dev FILE] [-heldout=false]
//
// It exits with status 1 when the NLU targets (intent accuracy ≥ 90 %, entity
// F1 ≥ 0.85) are missed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/assistant/heldout"
	"github.com/zoe-nutritech/zoe/internal/assistant/heldouteval"
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
	setPath := flag.String("set", "internal/assistant/testdata/eval.jsonl", "labelled utterances (JSON Lines)")
	lexPath := flag.String("lexicon", "internal/assistant/testdata/lexicon.json", "food lexicon (JSON array of {key, names})")
	devPath := flag.String("dev", "internal/assistant/testdata/dev_answers.jsonl", "development answer-content cases (heldout format); empty to skip")
	withHeldout := flag.Bool("heldout", true, "score the held-out test set (per-category accuracy only)")
	flag.Parse()

	rep, err := nluReport(*setPath, *lexPath)
	if err != nil {
		return err
	}
	fmt.Println("== NLU set: intent and entities ==")
	if err := rep.WriteReport(os.Stdout); err != nil {
		return err
	}

	if *devPath != "" || *withHeldout {
		ctx := context.Background()
		h, err := heldouteval.New(ctx)
		if err != nil {
			return err
		}
		defer h.Close()
		if *devPath != "" {
			if err := devReport(ctx, h, *devPath); err != nil {
				return err
			}
		}
		if *withHeldout {
			fmt.Println("\n== Held-out test set: answer content by category (no questions shown) ==")
			if err := h.HeldOut(ctx).WriteSummary(os.Stdout); err != nil {
				return err
			}
		}
	}

	if rep.IntentAccuracy < minIntentAccuracy || rep.F1 < minEntityF1 {
		return fmt.Errorf("targets missed: intent accuracy %.1f%% (need %.0f%%), entity F1 %.3f (need %.2f)",
			100*rep.IntentAccuracy, 100*minIntentAccuracy, rep.F1, minEntityF1)
	}
	fmt.Println("NLU targets met")
	return nil
}

func nluReport(setPath, lexPath string) (assistant.EvalReport, error) {
	lex, err := readFile(lexPath, assistant.LoadLexiconJSON)
	if err != nil {
		return assistant.EvalReport{}, err
	}
	cases, err := readFile(setPath, assistant.LoadEvalCases)
	if err != nil {
		return assistant.EvalReport{}, err
	}
	return assistant.Evaluate(assistant.NewNLU(lex), cases), nil
}

// readFile opens path and reads it with read.
func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(f)
}

// devReport scores the development answer set and lists its failures (the set the
// assistant is tuned on, so showing them is the point).
func devReport(ctx context.Context, h *heldouteval.Harness, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cases, err := heldout.ParseCases(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rep := h.Evaluate(ctx, cases)
	fmt.Println("\n== Development answer set: answer content by category ==")
	if err := rep.WriteSummary(os.Stdout); err != nil {
		return err
	}
	for _, o := range rep.Outcomes {
		if !o.Pass {
			fmt.Printf("✗ %s %q\n    answer: %q\n    lacks: %v\n", o.ID, o.Utterance, o.Answer, o.Failed)
			if o.Err != nil {
				fmt.Printf("    error: %v\n", o.Err)
			}
		}
	}
	return nil
}
