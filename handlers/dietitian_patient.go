package handlers

import (
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/input"
	"github.com/zoe-nutritech/zoe/internal/records/goals"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// dietitianPatient is one linked patient's page: profile, flags, glucose statistics and
// charts, diary, records, weight, goals, recommendations and notes.
func (s *Server) dietitianPatient(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	agp := 14
	// A period not in the list (or not a number) shows the default one.
	if d, err := input.Int(c.Query("agp"), 1, 366); err == nil && slices.Contains(careAgpPeriods, int(d)) {
		agp = int(d)
	}
	now := time.Now()
	data, err := s.loadPatient(c.UserContext(), p, now)
	if err != nil {
		return errInternal(err)
	}
	vm := patientVM(p, data, careViewerUnit(c), timezone.Of(currentUser(c).TimeZone), now, agp)
	if vm.Forms, err = s.patientForms(c, p); err != nil {
		return err
	}
	vm.Forms.Tags.Tags = p.Tags
	s.auditPatient(c, p, auditCareView, "patient page")
	return s.render(c, 200, views.DietitianPatient(s.page(c, vm.Name, "home"), vm))
}

// patientForms fills the forms' choices (foods for a recommendation, goal kinds, meals).
func (s *Server) patientForms(c *fiber.Ctx, p *linkedPatient) (views.PatientForms, error) {
	f := views.PatientForms{CSRF: csrfToken(c), PatientID: p.ID, ShowGoals: p.Shares.Has(care.ShareGoals)}
	for _, t := range goals.Types {
		f.GoalTypes = append(f.GoalTypes, views.Option{Value: string(t), Label: t.Label()})
	}
	for _, m := range []string{"breakfast", "lunch", "dinner", "snack"} {
		f.Meals = append(f.Meals, views.Option{Value: m, Label: nutrition.MealLabel(m)})
	}
	foods, err := s.DB.CareListFoodChoices(c.UserContext())
	if err != nil {
		return f, errInternal(err)
	}
	f.Foods = append(make([]views.Option, 0, len(foods)+1), views.Option{Value: "", Label: "Choose a food"})
	for _, fd := range foods {
		label := fd.Name
		if fd.LocalNames != "" {
			label += " (" + fd.LocalNames + ")"
		}
		f.Foods = append(f.Foods, views.Option{Value: strconv.FormatInt(fd.ID, 10), Label: label})
	}
	return f, nil
}

// patientFormError answers a form that needs correcting: the fragment for htmx, the form
// alone on a page otherwise. Nothing was stored.
func (s *Server) patientFormError(c *fiber.Ctx, p *linkedPatient, fragment templ.Component) error {
	if isHTMX(c) {
		return s.render(c, 422, fragment)
	}
	name := careDisplayName(p.FirstName, p.LastName, p.Username)
	return s.render(c, 422, views.DietitianFormPage(s.page(c, name, "home"), p.ID, name, fragment))
}

func carePatientURL(id int64, anchor string) string {
	u := "/dietitian/patients/" + strconv.FormatInt(id, 10)
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}
