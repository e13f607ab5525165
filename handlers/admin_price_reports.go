package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/views"
)

// adminPriceReports is the moderation queue of flagged price reports.
func (s *Server) adminPriceReports(c *fiber.Ctx) error {
	rows, err := s.Catalog.ModerationQueue(c.UserContext(), 200)
	if err != nil {
		return errInternal(err)
	}
	var vm views.PriceReportsVM
	for _, r := range rows {
		where := r.MarketName
		if where == "" {
			where = r.Place
		}
		per := r.PerUnit
		if per == "l" {
			per = "litre"
		}
		vm.Rows = append(vm.Rows, views.PriceReportRow{ID: r.ID, UserID: r.UserID, FoodID: r.FoodItemID, Reporter: r.Username, Food: r.FoodName,
			What: fmt.Sprintf("UGX %s for %g %s = UGX %s per %s", pricereports.Shillings(r.PriceUgx), r.Quantity, r.Unit,
				pricereports.Shillings(r.UnitPriceUgx), per),
			Where: where, On: r.ObservedOn, Flag: r.Flag, Demo: r.Demo})
	}
	return s.render(c, 200, views.PriceReportsPage(s.page(c, "Price reports", "fooddata"), vm))
}

// adminPriceReportModerate accepts or rejects one report.
func (s *Server) adminPriceReportModerate(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	if action != catalog.ReportAccept && action != catalog.ReportReject {
		return &HTTPError{Status: 422, Msg: "Choose accept or reject."}
	}
	u := currentUser(c)
	rep, err := s.Catalog.ModerateReport(c.UserContext(), id, action, u.ID)
	if db.IsNotFound(err) {
		return errNotFound()
	} else if err != nil {
		return errInternal(err)
	}
	s.audit(c, &u.ID, &rep.UserID, "price.report."+action, fmt.Sprintf("report %d: food %d, UGX %.0f per %s", id, rep.FoodItemID, rep.UnitPriceUgx, rep.PerUnit))
	s.setFlash(c, "ok", "Report "+action+".")
	return redirect(c, "/admin/prices/reports")
}

// adminPriceReporterBan rejects every report of a user and refuses their next ones.
func (s *Server) adminPriceReporterBan(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.DB.GetUser(c.UserContext(), id); db.IsNotFound(err) {
		return errNotFound()
	} else if err != nil {
		return errInternal(err)
	}
	u := currentUser(c)
	n, err := s.Catalog.BanReporter(c.UserContext(), id, u.ID)
	if err != nil {
		return errInternal(err)
	}
	s.audit(c, &u.ID, &id, "price.reporter.ban", strconv.FormatInt(n, 10)+" reports rejected")
	s.setFlash(c, "ok", fmt.Sprintf("Reporter banned; %d report(s) rejected.", n))
	return redirect(c, "/admin/prices/reports")
}
