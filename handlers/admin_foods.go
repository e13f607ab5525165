package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/accounts"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/input"
	"github.com/zoe-nutritech/zoe/views"
	"slices"
)

func (s *Server) adminFoodsVM(c *fiber.Ctx) (views.AdminFoodsVM, error) {
	ctx := c.UserContext()
	var vm views.AdminFoodsVM
	proposed, err := s.DB.ListFoodsByStatus(ctx, db.ListFoodsByStatusParams{Status: catalog.StatusProposed, Lim: 200})
	if err != nil {
		return vm, err
	}
	for _, f := range proposed {
		vm.Proposed = append(vm.Proposed, views.AdminFoodRow{ID: f.ID, Name: f.Name, Category: f.Category, Status: f.Status,
			Owner: f.OwnerUsername, Source: f.Source, Updated: f.UpdatedAt})
	}
	if vm.FoodCount, err = s.DB.CountFoodItems(ctx); err != nil {
		return vm, err
	}
	if vm.PriceCount, err = s.DB.CountFoodPrices(ctx); err != nil {
		return vm, err
	}
	vm.PriceForm, err = s.priceFormVM(c)
	return vm, err
}

func (s *Server) priceFormVM(c *fiber.Ctx) (views.PriceFormVM, error) {
	ctx := c.UserContext()
	vm := views.PriceFormVM{PerUnit: "kg", Source: "market_survey", Date: time.Now().Format("2006-01-02"), Errors: views.Errors{}}
	names, err := s.DB.ListPublishedFoodNames(ctx)
	if err != nil {
		return vm, err
	}
	vm.Foods = []views.Option{{Value: "", Label: "Choose a food"}}
	for _, n := range names {
		vm.Foods = append(vm.Foods, views.Option{Value: strconv.FormatInt(n.ID, 10), Label: n.Name})
	}
	vm.Markets, err = s.marketOptions(ctx, "No particular market")
	return vm, err
}

// marketOptions are the markets to choose from, after a first choice of none labelled none.
func (s *Server) marketOptions(ctx context.Context, none string) ([]views.Option, error) {
	markets, err := s.DB.ListMarkets(ctx)
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: none}}
	for _, m := range markets {
		opts = append(opts, views.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name + " (" + m.District + ")"})
	}
	return opts, nil
}

func (s *Server) adminFoods(c *fiber.Ctx) error {
	vm, err := s.adminFoodsVM(c)
	if err != nil {
		return errInternal(err)
	}
	return s.render(c, 200, views.AdminFoodsPage(s.page(c, "Foods and prices", "fooddata"), vm))
}

func (s *Server) adminFoodStatus(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	status := c.FormValue("status")
	if status != catalog.StatusPublished && status != catalog.StatusRetired {
		return &HTTPError{Status: 422, Msg: "Choose publish or retire."}
	}
	if err := s.Catalog.SetStatus(c.UserContext(), id, status); db.IsNotFound(err) {
		return errNotFound()
	} else if err != nil {
		return errInternal(err)
	}
	u := currentUser(c)
	s.audit(c, &u.ID, nil, "food."+status, strconv.FormatInt(id, 10))
	s.setFlash(c, "ok", "Food "+status+".")
	return redirect(c, "/admin/foods")
}

