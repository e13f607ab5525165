package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/food/fooddata"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
)

// FoodImport says what ImportFoods did.
type FoodImport struct {
	Foods, Dishes, Measures int
}

// defaultServing is the first household measure, else 100 g.
func defaultServing(f fooddata.Food) float64 {
	if len(f.Measures) > 0 && f.Measures[0].Grams > 0 {
		return f.Measures[0].Grams
	}
	return 100
}

// ImportFoods loads the curated food table (fooddata) into food_items, in one transaction:
// rows are matched by key, so running it again updates instead of duplicating. Flags are
// derived by foods.DeriveFlags; dishes keep their recipes.
func (c *Catalog) ImportFoods(ctx context.Context) (FoodImport, error) {
	table, err := fooddata.Load()
	if err != nil {
		return FoodImport{}, err
	}
	var res FoodImport
	err = c.DB.InTx(ctx, func(q db.Queries) error {
		ids := make(map[string]int64, len(table))
		now := db.Now()
		for _, f := range table {
			id, err := q.UpsertFoodItem(ctx, foodParams(f, now))
			if err != nil {
				return fmt.Errorf("catalog: import food %s: %w", f.Key, err)
			}
			ids[f.Key] = id
			res.Measures += len(f.Measures)
			if f.IsDish() {
				res.Dishes++
			} else {
				res.Foods++
			}
		}
		for _, f := range table {
			if !f.IsDish() {
				continue
			}
			if err := q.DeleteRecipeItems(ctx, ids[f.Key]); err != nil {
				return err
			}
			for _, ing := range f.Recipe {
				if err := q.InsertRecipeItem(ctx, db.InsertRecipeItemParams{FoodItemID: ids[f.Key], IngredientID: ids[ing.FoodKey], Grams: ing.Grams}); err != nil {
					return fmt.Errorf("catalog: recipe of %s: %w", f.Key, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return FoodImport{}, err
	}
	c.Invalidate(ctx)
	return res, nil
}

func localNamesText(f fooddata.Food) (display string, names []string) {
	var parts []string
	byLang := map[string][]string{}
	var order []string
	for _, ln := range f.LocalNames {
		if _, ok := byLang[ln.Language]; !ok {
			order = append(order, ln.Language)
		}
		byLang[ln.Language] = append(byLang[ln.Language], ln.Name)
		names = append(names, ln.Name)
	}
	for _, lang := range order {
		parts = append(parts, lang+": "+strings.Join(byLang[lang], ", "))
	}
	return strings.Join(parts, "; "), names
}

func foodParams(f fooddata.Food, now time.Time) db.UpsertFoodItemParams {
	display, names := localNamesText(f)
	n := f.Per100g
	serving := defaultServing(f)
	flags := foods.DeriveFlags(foods.Nutrients{EnergyKcal: n.EnergyKcal, ProteinG: n.ProteinG, CarbG: n.CarbAvailableG, FibreG: n.FibreG, FatG: n.FatG}, f.GI, serving)
	measures := make([]Measure, len(f.Measures))
	for i, m := range f.Measures {
		measures[i] = Measure{Label: m.Label, Grams: m.Grams, Basis: m.Basis}
	}
	mj, _ := json.Marshal(measures)
	var sugars *float64
	if n.SugarsKnown {
		s := n.SugarsG
		sugars = &s
	}
	return db.UpsertFoodItemParams{Slug: f.Key, Name: f.Name, LocalNames: display, Category: string(f.Category),
		Description: f.Description, EnergyKcal: n.EnergyKcal, ProteinG: n.ProteinG, CarbG: n.CarbAvailableG, FibreG: n.FibreG,
		FatG: n.FatG, SugarsG: sugars, SodiumMg: n.SodiumMg, PotassiumMg: n.PotassiumMg, CalciumMg: n.CalciumMg, IronMg: n.IronMg,
		VitaminCMg: n.VitaminCMg, GlycaemicIndex: f.GI, GiSource: f.GISource, ServingGrams: serving, Measures: string(mj),
		Source: f.Source, SourceCode: f.SourceCode, DiabetesFriendly: flags.DiabetesFriendly, WeightLossFriendly: flags.WeightLossFriendly,
		WeightGainFriendly: flags.WeightGainFriendly, Status: "published", SearchText: foods.SearchText(f.Name, names), Now: now}
}
