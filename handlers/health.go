package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is up; it touches nothing else.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz says whether this instance can serve: the database and, when configured, Redis answer.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{}
	ready := true
	if err := s.DB.Ping(ctx); err != nil {
		checks["database"] = "unreachable"
		ready = false
	} else {
		checks["database"] = "ok"
	}
	if s.Ready != nil {
		if err := s.Ready(ctx); err != nil {
			checks["redis"] = "unreachable"
			ready = false
		} else {
			checks["redis"] = "ok"
		}
	}
	status := fiber.StatusOK
	checks["status"] = "ready"
	if !ready {
		status = fiber.StatusServiceUnavailable
		checks["status"] = "not ready"
	}
	return c.Status(status).JSON(checks)
}
