package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/logbook"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

func recordInput(c *fiber.Ctx, typ string) tracking.RecordInput {
	return tracking.RecordInput{Type: typ, Glucose: c.FormValue("glucose"), Context: c.FormValue("context"),
		InsulinType: c.FormValue("insulin_type"), InsulinUnits: c.FormValue("insulin_units"), HbA1c: c.FormValue("hba1c"),
		HbA1cUnit: c.FormValue("hba1c_unit"), MedicationName: c.FormValue("medication_name"),
		MedicationDose: c.FormValue("medication_dose"), Notes: c.FormValue("notes"), When: c.FormValue("when")}
}

// formFromInput re-fills the form with what was typed, and the messages.
func formFromInput(u *db.User, in tracking.RecordInput, errs tracking.Errors) views.RecordForm {
	f := blankRecordForm(u, in.Type)
	f.Type = in.Type
	if !tracking.ValidRecordType(in.Type) {
		f.Type = tracking.RecGlucose
	}
	f.Glucose, f.Context, f.InsulinType, f.InsulinUnits = in.Glucose, in.Context, in.InsulinType, in.InsulinUnits
	f.HbA1c, f.HbA1cUnit, f.MedicationName, f.MedDose = in.HbA1c, in.HbA1cUnit, in.MedicationName, in.MedicationDose
	f.Notes, f.When, f.Errors = in.Notes, in.When, views.Errors(errs)
	return f
}

func (s *Server) recordCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	in := recordInput(c, c.FormValue("type"))
	quick := c.FormValue("quick") == "1"
	out, err := s.book.CreateRecord(c.UserContext(), *u, logbook.FromForm, logbook.RecordIn{Input: in})
	if errs, ok := logbook.Invalid(err); ok {
		f := formFromInput(u, in, errs)
		f.Quick = quick
		if isHTMX(c) {
			return s.render(c, 422, views.RecordFormFragment(csrfToken(c), f, contextOptions()))
		}
		vm, err := s.recordsVM(c, u, f)
		if err != nil {
			return err
		}
		return s.render(c, 422, views.RecordsPage(s.page(c, "Records", "records"), vm))
	}
	if err != nil {
		return errInternal(err)
	}
	msg := tracking.RecordTypeLabel(out.Record.Type) + " saved."
	if isHTMX(c) && quick {
		f := blankRecordForm(u, out.Record.Type)
		f.Quick, f.Saved, f.Feedback = true, msg, feedbackVM(out.Feedback)
		toast(c, msg, "records-changed")
		return s.render(c, 200, views.RecordFormFragment(csrfToken(c), f, contextOptions()))
	}
	to := "/records?new=" + out.Record.Type
	if out.Feedback != nil {
		// The records page answers the reading beside its field (see savedFeedback).
		to += "&saved=" + out.UUID
	} else {
		s.setFlash(c, "ok", msg)
	}
	return redirect(c, to)
}

// feedbackVM is the view of the answer to a reading (nil for other records).
func feedbackVM(f *glucose.Feedback) *views.GlucoseFeedback {
	if f == nil {
		return nil
	}
	return &views.GlucoseFeedback{Level: f.Level, Urgent: f.Urgent, Heading: f.Heading, Steps: f.Steps}
}

// savedFeedback is the answer to the user's reading whose uuid the records page was
// sent back with after a save (?saved=UUID); nil for anything else.
func (s *Server) savedFeedback(c *fiber.Ctx, u *db.User) *views.GlucoseFeedback {
	id := c.Query("saved")
	if len(id) != 36 {
		return nil
	}
	r, err := s.DB.SyncRecordByUUID(c.UserContext(), id)
	if err != nil || r.UserID != u.ID || r.RecordType != tracking.RecGlucose || r.GlucoseMgdl == nil {
		return nil
	}
	f := glucose.FeedbackIn(i18n.From(c.UserContext()), *r.GlucoseMgdl, userUnit(u), u.DiabetesType)
	return feedbackVM(&f)
}