// adminPriceRecord stores a price an admin recorded (market survey or a user's report).
func (s *Server) adminPriceRecord(c *fiber.Ctx) error {
	vm, err := s.priceFormVM(c)
	if err != nil {
		return errInternal(err)
	}
	vm.Food, vm.PriceUGX, vm.PerUnit, vm.Source, vm.Date, vm.Market = c.FormValue("food"), strings.TrimSpace(c.FormValue("price_ugx")),
		c.FormValue("per_unit"), c.FormValue("source"), c.FormValue("date"), c.FormValue("market")
	foodID, ok := input.ID(vm.Food)
	if !ok {
		vm.Errors["food"] = "Choose a food."
	}
	price, err := accounts.ParseUGX(vm.PriceUGX)
	if err != nil || price <= 0 || price >= 10_000_000 {
		vm.Errors["price_ugx"] = "Enter a price in whole shillings, more than 0."
	}
	if vm.PerUnit != "kg" && vm.PerUnit != "l" && vm.PerUnit != "unit" {
		vm.Errors["per_unit"] = "Choose kilogram, litre or item."
	}
	if vm.Source != "market_survey" && vm.Source != "user_report" {
		vm.Errors["source"] = "Choose market survey or user report."
	}
	day, err := time.Parse("2006-01-02", vm.Date)
	if err != nil || day.After(time.Now().Add(24*time.Hour)) || day.Year() < 2000 {
		vm.Errors["date"] = "Enter a date that is not in the future."
	}
	var market *int64
	if vm.Market != "" {
		m, ok := input.ID(vm.Market)
		known := slices.ContainsFunc(vm.Markets, func(o views.Option) bool { return o.Value == strconv.FormatInt(m, 10) })
		if !ok || !known {
			vm.Errors["market"] = "Choose a market from the list."
		} else {
			market = &m
		}
	}
	if len(vm.Errors) == 0 {
		if _, err := s.DB.GetFoodItem(c.UserContext(), foodID); db.IsNotFound(err) {
			vm.Errors["food"] = "Choose a food from the list."
		}
	}
	if len(vm.Errors) > 0 {
		return s.render(c, 422, views.PriceForm(csrfToken(c), vm))
	}
	u := currentUser(c)
	err = s.Catalog.RecordPrice(c.UserContext(), db.InsertManualPriceParams{FoodItemID: foodID, MarketID: market,
		PriceUgx: math.Round(float64(price)), PerUnit: vm.PerUnit, PriceType: "retail", Source: vm.Source,
		RecordedAt: day.Add(12 * time.Hour).UTC(), CreatedBy: &u.ID, CreatedAt: db.Now()})
	if err != nil {
		return errInternal(err)
	}
	s.audit(c, &u.ID, nil, "price.record", fmt.Sprintf("food %d: %d UGX per %s", foodID, price, vm.PerUnit))
	if isHTMX(c) {
		c.Set("HX-Trigger", toastJSON(tr(c, "Price recorded.")))
		fresh, _ := s.priceFormVM(c)
		return s.render(c, 200, views.PriceForm(csrfToken(c), fresh))
	}
	s.setFlash(c, "ok", "Price recorded.")
	return redirect(c, "/admin/foods")
}

func (s *Server) adminFoodsExport(c *fiber.Ctx) error {
	var buf bytes.Buffer
	if err := s.Catalog.ExportCSV(c.UserContext(), &buf); err != nil {
		return errInternal(err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="zoe-foods.csv"`)
	return c.Send(buf.Bytes())
}

func (s *Server) adminFoodsImport(c *fiber.Ctx) error {
	fail := func(msg string) error {
		vm, err := s.adminFoodsVM(c)
		if err != nil {
			return errInternal(err)
		}
		vm.ImportError = msg
		return s.render(c, 422, views.AdminFoodsPage(s.page(c, "Foods and prices", "foods"), vm))
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return fail("Choose a CSV file to import.")
	}
	if fh.Size > 5<<20 {
		return fail("The file is larger than 5 MB.")
	}
	f, err := fh.Open()
	if err != nil {
		return errInternal(err)
	}
	defer f.Close()
	n, err := s.Catalog.ImportCSV(c.UserContext(), io.LimitReader(f, 5<<20))
	var ie catalog.ImportErrors
	if errors.As(err, &ie) {
		return fail("Nothing was imported. " + ie.Error())
	} else if err != nil {
		return errInternal(err)
	}
	u := currentUser(c)
	s.audit(c, &u.ID, nil, "food.import", fmt.Sprintf("%d foods", n))
	s.setFlash(c, "ok", fmt.Sprintf("%d foods imported.", n))
	return redirect(c, "/admin/foods")
}
