package handlers

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/i18n"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/tracking"
	"github.com/zoe-nutritech/zoe/views"
)

const recordsPerPage = 50

func recordTypeOptions() []views.RecordTypeOption {
	out := make([]views.RecordTypeOption, len(tracking.RecordTypes))
	for i, t := range tracking.RecordTypes {
		out[i] = views.RecordTypeOption{Value: t[0], Label: t[1]}
	}
	return out
}

func contextOptions() []views.Option {
	out := make([]views.Option, len(glucose.Contexts))
	for i, c := range glucose.Contexts {
		out[i] = views.Option{Value: string(c), Label: c.Label()}
	}
	return out
}

// blankRecordForm is an empty form of type t, its time set to now in the user's zone.
func blankRecordForm(u *db.User, t string) views.RecordForm {
	if !tracking.ValidRecordType(t) {
		t = tracking.RecGlucose
	}
	unit := userUnit(u)
	lo, hi := glucose.EntryLimits(unit)
	return views.RecordForm{Type: t, TypeLabel: strings.ToLower(tracking.RecordTypeLabel(t)), Unit: string(unit),
		When: formTime(db.Now(), userLoc(u)), Context: string(glucose.Random), HbA1cUnit: "%",
		GlucoseLow: views.Num(lo, 1), GlucoseHigh: views.Num(hi, 1)}
}

// recordRow shows one stored record in the user's unit and zone.
func recordRow(ctx context.Context, r db.DiabetesRecord, unit glucose.Unit, loc *time.Location) views.RecordRow {
	row := views.RecordRow{ID: r.ID, When: i18n.Date(ctx, r.RecordedAt.In(loc), showTimeLayout), Detail: r.Notes}
	row.Type, row.Value = recordText(r, unit)
	if r.RecordType == tracking.RecGlucose && r.GlucoseMgdl != nil {
		row.Class = "band-" + glucose.Classify(*r.GlucoseMgdl).String()
	}
	if utf8.RuneCountInString(row.Detail) > 120 {
		row.Detail = string([]rune(row.Detail)[:119]) + "…"
	}
	return row
}

func (s *Server) recordsList(c *fiber.Ctx) error {
	u := currentUser(c)
	f := blankRecordForm(u, c.Query("new"))
	if f.Feedback = s.savedFeedback(c, u); f.Feedback != nil {
		f.Saved = "Blood glucose saved."
	}
	vm, err := s.recordsVM(c, u, f)
	if err != nil {
		return err
	}
	return s.render(c, 200, views.RecordsPage(s.page(c, "Records", "records"), vm))
}

// recordsVM loads the history page (one query) around the given form.
func (s *Server) recordsVM(c *fiber.Ctx, u *db.User, form views.RecordForm) (views.RecordsVM, error) {
	loc, unit := userLoc(u), userUnit(u)
	vm := views.RecordsVM{Form: form, Types: recordTypeOptions(), Context: contextOptions()}
	var filter *string
	if t := c.Query("type"); tracking.ValidRecordType(t) {
		filter, vm.Filter = &t, t
	}
	before := db.Now().Add(24 * time.Hour)
	if b := c.Query("before"); b != "" {
		t, err := time.Parse(time.RFC3339Nano, b)
		if err != nil {
			return vm, &HTTPError{Status: 400, Msg: "That page link is not valid."}
		}
		before = t
	}
	rows, err := s.DB.ListDiabetesRecords(c.UserContext(), db.ListDiabetesRecordsParams{UserID: u.ID, RecordType: filter,
		Before: before, Lim: recordsPerPage + 1})
	if err != nil {
		return vm, errInternal(err)
	}
	if len(rows) > recordsPerPage {
		rows = rows[:recordsPerPage]
		q := url.Values{"before": {rows[len(rows)-1].RecordedAt.Format(time.RFC3339Nano)}}
		if filter != nil {
			q.Set("type", *filter)
		}
		vm.Older = "/records?" + q.Encode()
	}
	for _, r := range rows {
		vm.Rows = append(vm.Rows, recordRow(c.UserContext(), r, unit, loc))
	}
	return vm, nil
}
