package accounts

import (
	"strings"
	"testing"
	"time"
)

func TestRegistrationValidate(t *testing.T) {
	good := Registration{Username: "nakato", Email: "nakato@example.org", Password: "matooke-2024", Confirm: "matooke-2024", Role: "patient"}
	if e := good.Validate(); len(e) != 0 {
		t.Fatalf("good registration rejected: %v", e)
	}
	cases := []struct {
		name  string
		mod   func(*Registration)
		field string
	}{
		{"empty username", func(r *Registration) { r.Username = "" }, "username"},
		{"over-long username", func(r *Registration) { r.Username = strings.Repeat("a", 33) }, "username"},
		{"username with space", func(r *Registration) { r.Username = "na kato" }, "username"},
		{"script in username", func(r *Registration) { r.Username = "<script>" }, "username"},
		{"bad email", func(r *Registration) { r.Email = "nakato@" }, "email"},
		{"email without dot", func(r *Registration) { r.Email = "a@b" }, "email"},
		{"display-name email", func(r *Registration) { r.Email = "Nakato <n@example.org>" }, "email"},
		{"over-long email", func(r *Registration) { r.Email = strings.Repeat("a", 250) + "@x.org" }, "email"},
		{"short password", func(r *Registration) { r.Password, r.Confirm = "abc", "abc" }, "password"},
		{"over-long password", func(r *Registration) { p := strings.Repeat("x", 129); r.Password, r.Confirm = p, p }, "password"},
		{"mismatch", func(r *Registration) { r.Confirm = "other-password" }, "confirm"},
		{"admin self-signup", func(r *Registration) { r.Role = "admin" }, "role"},
		{"long first name", func(r *Registration) { r.FirstName = strings.Repeat("a", 61) }, "first_name"},
	}
	for _, c := range cases {
		r := good
		c.mod(&r)
		if e := r.Validate(); e[c.field] == "" {
			t.Errorf("%s: no message on %s (got %v)", c.name, c.field, e)
		}
	}
}

func TestProfileParse(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	good := Profile{Email: "a@example.org", BirthDate: "1980-05-17", Gender: "female", HeightCm: "162.5", WeightKg: "71,2",
		ActivityLevel: "moderate", DiabetesType: "type2", PrimaryGoal: "glucose_control", MonthlyBudgetUGX: "UGX 300,000",
		GlucoseUnit: "mmol/L", TimeZone: "Africa/Kampala"}
	v, e := good.Parse(now)
	if len(e) != 0 {
		t.Fatalf("good profile rejected: %v", e)
	}
	if *v.WeightKg != 71.2 || *v.MonthlyBudgetUGX != 300000 || v.BirthDate.Year() != 1980 {
		t.Fatalf("values: %+v", v)
	}
	cases := []struct {
		mod   func(*Profile)
		field string
	}{
		{func(p *Profile) { p.BirthDate = "2027-01-01" }, "birth_date"}, // age −1
		{func(p *Profile) { p.BirthDate = "1890-01-01" }, "birth_date"},
		{func(p *Profile) { p.BirthDate = "17/05/1980" }, "birth_date"},
		{func(p *Profile) { p.WeightKg = "0" }, "weight_kg"},
		{func(p *Profile) { p.WeightKg = "1000" }, "weight_kg"},
		{func(p *Profile) { p.WeightKg = "heavy" }, "weight_kg"},
		{func(p *Profile) { p.HeightCm = "20" }, "height_cm"},
		{func(p *Profile) { p.MonthlyBudgetUGX = "-5" }, "monthly_budget_ugx"},
		{func(p *Profile) { p.MonthlyBudgetUGX = "lots" }, "monthly_budget_ugx"},
		{func(p *Profile) { p.DiabetesType = "type3" }, "diabetes_type"},
		{func(p *Profile) { p.GlucoseUnit = "g/L" }, "glucose_unit"},
		{func(p *Profile) { p.TimeZone = "Mars/Base" }, "time_zone"},
		{func(p *Profile) { p.Email = "" }, "email"},
	}
	for _, c := range cases {
		p := good
		c.mod(&p)
		if _, e := p.Parse(now); e[c.field] == "" {
			t.Errorf("%+v: no message on %s (got %v)", p, c.field, e)
		}
	}
}

func TestParseUGX(t *testing.T) {
	for in, want := range map[string]int64{"300000": 300000, "300,000": 300000, "UGX 2,500": 2500, "2500/=": 2500, " 0 ": 0} {
		if got, err := ParseUGX(in); err != nil || got != want {
			t.Errorf("ParseUGX(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "abc", "2.5k"} {
		if _, err := ParseUGX(in); err == nil {
			t.Errorf("ParseUGX(%q) accepted", in)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("matooke-2024")
	if err != nil || !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("%s %v", h, err)
	}
	if !CheckPassword("matooke-2024", h) || CheckPassword("matooke-2025", h) || CheckPassword("x", "") || CheckPassword("x", "garbage") {
		t.Fatal("password check wrong")
	}
}
