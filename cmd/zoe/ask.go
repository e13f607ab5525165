package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/handlers"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/cache"
)

// ask answers one chat message for a user from the command line.
func ask(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("ask", `zoe ask --user USERNAME [--database-url URL] "question"`,
		"Asks the nutrition assistant a question as the patient USERNAME and prints its reply:\n"+
			"the same answers, safety advice and conversation history as the web chat, and the\n"+
			"turn is stored in the patient's chat history. The optional LLM backend is used only\n"+
			"when configured (ZOE_LLM_URL and ZOE_LLM_MODEL).", true)
	user := c.String("user", "", "the patient's username")
	c.out = stdout
	var question string
	check := func(rest []string) error {
		question = strings.TrimSpace(strings.Join(rest, " "))
		switch {
		case strings.TrimSpace(*user) == "":
			return c.fail("--user is required")
		case question == "":
			return c.fail("no question given")
		}
		return nil
	}
	return helpShown(c.runDB(ctx, args, check, func(d *db.DB, _ []string) error {
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
		asker := handlers.NewChatAsker(handlers.Deps{Config: c.cfg, DB: d, Cache: cache.NewLRU(1000, 10*time.Minute), Log: newLogger(c.cfg)})
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
	}))
}
