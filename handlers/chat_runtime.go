package handlers

import (
	"context"
	"log/slog"
	"sync"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/assistant/chatdata"
)

// chatRuntime holds what every chat turn shares: the food lexicon, built from the food
// table on first use (again while the table is still empty, so a fresh install picks up
// its first import), and the optional LLM client.
type chatRuntime struct {
	mu      sync.Mutex
	lex     *assistant.MemoryLexicon
	llmOnce sync.Once
	llm     assistant.Completer
}

// chatLexicon returns the shared lexicon, building it if needed.
func (s *Server) chatLexicon(ctx context.Context) (*assistant.MemoryLexicon, error) {
	s.chat.mu.Lock()
	defer s.chat.mu.Unlock()
	if s.chat.lex != nil && s.chat.lex.Len() > 0 {
		return s.chat.lex, nil
	}
	lex, err := chatdata.BuildLexicon(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	s.chat.lex = lex
	s.Log.Info("assistant lexicon built", "foods", lex.Len())
	return lex, nil
}

// chatLLM is the configured LLM backend, or nil. The key is never logged.
func (s *Server) chatLLM() assistant.Completer {
	s.chat.llmOnce.Do(func() {
		cfg := s.Config
		if cfg.LLMURL == "" || cfg.LLMModel == "" {
			return
		}
		c, err := assistant.NewLLMClient(assistant.LLMConfig{BaseURL: cfg.LLMURL, APIKey: cfg.LLMKey, Model: cfg.LLMModel}, nil)
		if err != nil {
			s.Log.Warn("assistant LLM disabled", "err", err)
			return
		}
		s.chat.llm = loggedCompleter{c: c, log: s.Log}
	})
	return s.chat.llm
}

// loggedCompleter logs LLM failures (the assistant then answers with its built-in text).
// The client's errors never contain the key or the response body.
type loggedCompleter struct {
	c   assistant.Completer
	log *slog.Logger
}

func (l loggedCompleter) Complete(ctx context.Context, msgs []assistant.ChatMessage) (string, error) {
	out, err := l.c.Complete(ctx, msgs)
	if err != nil {
		l.log.Warn("assistant LLM failed; built-in answer used", "err", err)
	}
	return out, err
}

// chatAssistant builds the assistant for one patient's turn.
func (s *Server) chatAssistant(ctx context.Context, u *db.User) (*assistant.Assistant, error) {
	lex, err := s.chatLexicon(ctx)
	if err != nil {
		return nil, err
	}
	loc := userLoc(u)
	data := &chatdata.Data{DB: s.DB, Catalog: s.Catalog, User: *u, Loc: loc}
	opts := []assistant.Option{assistant.WithLocation(loc)}
	if llm := s.chatLLM(); llm != nil {
		opts = append(opts, assistant.WithLLM(llm))
	}
	return assistant.New(lex, data, opts...), nil
}
