package handlers

import (
	"context"
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/assistant"
	"github.com/zoe-nutritech/zoe/internal/input"
	"github.com/zoe-nutritech/zoe/views"
)

// chatPageSize is how many turns one page of chat history shows.
const chatPageSize = 20

// chatShow is the chat page: the latest turns, or an earlier page (?before=ID, for
// browsers without JavaScript).
func (s *Server) chatShow(c *fiber.Ctx) error {
	u := currentUser(c)
	before, err := chatCursor(c)
	if err != nil {
		return err
	}
	turns, earlier, err := s.chatTurns(c.UserContext(), u, before)
	if err != nil {
		return err
	}
	vm := views.ChatVM{Turns: turns, EarlierBefore: earlier, MaxRunes: assistant.MaxMessageRunes}
	return s.render(c, 200, views.ChatPage(s.page(c, "Assistant", "chat"), vm))
}

// chatHistory is one earlier page of history, swapped in place of "load earlier".
func (s *Server) chatHistory(c *fiber.Ctx) error {
	before, err := chatCursor(c)
	if err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect("/chat?before="+strconv.FormatInt(before, 10), fiber.StatusSeeOther)
	}
	turns, earlier, err := s.chatTurns(c.UserContext(), currentUser(c), before)
	if err != nil {
		return err
	}
	c.Set("Vary", "HX-Request")
	return s.render(c, 200, views.ChatHistoryFragment(csrfToken(c), turns, earlier))
}

// chatCursor reads ?before=ID (absent: the newest page).
func chatCursor(c *fiber.Ctx) (int64, error) {
	v := c.Query("before")
	if v == "" {
		return math.MaxInt64, nil
	}
	id, ok := input.ID(v)
	if !ok {
		return 0, &HTTPError{Status: 400, Msg: "That page link is not valid."}
	}
	return id, nil
}

// chatTurns loads one page of the user's own history older than before, oldest first,
// and the cursor of the page before it (0: none). On the newest page, the last turn
// keeps its Yes / No buttons while its proposal waits.
func (s *Server) chatTurns(ctx context.Context, u *db.User, before int64) ([]views.ChatTurn, int64, error) {
	rows, err := s.DB.ChatListMessages(ctx, db.ChatListMessagesParams{UserID: u.ID, BeforeID: before, Lim: chatPageSize + 1})
	if err != nil {
		return nil, 0, errInternal(err)
	}
	var earlier int64
	if len(rows) > chatPageSize {
		rows = rows[:chatPageSize]
		earlier = rows[len(rows)-1].ID
	}
	loc := userLoc(u)
	turns := make([]views.ChatTurn, len(rows))
	for i, r := range rows {
		t := views.ChatTurn{ID: r.ID, Message: r.Message, Response: r.Response, When: showTime(r.CreatedAt, loc)}
		if i == 0 && before == math.MaxInt64 {
			if st, err := assistant.DecodeState([]byte(r.Entities)); err == nil {
				t.Confirm = st.Pending != nil || st.PendingGlucose != nil
			}
		}
		turns[len(rows)-1-i] = t
	}
	return turns, earlier, nil
}
