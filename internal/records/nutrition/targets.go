package nutrition

import (
	"math"
	"time"
)

// Profile is what the targets are computed from (the user's profile and goal).
type Profile struct {
	Sex          string // "female", "male", "other" or "" (not given)
	BirthDate    *time.Time
	HeightCm     *float64
	WeightKg     *float64
	Activity     string // sedentary, light, moderate, active, very_active, or ""
	DiabetesType string // none, type1, type2, prediabetes, gestational
	Goal         string // lose_weight, gain_weight, maintain_weight, glucose_control, eat_healthy
}

// Activity multipliers of resting energy (docs/CLINICAL.md, Energy needs; the factors
// commonly paired with Mifflin–St Jeor).
var activityFactor = map[string]float64{
	"sedentary":   1.2,
	"light":       1.375,
	"moderate":    1.55,
	"active":      1.725,
	"very_active": 1.9,
}

// Mifflin–St Jeor sex constants (Mifflin et al., Am J Clin Nutr 1990;51:241–247):
// men +5, women −161. For "other" or an unstated sex we use the midpoint, −78, and say so.
const (
	mifflinMale   = 5.0
	mifflinFemale = -161.0
	mifflinOther  = (mifflinMale + mifflinFemale) / 2
)

// Energy adjustments for weight goals (docs/CLINICAL.md, Energy needs): about 500 kcal/day
// below needs to lose weight, 300–500 above to gain (we take the middle, 400). A loss
// diet never goes below 1,200 kcal for women or 1,500 kcal for men without supervision;
// with the sex not stated we apply the higher floor.
const (
	LossDeficitKcal  = 500.0
	GainSurplusKcal  = 400.0
	FloorFemaleKcal  = 1200.0
	FloorMaleKcal    = 1500.0
	defaultActivity  = "sedentary"
	minAgeForFormula = 18 // Mifflin–St Jeor was derived in adults aged 19–78
)

// Age is the age in whole years on day now.
func Age(birth, now time.Time) int {
	y := now.Year() - birth.Year()
	if now.Month() < birth.Month() || (now.Month() == birth.Month() && now.Day() < birth.Day()) {
		y--
	}
	return y
}

// RestingEnergy is the Mifflin–St Jeor resting energy expenditure in kcal/day:
// 10 × kg + 6.25 × cm − 5 × age + s, with s = +5 (men), −161 (women), −78 (other).
func RestingEnergy(sex string, weightKg, heightCm float64, age int) float64 {
	s := mifflinOther
	switch sex {
	case "male":
		s = mifflinMale
	case "female":
		s = mifflinFemale
	}
	return 10*weightKg + 6.25*heightCm - 5*float64(age) + s
}

// ActivityFactor returns the multiplier for an activity level; ok is false for an
// unknown or unset level (sedentary, 1.2, is then used).
func ActivityFactor(level string) (f float64, ok bool) {
	f, ok = activityFactor[level]
	if !ok {
		return activityFactor[defaultActivity], false
	}
	return f, true
}

// Targets are a person's daily targets. Limits (sugars, sodium) are maxima; fibre is a
// minimum; energy and the macronutrients are aims.
type Targets struct {
	RestingKcal float64 // Mifflin–St Jeor
	NeedsKcal   float64 // resting × activity
	EnergyKcal  float64 // needs adjusted for the goal, floors applied
	CarbG       float64 // available carbohydrate
	ProteinG    float64
	FatG        float64
	FibreMinG   float64
	SugarsMaxG  float64
	SodiumMaxMg float64

	CarbPct, ProteinPct, FatPct float64 // shares of energy the macronutrient aims use
	FloorApplied                bool    // the loss deficit was capped by the floor
	Notes                       []string
}

// Macronutrient shares of energy.
//
// The Institute of Medicine's Acceptable Macronutrient Distribution Ranges (Dietary
// Reference Intakes for Energy, Carbohydrate, Fiber, Fat…, 2005) are carbohydrate
// 45–65 %, protein 10–35 %, fat 20–35 % of energy; WHO advises total fat under 30 %
// (Healthy diet, fact sheet 394, 2020). Without diabetes we aim at 55/15/30. With
// diabetes or prediabetes the ADA Standards of Care (2024, section 5) find no single
// ideal distribution but that reducing overall carbohydrate improves glycaemia, so we
// aim at the low end of the carbohydrate range, 45 %, and move the rest to protein (25 %).
const (
	carbPctDefault    = 55.0
	proteinPctDefault = 15.0
	fatPct            = 30.0
	carbPctDiabetes   = 45.0
	proteinPctDiab    = 25.0
)

