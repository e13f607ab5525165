package handlers

import (
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/static"
)

// serveStatic serves the embedded assets. A URL carrying the file's current hash may be
// cached for a year; any other is revalidated.
func (s *Server) serveStatic(c *fiber.Ctx) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Params("*")), "/")
	b, err := static.FS.ReadFile(name)
	if err != nil || name == "" || strings.HasSuffix(name, ".go") {
		return errNotFound()
	}
	if v := c.Query("v"); v != "" && v == static.Hash(name) {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Set(fiber.HeaderETag, `"`+static.Hash(name)+`"`)
		if c.Get(fiber.HeaderIfNoneMatch) == `"`+static.Hash(name)+`"` {
			return c.SendStatus(fiber.StatusNotModified)
		}
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Set(fiber.HeaderContentType, ct)
	return c.Send(b)
}
