package handlers

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/input"
	"unicode/utf8"
)

// checkInput refuses, before any handler reads them, query and form values that no field
// can store: invalid UTF-8 or a NUL byte (PostgreSQL rejects both, which once made a 500 of
// a login, a sign-up or a food name). One check for every form of the app: a form gets a
// 422 with a message, a link a 400.
func (s *Server) checkInput(c *fiber.Ctx) error {
	bad := false
	for k, v := range c.Request().URI().QueryArgs().All() {
		bad = bad || !storable(k) || !storable(v)
	}
	if bad {
		return &HTTPError{Status: 400, Msg: "That link contains characters we cannot read."}
	}
	if c.Method() != fiber.MethodPost {
		return c.Next()
	}
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	switch {
	case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
		for k, v := range c.Request().PostArgs().All() {
			bad = bad || !storable(k) || !storable(v)
		}
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		if f, err := c.MultipartForm(); err == nil {
			for k, vs := range f.Value {
				bad = bad || !input.Storable(k)
				for _, v := range vs {
					bad = bad || !input.Storable(v)
				}
			}
		}
	}
	if bad {
		return &HTTPError{Status: 422, Msg: "Some of what you typed contains characters we cannot store. Please retype it and try again."}
	}
	return c.Next()
}

func storable(b []byte) bool { return bytes.IndexByte(b, 0) < 0 && utf8.Valid(b) }

// noStore marks every response after it as not to be stored by the browser or a proxy:
// pages show health data, and after logout Back must not show them from the cache. A
// handler that may be cached (the offline data, with its own validators) sets its own.
func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}