// Atwater general factors, kcal/g (docs/CLINICAL.md, Food).
const (
	KcalPerGProtein = 4.0
	KcalPerGCarb    = 4.0
	KcalPerGFat     = 9.0
	KcalPerGFibre   = 2.0
)

// WHO limits (docs/CLINICAL.md, Food): free sugars < 10 % of energy, sodium < 2,000 mg/day,
// dietary fibre ≥ 25 g/day for adults.
const (
	SugarsMaxPctEnergy = 10.0
	SodiumMaxMg        = 2000.0
	FibreMinG          = 25.0
)

// HasDiabetes reports whether the diabetes type calls for the lower-carbohydrate aims.
func HasDiabetes(diabetesType string) bool {
	switch diabetesType {
	case "type1", "type2", "prediabetes", "gestational":
		return true
	}
	return false
}

// Missing lists what the profile lacks for energy targets ("height", "weight",
// "birth date"); empty when targets can be computed.
func (p Profile) Missing() []string {
	var m []string
	if p.HeightCm == nil {
		m = append(m, "height")
	}
	if p.WeightKg == nil {
		m = append(m, "weight")
	}
	if p.BirthDate == nil {
		m = append(m, "birth date")
	}
	return m
}

// ComputeTargets works out the daily targets on day now. ok is false when the
// profile lacks height, weight or birth date (see Missing).
func ComputeTargets(p Profile, now time.Time) (t Targets, ok bool) {
	if len(p.Missing()) > 0 {
		return Targets{}, false
	}
	age := Age(*p.BirthDate, now)
	if age < minAgeForFormula {
		t.Notes = append(t.Notes, "These targets use adult formulas; a child's needs differ — ask your clinic.")
	}
	if p.Sex != "male" && p.Sex != "female" {
		t.Notes = append(t.Notes, "Sex not given: the energy formula uses the midpoint of the men's and women's values.")
	}
	t.RestingKcal = RestingEnergy(p.Sex, *p.WeightKg, *p.HeightCm, age)
	f, known := ActivityFactor(p.Activity)
	if !known {
		t.Notes = append(t.Notes, "Activity not set: sedentary assumed.")
	}
	t.NeedsKcal = t.RestingKcal * f
	t.EnergyKcal = t.NeedsKcal
	switch p.Goal {
	case "lose_weight":
		floor := FloorMaleKcal
		if p.Sex == "female" {
			floor = FloorFemaleKcal
		}
		t.EnergyKcal = t.NeedsKcal - LossDeficitKcal
		if t.EnergyKcal < floor {
			t.EnergyKcal = math.Min(floor, t.NeedsKcal)
			t.FloorApplied = true
			t.Notes = append(t.Notes, "Your target is held at the safe minimum; lose more only with your clinician.")
		}
	case "gain_weight":
		t.EnergyKcal = t.NeedsKcal + GainSurplusKcal
	}
	t.CarbPct, t.ProteinPct, t.FatPct = carbPctDefault, proteinPctDefault, fatPct
	if HasDiabetes(p.DiabetesType) || p.Goal == "glucose_control" {
		t.CarbPct, t.ProteinPct = carbPctDiabetes, proteinPctDiab
	}
	t.CarbG = t.EnergyKcal * t.CarbPct / 100 / KcalPerGCarb
	t.ProteinG = t.EnergyKcal * t.ProteinPct / 100 / KcalPerGProtein
	t.FatG = t.EnergyKcal * t.FatPct / 100 / KcalPerGFat
	t.FibreMinG = FibreMinG
	t.SugarsMaxG = t.EnergyKcal * SugarsMaxPctEnergy / 100 / KcalPerGCarb
	t.SodiumMaxMg = SodiumMaxMg
	return t, true
}

// BMI is weight ÷ height² (kg/m²).
func BMI(weightKg, heightCm float64) float64 {
	m := heightCm / 100
	return weightKg / (m * m)
}

// BMICategory applies the WHO cut-offs (docs/CLINICAL.md, Energy needs).
func BMICategory(bmi float64) string {
	switch {
	case bmi < 18.5:
		return "underweight"
	case bmi < 25:
		return "normal"
	case bmi < 30:
		return "overweight"
	}
	return "obese"
}
