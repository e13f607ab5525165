package views

// PatientViewVM is one linked patient as their dietitian sees them.
type PatientViewVM struct {
	ID, LinkID     int64
	Name, Username string
	Facts          []CareFact
	SharesSummary  string
	Shares         map[string]bool
	Tags           string
	Reviewed       string
	Unit           string
	Flags          []FlagVM
	FlagPeriod     int
	AGPDays        int
	AGPOptions     []int

	Stats    []CareStatsColVM
	AGP      AGPChart
	Readings ReadingsChart
	HbA1c    []CareFact
	Records  []CareRecordVM

	Diary         []CareDiaryDayVM
	DiaryAverage  CareDiaryDayVM
	DiaryDaysLogs int

	Weights      []CareFact
	WeightChange string

	Goals []CareGoalVM
	Recs  []CareRecVM
	Notes []CareNoteVM

	Forms PatientForms
}

// PatientForms are the dietitian's forms on the patient page, with their choices.
type PatientForms struct {
	CSRF      string
	PatientID int64
	Tags      CareTagsForm
	Note      CareNoteForm
	Goal      CareGoalForm
	Rec       CareRecForm
	GoalTypes []Option
	Meals     []Option
	Foods     []Option
	ShowGoals bool
}

// CareFact is a label and a value.
type CareFact struct{ Label, Value string }

// CareStatsColVM is the glucose statistics of one period, formatted.
type CareStatsColVM struct {
	Title, N, Days, Mean, SD, CV, GMI, GMINote, Fasting  string
	VeryLow, Low, InRange, High, VeryHigh, Hypos, Severe string
}

// CareRecordVM is one diabetes record.
type CareRecordVM struct{ When, Kind, Value, Notes string }

// CareDiaryDayVM is a day of the diary with its totals.
type CareDiaryDayVM struct {
	Date                                                  string
	Energy, Carb, Protein, Fat, Fibre, Sugars, Sodium, GL string
	Cost                                                  string
	Items                                                 []CareDiaryItemVM
	Photos                                                []PhotoVM // the day's meal photos
}

// CareDiaryItemVM is one logged food.
type CareDiaryItemVM struct{ Time, Meal, Food, Grams, Energy, Carb string }

// CareGoalVM is one goal.
type CareGoalVM struct{ Title, Target, Start, Status, By, Due string }

// CareNoteVM is one note.
type CareNoteVM struct{ Body, Author, When string }

// CareTagsForm is the tags as typed.
type CareTagsForm struct {
	Tags   string
	Errors Errors
}

// CareNoteForm is a new note as typed.
type CareNoteForm struct {
	Body   string
	Errors Errors
}

// CareGoalForm is a new goal as typed (values in the dietitian's units).
type CareGoalForm struct {
	Type, Title, Start, Target, TargetDate string
	Errors                                 Errors
}

// CareRecForm is a new recommendation as typed.
type CareRecForm struct {
	FoodID, Meal, Grams, Reasoning, Suggestion string
	Errors                                     Errors
}
