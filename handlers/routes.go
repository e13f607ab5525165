package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
)

// routes is the site map: every route of the app, grouped by page.
func (s *Server) routes(app *fiber.App) {
	app.Use(s.observeHTTP)
	app.Use(recover.New())
	app.Use(s.securityHeaders)
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))

	// Probes and assets: no session.
	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/static/*", s.serveStatic)

	// Everything else runs with a session, CSRF protection and the signed-in user.
	app.Use(s.sessionMiddleware, s.csrfMiddleware, s.loadUser)

	app.Get("/", s.root)

	// Accounts
	app.Get("/login", s.loginShow)
	app.Post("/login", s.loginSubmit)
	app.Get("/register", s.registerShow)
	app.Post("/register", s.registerSubmit)
	app.Post("/logout", s.logout)

	// Every signed-in user
	app.Get("/profile", requireUser, s.profileShow)
	app.Post("/profile", requireUser, s.profileSubmit)

	// Patients
	app.Get("/home", requireRole("patient"), s.patientHome)

	// Dietitians
	app.Get("/dietitian", requireRole("dietitian"), s.dietitianHome)

	// Administrators
	app.Get("/admin", requireRole("admin"), s.adminHome)
	app.Get("/admin/status", requireRole("admin"), s.adminStatus)
	app.Get("/metrics", s.metricsShow) // bearer ZOE_METRICS_TOKEN or an admin session

	app.Use(func(c *fiber.Ctx) error { return errNotFound() })
}
