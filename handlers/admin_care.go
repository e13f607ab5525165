package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

const adminCarePerPage = 50

// adminCare lists open care links for an administrator, with a form to link.
func (s *Server) adminCare(c *fiber.Ctx) error {
	vm, err := s.adminCareVM(c, views.AdminLinkForm{})
	if err != nil {
		return err
	}
	return s.render(c, 200, views.AdminCare(s.page(c, "Care links", "care"), vm))
}

func (s *Server) adminCareVM(c *fiber.Ctx, form views.AdminLinkForm) (views.AdminCareVM, error) {
	ctx := c.UserContext()
	vm := views.AdminCareVM{Form: form}
	var err error
	if vm.Total, err = s.DB.CareCountOpenLinks(ctx); err != nil {
		return vm, errInternal(err)
	}
	vm.PageCount = max(1, int((vm.Total+adminCarePerPage-1)/adminCarePerPage))
	page, err := pageParam(c)
	if err != nil {
		return vm, err
	}
	vm.Page = min(page, vm.PageCount)
	rows, err := s.DB.Read().CareListOpenLinks(ctx, // a report: the read replica may serve it
		db.CareListOpenLinksParams{Lim: adminCarePerPage, Off: int64((vm.Page - 1) * adminCarePerPage)})
	if err != nil {
		return vm, errInternal(err)
	}
	loc := timezone.Of(currentUser(c).TimeZone)
	for _, r := range rows {
		vm.Links = append(vm.Links, views.AdminCareLinkVM{ID: r.ID, Patient: r.PatientUsername, Dietitian: r.DietitianUsername,
			Status: r.Status, Since: r.CreatedAt.In(loc).Format("2 Jan 2006")})
	}
	return vm, nil
}

// adminCareLink links a patient to a dietitian at once (an open invitation is activated).
func (s *Server) adminCareLink(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := views.AdminLinkForm{Patient: strings.TrimSpace(c.FormValue("patient")), Dietitian: strings.TrimSpace(c.FormValue("dietitian")), Errors: views.Errors{}}
	find := func(field, username, role, label string) *db.User {
		if username == "" {
			f.Errors[field] = "Enter the " + label + "'s username."
			return nil
		}
		u, err := s.DB.CareGetUserByUsername(ctx, username)
		if err != nil || u.Role != role {
			f.Errors[field] = "No " + label + " has that username."
			return nil
		}
		return &u
	}
	patient := find("patient", f.Patient, "patient", "patient")
	dietitian := find("dietitian", f.Dietitian, "dietitian", "dietitian")
	if len(f.Errors) > 0 {
		if isHTMX(c) {
			return s.render(c, 422, views.AdminLinkFormFragment(csrfToken(c), f))
		}
		vm, err := s.adminCareVM(c, f)
		if err != nil {
			return err
		}
		return s.render(c, 422, views.AdminCare(s.page(c, "Care links", "care"), vm))
	}
	admin := currentUser(c)
	open, err := s.DB.CareGetOpenLink(ctx, db.CareGetOpenLinkParams{PatientID: patient.ID, DietitianID: dietitian.ID})
	switch {
	case err == nil && open.Status == "active":
		s.setFlash(c, "warn", patient.Username+" is already linked to "+dietitian.Username+".")
		return redirect(c, "/admin/care")
	case err == nil:
		if _, err := s.DB.CareActivateLink(ctx, db.CareActivateLinkParams{AcceptedAt: careNowPtr(), ID: open.ID}); err != nil {
			return errInternal(err)
		}
	case db.IsNotFound(err):
		now := db.Now()
		if _, err := s.DB.CareCreateLink(ctx, db.CareCreateLinkParams{PatientID: patient.ID, DietitianID: dietitian.ID, Status: "active",
			InvitedBy: &admin.ID, Shares: care.SharesAll, CreatedAt: now, AcceptedAt: &now}); err != nil {
			return errInternal(err)
		}
	default:
		return errInternal(err)
	}
	s.audit(c, &admin.ID, &patient.ID, auditCareAdminLink, "to "+dietitian.Username)
	s.setFlash(c, "ok", "Linked "+patient.Username+" to "+dietitian.Username+".")
	return redirect(c, "/admin/care")
}

// adminCareEnd ends any open link.
func (s *Server) adminCareEnd(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	link, err := s.DB.CareGetLink(ctx, id)
	if db.IsNotFound(err) {
		return errNotFound()
	}
	if err != nil {
		return errInternal(err)
	}
	n, err := s.DB.CareEndLinkByID(ctx, db.CareEndLinkByIDParams{EndedAt: careNowPtr(), ID: id})
	if err := rowsOrNotFound(n, err); err != nil {
		return err
	}
	admin := currentUser(c)
	s.audit(c, &admin.ID, &link.PatientID, auditCareAdminEnd, "link "+careStrconvID(id))
	s.setFlash(c, "ok", "The link has ended.")
	return redirect(c, "/admin/care")
}
