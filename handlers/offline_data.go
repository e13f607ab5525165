package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/offline"
)

func (s *Server) offlineStore() *offline.Store {
	return &offline.Store{Dir: s.Config.OfflineCacheDir, DB: s.DB}
}

// offlineData answers GET /offline/data.json: the signed-in patient's offline snapshot,
// 304 when the phone already holds this version (If-None-Match), 409 while offline mode
// is switched off in the profile (health data stays off the phone unless asked for).
func (s *Server) offlineData(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set(fiber.HeaderVary, "Cookie")
	if !u.OfflineModeEnabled {
		if err := s.offlineStore().Remove(u.ID); err != nil {
			s.Log.Warn("offline snapshot not removed", "user", u.ID, "err", err)
		}
		return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": "Offline mode is off. Switch it on in your profile to keep your data on this phone.",
			"offline_mode_enabled": false})
	}
	now := db.Now()
	store := s.offlineStore()
	version, err := store.Version(ctx, *u, now)
	if err != nil {
		return errInternal(err)
	}
	if offline.ETagMatches(c.Get(fiber.HeaderIfNoneMatch), version) {
		c.Set(fiber.HeaderETag, offline.ETag(version))
		return c.SendStatus(fiber.StatusNotModified)
	}
	e, err := store.Get(ctx, *u, version, now)
	if err != nil {
		return errInternal(err)
	}
	c.Set(fiber.HeaderETag, e.ETag)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(e.Body)
}

// syncToken answers GET /sync/token: the session's CSRF token and user, for the offline
// pages (whose cached HTML carries no token) and the service worker's background sync.
// Same-origin only: the browser lets no other site read it.
func (s *Server) syncToken(c *fiber.Ctx) error {
	u := currentUser(c)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"csrf": csrfToken(c), "user_id": u.ID, "offline_mode_enabled": u.OfflineModeEnabled})
}
