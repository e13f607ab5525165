package handlers

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/assistant/chatdata"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/views"
)

// errAlreadyHandled: a concurrent "yes" saved the proposal first.
var errAlreadyHandled = errors.New("chat: proposal already handled")

// chatSend answers one message: the assistant replies from the conversation state stored
// with the previous turn; a confirmed log is saved with the new turn in one transaction.
func (s *Server) chatSend(c *fiber.Ctx) error {
	u := currentUser(c)
	msg := c.FormValue("message")
	turn, prev, st, err := s.chatTurn(c.UserContext(), u, msg)
	var ie *assistant.InputError
	if errors.As(err, &ie) {
		return s.chatInvalid(c, u, msg, ie.Message)
	}
	if err != nil {
		return errInternal(err)
	}
	if !isHTMX(c) {
		return redirect(c, "/chat")
	}
	var clear int64
	if st.Pending != nil || st.PendingGlucose != nil {
		clear = prev.ID // its Yes / No buttons are answered now
	}
	return s.render(c, 200, views.ChatReplyFragment(csrfToken(c), turn, assistant.MaxMessageRunes, clear))
}

// chatTurn is one chat turn for u, with or without HTTP: the assistant replies from the
// conversation state stored with the previous turn, and the turn (with a confirmed log)
// is stored. It returns the stored turn, the previous one and its state; an
// *assistant.InputError for a refused message.
func (s *Server) chatTurn(ctx context.Context, u *db.User, msg string) (views.ChatTurn, db.ChatHistory, assistant.ConversationState, error) {
	var st assistant.ConversationState
	a, err := s.chatAssistant(ctx, u)
	if err != nil {
		return views.ChatTurn{}, db.ChatHistory{}, st, err
	}
	prev, err := s.DB.ChatLatestMessage(ctx, u.ID)
	if err != nil && !db.IsNotFound(err) {
		return views.ChatTurn{}, prev, st, err
	}
	st, err = assistant.DecodeState([]byte(prev.Entities))
	if err != nil {
		s.Log.Warn("chat: unreadable conversation state; starting afresh", "user", u.ID, "err", err)
		st = assistant.ConversationState{}
	}
	reply, next, err := a.Reply(ctx, st, msg)
	if err != nil {
		return views.ChatTurn{}, prev, st, err
	}
	turn, err := s.chatStore(ctx, u, prev, st, reply, next, msg)
	return turn, prev, st, err
}

// ChatAsker answers chat messages outside HTTP (zoe ask) exactly as POST /chat does: the
// same assistant, grounding, safety answers, conversation history and storage.
type ChatAsker struct{ s *Server }

// NewChatAsker builds a ChatAsker from the server's dependencies (DB and Config are
// required; the catalogue and logger default as in New).
func NewChatAsker(d Deps) *ChatAsker {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Catalog == nil {
		d.Catalog = catalog.New(d.DB, d.Cache, d.Log)
	}
	s := &Server{Deps: d}
	// the chat's confirmed logs go through the same logbook as in New
	s.book = &logbook.Book{DB: d.DB, Cache: d.Cache, Snapshots: s.offlineStore(), Log: d.Log}
	return &ChatAsker{s: s}
}

// Ask sends msg as u and returns the reply as stored in the chat history.
func (a *ChatAsker) Ask(ctx context.Context, u *db.User, msg string) (string, error) {
	turn, _, _, err := a.s.chatTurn(ctx, u, msg)
	if err != nil {
		return "", err
	}
	return turn.Response, nil
}

