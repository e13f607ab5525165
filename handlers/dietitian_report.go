package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// reportNotes and reportRecs bound the lists a printed page carries.
const (
	reportNotes = 5
	reportRecs  = 5
)

// dietitianReport is the printable 14-day report (the browser prints it; the stylesheet's
// print rules drop navigation and buttons).
func (s *Server) dietitianReport(c *fiber.Ctx) error {
	p, err := s.linkedPatient(c)
	if err != nil {
		return err
	}
	now := time.Now()
	data, err := s.loadPatient(c.UserContext(), p, now)
	if err != nil {
		return errInternal(err)
	}
	u := currentUser(c)
	vloc := timezone.Of(u.TimeZone)
	vm := views.CareReportVM{PatientViewVM: patientVM(p, data, careViewerUnit(c), vloc, now, 14)}
	// The report is about the 14 days: keep that column of the statistics only.
	for _, st := range vm.Stats {
		if st.Title == "14 days" {
			vm.Stats = []views.CareStatsColVM{st}
			break
		}
	}
	vm.Notes = vm.Notes[:min(len(vm.Notes), reportNotes)]
	vm.Recs = vm.Recs[:min(len(vm.Recs), reportRecs)]
	from, to := glucose.Window(now.In(p.Loc), 14)
	vm.From, vm.To = from.Format("2 Jan 2006"), to.AddDate(0, 0, -1).Format("2 Jan 2006")
	vm.Generated = now.In(vloc).Format("2 Jan 2006 15:04")
	vm.By = careDisplayName(u.FirstName, u.LastName, u.Username)
	s.auditPatient(c, p, auditCareReport, "14 days")
	return s.render(c, 200, views.DietitianReport(s.page(c, "Report: "+vm.Name, "home"), vm))
}
