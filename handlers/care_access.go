package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// Audit actions of the dietitian side; the patient's /care page names them in words.
const (
	auditCareRoster    = "care_roster"       // a roster page listed the patient's flags
	auditCareView      = "care_view"         // the patient page
	auditCareReport    = "care_report"       // the printable report
	auditCareReviewed  = "care_reviewed"     // marked reviewed
	auditCareTags      = "care_tags"         // tags changed
	auditCareNote      = "care_note"         // a note written
	auditCareGoal      = "care_goal"         // a goal set
	auditCareRec       = "care_recommend"    // a recommendation added
	auditCareInvite    = "care_invite"       // a patient invited a dietitian
	auditCareAccept    = "care_accept"       // a dietitian accepted
	auditCareEnd       = "care_end"          // a link ended
	auditCareShares    = "care_shares"       // the patient changed what is shared
	auditCareAdminLink = "care_admin_link"   // an administrator linked
	auditCareAdminEnd  = "care_admin_unlink" // an administrator ended a link
)

// linkedPatient is the patient a dietitian route is about, with what they share.
type linkedPatient struct {
	db.CareGetLinkedPatientRow
	Shares care.Shares
	Loc    *time.Location
}

// linkedPatient loads the patient named by :id for the signed-in dietitian. A patient who
// is not actively linked to this dietitian does not exist as far as the route goes: 404.
func (s *Server) linkedPatient(c *fiber.Ctx) (*linkedPatient, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	row, err := s.DB.CareGetLinkedPatient(c.UserContext(), db.CareGetLinkedPatientParams{PatientID: id, DietitianID: currentUser(c).ID})
	if db.IsNotFound(err) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, errInternal(err)
	}
	return &linkedPatient{CareGetLinkedPatientRow: row, Shares: care.ParseShares(row.Shares), Loc: timezone.Of(row.TimeZone)}, nil
}

// requireShare answers 404 when the patient does not share this kind of data.
func (p *linkedPatient) requireShare(k care.Share) error {
	if !p.Shares.Has(k) {
		return errNotFound()
	}
	return nil
}

// auditPatient records a dietitian's view or change of a patient's data.
func (s *Server) auditPatient(c *fiber.Ctx, p *linkedPatient, action, detail string) {
	s.audit(c, &currentUser(c).ID, &p.ID, action, detail)
}

func careDisplayName(first, last, username string) string {
	n := first
	if last != "" {
		if n != "" {
			n += " "
		}
		n += last
	}
	if n == "" {
		return username
	}
	return n
}

// careViewerUnit is the glucose unit the signed-in user reads.
func careViewerUnit(c *fiber.Ctx) glucose.Unit {
	u, err := glucose.ParseUnit(currentUser(c).GlucoseUnit)
	if err != nil {
		return glucose.DefaultUnit
	}
	return u
}

// careNowPtr is db.Now() for a nullable timestamp column.
func careNowPtr() *time.Time { t := db.Now(); return &t }
