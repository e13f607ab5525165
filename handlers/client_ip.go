package handlers

import (
	"net/netip"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the address of the person behind the request: the connection's address,
// or, when the connection comes from a trusted proxy (ZOE_TRUSTED_PROXIES), the
// right-most X-Forwarded-For entry that is not one of our proxies. Throttling and the
// audit log use it; Fiber's c.IP() (which believes the left-most, forgeable entry) is
// never used.
func (s *Server) clientIP(c *fiber.Ctx) string {
	remote, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return ""
	}
	if s.Config.TrustedProxies.Empty() {
		return remote.Unmap().String()
	}
	var xff []string
	for k, v := range c.Request().Header.All() {
		if string(k) == fiber.HeaderXForwardedFor || equalFoldASCII(k, fiber.HeaderXForwardedFor) {
			xff = append(xff, string(v)) // string(v) copies out of fasthttp's buffer
		}
	}
	return s.Config.TrustedProxies.ClientIP(remote, xff).String()
}

func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
