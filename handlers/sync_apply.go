package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/offline"
)

// syncApply answers POST /sync: a batch of writes made offline, applied idempotently (the
// client's uuid is the key), each item answered created, duplicate, conflict or rejected
// with its reasons. A malformed batch is refused whole (400/413/415) and stores nothing.
func (s *Server) syncApply(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	if mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); mt != fiber.MIMEApplicationJSON {
		return c.Status(fiber.StatusUnsupportedMediaType).JSON(fiber.Map{"error": "Send the batch as application/json."})
	}
	batch, err := offline.DecodeBatch(bytes.NewReader(c.Body()))
	var be *offline.BatchError
	if errors.As(err, &be) {
		return c.Status(be.Status).JSON(fiber.Map{"error": be.Msg})
	}
	if err != nil {
		return errInternal(err)
	}
	now := db.Now()
	out, err := offline.Apply(ctx, s.book, *u, batch.Items, now, s.clientIP(c))
	if err != nil {
		return errInternal(err)
	}
	if len(batch.Items) > 0 {
		if err := s.DB.SetLastSync(ctx, db.SetLastSyncParams{ID: u.ID, LastSync: &now}); err != nil {
			return errInternal(err)
		}
		s.forgetUserOrLog(ctx, u.ID)
		s.audit(c, &u.ID, &u.ID, "sync", fmt.Sprintf("created %d, duplicate %d, conflict %d, rejected %d",
			out.Created, out.Duplicate, out.Conflict, out.Rejected))
		u.LastSync = &now
	}
	version, err := s.offlineStore().Version(ctx, *u, now)
	if err != nil {
		return errInternal(err)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(syncAnswer{Outcome: out, Version: version, LastSync: u.LastSync})
}

type syncAnswer struct {
	offline.Outcome
	Version  string     `json:"version"` // the offline data version now (refetch when it differs)
	LastSync *time.Time `json:"last_sync"`
}
