package heldout_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/assistant/chatdata"
	"github.com/zoe-nutritech/zoe/internal/assistant/heldout"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/prices"
)

// TestBaseline runs the real assistant on the held-out set for the fixture patient and
// prints the accuracy per category, nothing else (no utterance, no answer), so the
// figure can be reported without showing the cases. It runs only with
// HELDOUT_BASELINE=1 and never fails on the accuracy: it measures.
func TestBaseline(t *testing.T) {
	if os.Getenv("HELDOUT_BASELINE") != "1" {
		t.Skip("set HELDOUT_BASELINE=1 to measure the assistant on the held-out set")
	}
	ctx := context.Background()
	d := dbtest.NewSQLite(t)
	cat := catalog.New(d, cache.NewLRU(1000, time.Minute), nil)
	if _, err := cat.ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := prices.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.ImportPrices(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	set, err := heldout.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := heldout.PricesFromDB(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	env, err := heldout.NewEnv(set.Fixture, p)
	if err != nil {
		t.Fatal(err)
	}
	user, err := heldout.Seed(ctx, d, set.Fixture)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := chatdata.BuildLexicon(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	fx := set.Fixture
	now := fx.Now
	data := &chatdata.Data{DB: d, Catalog: cat, User: user, Loc: fx.Location(), Now: now}
	a := assistant.New(lex, data, assistant.WithClock(now), assistant.WithLocation(fx.Location()))
	rep := heldout.Evaluate(env, set.Cases, func(c heldout.Case) (string, error) {
		reply, _, err := a.Reply(ctx, assistant.ConversationState{}, c.Utterance)
		return reply.Text, err
	})
	var b strings.Builder
	if err := rep.WriteSummary(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	// HELDOUT_BASELINE_OUT=FILE writes every outcome, for reviewers of the set only.
	if path := os.Getenv("HELDOUT_BASELINE_OUT"); path != "" {
		out, err := json.MarshalIndent(rep.Outcomes, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
