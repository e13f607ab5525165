// Package heldouteval runs the real chat assistant on the held-out test set
// (internal/assistant/heldout) for its seeded fixture patient and returns the
// report. It is the harness shared by cmd/eval-chat and the regression test;
// callers must print only the per-category summary (Report.WriteSummary),
// never the cases, answers or failed checks.
package heldouteval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/assistant/chatdata"
	"github.com/zoe-nutritech/zoe/internal/assistant/heldout"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// Harness is the real assistant for the seeded fixture patient in a fresh
// SQLite database, and the environment expectations are resolved in.
type Harness struct {
	Set *heldout.Set
	Env *heldout.Env
	// Assistant answers as the fixture patient, its clock at the fixture's now.
	Assistant *assistant.Assistant
	dir       string
	db        *db.DB
}

// New creates a fresh SQLite database in a temporary directory, migrates it,
// imports the food table and the bundled WFP prices and seeds the fixture
// patient. Close removes it.
func New(ctx context.Context) (h *Harness, err error) {
	dir, err := os.MkdirTemp("", "zoe-heldout-")
	if err != nil {
		return nil, err
	}
	h = &Harness{dir: dir}
	defer func() {
		if err != nil {
			h.Close()
		}
	}()
	h.db, err = db.Open(ctx, "sqlite:"+filepath.Join(dir, "zoe.db"), db.Options{MaxConns: 4})
	if err != nil {
		return nil, fmt.Errorf("heldouteval: open: %w", err)
	}
	d := h.db
	if _, err := d.MigrateUp(ctx); err != nil {
		return nil, fmt.Errorf("heldouteval: migrate: %w", err)
	}
	cat := catalog.New(d, cache.NewLRU(1000, time.Minute), nil)
	if _, err := cat.ImportFoods(ctx); err != nil {
		return nil, fmt.Errorf("heldouteval: foods: %w", err)
	}
	r, err := prices.Bundled()
	if err != nil {
		return nil, err
	}
	if _, err := cat.ImportPrices(ctx, r, nil); err != nil {
		return nil, fmt.Errorf("heldouteval: prices: %w", err)
	}
	if h.Set, err = heldout.Load(); err != nil {
		return nil, err
	}
	p, err := heldout.PricesFromDB(ctx, d)
	if err != nil {
		return nil, err
	}
	if h.Env, err = heldout.NewEnv(h.Set.Fixture, p); err != nil {
		return nil, err
	}
	user, err := heldout.Seed(ctx, d, h.Set.Fixture)
	if err != nil {
		return nil, err
	}
	lex, err := chatdata.BuildLexicon(ctx, d)
	if err != nil {
		return nil, err
	}
	fx := h.Set.Fixture
	data := &chatdata.Data{DB: d, Catalog: cat, User: user, Loc: fx.Location(), Now: fx.Now}
	h.Assistant = assistant.New(lex, data, assistant.WithClock(fx.Now), assistant.WithLocation(fx.Location()))
	return h, nil
}

// Close removes the database.
func (h *Harness) Close() {
	if h.db != nil {
		h.db.Close()
	}
	os.RemoveAll(h.dir)
}

// Evaluate asks the assistant every case in a fresh conversation and scores the
// answers' content.
func (h *Harness) Evaluate(ctx context.Context, cases []heldout.Case) heldout.Report {
	return heldout.Evaluate(h.Env, cases, func(c heldout.Case) (string, error) {
		reply, _, err := h.Assistant.Reply(ctx, assistant.ConversationState{}, c.Utterance)
		return reply.Text, err
	})
}

// HeldOut runs the held-out test set. Print only its WriteSummary.
func (h *Harness) HeldOut(ctx context.Context) heldout.Report { return h.Evaluate(ctx, h.Set.Cases) }
