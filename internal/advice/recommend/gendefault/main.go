// Command gendefault trains the default recommender model that ships with the
// app, on a SYNTHETIC population (see recommend.GenerateSynthetic), and saves
// it as the next version in the model directory.
//
//	go run ./internal/advice/recommend/gendefault -dir models/recommender
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gendefault:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "models/recommender", "model directory")
	seed := flag.Uint64("seed", 1, "seed of the synthetic population and the split")
	users := flag.Int("users", 150, "synthetic users")
	foods := flag.Int("foods", 60, "synthetic foods")
	days := flag.Int("days", 28, "simulated days")
	flag.Parse()

	m, met, err := recommend.TrainSynthetic(recommend.SyntheticConfig{
		Users: *users, Foods: *foods, Days: *days, Seed: *seed,
	}, time.Now())
	if err != nil {
		return err
	}
	path, err := recommend.Save(*dir, m)
	if err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d examples from %d synthetic users; held-out AUC %.3f, precision@5 %.3f\n",
		path, m.Training.Examples, m.Training.Users, met.AUC, met.PrecisionAt5)
	return nil
}
