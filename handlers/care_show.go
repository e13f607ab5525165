package handlers

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// careShow is the patient's care page: linked dietitians, what each sees, invitations,
// the dietitians' recommendations and who looked at the patient's data.
func (s *Server) careShow(c *fiber.Ctx) error {
	vm, err := s.carePageVM(c, views.CareInviteForm{})
	if err != nil {
		return err
	}
	return s.render(c, 200, views.CarePage(s.page(c, "Care team", "care"), vm))
}

func (s *Server) carePageVM(c *fiber.Ctx, invite views.CareInviteForm) (views.CarePageVM, error) {
	ctx := c.UserContext()
	u := currentUser(c)
	loc := timezone.Of(u.TimeZone)
	vm := views.CarePageVM{Invite: invite}
	for _, k := range care.AllShares {
		vm.ShareOptions = append(vm.ShareOptions, views.Option{Value: string(k), Label: k.Label()})
	}
	links, err := s.DB.CareListLinksForPatient(ctx, u.ID)
	if err != nil {
		return vm, errInternal(err)
	}
	for _, l := range links {
		sh := care.ParseShares(l.Shares)
		m := map[string]bool{}
		for k, v := range sh {
			m[string(k)] = v
		}
		lv := views.CareLinkVM{ID: l.ID, Dietitian: careDisplayName(l.FirstName, l.LastName, l.Username), Username: l.Username,
			Pending: l.Status == "pending", Shares: m, SharesSummary: sh.Summary()}
		if l.AcceptedAt != nil {
			lv.Since = l.AcceptedAt.In(loc).Format("2 Jan 2006")
		}
		vm.Links = append(vm.Links, lv)
	}
	recs, err := s.DB.CareListRecommendations(ctx, db.CareListRecommendationsParams{UserID: u.ID, IncludeApp: 0, Lim: 30})
	if err != nil {
		return vm, errInternal(err)
	}
	for _, r := range recs {
		vm.Recommendations = append(vm.Recommendations, careRecVM(r, loc))
	}
	access, err := s.DB.CareListAccessLog(ctx, db.CareListAccessLogParams{SubjectUserID: &u.ID, Lim: 300})
	if err != nil {
		return vm, errInternal(err)
	}
	vm.Access = careAccessVM(access, loc)
	return vm, nil
}

func careRecVM(r db.CareListRecommendationsRow, loc *time.Location) views.CareRecVM {
	food := r.FoodName
	if r.FoodLocalNames != "" {
		food += " (" + r.FoodLocalNames + ")"
	}
	author := r.AuthorFirstName
	if author == "" {
		author = r.AuthorUsername
	}
	if r.RecType != "dietitian" {
		author = "ZOE suggestions"
	}
	return views.CareRecVM{Food: food, Meal: nutrition.MealLabel(r.MealType), Reasoning: r.Reasoning, Suggestion: r.MealSuggestion,
		Author: author, Date: r.CreatedAt.In(loc).Format("2 Jan 2006"), Serving: views.Num(r.ServingGrams, 0) + " g", Status: r.Status}
}

// careAccessWords says what an audit action means, for the patient.
var careAccessWords = map[string]string{
	auditCareRoster:    "Saw your flags on their patient list",
	auditCareView:      "Opened your records",
	auditCareReport:    "Opened your 14-day report",
	auditCareReviewed:  "Marked your file reviewed",
	auditCareTags:      "Changed the tags on your file",
	auditCareNote:      "Wrote a note about you",
	auditCareGoal:      "Set a goal for you",
	auditCareRec:       "Added a recommendation",
	auditCareAccept:    "Accepted your invitation",
	auditCareEnd:       "Ended the link",
	auditCareAdminLink: "Linked you to a dietitian",
	auditCareAdminEnd:  "Ended a link to a dietitian",
}

// careAccessVM folds repeats (same person, same action, same local day) into one line.
func careAccessVM(rows []db.CareListAccessLogRow, loc *time.Location) []views.CareAccessVM {
	var out []views.CareAccessVM
	lastKey := ""
	for _, a := range rows {
		day := a.CreatedAt.In(loc).Format("2 Jan 2006")
		key := a.ActorUsername + "\x00" + a.Action + "\x00" + day
		if key == lastKey {
			out[len(out)-1].Count++
			continue
		}
		lastKey = key
		what := careAccessWords[a.Action]
		if what == "" {
			what = a.Action
		}
		who := a.ActorUsername
		if who == "" {
			who = "A deleted account"
		}
		out = append(out, views.CareAccessVM{Who: who, Role: a.ActorRole, What: what,
			When: a.CreatedAt.In(loc).Format("2 Jan 2006 15:04"), Count: 1})
		if len(out) == 60 {
			break
		}
	}
	return out
}

func careStrconvID(id int64) string { return strconv.FormatInt(id, 10) }
