package handlers

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/accounts/throttle"
)

// userAccount is how a known account is counted by the throttle: by its id, so that
// its username and its email share one counter.
func userAccount(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// unknownAccount counts a login that names no account, case and spaces ignored.
func unknownAccount(login string) string {
	return "login:" + strings.ToLower(strings.TrimSpace(login))
}

// passwordAttempt reserves one password check for account from the client's address,
// before the password is compared (so parallel attempts cannot overshoot the limit).
// A non-zero status means refuse with msg (429, or 503 when the counters are
// unreachable); Retry-After is set. Call res.Succeeded when the password was right.
func (s *Server) passwordAttempt(c *fiber.Ctx, account string) (res throttle.Reservation, status int, msg string) {
	res, err := s.Limiter.Reserve(c.UserContext(), account, s.clientIP(c))
	if err != nil {
		s.Log.Warn("password throttle unavailable", "err", err)
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(math.Ceil(res.RetryAfter.Seconds()))))
		return res, 503, "Checking passwords is not possible right now. Please try again shortly."
	}
	if !res.OK {
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(math.Ceil(res.RetryAfter.Seconds()))))
		mins := max(int(math.Ceil(res.RetryAfter.Minutes())), 1)
		return res, 429, fmt.Sprintf("Too many attempts. Please wait %d minute(s) and try again.", mins)
	}
	return res, 0, ""
}

// passwordRight gives the reservation back after a right password.
func (s *Server) passwordRight(c *fiber.Ctx, res throttle.Reservation) {
	if err := res.Succeeded(c.UserContext()); err != nil {
		s.Log.Warn("password throttle: release", "err", err)
	}
}
