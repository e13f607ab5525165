package handlers

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

// recordForm fills the edit form from a stored record, in the user's unit and zone.
func recordForm(u *db.User, r db.DiabetesRecord) views.RecordForm {
	f := blankRecordForm(u, r.RecordType)
	f.ID, f.Notes, f.When = r.ID, r.Notes, formTime(r.RecordedAt, userLoc(u))
	if r.GlucoseMgdl != nil {
		f.Glucose = glucose.FormatValue(*r.GlucoseMgdl, userUnit(u))
	}
	if r.GlucoseContext != nil {
		f.Context = *r.GlucoseContext
	}
	f.InsulinType = r.InsulinType
	if r.InsulinUnits != nil {
		f.InsulinUnits = views.Num(*r.InsulinUnits, 1)
	}
	if r.Hba1cPercent != nil {
		f.HbA1c, f.HbA1cUnit = views.Num(*r.Hba1cPercent, 1), "%"
	}
	f.MedicationName, f.MedDose = r.MedicationName, r.MedicationDose
	return f
}

func (s *Server) recordEditShow(c *fiber.Ctx) error {
	r, err := s.userRecord(c)
	if err != nil {
		return err
	}
	f := recordForm(currentUser(c), r)
	return s.render(c, 200, views.RecordEditPage(s.page(c, "Edit record", "records"), f, contextOptions()))
}

func (s *Server) recordUpdate(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	old, err := s.userRecord(c)
	if err != nil {
		return err
	}
	id := old.ID
	// The kind of a record never changes: the stored type wins over the form's.
	in := recordInput(c, old.RecordType)
	out, err := s.book.UpdateRecord(ctx, *u, logbook.FromForm, id, logbook.RecordIn{Input: in})
	if errs, ok := logbook.Invalid(err); ok {
		f := formFromInput(u, in, errs)
		f.ID = id
		f.TypeLabel = strings.ToLower(tracking.RecordTypeLabel(old.RecordType))
		if isHTMX(c) {
			return s.render(c, 422, views.RecordFormFragment(csrfToken(c), f, contextOptions()))
		}
		return s.render(c, 422, views.RecordEditPage(s.page(c, "Edit record", "records"), f, contextOptions()))
	}
	if err := bookErr(err); err != nil {
		return err
	}
	if out.Feedback != nil {
		return redirect(c, "/records?new=glucose&saved="+out.UUID)
	}
	s.setFlash(c, "ok", "Record updated.")
	return redirect(c, "/records")
}

func (s *Server) recordDelete(c *fiber.Ctx) error {
	return s.deleteByID(c, "Record deleted.", "/records", func(ctx context.Context, id int64, u *db.User) error {
		return bookErr(s.book.DeleteRecord(ctx, *u, logbook.FromForm, id))
	})
}
