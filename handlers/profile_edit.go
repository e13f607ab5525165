package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/views"
)

var profileChoices = views.ProfileChoices{Genders: accounts.Genders, ActivityLevels: accounts.ActivityLevels,
	DiabetesTypes: accounts.DiabetesTypes, PrimaryGoals: accounts.PrimaryGoals, GlucoseUnits: accounts.GlucoseUnits, PriceRegions: accounts.PriceRegions}

func profileFormFrom(u *db.User) views.ProfileForm {
	f := views.ProfileForm{Username: u.Username, Role: u.Role, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		DiabetesType: u.DiabetesType, PrimaryGoal: u.PrimaryGoal, GlucoseUnit: u.GlucoseUnit, TimeZone: u.TimeZone,
		OfflineMode: u.OfflineModeEnabled, PriceRegion: u.PriceRegion, Language: u.Language}
	if u.BirthDate != nil {
		f.BirthDate = u.BirthDate.Format("2006-01-02")
	}
	if u.Gender != nil {
		f.Gender = *u.Gender
	}
	if u.ActivityLevel != nil {
		f.ActivityLevel = *u.ActivityLevel
	}
	if u.HeightCm != nil {
		f.HeightCm = strconv.FormatFloat(*u.HeightCm, 'f', -1, 64)
	}
	if u.WeightKg != nil {
		f.WeightKg = strconv.FormatFloat(*u.WeightKg, 'f', -1, 64)
	}
	if u.MonthlyBudgetUgx != nil {
		f.MonthlyBudgetUGX = strconv.FormatInt(*u.MonthlyBudgetUgx, 10)
	}
	return f
}

func (s *Server) profileShow(c *fiber.Ctx) error {
	f := profileFormFrom(currentUser(c))
	f.Onboarding = c.Query("welcome") == "1"
	return s.render(c, 200, views.ProfilePage(s.page(c, "Profile", "profile"), f, profileChoices))
}

func (s *Server) profileSubmit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := currentUser(c)
	in := accounts.Profile{Email: c.FormValue("email"), FirstName: c.FormValue("first_name"), LastName: c.FormValue("last_name"),
		BirthDate: c.FormValue("birth_date"), Gender: c.FormValue("gender"), HeightCm: c.FormValue("height_cm"),
		WeightKg: c.FormValue("weight_kg"), ActivityLevel: c.FormValue("activity_level"), DiabetesType: c.FormValue("diabetes_type"),
		PrimaryGoal: c.FormValue("primary_goal"), MonthlyBudgetUGX: c.FormValue("monthly_budget_ugx"),
		GlucoseUnit: c.FormValue("glucose_unit"), TimeZone: c.FormValue("time_zone"), PriceRegion: c.FormValue("price_region"), OfflineMode: c.FormValue("offline_mode") == "on",
		Language: c.FormValue("language")}
	v, errs := in.Parse(db.Now())
	if len(errs) == 0 && v.Email != u.Email {
		taken, err := s.DB.UsernameOrEmailTaken(ctx, db.UsernameOrEmailTakenParams{Username: "", Email: v.Email, ExceptID: u.ID})
		if err != nil {
			return errInternal(err)
		}
		if taken.EmailTaken {
			errs["email"] = "Another account uses this email."
		}
	}
	if len(errs) > 0 {
		f := views.ProfileForm{Username: u.Username, Role: u.Role, Email: in.Email, FirstName: in.FirstName, LastName: in.LastName,
			BirthDate: in.BirthDate, Gender: in.Gender, HeightCm: in.HeightCm, WeightKg: in.WeightKg, ActivityLevel: in.ActivityLevel,
			DiabetesType: in.DiabetesType, PrimaryGoal: in.PrimaryGoal, MonthlyBudgetUGX: in.MonthlyBudgetUGX,
			GlucoseUnit: in.GlucoseUnit, TimeZone: in.TimeZone, PriceRegion: in.PriceRegion, Language: in.Language, OfflineMode: in.OfflineMode, Errors: views.Errors(errs)}
		if isHTMX(c) {
			return s.render(c, 422, views.ProfileFormFragment(csrfToken(c), f, profileChoices))
		}
		return s.render(c, 422, views.ProfilePage(s.page(c, "Profile", "profile"), f, profileChoices))
	}
	_, err := s.DB.UpdateProfile(ctx, db.UpdateProfileParams{ID: u.ID, Email: v.Email, FirstName: v.FirstName, LastName: v.LastName,
		BirthDate: v.BirthDate, Gender: v.Gender, HeightCm: v.HeightCm, WeightKg: v.WeightKg, ActivityLevel: v.ActivityLevel,
		DiabetesType: v.DiabetesType, PrimaryGoal: v.PrimaryGoal, MonthlyBudgetUgx: v.MonthlyBudgetUGX, GlucoseUnit: v.GlucoseUnit,
		TimeZone: v.TimeZone, PriceRegion: &v.PriceRegion, OfflineModeEnabled: v.OfflineMode, Language: v.Language, UpdatedAt: db.Now()})
	if err != nil {
		return errInternal(err)
	}
	s.forgetUserOrLog(ctx, u.ID)
	s.setFlash(c, "ok", "Profile saved.")
	return redirect(c, homeFor(u.Role))
}
