package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/i18n"
)

// setLanguage chooses the language of the answer: the profile's setting when signed in,
// otherwise the browser's Accept-Language; pages read it from the request context.
func (s *Server) setLanguage(c *fiber.Ctx) error {
	pref := ""
	if u := currentUser(c); u != nil {
		pref = u.Language
	}
	lang := i18n.Negotiate(pref, c.Get(fiber.HeaderAcceptLanguage))
	c.SetUserContext(i18n.WithLang(c.UserContext(), lang))
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage)
	return c.Next()
}

// tr translates a fixed English text (a flash, a toast, an error) into the request's language.
func tr(c *fiber.Ctx, en string) string { return i18n.Text(c.UserContext(), en) }
