package handlers

import (
	"crypto/subtle"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
)

const localsUser = "user"

// loadUser puts the signed-in user (if any) in the request's locals.
func (s *Server) loadUser(c *fiber.Ctx) error {
	id := s.Sessions.GetInt64(c.UserContext(), sessUserID)
	if id == 0 {
		return c.Next()
	}
	u, err := s.userByID(c.UserContext(), id)
	switch {
	case err != nil && !db.IsNotFound(err):
		return errInternal(err)
	case db.IsNotFound(err) || !sameSessionKey(u.SessionKey, s.Sessions.GetString(c.UserContext(), sessKey)):
		// The account was deleted, or its session key changed since this session began
		// (password changed or reset, every session ended, a restore that may have
		// given this id to someone else): end the session; the visitor is anonymous.
		if err := s.Sessions.Destroy(c.UserContext()); err != nil {
			s.Log.Warn("session destroy failed", "err", err)
		}
	default:
		c.Locals(localsUser, &u)
	}
	return c.Next()
}

// sameSessionKey compares in constant time; an empty key never matches.
func sameSessionKey(user, session string) bool {
	return user != "" && subtle.ConstantTimeCompare([]byte(user), []byte(session)) == 1
}

func currentUser(c *fiber.Ctx) *db.User {
	u, _ := c.Locals(localsUser).(*db.User)
	return u
}

// requireUser sends anonymous visitors to the login page, coming back here afterwards.
func requireUser(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Next()
	}
	if isHTMX(c) {
		c.Set("HX-Redirect", "/login")
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	if c.Method() != fiber.MethodGet {
		return &HTTPError{Status: 401, Msg: "Please log in again."}
	}
	return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
}

// requireRole lets only the given roles through (after requireUser).
func requireRole(roles ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := currentUser(c)
		if u == nil {
			return requireUser(c)
		}
		for _, r := range roles {
			if u.Role == r {
				return c.Next()
			}
		}
		return errForbidden()
	}
}

// homeFor is the start page of a role.
func homeFor(role string) string {
	switch role {
	case "dietitian":
		return "/dietitian"
	case "admin":
		return "/admin"
	}
	return "/home"
}
