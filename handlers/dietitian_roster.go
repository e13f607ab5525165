package handlers

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/care"
	"github.com/zoe-nutritech/zoe/internal/input"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/safe"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// rosterPerPage keeps a page light on a phone; 500 patients are 20 pages.
const rosterPerPage = 25

// triageGroupSize is how many patients each triage group shows before "See all".
const triageGroupSize = 10

// dietitianHome is the roster: every actively linked patient with their flags.
func (s *Server) dietitianHome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := currentUser(c)
	unit := careViewerUnit(c)
	period := care.DefaultPeriod
	// A period not in the list (or not a number) shows the default one.
	if d, err := input.Int(c.Query("days"), 1, 366); err == nil && slices.Contains(care.Periods, int(d)) {
		period = int(d)
	}
	now := time.Now()
	// The invitations banner is read while the roster loads.
	var pending []db.CareListPendingForDietitianRow
	var pendingErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		pendingErr = safe.Call(func() (err error) {
			pending, err = s.DB.CareListPendingForDietitian(ctx, u.ID)
			return err
		})
	}()
	entries, err := s.loadRoster(ctx, u, unit, period, now)
	<-done
	if err != nil {
		return errInternal(err)
	}
	if pendingErr != nil {
		return errInternal(pendingErr)
	}
	vm := views.RosterVM{View: "list", Period: period, Periods: care.Periods, Q: c.Query("q"), Flag: c.Query("flag"),
		Sort: c.Query("sort"), Desc: c.Query("dir") == "desc", All: len(entries), Pending: len(pending), Unit: string(unit)}
	if len(vm.Q) > 100 {
		vm.Q = vm.Q[:100]
	}
	if !slices.ContainsFunc(care.SortKeys, func(k [2]string) bool { return k[0] == vm.Sort }) {
		vm.Sort = care.SortFlags
	}
	for _, k := range care.SortKeys {
		vm.SortOptions = append(vm.SortOptions, views.Option{Value: k[0], Label: k[1]})
	}
	vm.FlagOptions = []views.Option{{Value: "", Label: "Any"}}
	for _, code := range care.FlagOrder {
		vm.FlagOptions = append(vm.FlagOptions, views.Option{Value: code, Label: care.FlagTitle(code)})
	}
	vm.FlagOptions = append(vm.FlagOptions, views.Option{Value: "none", Label: "No flags"})
	if !slices.ContainsFunc(vm.FlagOptions, func(o views.Option) bool { return o.Value == vm.Flag }) {
		vm.Flag = ""
	}
	loc := timezone.Of(u.TimeZone)
	var shown []int64
	if c.Query("view") == "triage" {
		vm.View = "triage"
		for _, g := range care.TriageGroups(entries, triageGroupSize) {
			gv := views.TriageGroupVM{Code: g.Code, Title: g.Title, Total: g.Total}
			flag := g.Code
			if flag == "" {
				flag = "none"
			}
			gv.Href = views.RosterVM{Period: period, Flag: flag}.Href(1, care.SortFlags, false)
			for _, e := range g.Entries {
				gv.Rows = append(gv.Rows, careRosterRow(e, unit, now, loc))
				shown = append(shown, e.ID)
			}
			vm.Groups = append(vm.Groups, gv)
		}
	} else {
		page, err := pageParam(c)
		if err != nil {
			return err
		}
		pg := care.Select(entries, care.Query{Search: vm.Q, Flag: vm.Flag, Sort: vm.Sort, Desc: vm.Desc, Page: page, PerPage: rosterPerPage})
		vm.Page, vm.PageCount, vm.Total = pg.Page, pg.PageCount, pg.Total
		for _, e := range pg.Entries {
			vm.Rows = append(vm.Rows, careRosterRow(e, unit, now, loc))
			shown = append(shown, e.ID)
		}
	}
	// The flags on screen are the patients' data: one audit row per patient shown, written
	// in one statement.
	if len(shown) > 0 {
		err := s.DB.CareAuditLinkedPatients(ctx, db.CareAuditLinkedPatientsParams{Action: auditCareRoster,
			Detail: strconv.Itoa(period) + "-day flags", Ip: s.clientIP(c), CreatedAt: db.Now(), DietitianID: u.ID, PatientIds: shown})
		if err != nil {
			s.Log.Error("audit write failed", "action", auditCareRoster, "err", err)
		}
	}
	// Server-Timing shows in the browser's developer tools how long the roster took to
	// load, evaluate and audit (the benchmark reads it too).
	c.Set("Server-Timing", "roster;dur="+strconv.FormatFloat(float64(time.Since(now).Microseconds())/1000, 'f', 1, 64))
	return s.render(c, 200, views.DietitianRoster(s.page(c, "Patients", "home"), vm))
}

func careRosterRow(e care.Entry, unit glucose.Unit, now time.Time, loc *time.Location) views.RosterRowVM {
	r := views.RosterRowVM{ID: e.ID, Name: e.DisplayName(), Username: e.Username, Tags: e.Tags, Older: e.Older,
		InRange: "—", Mean: "—", LastReading: "—", Reviewed: "Never"}
	if strings.TrimSpace(e.Name) == "" {
		r.Username = "" // the name shown is already the username
	}
	if !e.Shares.All() {
		r.Shares = e.Shares.Summary()
	}
	for _, f := range e.Flags {
		r.Flags = append(r.Flags, views.FlagVM{Code: f.Code, Label: f.Label, Detail: f.Detail, Severity: f.Severity})
	}
	if e.Current.N > 0 {
		r.InRange = views.Pct(e.Current.InRange.Percent()) + " of " + strconv.Itoa(e.Current.N)
		r.Mean = glucose.Format(e.Current.Mean.Value, unit)
	}
	if !e.LastReading.IsZero() && e.Shares.Has(care.ShareGlucose) {
		r.LastReading = careAgo(e.LastReading, now)
	}
	if e.LastReviewed != nil {
		r.Reviewed = e.LastReviewed.In(loc).Format("2 Jan 2006")
	}
	return r
}

// careAgo says how long ago t was in words a busy clinician reads at a glance.
func careAgo(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return "within the hour"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h ago"
	case d < 48*time.Hour:
		return "yesterday"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days ago"
}
