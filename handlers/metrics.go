package handlers

import (
	"bytes"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/ops/metrics"
)

// observeHTTP counts every request by route template (c.Route().Path, e.g. "/foods/:id",
// never the raw path) and status, with its latency.
func (s *Server) observeHTTP(c *fiber.Ctx) error {
	if s.Metrics == nil {
		return c.Next()
	}
	start := time.Now()
	if err := c.Next(); err != nil {
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	route := c.Route().Path
	if route == "/" && c.Path() != "/" {
		route = "unmatched" // the not-found fallback (a Use handler): no series per stray URL
	}
	s.Metrics.ObserveHTTP(route, c.Method(), c.Response().StatusCode(), time.Since(start))
	return nil
}

// metricsShow serves the Prometheus text format to a scraper holding ZOE_METRICS_TOKEN as a
// bearer token, or to a signed-in admin.
func (s *Server) metricsShow(c *fiber.Ctx) error {
	if s.Metrics == nil {
		return errNotFound()
	}
	if !s.metricsAllowed(c) {
		if u := currentUser(c); u != nil {
			return errForbidden()
		}
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="zoe metrics"`)
		return c.Status(fiber.StatusUnauthorized).SendString("401 Unauthorized: send Authorization: Bearer $ZOE_METRICS_TOKEN, or sign in as an admin\n")
	}
	var buf bytes.Buffer
	if err := s.Metrics.Write(&buf); err != nil {
		return errInternal(err)
	}
	c.Set(fiber.HeaderContentType, metrics.ContentType())
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

func (s *Server) metricsAllowed(c *fiber.Ctx) bool {
	if tok := s.Config.MetricsToken; tok != "" {
		got, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(tok)) == 1 {
			return true
		}
	}
	u := currentUser(c)
	return u != nil && u.Role == "admin"
}
