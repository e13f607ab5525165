package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/views"
)

func (s *Server) foodShow(c *fiber.Ctx) error {
	card, err := s.shownFood(c)
	if err != nil {
		return err
	}
	if card, err = s.localCard(c, card); err != nil {
		return errInternal(err)
	}
	vm, err := s.foodVM(c, card)
	if err != nil {
		return errInternal(err)
	}
	return s.render(c, 200, views.FoodPage(s.page(c, card.Name, "foods"), vm))
}

func priceChart(series []catalog.PriceSeries) (views.LineChart, string) {
	if len(series) == 0 {
		return views.LineChart{}, ""
	}
	ch := views.LineChart{Title: "Retail price history", YLabel: "UGX per " + series[0].PerUnit}
	for _, s := range series {
		ls := views.LineSeries{Label: s.Label}
		for _, p := range s.Points {
			ls.Points = append(ls.Points, views.LinePoint{At: p.Month, V: p.UGX})
		}
		ch.Series = append(ch.Series, ls)
	}
	var text []string
	for _, s := range series {
		if !strings.HasSuffix(s.Label, "median") || len(s.Points) == 0 {
			continue
		}
		first, last := s.Points[0], s.Points[len(s.Points)-1]
		text = append(text, fmt.Sprintf("%s from UGX %.0f per %s in %s to UGX %.0f in %s.", s.Label, first.UGX, s.PerUnit,
			first.Month.Format("January 2006"), last.UGX, last.Month.Format("January 2006")))
	}
	return ch, strings.Join(text, " ")
}

// foodVM is everything a food's page shows: the card, its price's source and freshness,
// a tentative price from too few reports, the recipe, the price history, alternatives and
// the form to report a price.
func (s *Server) foodVM(c *fiber.Ctx, card catalog.Card) (views.FoodVM, error) {
	ctx := c.UserContext()
	u := currentUser(c)
	id := card.ID
	full, err := s.DB.GetFoodItem(ctx, id)
	if err != nil {
		return views.FoodVM{}, err
	}
	vm := views.FoodVM{Food: card, Source: full.Source, SourceCode: full.SourceCode, GISource: full.GiSource,
		Potassium: full.PotassiumMg, Calcium: full.CalciumMg, Iron: full.IronMg, VitaminC: full.VitaminCMg,
		CanEdit: u.Role == "admin" || (full.OwnerID != nil && *full.OwnerID == u.ID)}
	vm.PriceNote, vm.PriceOld = priceNote(card, time.Now())
	if card.PriceUGX == nil {
		t, ok, err := s.Catalog.TentativePrice(ctx, id)
		if err != nil {
			return vm, err
		}
		if ok {
			vm.Tentative = &views.TentativePrice{UGX: t.UGX, PerUnit: t.PerUnit, Note: fmt.Sprintf("tentative: %s, latest %s; published once %d different people report it",
				t.Source.Describe(), t.On.Format("2 January 2006"), 3)}
		}
	}
	recipe, err := s.DB.ListRecipeItems(ctx, id)
	if err != nil {
		return vm, err
	}
	for _, r := range recipe {
		vm.Recipe = append(vm.Recipe, views.RecipeLine{ID: r.IngredientID, Name: r.Name, Grams: r.Grams})
	}
	series, err := s.Catalog.PriceHistory(ctx, id, 4, u.PriceRegion)
	if err != nil {
		return vm, err
	}
	vm.History, vm.HistoryText = priceChart(series)
	if vm.Alternatives, err = s.Catalog.Alternatives(ctx, card, 5); err != nil {
		return vm, err
	}
	if card.Status == catalog.StatusPublished {
		if vm.Report, err = s.priceReportForm(c, card); err != nil {
			return vm, err
		}
		vm.CanReport = true
	}
	return vm, nil
}

// localCard gives a card the price of the signed-in user's region when it has one
// (catalog.Localize), else keeps the national price and says why.
func (s *Server) localCard(c *fiber.Ctx, card catalog.Card) (catalog.Card, error) {
	cards := []catalog.Card{card}
	err := s.Catalog.Localize(c.UserContext(), currentUser(c).PriceRegion, cards, time.Now())
	return cards[0], err
}
