package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

// dietitianReviewed records that the dietitian reviewed the patient today.
func (s *Server) dietitianReviewed(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	err = s.DB.CareMarkReviewed(c.UserContext(), db.CareMarkReviewedParams{DietitianID: currentUser(c).ID, PatientID: p.ID, ReviewedAt: careNowPtr()})
	if err != nil {
		return errInternal(err)
	}
	s.auditPatient(c, p, auditCareReviewed, "")
	s.setFlash(c, "ok", "Marked reviewed today.")
	return redirect(c, carePatientURL(p.ID, ""))
}

// dietitianTags saves the dietitian's free tags for the patient.
func (s *Server) dietitianTags(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	typed := c.FormValue("tags")
	tags := care.JoinTags(care.ParseTags(typed))
	if len(typed) > 1000 || len(tags) > 300 {
		f, err := s.patientForms(c, p)
		if err != nil {
			return err
		}
		f.Tags = views.CareTagsForm{Tags: typed, Errors: views.Errors{"tags": "Too many tags: keep them under 300 characters in all."}}
		return s.patientFormError(c, p, views.CareTagsFormFragment(f))
	}
	err = s.DB.CareSetTags(c.UserContext(), db.CareSetTagsParams{DietitianID: currentUser(c).ID, PatientID: p.ID, Tags: tags, UpdatedAt: db.Now()})
	if err != nil {
		return errInternal(err)
	}
	s.auditPatient(c, p, auditCareTags, tags)
	s.setFlash(c, "ok", "Tags saved.")
	return redirect(c, carePatientURL(p.ID, ""))
}

// maxNote is the longest note (the column allows 4,000 characters).
const maxNote = 4000

// dietitianNote adds a note about the patient.
func (s *Server) dietitianNote(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	e := tracking.Errors{}
	body := tracking.CheckText(e, "body", c.FormValue("body"), maxNote, "The note", true)
	if len(e) > 0 {
		f, err := s.patientForms(c, p)
		if err != nil {
			return err
		}
		f.Note = views.CareNoteForm{Body: c.FormValue("body"), Errors: views.Errors(e)}
		return s.patientFormError(c, p, views.CareNoteFormFragment(f))
	}
	u := currentUser(c)
	if _, err := s.DB.CareCreateNote(c.UserContext(), db.CareCreateNoteParams{PatientID: p.ID, AuthorID: &u.ID, Body: body, CreatedAt: db.Now()}); err != nil {
		return errInternal(err)
	}
	s.auditPatient(c, p, auditCareNote, "")
	s.setFlash(c, "ok", "Note saved.")
	return redirect(c, carePatientURL(p.ID, "h-notes"))
}

// dietitianGoal sets a goal for the patient (goals.set_by is the dietitian). The checks
// are the tracking feature's, so a goal a dietitian sets looks like one the patient sets.
func (s *Server) dietitianGoal(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	if err := p.requireShare(care.ShareGoals); err != nil {
		return err
	}
	in := tracking.GoalInput{Type: c.FormValue("type"), Title: c.FormValue("title"), Start: c.FormValue("start"),
		Target: c.FormValue("target"), TargetDate: c.FormValue("target_date")}
	unit := careViewerUnit(c)
	g, e := in.Parse(unit, time.Now().In(p.Loc), nil)
	if len(e) > 0 {
		f, err := s.patientForms(c, p)
		if err != nil {
			return err
		}
		f.Goal = views.CareGoalForm{Type: in.Type, Title: in.Title, Start: in.Start, Target: in.Target, TargetDate: in.TargetDate, Errors: views.Errors(e)}
		return s.patientFormError(c, p, views.CareGoalFormFragment(f))
	}
	u := currentUser(c)
	_, err = s.DB.CareCreateGoal(c.UserContext(), db.CareCreateGoalParams{UserID: p.ID, GoalType: string(g.Type), Title: g.Title,
		TargetValue: g.Target, StartValue: g.Start, Unit: g.Unit, TargetDate: g.TargetDate, SetBy: &u.ID, CreatedAt: db.Now()})
	if err != nil {
		return errInternal(err)
	}
	s.auditPatient(c, p, auditCareGoal, string(g.Type)+": "+g.Title)
	s.setFlash(c, "ok", "Goal set: "+g.Title+". "+careDisplayName(p.FirstName, "", p.Username)+" sees it with their goals.")
	return redirect(c, carePatientURL(p.ID, "h-goals"))
}

// Recommendation limits: a portion as the diary accepts it; the advice as a short note.
const (
	recMaxReasoning  = 1000
	recMaxSuggestion = 200
)

// dietitianRecommend adds a dietitian recommendation, which the patient sees on /care.
func (s *Server) dietitianRecommend(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	form := views.CareRecForm{FoodID: c.FormValue("food_id"), Meal: c.FormValue("meal"), Grams: c.FormValue("grams"),
		Reasoning: c.FormValue("reasoning"), Suggestion: c.FormValue("suggestion")}
	e := tracking.Errors{}
	var foodID int64
	if id, ok := tracking.ParseID(form.FoodID); !ok {
		e["food_id"] = "Choose a food."
	} else if _, err := s.DB.CareGetFood(ctx, id); err != nil {
		if !db.IsNotFound(err) {
			return errInternal(err)
		}
		e["food_id"] = "Choose a food from the list."
	} else {
		foodID = id
	}
	if !nutrition.ValidMeal(form.Meal) {
		e["meal"] = "Choose a meal."
	}
	grams := tracking.ParseNumber(e, "grams", form.Grams, 1, tracking.PortionMaxG, "the portion", "g", true)
	reasoning := tracking.CheckText(e, "reasoning", form.Reasoning, recMaxReasoning, "Why", true)
	suggestion := tracking.CheckText(e, "suggestion", form.Suggestion, recMaxSuggestion, "The serving idea", false)
	if len(e) > 0 {
		f, err := s.patientForms(c, p)
		if err != nil {
			return err
		}
		form.Errors = views.Errors(e)
		f.Rec = form
		return s.patientFormError(c, p, views.CareRecFormFragment(f))
	}
	u := currentUser(c)
	_, err = s.DB.CareCreateRecommendation(ctx, db.CareCreateRecommendationParams{UserID: p.ID, FoodItemID: foodID, MealType: form.Meal,
		Reasoning: reasoning, ServingGrams: *grams, MealSuggestion: strings.TrimSpace(suggestion), CreatedBy: &u.ID, CreatedAt: db.Now()})
	if err != nil {
		return errInternal(err)
	}
	s.auditPatient(c, p, auditCareRec, form.Meal)
	s.setFlash(c, "ok", "Recommendation added: the patient sees it on their Care team page.")
	return redirect(c, carePatientURL(p.ID, "h-recs"))
}
