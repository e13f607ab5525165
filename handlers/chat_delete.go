package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
)

// chatDelete deletes one of the user's own turns (another user's id is a 404).
func (s *Server) chatDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := rowsOrNotFound(s.DB.ChatDeleteMessage(c.UserContext(), db.ChatDeleteMessageParams{ID: id, UserID: u.ID})); err != nil {
		return err
	}
	if isHTMX(c) {
		toast(c, "Message deleted.")
		return c.Status(fiber.StatusOK).SendString("") // the turn is swapped for nothing
	}
	s.setFlash(c, "ok", "Message deleted.")
	return redirect(c, "/chat")
}

// chatDeleteAll deletes the user's whole conversation.
func (s *Server) chatDeleteAll(c *fiber.Ctx) error {
	u := currentUser(c)
	n, err := s.DB.ChatDeleteAll(c.UserContext(), u.ID)
	if err != nil {
		return errInternal(err)
	}
	s.audit(c, &u.ID, &u.ID, "chat.delete_all", "")
	if n == 0 {
		s.setFlash(c, "ok", "There were no messages to delete.")
	} else {
		s.setFlash(c, "ok", "Your conversation with the assistant was deleted.")
	}
	return redirect(c, "/chat")
}
