package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
	"github.com/zoe-nutritech/zoe/views"
)

func draftFromForm(c *fiber.Ctx) foods.Draft {
	return foods.Draft{Name: c.FormValue("name"), LocalNames: c.FormValue("local_names"), Category: c.FormValue("category"),
		Description: c.FormValue("description"), EnergyKcal: c.FormValue("energy_kcal"), ProteinG: c.FormValue("protein_g"),
		CarbG: c.FormValue("carb_g"), FibreG: c.FormValue("fibre_g"), FatG: c.FormValue("fat_g"), SugarsG: c.FormValue("sugars_g"),
		SodiumMg: c.FormValue("sodium_mg"), GI: c.FormValue("gi"), GISource: c.FormValue("gi_source"),
		ServingGrams: c.FormValue("serving_grams"), Source: c.FormValue("source")}
}

func foodFormVM(d foods.Draft, id int64, errs foods.Errors) views.FoodFormVM {
	return views.FoodFormVM{ID: id, Name: d.Name, LocalNames: d.LocalNames, Category: d.Category, Description: d.Description,
		EnergyKcal: d.EnergyKcal, ProteinG: d.ProteinG, CarbG: d.CarbG, FibreG: d.FibreG, FatG: d.FatG, SugarsG: d.SugarsG,
		SodiumMg: d.SodiumMg, GI: d.GI, GISource: d.GISource, ServingGrams: d.ServingGrams, Source: d.Source,
		Categories: categoryOptions()[1:], Errors: views.Errors(errs)}
}

func (s *Server) renderFoodForm(c *fiber.Ctx, status int, vm views.FoodFormVM) error {
	if isHTMX(c) {
		return s.render(c, status, views.FoodForm(csrfToken(c), vm))
	}
	return s.render(c, status, views.FoodFormPage(s.page(c, "Food", "foods"), vm))
}

func (s *Server) foodNew(c *fiber.Ctx) error {
	return s.renderFoodForm(c, 200, views.FoodFormVM{Category: "vegetables", Categories: categoryOptions()[1:]})
}

// foodCreate stores a food a user adds: private to them, or proposed for everyone.
func (s *Server) foodCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	d := draftFromForm(c)
	v, errs := d.Parse()
	propose := c.FormValue("propose") == "1"
	if len(errs) == 0 {
		id, err := s.Catalog.AddUserFood(c.UserContext(), u.ID, v, propose)
		if errors.Is(err, catalog.ErrSlugTaken) {
			errs = foods.Errors{"name": "You already added a food with this name."}
		} else if err != nil {
			return errInternal(err)
		} else {
			s.audit(c, &u.ID, nil, "food.add", v.Name)
			msg := "Food saved. Only you can see it."
			if propose {
				msg = "Food saved and proposed: an administrator will review it."
			}
			s.setFlash(c, "ok", msg)
			return redirect(c, "/foods/"+strconv.FormatInt(id, 10))
		}
	}
	vm := foodFormVM(d, 0, errs)
	vm.Propose = propose
	return s.renderFoodForm(c, 422, vm)
}

// editableFood loads a food the current user may edit: their own, or any for an admin.
func (s *Server) editableFood(c *fiber.Ctx) (db.FoodItem, error) {
	u := currentUser(c)
	id, err := idParam(c, "id")
	if err != nil {
		return db.FoodItem{}, err
	}
	f, err := s.DB.GetFoodItem(c.UserContext(), id)
	if db.IsNotFound(err) {
		return f, errNotFound()
	} else if err != nil {
		return f, errInternal(err)
	}
	if u.Role == "admin" || (f.OwnerID != nil && *f.OwnerID == u.ID && f.Status != catalog.StatusPublished) {
		return f, nil
	}
	if f.Status == catalog.StatusPublished {
		return f, errForbidden()
	}
	return f, errNotFound() // someone else's private food: it does not exist for this user
}

func fmtOptNum(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func (s *Server) foodEdit(c *fiber.Ctx) error {
	f, err := s.editableFood(c)
	if err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	d := foods.Draft{Name: f.Name, LocalNames: f.LocalNames, Category: f.Category, Description: f.Description,
		EnergyKcal: num(f.EnergyKcal), ProteinG: num(f.ProteinG), CarbG: num(f.CarbG), FibreG: num(f.FibreG), FatG: num(f.FatG),
		SugarsG: fmtOptNum(f.SugarsG), SodiumMg: num(f.SodiumMg), GI: fmtOptNum(f.GlycaemicIndex), GISource: f.GiSource,
		ServingGrams: num(f.ServingGrams), Source: f.Source}
	return s.renderFoodForm(c, 200, foodFormVM(d, f.ID, nil))
}

func (s *Server) foodUpdate(c *fiber.Ctx) error {
	f, err := s.editableFood(c)
	if err != nil {
		return err
	}
	d := draftFromForm(c)
	v, errs := d.Parse()
	if len(errs) > 0 {
		return s.renderFoodForm(c, 422, foodFormVM(d, f.ID, errs))
	}
	// Other nutrients the form does not show are kept.
	v.PotassiumMg, v.CalciumMg, v.IronMg, v.VitaminCMg, v.SourceCode = f.PotassiumMg, f.CalciumMg, f.IronMg, f.VitaminCMg, f.SourceCode
	if err := s.Catalog.UpdateFood(c.UserContext(), f, v); err != nil {
		return errInternal(err)
	}
	u := currentUser(c)
	s.audit(c, &u.ID, f.OwnerID, "food.edit", f.Slug)
	s.setFlash(c, "ok", "Food saved.")
	return redirect(c, "/foods/"+strconv.FormatInt(f.ID, 10))
}
