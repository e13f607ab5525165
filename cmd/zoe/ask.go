package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

const askUsage = `Usage: zoe ask --user USERNAME [--database-url URL] "question"

Asks the nutrition assistant a question as the patient USERNAME and prints its reply:
the same answers, safety advice and conversation history as the web chat, and the
turn is stored in the patient's chat history. The optional LLM backend is used only
when configured (ZOE_LLM_URL and ZOE_LLM_MODEL).
`

// ask answers one chat message for a user from the command line.
func ask(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("zoe ask", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() { fmt.Fprint(fs.Output(), askUsage); fs.PrintDefaults() }
	user := fs.String("user", "", "the patient's username")
	dbURL := fs.String("database-url", "", "SQLite path or postgres:// URL (default: DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	switch {
	case strings.TrimSpace(*user) == "":
		return usageError{"ask: --user is required"}
	case question == "":
		return usageError{"ask: no question given"}
	}
	cfg, _, err := loadConfig("ask", nil)
	if err != nil {
		return err
	}
	if *dbURL != "" {
		cfg.DatabaseURL = *dbURL
	}
	d, err := openMigratedDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := d.GetUserByLogin(ctx, trimLower(*user))
	if db.IsNotFound(err) {
		return fmt.Errorf("ask: no user %q", *user)
	}
	if err != nil {
		return err
	}
	if u.Role != "patient" {
		// the web chat is for patients (handlers/routes.go): the same rule here
		return fmt.Errorf("ask: %q is a %s; the assistant answers patients", u.Username, u.Role)
	}
	asker := handlers.NewChatAsker(handlers.Deps{Config: cfg, DB: d, Cache: cache.NewLRU(1000, 10*time.Minute), Log: newLogger(cfg)})
	reply, err := asker.Ask(ctx, &u, question)
	var ie *assistant.InputError
	if errors.As(err, &ie) {
		return fmt.Errorf("ask: %s", ie.Message)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, reply)
	return err
}
