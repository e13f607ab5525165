package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/demo"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/pricereports"
	"github.com/zoe-nutritech/zoe/internal/timezone"
	"github.com/zoe-nutritech/zoe/views"
)

// priceReportForm is the empty "report a price you paid" form of a food.
func (s *Server) priceReportForm(c *fiber.Ctx, card catalog.Card) (views.PriceReportVM, error) {
	u := currentUser(c)
	vm := views.PriceReportVM{FoodID: card.ID, FoodName: card.Name, Quantity: "1", Unit: pricereports.UnitKilo,
		Date: time.Now().In(timezone.Of(u.TimeZone)).Format(time.DateOnly), Errors: views.Errors{}}
	vm.Units = []views.Option{{Value: "kg", Label: "kilogram (kg)"}, {Value: "g", Label: "gram (g)"}, {Value: "l", Label: "litre"},
		{Value: "piece", Label: "piece"}, {Value: "heap", Label: "heap"}, {Value: "bunch", Label: "bunch"}}
	for _, m := range card.Measures {
		vm.Units = append(vm.Units, views.Option{Value: pricereports.MeasurePrefix + m.Label, Label: fmt.Sprintf("%s (%.0f g)", m.Label, m.Grams)})
	}
	var err error
	vm.Markets, err = s.marketOptions(c.UserContext(), "Not in the list (type it below)")
	return vm, err
}

// priceReportCreate stores a price a user paid for a food (POST /foods/:id/prices).
func (s *Server) priceReportCreate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := currentUser(c)
	card, err := s.shownFood(c)
	if err != nil {
		return err
	}
	id := card.ID
	if card.Status != catalog.StatusPublished {
		return errNotFound() // prices are reported for the shared catalogue only
	}
	vm, err := s.priceReportForm(c, card)
	if err != nil {
		return errInternal(err)
	}
	vm.Quantity, vm.Unit, vm.WeightG = c.FormValue("quantity"), c.FormValue("unit"), c.FormValue("weight_g")
	vm.PriceUGX, vm.Date, vm.Market, vm.Place = c.FormValue("price_ugx"), c.FormValue("date"), c.FormValue("market"), c.FormValue("place")
	vm.Confirm = c.FormValue("confirm") == "yes"
	measures := make([]pricereports.Measure, len(card.Measures))
	for i, m := range card.Measures {
		measures[i] = pricereports.Measure{Label: m.Label, Grams: m.Grams}
	}
	var current *pricereports.Current
	if card.PriceUGX != nil {
		current = &pricereports.Current{UGX: *card.PriceUGX, PerUnit: card.PricePerUnit}
	}
	draft := pricereports.Draft{Quantity: vm.Quantity, Unit: vm.Unit, WeightG: vm.WeightG, PriceUGX: vm.PriceUGX, Date: vm.Date,
		Place: vm.Place, Confirm: vm.Confirm}
	report, errs := draft.Check(card.Name, measures, current, time.Now(), timezone.Of(u.TimeZone))
	var market *int64
	if vm.Market != "" {
		m, err := strconv.ParseInt(vm.Market, 10, 64)
		if !marketListed(vm.Markets, vm.Market) || err != nil {
			errs["market"] = "Choose a market from the list, or type the place below."
		} else {
			market = &m
		}
	} else if report.Place == "" {
		errs["place"] = "Choose the market from the list or type the market or district where you bought it."
	}
	vm.Errors = views.Errors(errs)
	vm.NeedConfirm = errs["confirm"] != ""
	if len(errs) > 0 {
		return s.renderPriceReport(c, 422, card, vm)
	}
	rid, err := s.Catalog.SubmitReport(ctx, catalog.ReportInput{UserID: u.ID, FoodID: id, MarketID: market, Demo: demo.IsDemoAccount(u.Email), Region: u.PriceRegion, Report: report})
	switch {
	case errors.Is(err, catalog.ErrTooManyReports):
		vm.Errors["form"] = fmt.Sprintf("You have sent %d price reports in the last 24 hours, the most we take in a day. Thank you; try again tomorrow.", pricereports.PerDay)
		return s.renderPriceReport(c, 429, card, vm)
	case errors.Is(err, catalog.ErrReporterBanned):
		vm.Errors["form"] = "Your price reports are no longer accepted. Ask an administrator if you think this is a mistake."
		return s.renderPriceReport(c, 403, card, vm)
	case err != nil:
		return errInternal(err)
	}
	detail := fmt.Sprintf("report %d: food %d, UGX %.0f for %g %s = UGX %.0f per %s", rid, id, report.PriceUGX, report.Quantity,
		report.Unit, report.UnitPriceUGX, report.PerUnit)
	if report.Flag != "" {
		detail += "; flagged: " + report.Flag
	}
	s.audit(c, &u.ID, &u.ID, "price.report", detail)
	msg := "Thank you: your price was recorded."
	if isHTMX(c) {
		c.Set("HX-Trigger", toastJSON(tr(c, msg)))
	}
	s.setFlash(c, "ok", msg)
	return redirect(c, "/foods/"+strconv.FormatInt(id, 10))
}

func (s *Server) renderPriceReport(c *fiber.Ctx, status int, card catalog.Card, vm views.PriceReportVM) error {
	if isHTMX(c) {
		return s.render(c, status, views.PriceReportForm(csrfToken(c), vm))
	}
	fvm, err := s.foodVM(c, card)
	if err != nil {
		return errInternal(err)
	}
	fvm.Report = vm
	return s.render(c, status, views.FoodPage(s.page(c, card.Name, "foods"), fvm))
}

func marketListed(opts []views.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v && v != "" {
			return true
		}
	}
	return false
}

// priceNote says where a current price comes from and how old it is.
func priceNote(card catalog.Card, now time.Time) (note string, old bool) {
	if card.PriceMonth == nil {
		return "", false
	}
	src := pricereports.ParseSource(card.PriceSource)
	if card.PriceEstimatedFrom != "" {
		src = pricereports.Source{Market: true}
	}
	words := src.Describe()
	if src.Market && card.PriceMarkets > 0 {
		words += fmt.Sprintf(", median of %d market(s)", card.PriceMarkets)
	}
	old = pricereports.IsOld(*card.PriceMonth, now)
	note = fmt.Sprintf("%s: %s; latest price %s", views.PriceScope(card), words, strings.TrimSpace(card.PriceMonth.Format("2 January 2006")))
	if old {
		note += fmt.Sprintf("; old: more than %d days ago", int(pricereports.OldAfter.Hours()/24))
	}
	return note, old
}
