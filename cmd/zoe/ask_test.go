package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// `zoe ask` answers as the patient from the database, with the web chat's grounding and
// safety, and stores the turn in the patient's history so a follow-up carries on.
// foodDB makes a migrated database at path holding the food table, closed when the test
// ends, and its catalogue.
func foodDB(ctx context.Context, t *testing.T, path string) (*db.DB, *catalog.Catalog) {
	t.Helper()
	d, err := db.Open(ctx, path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	cat := catalog.New(d, cache.NewLRU(100, time.Minute), nil)
	if _, err := cat.ImportFoods(ctx); err != nil {
		t.Fatal(err)
	}
	return d, cat
}

func TestAskPrintsTheReplyAndStoresTheTurn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zoe.db")
	d, _ := foodDB(ctx, t, path)
	u, err := d.CreateUser(ctx, db.CreateUserParams{Username: "apio", Email: "apio@example.org", PasswordHash: "x", Role: "patient",
		GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", path)

	var out bytes.Buffer
	if err := ask(ctx, []string{"--user", "apio", "how many carbs in 2 cups of boiled rice"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "2 cups of Rice") || !strings.Contains(got, "83 g of carbohydrate") {
		t.Errorf("reply: %q", got)
	}
	out.Reset()
	if err := ask(ctx, []string{"--user", "APIO", "I'm shaking and my sugar is 3.1"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "rule of 15") {
		t.Errorf("hypo reply lacks the rule of 15: %q", got)
	}
	rows, err := d.ChatListMessages(ctx, db.ChatListMessagesParams{UserID: u.ID, BeforeID: 1 << 62, Lim: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !strings.Contains(rows[1].Message, "boiled rice") || rows[1].Intent != "nutrition_fact" {
		t.Fatalf("stored turns: %+v", rows)
	}

	// a proposed log is confirmed in the next call and saved through the chat's write path
	out.Reset()
	if err := ask(ctx, []string{"--user", "apio", "I had 2 cups of boiled rice for lunch"}, &out); err != nil {
		t.Fatal(err)
	}
	if err := ask(ctx, []string{"--user", "apio", "yes"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Saved") && !strings.Contains(out.String(), "saved") {
		t.Errorf("confirmation: %q", out.String())
	}
	day := time.Now().Add(-48 * time.Hour)
	entries, err := d.ListDiaryBetween(ctx, db.ListDiaryBetweenParams{UserID: u.ID, Since: day, Until: day.Add(96 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Grams != 316 {
		t.Fatalf("diary after yes: %+v", entries)
	}

	if err := ask(ctx, []string{"--help"}, &out); err != nil {
		t.Errorf("--help: %v", err)
	}
	for _, args := range [][]string{{"how much"}, {"--user", "apio"}, {"--user", "nobody", "hi"}, {"--bogus"}} {
		if err := ask(ctx, args, &bytes.Buffer{}); err == nil {
			t.Errorf("ask %q: no error", args)
		}
	}
}
