package handlers

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/zoe-nutritech/zoe/internal/formkeys"
)

// replayedHeaders are the answer headers a replay repeats.
var replayedHeaders = []string{fiber.HeaderLocation, fiber.HeaderContentType, "HX-Redirect", "HX-Trigger", "HX-Location", "HX-Refresh"}

// once makes a form that creates rows idempotent (internal/formkeys): the first post of a
// form's key is processed and its answer kept; a post of the same key again (a retry on a
// bad connection, a double tap) gets the same answer and creates nothing. A post without
// a key (a page rendered before keys existed) is processed as before.
func (s *Server) once(c *fiber.Ctx) error {
	key := utils.CopyString(c.FormValue(formkeys.Field))
	if key == "" {
		return c.Next()
	}
	if !formkeys.Valid(key) {
		return &HTTPError{Status: http.StatusBadRequest, Msg: "This form is damaged: reload the page and try again."}
	}
	u := currentUser(c)
	ctx := c.UserContext()
	store := &formkeys.Store{DB: s.DB}
	route := utils.CopyString(c.Path())
	prev, err := store.Begin(ctx, u.ID, key, route)
	switch {
	case errors.Is(err, formkeys.ErrBusy):
		return &HTTPError{Status: http.StatusConflict, Msg: "This form is still being saved. Wait a moment, then reload the page to see it."}
	case errors.Is(err, formkeys.ErrOtherForm):
		return &HTTPError{Status: http.StatusUnprocessableEntity, Msg: "This form is damaged: reload the page and try again."}
	case err != nil:
		return errInternal(err)
	case prev != nil:
		for k, v := range prev.Headers {
			c.Set(k, v)
		}
		c.Set("X-Replayed", "1")
		c.Status(prev.Status)
		return c.Send(prev.Body)
	}
	err = c.Next()
	status := c.Response().StatusCode()
	if err != nil || status >= 400 {
		if rerr := store.Release(ctx, u.ID, key); rerr != nil {
			s.Log.Error("form key not released", "user", u.ID, "err", rerr)
		}
		return err
	}
	a := formkeys.Answer{Status: status, Headers: map[string]string{}}
	for _, h := range replayedHeaders {
		if v := c.GetRespHeader(h); v != "" {
			a.Headers[h] = utils.CopyString(v)
		}
	}
	if status >= 200 && status < 300 && status != http.StatusNoContent {
		a.Body = append([]byte(nil), c.Response().Body()...)
	}
	if ferr := store.Finish(ctx, u.ID, key, a); ferr != nil {
		// The rows are stored; only a replay would not find the answer (it waits, then 409).
		s.Log.Error("form key not finished", "user", u.ID, "err", ferr)
	}
	return nil
}
