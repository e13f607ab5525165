package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) root(c *fiber.Ctx) error {
	if u := currentUser(c); u != nil {
		return c.Redirect(homeFor(u.Role), fiber.StatusSeeOther)
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}

func (s *Server) adminHome(c *fiber.Ctx) error {
	rows, err := s.DB.CountUsersByRole(c.UserContext())
	if err != nil {
		return errInternal(err)
	}
	counts := make([]views.RoleCount, len(rows))
	for i, r := range rows {
		counts[i] = views.RoleCount{Role: r.Role, N: r.N}
	}
	return s.render(c, 200, views.AdminHome(s.page(c, "Admin", "home"), counts))
}
