package handlers

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/advice/recommend"
	"github.com/zoe-nutritech/zoe/views"
)

// adminModels shows which recommender model the server uses, its training data and
// offline metrics, and why newer files were passed over (or why rules alone are used).
func (s *Server) adminModels(c *fiber.Ctx) error {
	return s.render(c, 200, views.AdminModelsPage(s.page(c, "Recommender model", "models"), modelsVM(s.Models.Status())))
}

// adminModelsReload rescans the model directory now instead of waiting for the watcher.
func (s *Server) adminModelsReload(c *fiber.Ctx) error {
	st := s.Models.Reload()
	u := currentUser(c)
	s.audit(c, &u.ID, nil, "recommender.reload", st.Version)
	if st.Loaded {
		s.setFlash(c, "ok", "Using model "+st.Version+".")
	} else {
		s.setFlash(c, "warn", "No valid model: recommendations use rules only.")
	}
	return redirect(c, "/admin/models")
}

func modelsVM(st recommend.Status) views.AdminModelsVM {
	vm := views.AdminModelsVM{Warning: st.Warning}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	row := func(label, value, level string) {
		vm.Rows = append(vm.Rows, views.ModelRowVM{Label: label, Value: value, Level: level})
	}
	if !st.Loaded {
		row("In use", "rules only (no valid model)", "bad")
	} else {
		row("In use", st.Version+" ("+filepath.Base(st.File)+")", "ok")
		row("Trained at", when(st.TrainedAt), "")
		data := "real patients' diaries and answers"
		level := ""
		if st.SyntheticData {
			data, level = "synthetic data (the shipped default): run zoe train once patients have history", "warn"
		}
		row("Trained on", data, level)
		if st.Description != "" {
			row("Description", st.Description, "")
		}
		row("Training data", fmt.Sprintf("%d users, %d examples (%d positive)", st.Training.Users, st.Training.Examples, st.Training.Positives), "")
		m := st.Metrics
		row("Held-out metrics", fmt.Sprintf("AUC %.3f · precision@5 %.3f · log loss %.3f", m.AUC, m.PrecisionAt5, m.LogLoss), "")
		row("Held-out split", fmt.Sprintf("%d examples (%d positive) from %d users; %d training examples",
			m.HeldOutExamples, m.HeldOutPositives, m.HeldOutUsers, m.TrainExamples), "")
		if m.Note != "" {
			row("Note", m.Note, "")
		}
	}
	row("Directory", st.Dir, "")
	row("Loaded at", when(st.LoadedAt), "")
	row("Last checked", when(st.CheckedAt), "")
	for _, f := range st.Skipped {
		vm.Skipped = append(vm.Skipped, views.ModelFileVM{Name: filepath.Base(f.Path), Reason: f.Reason})
	}
	return vm
}