// chatStore saves the turn, and first the confirmed log if the reply carries one. The
// proposal is consumed with a compare-and-swap on the previous turn's state, so two
// "yes" sent at once save it once.
func (s *Server) chatStore(ctx context.Context, u *db.User, prev db.ChatHistory, st assistant.ConversationState,
	reply assistant.Reply, next assistant.ConversationState, msg string) (views.ChatTurn, error) {
	now := db.Now()
	loc := userLoc(u)
	response := reply.Text
	state, err := next.Encode()
	if err != nil {
		return views.ChatTurn{}, err
	}
	var saved chatdata.Saved
	var row db.ChatHistory
	// A confirmed log goes through the logbook, in the transaction that consumes the
	// proposal and stores the turn: the same rules and side effects as the forms.
	err = s.book.Do(ctx, *u, logbook.FromChat, "", func(tx *logbook.Tx) error {
		q := tx.Queries()
		if reply.Action != nil {
			consumed := st
			consumed.Pending, consumed.PendingGlucose = nil, nil
			cj, err := consumed.Encode()
			if err != nil {
				return err
			}
			n, err := q.ChatConsumeState(ctx, db.ChatConsumeStateParams{NewEntities: string(cj), ID: prev.ID, UserID: u.ID, OldEntities: prev.Entities})
			if err != nil {
				return err
			}
			if n == 0 {
				return errAlreadyHandled
			}
			saver := chatdata.Saver{Loc: loc, Unit: userUnit(u)}
			saved, err = saver.Save(ctx, tx, reply.Action)
			switch {
			case errors.Is(err, chatdata.ErrNothingSaved):
				response = strings.Join(append([]string{"I couldn't save that."}, saved.Lines...), "\n")
			case err != nil:
				return err
			default:
				response = strings.Join(saved.Lines, "\n")
			}
		}
		var err error
		row, err = q.ChatCreateMessage(ctx, db.ChatCreateMessageParams{Uuid: newUUID(), UserID: u.ID, Message: chatText(msg),
			Response: chatText(response), Intent: string(reply.Intent), Entities: string(state), CreatedAt: now})
		return err
	})
	if errors.Is(err, errAlreadyHandled) {
		response, saved = "That was already saved.", chatdata.Saved{}
		row, err = s.DB.ChatCreateMessage(ctx, db.ChatCreateMessageParams{Uuid: newUUID(), UserID: u.ID, Message: chatText(msg),
			Response: response, Intent: string(reply.Intent), Entities: string(state), CreatedAt: now})
	}
	if err != nil {
		return views.ChatTurn{}, err
	}
	t := views.ChatTurn{ID: row.ID, Message: row.Message, Response: row.Response, When: showTime(row.CreatedAt, loc),
		Urgent:  reply.Urgent || (saved.Feedback != nil && saved.Feedback.Urgent),
		Safety:  reply.Safety != assistant.SafetyNone || (saved.Feedback != nil && saved.Feedback.Level != "in_range"),
		Confirm: reply.Proposed != nil || reply.ProposedGlucose != nil}
	if !t.Confirm {
		t.Suggestions = reply.Suggestions
	}
	return t, nil
}

// chatText is a message as stored: valid UTF-8 without NUL bytes (PostgreSQL text
// refuses both), surrounding space trimmed.
func chatText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", ""))
}

// chatInvalid answers a refused message (empty, too long) with the box and its message.
func (s *Server) chatInvalid(c *fiber.Ctx, u *db.User, msg, problem string) error {
	if utf8.RuneCountInString(msg) > 4*assistant.MaxMessageRunes {
		msg = string([]rune(msg)[:4*assistant.MaxMessageRunes])
	}
	f := views.ChatForm{Message: chatText(msg), Error: problem}
	if isHTMX(c) {
		c.Set("HX-Retarget", "#chat-form")
		c.Set("HX-Reswap", "outerHTML")
		return s.render(c, fiber.StatusUnprocessableEntity, views.ChatFormFragment(csrfToken(c), f, assistant.MaxMessageRunes, false))
	}
	turns, earlier, err := s.chatTurns(c.UserContext(), u, math.MaxInt64)
	if err != nil {
		return err
	}
	vm := views.ChatVM{Turns: turns, EarlierBefore: earlier, Form: f, MaxRunes: assistant.MaxMessageRunes}
	return s.render(c, fiber.StatusUnprocessableEntity, views.ChatPage(s.page(c, "Assistant", "chat"), vm))
}
