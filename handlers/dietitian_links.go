package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// dietitianLinks shows the dietitian's share code and the invitations waiting.
func (s *Server) dietitianLinks(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := currentUser(c)
	loc := timezone.Of(u.TimeZone)
	var vm views.DietitianLinksVM
	code, err := s.DB.CareGetCode(ctx, u.ID)
	switch {
	case err == nil:
		vm.Code = care.FormatCode(code.Code)
	case !db.IsNotFound(err):
		return errInternal(err)
	}
	pending, err := s.DB.CareListPendingForDietitian(ctx, u.ID)
	if err != nil {
		return errInternal(err)
	}
	for _, p := range pending {
		vm.Pending = append(vm.Pending, views.PendingInviteVM{ID: p.ID, Patient: careDisplayName(p.FirstName, p.LastName, p.Username),
			Username: p.Username, Since: p.CreatedAt.In(loc).Format("2 Jan 2006")})
	}
	if vm.ActiveCount, err = s.DB.CareCountActiveForDietitian(ctx, u.ID); err != nil {
		return errInternal(err)
	}
	return s.render(c, 200, views.DietitianLinks(s.page(c, "Invitations", "links"), vm))
}

// dietitianCodeNew makes (or replaces) the dietitian's share code.
func (s *Server) dietitianCodeNew(c *fiber.Ctx) error {
	u := currentUser(c)
	// A fresh code collides with another dietitian's with negligible odds; retry anyway.
	for attempt := 0; ; attempt++ {
		code, err := care.NewCode()
		if err != nil {
			return errInternal(err)
		}
		_, err = s.DB.CareSetCode(c.UserContext(), db.CareSetCodeParams{DietitianID: u.ID, Code: code, CreatedAt: db.Now()})
		if err == nil {
			s.audit(c, &u.ID, &u.ID, "care_code", "new share code")
			s.setFlash(c, "ok", "Your new share code is "+care.FormatCode(code)+".")
			return redirect(c, "/dietitian/links")
		}
		if attempt == 3 {
			return errInternal(err)
		}
	}
}

// dietitianOwnLink loads the link named in the route; a link of another dietitian does
// not exist for this one (404).
func (s *Server) dietitianOwnLink(c *fiber.Ctx) (db.CareLink, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return db.CareLink{}, err
	}
	link, err := s.DB.CareGetLink(c.UserContext(), id)
	if db.IsNotFound(err) || (err == nil && link.DietitianID != currentUser(c).ID) {
		return link, errNotFound()
	}
	if err != nil {
		return link, errInternal(err)
	}
	return link, nil
}

// dietitianLinkAccept accepts a patient's invitation addressed to this dietitian.
func (s *Server) dietitianLinkAccept(c *fiber.Ctx) error {
	link, err := s.dietitianOwnLink(c)
	if err != nil {
		return err
	}
	id, ctx, u := link.ID, c.UserContext(), currentUser(c)
	n, err := s.DB.CareAcceptLink(ctx, db.CareAcceptLinkParams{AcceptedAt: careNowPtr(), ID: id, DietitianID: u.ID})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.audit(c, &u.ID, &link.PatientID, auditCareAccept, "link "+careStrconvID(id))
	s.setFlash(c, "ok", "Accepted: the patient is on your list.")
	return redirect(c, "/dietitian/links")
}

// dietitianLinkEnd declines an invitation or ends a link of this dietitian.
func (s *Server) dietitianLinkEnd(c *fiber.Ctx) error {
	link, err := s.dietitianOwnLink(c)
	if err != nil {
		return err
	}
	id, ctx, u := link.ID, c.UserContext(), currentUser(c)
	n, err := s.DB.CareEndLinkFor(ctx, db.CareEndLinkForParams{EndedAt: careNowPtr(), ID: id, UserID: u.ID})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.audit(c, &u.ID, &link.PatientID, auditCareEnd, "link "+careStrconvID(id))
	if link.Status == "pending" {
		s.setFlash(c, "ok", "Invitation declined.")
		return redirect(c, "/dietitian/links")
	}
	s.setFlash(c, "ok", "The link has ended: the patient is no longer on your list.")
	return redirect(c, "/dietitian")
}
