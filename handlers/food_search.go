package handlers

import (
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/fooddata"
	"github.com/zoe-nutritech/zoe/internal/input"
	"github.com/zoe-nutritech/zoe/views"
)

// foodsQuery reads the search box, the filters and the page from the query string; bad
// numbers get a message on their field and are ignored.
func foodsQuery(c *fiber.Ctx, viewerID int64) (views.FoodsVM, catalog.Query, error) {
	vm := views.FoodsVM{Query: strings.TrimSpace(c.Query("q")), Category: c.Query("category"), Diabetes: c.Query("diabetes") == "1",
		MaxGI: strings.TrimSpace(c.Query("max_gi")), MaxPrice: strings.TrimSpace(c.Query("max_price")),
		MinProtein: strings.TrimSpace(c.Query("min_protein")), MinFibre: strings.TrimSpace(c.Query("min_fibre")),
		Sort: c.Query("sort"), Errors: views.Errors{}}
	if len(vm.Query) > 100 {
		vm.Query = vm.Query[:100]
	}
	q := catalog.Query{ViewerID: viewerID, Text: vm.Query, Sort: vm.Sort, PerPage: 20}
	page, err := pageParam(c)
	if err != nil {
		return vm, q, err
	}
	q.Page = page
	if !validSort(vm.Sort) {
		vm.Sort, q.Sort = "", ""
	}
	if validCategory(vm.Category) {
		q.Filter.Category = vm.Category
	} else {
		vm.Category = ""
	}
	q.Filter.DiabetesOnly = vm.Diabetes
	q.Filter.MaxGI = numberFilter(vm.Errors, "max_gi", vm.MaxGI, 0, 150, "a GI from 0 to 150")
	q.Filter.MaxServingUGX = numberFilter(vm.Errors, "max_price", strings.ReplaceAll(vm.MaxPrice, ",", ""), 0, 10_000_000, "an amount in UGX")
	q.Filter.MinProteinServ = numberFilter(vm.Errors, "min_protein", vm.MinProtein, 0, 500, "grams from 0 to 500")
	q.Filter.MinFibreServ = numberFilter(vm.Errors, "min_fibre", vm.MinFibre, 0, 500, "grams from 0 to 500")
	vm.Categories = categoryOptions()
	return vm, q, nil
}

func numberFilter(errs views.Errors, field, s string, min, max float64, want string) *float64 {
	if s == "" {
		return nil
	}
	v, err := input.DecimalIn(s, min, max)
	if err != nil {
		errs[field] = "Enter " + want + "."
		return nil
	}
	return &v
}

func validSort(s string) bool {
	for _, o := range catalog.Sorts {
		if s == o {
			return true
		}
	}
	return false
}

func validCategory(c string) bool {
	for _, k := range fooddata.Categories {
		if string(k) == c {
			return true
		}
	}
	return false
}

// categoryLabel names a food category for people: "pulses_nuts" → "Pulses & nuts". A
// cases.Caser keeps state and must not be shared between goroutines: one per call, and the
// labels are made once, at start-up, for every request to share read-only.
func categoryLabel(k string) string {
	return strings.ReplaceAll(cases.Title(language.English).String(strings.ReplaceAll(k, "_", " ")), " Nuts", " & nuts")
}

var categoryChoices = func() []views.Option {
	opts := []views.Option{{Value: "", Label: "All categories"}}
	for _, k := range fooddata.Categories {
		opts = append(opts, views.Option{Value: string(k), Label: categoryLabel(string(k))})
	}
	return opts
}()

// categoryOptions is the category filter's choices (a copy: a page may change its own).
func categoryOptions() []views.Option { return slices.Clone(categoryChoices) }

// foodsSearch reads the search and filters of the request and runs the search.
func (s *Server) foodsSearch(c *fiber.Ctx) (views.FoodsVM, error) {
	vm, q, err := foodsQuery(c, currentUser(c).ID)
	if err != nil {
		return vm, err
	}
	if vm.Results, err = s.Catalog.Search(c.UserContext(), q); err != nil {
		return vm, errInternal(err)
	}
	if err := s.Catalog.Localize(c.UserContext(), currentUser(c).PriceRegion, vm.Results.Cards, time.Now()); err != nil {
		return vm, errInternal(err)
	}
	return vm, nil
}

func (s *Server) foodsPage(c *fiber.Ctx) error {
	vm, err := s.foodsSearch(c)
	if err != nil {
		return err
	}
	return s.render(c, 200, views.FoodsPage(s.page(c, "Foods", "foods"), vm))
}

// foodsResults is the htmx fragment behind search-as-you-type and the filters.
func (s *Server) foodsResults(c *fiber.Ctx) error {
	vm, err := s.foodsSearch(c)
	if err != nil {
		return err
	}
	c.Vary("HX-Request")
	return s.render(c, 200, views.FoodResults(vm))
}
