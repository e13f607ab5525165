package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/views"
)

// careInvite links the patient to a dietitian. A share code links at once (the dietitian
// handed it out); a username makes a pending invitation the dietitian accepts.
func (s *Server) careInvite(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := currentUser(c)
	f := views.CareInviteForm{Who: strings.TrimSpace(c.FormValue("who")), Errors: views.Errors{}}
	var dietitianID int64
	var dietitianName string
	byCode := false
	switch {
	case f.Who == "":
		f.Errors["who"] = "Enter your dietitian's username or share code."
	case len(f.Who) > 64:
		f.Errors["who"] = "That is too long for a username or a code."
	default:
		if code := care.NormalizeCode(f.Who); code != "" {
			d, err := s.DB.CareGetDietitianByCode(ctx, code)
			if err != nil && !db.IsNotFound(err) {
				return errInternal(err)
			}
			if err == nil {
				dietitianID, dietitianName, byCode = d.ID, d.Username, true
			}
		}
		if dietitianID == 0 {
			d, err := s.DB.CareGetUserByUsername(ctx, f.Who)
			if err != nil && !db.IsNotFound(err) {
				return errInternal(err)
			}
			if err == nil && d.Role == "dietitian" {
				dietitianID, dietitianName = d.ID, d.Username
			}
		}
		if dietitianID == 0 {
			f.Errors["who"] = "No dietitian has that username or share code. Check it with them."
		}
	}
	if dietitianID != 0 {
		_, err := s.DB.CareGetOpenLink(ctx, db.CareGetOpenLinkParams{PatientID: u.ID, DietitianID: dietitianID})
		switch {
		case err == nil:
			f.Errors["who"] = "You are already linked to " + dietitianName + " (or your invitation is waiting)."
		case !db.IsNotFound(err):
			return errInternal(err)
		}
	}
	if len(f.Errors) > 0 {
		if isHTMX(c) {
			return s.render(c, 422, views.CareInviteFragment(csrfToken(c), f))
		}
		vm, err := s.carePageVM(c, f)
		if err != nil {
			return err
		}
		return s.render(c, 422, views.CarePage(s.page(c, "Care team", "care"), vm))
	}
	now := db.Now()
	p := db.CareCreateLinkParams{PatientID: u.ID, DietitianID: dietitianID, Status: "pending", InvitedBy: &u.ID,
		Shares: care.SharesAll, CreatedAt: now}
	if byCode {
		p.Status, p.AcceptedAt = "active", &now
	}
	if _, err := s.DB.CareCreateLink(ctx, p); err != nil {
		return errInternal(err)
	}
	s.audit(c, &u.ID, &u.ID, auditCareInvite, dietitianName+" ("+p.Status+")")
	if byCode {
		s.setFlash(c, "ok", "You are now linked to "+dietitianName+". They can see what you share.")
	} else {
		s.setFlash(c, "ok", "Invitation sent to "+dietitianName+". They will see your data once they accept.")
	}
	return redirect(c, "/care")
}

// careShares saves what a linked dietitian may see.
func (s *Server) careShares(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	args := c.Request().PostArgs().PeekMulti("share")
	vals := make([]string, len(args))
	for i, a := range args {
		vals[i] = string(a)
	}
	sh := care.SharesFrom(vals)
	n, err := s.DB.CareSetShares(c.UserContext(), db.CareSetSharesParams{Shares: sh.String(), ID: id, PatientID: u.ID})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.audit(c, &u.ID, &u.ID, auditCareShares, "link "+careStrconvID(id)+": "+sh.String())
	s.setFlash(c, "ok", "Saved. Your dietitian now sees: "+sh.Summary()+".")
	return redirect(c, "/care")
}

// careEnd ends (or withdraws) one of the patient's links.
func (s *Server) careEnd(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	n, err := s.DB.CareEndLinkFor(c.UserContext(), db.CareEndLinkForParams{EndedAt: careNowPtr(), ID: id, UserID: u.ID})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	s.audit(c, &u.ID, &u.ID, auditCareEnd, "link "+careStrconvID(id))
	s.setFlash(c, "ok", "The link has ended.")
	return redirect(c, "/care")
}
