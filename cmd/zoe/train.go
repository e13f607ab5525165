package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/internal/advice/suggest"
	"github.com/zoe-nutritech/zoe/internal/config"
	"github.com/zoe-nutritech/zoe/internal/safe"
)

// modelWatchInterval is how often serve looks for a new model file.
const modelWatchInterval = 30 * time.Second

func modelsDir(cfg config.Config) string { return filepath.Join(cfg.ModelsDir, "recommender") }

// startModels loads the newest valid recommender model and watches the directory until
// ctx ends (serve's shutdown), logging each switch; without a valid model the
// recommendations use rules alone, with a warning here and on /admin/models.
func startModels(ctx context.Context, cfg config.Config, log *slog.Logger) *recommend.Registry {
	reg := recommend.NewRegistry(modelsDir(cfg))
	logModel(log, reg.Status())
	safe.Go(log, "model watcher", func() {
		reg.Watch(ctx, modelWatchInterval, func() { logModel(log, reg.Status()) })
	})
	return reg
}

func logModel(log *slog.Logger, st recommend.Status) {
	switch {
	case !st.Loaded:
		log.Warn("no valid recommender model: recommendations use rules only", "dir", st.Dir, "reason", st.Warning)
	case st.Warning != "":
		log.Warn("recommender model loaded with a warning", "version", st.Version, "warning", st.Warning)
	default:
		log.Info("recommender model loaded", "version", st.Version, "trained_at", st.TrainedAt, "synthetic", st.SyntheticData)
	}
}

// train retrains the recommender from the database and writes the next model version.
func train(ctx context.Context, args []string) error {
	c := newCommand("train", "zoe train [--models-dir DIR] [--database-url URL]",
		"Retrains the recommender from patients' diaries and answers and writes the next model version.", true)
	dir := c.String("models-dir", modelsDir(c.cfg), "directory of the recommender model files")
	return c.runDB(ctx, args, nil, func(d *db.DB, _ []string) error { return runTrain(ctx, d, *dir, os.Stdout) })
}

func runTrain(ctx context.Context, d *db.DB, dir string, out io.Writer) error {
	rep, err := suggest.Train(ctx, d, dir, time.Now())
	fmt.Fprintf(out, "read %d patients, %d diary entries, %d answered recommendations: %d examples\n",
		rep.Users, rep.Logs, rep.Answers, rep.Examples)
	if errors.Is(err, suggest.ErrTooLittleData) {
		return fmt.Errorf("%w; the current model stays in use", err)
	}
	if err != nil {
		return err
	}
	m := rep.Metrics
	fmt.Fprintf(out, "wrote %s (%s)\n", rep.Path, rep.Model.VersionLabel())
	fmt.Fprintf(out, "held out: %d examples (%d positive) from %d users\n", m.HeldOutExamples, m.HeldOutPositives, m.HeldOutUsers)
	fmt.Fprintf(out, "AUC %.3f  precision@5 %.3f  log loss %.3f  (%d training examples, %d iterations)\n",
		m.AUC, m.PrecisionAt5, m.LogLoss, m.TrainExamples, m.Iterations)
	if m.Note != "" {
		fmt.Fprintln(out, "note:", m.Note)
	}
	fmt.Fprintln(out, "a running server switches to it within", modelWatchInterval, "(no restart needed)")
	return nil
}
