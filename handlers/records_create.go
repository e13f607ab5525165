package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
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
	ctx := c.UserContext()
	in := recordInput(c, c.FormValue("type"))
	quick := c.FormValue("quick") == "1"
	rec, errs := in.Parse(userUnit(u), userLoc(u), db.Now())
	if len(errs) > 0 {
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
	now := db.Now()
	_, err := s.DB.CreateDiabetesRecord(ctx, db.CreateDiabetesRecordParams{Uuid: newUUID(), UserID: u.ID, RecordType: rec.Type,
		GlucoseMgdl: rec.GlucoseMgdl, GlucoseContext: rec.Context, InsulinType: rec.InsulinType, InsulinUnits: rec.InsulinUnits,
		Hba1cPercent: rec.HbA1cPercent, MedicationName: rec.MedicationName, MedicationDose: rec.MedicationDose,
		Notes: rec.Notes, RecordedAt: rec.At, CreatedAt: now})
	if err != nil {
		return errInternal(err)
	}
	if err := s.recordAutoProgress(c, u, rec); err != nil {
		return err
	}
	msg := tracking.RecordTypeLabel(rec.Type) + " saved."
	if isHTMX(c) && quick {
		f := blankRecordForm(u, rec.Type)
		f.Quick, f.Saved = true, msg
		toast(c, msg, "records-changed")
		return s.render(c, 200, views.RecordFormFragment(csrfToken(c), f, contextOptions()))
	}
	s.setFlash(c, "ok", msg)
	return redirect(c, "/records?new="+rec.Type)
}

// recordAutoProgress feeds the goals that a new or changed record fills in.
func (s *Server) recordAutoProgress(c *fiber.Ctx, u *db.User, rec tracking.Record) error {
	switch {
	case rec.Type == tracking.RecHbA1c && rec.HbA1cPercent != nil:
		return s.autoProgress(c.UserContext(), u, goals.FromHbA1c, *rec.HbA1cPercent, rec.At)
	case rec.Type == tracking.RecGlucose:
		return s.autoProgress(c.UserContext(), u, goals.FromGlucose, 0, rec.At)
	}
	return nil
}
