package handlers

import (
	"errors"
	"net/http"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/views"
	"mime"
	"strings"
)

// render writes a templ component as HTML with the given status.
func (s *Server) render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if err := comp.Render(c.UserContext(), c.Response().BodyWriter()); err != nil {
		s.Log.Error("render failed", "path", c.Path(), "err", err)
		return err
	}
	return nil
}

// isHTMX tells an htmx request (answered with a fragment) from a plain one (a full page).
func isHTMX(c *fiber.Ctx) bool { return c.Get("HX-Request") == "true" }

// page fills what every full page shares.
func (s *Server) page(c *fiber.Ctx, title, active string) views.Page {
	p := views.Page{Title: title, Active: active, CSRF: csrfToken(c)}
	if u := currentUser(c); u != nil {
		name := u.FirstName
		if name == "" {
			name = u.Username
		}
		p.Viewer = &views.Viewer{ID: u.ID, Username: u.Username, DisplayName: name, Role: u.Role, OfflineMode: u.OfflineModeEnabled}
	}
	p.Flash = s.popFlash(c)
	return p
}

// redirect answers a POST with a redirect: HX-Redirect for htmx, 303 otherwise. A target
// that came from the user has been through safeNext; as a last guard, a target with a
// control character (CR/LF would split the header) goes home instead.
func redirect(c *fiber.Ctx, to string) error {
	if strings.ContainsFunc(to, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		to = "/"
	}
	if isHTMX(c) {
		c.Set("HX-Redirect", to)
		return c.SendStatus(http.StatusNoContent)
	}
	return c.Redirect(to, http.StatusSeeOther)
}

// wantsJSON tells a JSON client (the offline sync, a script) from a browser: it sent JSON,
// or asks for JSON and not HTML. Its errors are JSON too, even those raised before any
// handler ran (a body over the limit).
func wantsJSON(c *fiber.Ctx) bool {
	if mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); mt == fiber.MIMEApplicationJSON {
		return true
	}
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, fiber.MIMEApplicationJSON) && !strings.Contains(accept, fiber.MIMETextHTML)
}

// HTTPError carries a status, a message safe to show, and the cause (logged, never shown).
type HTTPError struct {
	Status int
	Msg    string
	Cause  error
}

func (e *HTTPError) Error() string {
	if e.Cause != nil {
		return e.Msg + ": " + e.Cause.Error()
	}
	return e.Msg
}

func (e *HTTPError) Unwrap() error { return e.Cause }

func errNotFound() error { return &HTTPError{Status: 404, Msg: "We could not find that page."} }
func errForbidden() error {
	return &HTTPError{Status: 403, Msg: "You do not have access to this page."}
}

// errInternal wraps an unexpected failure; the user sees a plain message.
func errInternal(cause error) error {
	if db.IsNotFound(cause) {
		return &HTTPError{Status: 404, Msg: "We could not find that.", Cause: cause}
	}
	if db.IsUnavailable(cause) {
		return &HTTPError{Status: 503, Msg: "The database is not answering right now. Please try again in a moment.", Cause: cause}
	}
	return &HTTPError{Status: 500, Msg: "Something went wrong on our side. Please try again.", Cause: cause}
}

// handleError is Fiber's ErrorHandler: every error becomes a friendly page (or fragment).
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status, msg := 500, "Something went wrong on our side. Please try again."
	var he *HTTPError
	var fe *fiber.Error
	switch {
	case errors.As(err, &he):
		status, msg = he.Status, he.Msg
	case errors.As(err, &fe):
		status = fe.Code
		msg = http.StatusText(fe.Code)
		if fe.Code == 404 {
			msg = "We could not find that page."
		}
	}
	if status >= 500 {
		s.Log.Error("request failed", "method", c.Method(), "path", c.Path(), "status", status, "err", err)
	}
	heading := map[int]string{400: "That request was not understood", 403: "Not allowed", 404: "Not found",
		413: "Too large", 429: "Too many attempts", 503: "Please try again shortly"}[status]
	if heading == "" {
		heading = "Something went wrong"
	}
	if isHTMX(c) {
		c.Set("HX-Trigger", toastJSON(tr(c, msg)))
		c.Set("HX-Reswap", "none") // the toast says it; a 422 would otherwise swap the empty body in
		return c.Status(status).SendString("")
	}
	if wantsJSON(c) {
		return c.Status(status).JSON(fiber.Map{"error": tr(c, msg)})
	}
	return s.render(c, status, views.ErrorPage(s.page(c, heading, ""), status, heading, msg))
}
