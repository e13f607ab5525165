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

	// Installable app: manifest, service worker (root scope), offline shell (no user data)
	app.Get("/manifest.webmanifest", s.manifest)
	app.Get("/sw.js", s.serviceWorker)
	app.Get("/offline", s.offlinePage)

	// Load runs only (ZOE_BENCH=1): a constant from the same server, the baseline of `make bench`.
	if s.Config.Bench {
		app.Get("/bench/constant", func(c *fiber.Ctx) error { return c.SendString("ok") })
	}

	// Everything else runs with a session, CSRF protection and the signed-in user; it is
	// never cached (pages hold health data), and text that cannot be stored is refused.
	app.Use(limitBody, noStore, s.sessionMiddleware, s.csrfMiddleware, s.loadUser, s.setLanguage, s.checkInput)

	app.Get("/", s.root)

	// Accounts
	app.Get("/login", s.loginShow)
	app.Post("/login", s.loginSubmit)
	app.Get("/register", s.registerShow)
	app.Post("/register", s.registerSubmit)
	app.Post("/logout", s.logout)
	app.Get("/password/reset", s.passwordResetShow) // with a one-time code from an administrator
	app.Post("/password/reset", s.passwordResetSubmit)

	// Every signed-in user
	app.Get("/profile", requireUser, s.profileShow)
	app.Post("/profile", requireUser, s.profileSubmit)
	app.Get("/account/data", requireUser, s.accountDataShow)
	app.Get("/account/export.zip", requireUser, s.accountExport)
	app.Post("/account/delete", requireUser, s.accountDelete)
	app.Get("/account/password", requireUser, s.passwordChangeShow)
	app.Post("/account/password", requireUser, s.passwordChangeSubmit)

	// Foods: every signed-in user
	app.Get("/foods", requireUser, s.foodsPage)
	app.Get("/foods/results", requireUser, s.foodsResults)
	app.Get("/foods/:id<int>", requireUser, s.foodShow)
	app.Get("/foods/new", requireUser, s.foodNew)
	app.Post("/foods", requireUser, s.foodCreate)
	app.Get("/foods/:id<int>/edit", requireUser, s.foodEdit)
	app.Post("/foods/:id<int>", requireUser, s.foodUpdate)
	app.Post("/foods/:id<int>/prices", requireUser, s.once, s.priceReportCreate)

	// Patients: home (dashboard)
	pt := requireRole("patient")
	app.Get("/home", pt, s.dashboard)
	app.Get("/home/glucose", pt, s.dashboardGlucose)

	// Patients: diabetes records and glucose statistics
	app.Get("/records", pt, s.recordsList)
	app.Post("/records", pt, s.once, s.recordCreate)
	app.Get("/records/stats", pt, s.recordsStats)
	app.Get("/records/:id/edit", pt, s.recordEditShow)
	app.Post("/records/:id", pt, s.recordUpdate)
	app.Post("/records/:id/delete", pt, s.recordDelete)

	// Patients: weight
	app.Get("/weight", pt, s.weightList)
	app.Post("/weight", pt, s.once, s.weightCreate)
	app.Post("/weight/:id/delete", pt, s.weightDelete)

	// Patients: food diary (day, week, food picker, entries, copies, saved meals)
	app.Get("/diary", pt, s.diaryDay)
	app.Get("/diary/week", pt, s.diaryWeek)
	app.Get("/diary/search", pt, s.diarySearch)
	app.Get("/diary/add", pt, s.diaryAddShow)
	app.Post("/diary", pt, s.once, s.diaryCreate)
	app.Post("/diary/copy", pt, s.once, s.diaryCopy)
	app.Post("/diary/meals", pt, s.once, s.savedMealCreate)
	app.Post("/diary/meals/:id/log", pt, s.once, s.savedMealLog)
	app.Post("/diary/meals/:id/delete", pt, s.savedMealDelete)
	app.Get("/diary/:id/edit", pt, s.diaryEditShow)
	app.Post("/diary/:id", pt, s.diaryUpdate)
	app.Post("/diary/:id/delete", pt, s.diaryDelete)
	app.Post("/diary/:id/photos", pt, s.diaryPhotoAdd) // multipart, up to photoBodyLimit
	app.Post("/diary/photos/:uuid/delete", pt, s.diaryPhotoDelete)

	// Meal photos: the patient's own, or a linked dietitian's with diary access (else 404)
	app.Get("/photos/:uuid", requireUser, s.photoShow)
	app.Get("/photos/:uuid/thumb", requireUser, s.photoShow)

	// Patients: goals
	app.Get("/goals", pt, s.goalsList)
	app.Post("/goals", pt, s.goalCreate)
	app.Get("/goals/:id", pt, s.goalShow)
	app.Post("/goals/:id/progress", pt, s.once, s.goalProgressCreate)
	app.Post("/goals/:id/progress/:pid/delete", pt, s.goalProgressDelete)
	app.Post("/goals/:id/status", pt, s.goalStatus)
	app.Post("/goals/:id/delete", pt, s.goalDelete)

	// Patients: offline data for the phone, and the sync of entries made offline
	app.Get("/offline/data.json", pt, s.offlineData)
	app.Get("/sync/token", pt, s.syncToken)
	app.Post("/sync", pt, s.syncApply)
	app.Post("/sync/photos", pt, s.syncPhoto) // a photo taken offline, after its entry

	// Patients: assistant chat (history paged by ?before=ID; a turn or all deletable)
	app.Get("/chat", pt, s.chatShow)
	app.Get("/chat/history", pt, s.chatHistory)
	app.Post("/chat", pt, s.once, s.chatSend)
	app.Post("/chat/delete", pt, s.chatDeleteAll)
	app.Post("/chat/:id/delete", pt, s.chatDelete)

	// Patients: suggestions (accept adds to the diary; reject and "not for me" are feedback) and the meal planner
	app.Get("/recommendations", pt, s.recommendationsList)
	app.Get("/recommendations/history", pt, s.recommendationsHistory)
	app.Post("/recommendations/:id<int>/accept", pt, s.recommendationAccept)
	app.Post("/recommendations/:id<int>/reject", pt, s.recommendationReject)
	app.Post("/recommendations/:id<int>/dislike", pt, s.recommendationDislike)
	app.Post("/recommendations/dislikes/:food<int>/delete", pt, s.recommendationUndislike)
	app.Get("/plan", pt, s.planShow)
	app.Post("/plan/log", pt, s.once, s.planLog)

	// Patients: care team (links to dietitians, what they see, their advice, who looked)
	app.Get("/care", pt, s.careShow)
	app.Post("/care/invite", pt, s.careInvite)
	app.Post("/care/links/:id/shares", pt, s.careShares)
	app.Post("/care/links/:id/end", pt, s.careEnd)

	// Dietitians: roster, invitations, one patient (404 unless actively linked), report
	dt := requireRole("dietitian")
	app.Get("/dietitian", dt, s.dietitianHome)
	app.Get("/dietitian/links", dt, s.dietitianLinks)
	app.Post("/dietitian/code", dt, s.dietitianCodeNew)
	app.Post("/dietitian/links/:id/accept", dt, s.dietitianLinkAccept)
	app.Post("/dietitian/links/:id/end", dt, s.dietitianLinkEnd)
	app.Get("/dietitian/patients/:id", dt, s.dietitianPatient)
	app.Get("/dietitian/patients/:id/report", dt, s.dietitianReport)
	app.Post("/dietitian/patients/:id/reviewed", dt, s.dietitianReviewed)
	app.Post("/dietitian/patients/:id/tags", dt, s.dietitianTags)
	app.Post("/dietitian/patients/:id/notes", dt, s.dietitianNote)
	app.Post("/dietitian/patients/:id/goals", dt, s.dietitianGoal)
	app.Post("/dietitian/patients/:id/recommendations", dt, s.dietitianRecommend)

	// Administrators
	app.Get("/admin", requireRole("admin"), s.adminHome)
	app.Get("/admin/foods", requireRole("admin"), s.adminFoods)
	app.Post("/admin/foods/:id<int>/status", requireRole("admin"), s.adminFoodStatus)
	app.Post("/admin/prices", requireRole("admin"), s.adminPriceRecord)
	app.Get("/admin/prices/reports", requireRole("admin"), s.adminPriceReports)
	app.Post("/admin/prices/reports/:id<int>", requireRole("admin"), s.adminPriceReportModerate)
	app.Post("/admin/prices/reporters/:id<int>/ban", requireRole("admin"), s.adminPriceReporterBan)
	app.Get("/admin/foods/export.csv", requireRole("admin"), s.adminFoodsExport)
	app.Post("/admin/foods/import", requireRole("admin"), s.adminFoodsImport)
	app.Get("/admin/status", requireRole("admin"), s.adminStatus)
	app.Get("/admin/models", requireRole("admin"), s.adminModels)
	app.Post("/admin/models/reload", requireRole("admin"), s.adminModelsReload)
	app.Get("/admin/password-reset", requireRole("admin"), s.adminResetShow)
	app.Post("/admin/password-reset", requireRole("admin"), s.adminResetSubmit)
	app.Get("/admin/care", requireRole("admin"), s.adminCare)
	app.Post("/admin/care/link", requireRole("admin"), s.adminCareLink)
	app.Post("/admin/care/links/:id/end", requireRole("admin"), s.adminCareEnd)
	app.Get("/metrics", s.metricsShow) // bearer ZOE_METRICS_TOKEN or an admin session

	app.Use(func(c *fiber.Ctx) error { return errNotFound() })
}
