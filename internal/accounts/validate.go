package accounts

import (
	"fmt"
	"github.com/zoe-nutritech/zoe/internal/food/regions"
	"github.com/zoe-nutritech/zoe/internal/input"
	"math"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// Errors maps a form field to a message for the person filling it in.
type Errors map[string]string

// Roles a user can hold. Only patient and dietitian may sign themselves up.
const (
	RolePatient   = "patient"
	RoleDietitian = "dietitian"
	RoleAdmin     = "admin"
)

// ValidRole reports whether role is one of the three roles.
func ValidRole(role string) bool {
	return role == RolePatient || role == RoleDietitian || role == RoleAdmin
}

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$`)

// Registration is the sign-up form.
type Registration struct {
	Username, Email, Password, Confirm, Role, FirstName, LastName string
}

// Normalize trims what people paste with stray spaces (never the password).
func (r *Registration) Normalize() {
	r.Username = strings.TrimSpace(r.Username)
	r.Email = strings.TrimSpace(r.Email)
	r.FirstName = strings.TrimSpace(r.FirstName)
	r.LastName = strings.TrimSpace(r.LastName)
	if r.Role == "" {
		r.Role = RolePatient
	}
}

// Validate checks every field and returns a message per bad field (empty when all is well).
func (r Registration) Validate() Errors {
	e := Errors{}
	validateUsername(e, r.Username)
	validateEmail(e, r.Email)
	validatePassword(e, r.Password, r.Confirm, r.Username, r.Email)
	if r.Role != RolePatient && r.Role != RoleDietitian {
		e["role"] = "Choose patient or dietitian."
	}
	validateName(e, "first_name", r.FirstName, "First name")
	validateName(e, "last_name", r.LastName, "Last name")
	return e
}

func validateUsername(e Errors, u string) {
	switch {
	case u == "":
		e["username"] = "Choose a username."
	case utf8.RuneCountInString(u) > 32:
		e["username"] = "A username can have at most 32 characters."
	case !usernameRE.MatchString(u):
		e["username"] = "Use 3–32 letters, digits, dots, dashes or underscores, starting with a letter or digit."
	}
}

func validateEmail(e Errors, s string) {
	if s == "" {
		e["email"] = "Enter your email address."
		return
	}
	if len(s) > 254 {
		e["email"] = "An email address can have at most 254 characters."
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		e["email"] = "Enter an email address like name@example.com."
	}
}

// validatePassword checks a new password (see PasswordProblem) and its confirmation.
func validatePassword(e Errors, p, confirm, username, email string) {
	if msg := PasswordProblem(p, username, email); msg != "" {
		e["password"] = msg
	} else if p != confirm {
		e["confirm"] = "The two passwords differ."
	}
}

// NewPassword is a password change or reset: the new password and its confirmation.
type NewPassword struct {
	Password, Confirm string
}

// Validate checks the new password for the account named username (email may be empty).
func (n NewPassword) Validate(username, email string) Errors {
	e := Errors{}
	validatePassword(e, n.Password, n.Confirm, username, email)
	return e
}

func validateName(e Errors, field, v, label string) {
	if utf8.RuneCountInString(v) > 60 {
		e[field] = label + " can have at most 60 characters."
	}
	if strings.ContainsAny(v, "<>\x00") {
		e[field] = label + " cannot contain < > characters."
	}
}

// Profile is the onboarding/profile form as typed; Parse turns it into checked values.
type Profile struct {
	Email, FirstName, LastName               string
	BirthDate, Gender, HeightCm, WeightKg    string
	ActivityLevel, DiabetesType, PrimaryGoal string
	MonthlyBudgetUGX, GlucoseUnit, TimeZone  string
	PriceRegion                              string
	Language                                 string // an i18n.Supported code, or "" to follow the browser
	OfflineMode                              bool
}

// ProfileValues are the checked values of a profile, ready to store.
type ProfileValues struct {
	Email, FirstName, LastName             string
	BirthDate                              *time.Time
	Gender, ActivityLevel                  *string
	HeightCm, WeightKg                     *float64
	DiabetesType, PrimaryGoal, GlucoseUnit string
	MonthlyBudgetUGX                       *int64
	TimeZone, Language                     string
	PriceRegion                            string // one of regions.All, or "" (national prices)
	OfflineMode                            bool
}

// Label is the label of value among choices (one of the lists below), or value itself when
// it is not one of them. Every page that names a profile choice uses it.
func Label(choices [][2]string, value string) string {
	for _, c := range choices {
		if c[0] == value {
			return c[1]
		}
	}
	return value
}

// Choices offered by the profile form, value → label.
var (
	Genders        = [][2]string{{"", "Prefer not to say"}, {"female", "Female"}, {"male", "Male"}, {"other", "Other"}}
	ActivityLevels = [][2]string{{"", "Not set"}, {"sedentary", "Sedentary (little exercise)"}, {"light", "Light (1–3 days a week)"}, {"moderate", "Moderate (3–5 days a week)"}, {"active", "Active (6–7 days a week)"}, {"very_active", "Very active (hard physical work)"}}
	DiabetesTypes  = [][2]string{{"none", "No diabetes"}, {"type1", "Type 1 diabetes"}, {"type2", "Type 2 diabetes"}, {"prediabetes", "Prediabetes"}, {"gestational", "Gestational diabetes"}}
	PrimaryGoals   = [][2]string{{"eat_healthy", "Eat healthily on my budget"}, {"glucose_control", "Control my blood sugar"}, {"lose_weight", "Lose weight"}, {"gain_weight", "Gain weight"}, {"maintain_weight", "Keep my weight"}}
	GlucoseUnits   = [][2]string{{"mmol/L", "mmol/L (used in Uganda)"}, {"mg/dL", "mg/dL"}}
	PriceRegions   = priceRegionChoices()
)

func priceRegionChoices() [][2]string {
	out := [][2]string{{"", "Not chosen (national prices)"}}
	for _, r := range regions.All {
		out = append(out, [2]string{r, r + " (" + strings.Join(regions.Districts(r), ", ") + "…)"})
	}
	return out
}

func oneOf(choices [][2]string, v string) bool {
	for _, c := range choices {
		if c[0] == v {
			return true
		}
	}
	return false
}

// optionalChoice is v when it is one of choices, nil when it is empty (not given), and nil
// with a message on field otherwise.
func optionalChoice(e Errors, field string, choices [][2]string, v string) *string {
	if v == "" {
		return nil
	}
	if !oneOf(choices, v) {
		e[field] = "Choose one of the options."
		return nil
	}
	return &v
}

// Parse validates the profile; now is used to reject birth dates in the future.
func (p Profile) Parse(now time.Time) (ProfileValues, Errors) {
	e := Errors{}
	v := ProfileValues{
		Email: strings.TrimSpace(p.Email), FirstName: strings.TrimSpace(p.FirstName), LastName: strings.TrimSpace(p.LastName),
		DiabetesType: p.DiabetesType, PrimaryGoal: p.PrimaryGoal, GlucoseUnit: p.GlucoseUnit,
		TimeZone: strings.TrimSpace(p.TimeZone), OfflineMode: p.OfflineMode, Language: p.Language,
	}
	validateEmail(e, v.Email)
	validateName(e, "first_name", v.FirstName, "First name")
	validateName(e, "last_name", v.LastName, "Last name")

	if s := strings.TrimSpace(p.BirthDate); s != "" {
		d, err := time.Parse("2006-01-02", s)
		switch {
		case err != nil:
			e["birth_date"] = "Enter a date like 1980-05-17."
		case d.After(now):
			e["birth_date"] = "A birth date cannot be in the future."
		case now.Year()-d.Year() > 120:
			e["birth_date"] = "Check the year: that would make you over 120."
		default:
			v.BirthDate = &d
		}
	}
	v.Gender = optionalChoice(e, "gender", Genders, p.Gender)
	v.ActivityLevel = optionalChoice(e, "activity_level", ActivityLevels, p.ActivityLevel)
	v.HeightCm = parseRange(e, "height_cm", p.HeightCm, 50, 250, "Height", "cm")
	v.WeightKg = parseRange(e, "weight_kg", p.WeightKg, 20, 350, "Weight", "kg")
	if !oneOf(DiabetesTypes, v.DiabetesType) {
		e["diabetes_type"] = "Choose one of the options."
	}
	if !oneOf(PrimaryGoals, v.PrimaryGoal) {
		e["primary_goal"] = "Choose one of the options."
	}
	if !oneOf(GlucoseUnits, v.GlucoseUnit) {
		e["glucose_unit"] = "Choose mmol/L or mg/dL."
	}
	if s := strings.TrimSpace(p.MonthlyBudgetUGX); s != "" {
		n, err := ParseUGX(s)
		switch {
		case err != nil:
			e["monthly_budget_ugx"] = "Enter whole shillings, like 300000 or 300,000."
		case n < 0 || n > 100_000_000:
			e["monthly_budget_ugx"] = "Enter an amount from 0 to 100,000,000 UGX."
		default:
			v.MonthlyBudgetUGX = &n
		}
	}
	v.PriceRegion = strings.TrimSpace(p.PriceRegion)
	if v.PriceRegion != "" && !regions.Valid(v.PriceRegion) {
		e["price_region"] = "Choose one of the four regions, or none."
	}
	if v.TimeZone == "" {
		v.TimeZone = timezone.DefaultName()
	}
	if !timezone.Valid(v.TimeZone) || len(v.TimeZone) > 64 {
		e["time_zone"] = "Use a time zone name like " + timezone.DefaultName() + "."
	}
	if v.Language != "" && !slices.Contains(i18n.Supported, v.Language) {
		e["language"] = "Choose a language from the list."
	}
	return v, e
}

func parseRange(e Errors, field, s string, min, max float64, label, unit string) *float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	f, err := input.Decimal(s)
	if err != nil {
		e[field] = fmt.Sprintf("%s must be a number in %s.", label, unit)
		return nil
	}
	if f < min || f > max {
		e[field] = fmt.Sprintf("%s must be between %g and %g %s.", label, min, max, unit)
		return nil
	}
	return &f
}

// ParseUGX reads whole shillings as people write them: "300000", "300,000", "UGX 2,500", "2500/=".
func ParseUGX(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimPrefix(s, "UGX")
	s = strings.TrimSuffix(s, "/=")
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "UGX"))
	s = strings.NewReplacer(",", "", " ", "").Replace(s)
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	return input.Int(s, math.MinInt64, math.MaxInt64)
}
