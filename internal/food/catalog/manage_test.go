package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
)

func TestExportImportRoundTripAndBadLines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		var buf bytes.Buffer
		if err := c.ExportCSV(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(buf.String(), "\n")
		if lines < 201 {
			t.Fatalf("export has %d lines", lines)
		}
		n, err := c.ImportCSV(ctx, bytes.NewReader(buf.Bytes()))
		if err != nil || n != lines-1 {
			t.Fatalf("re-import: %d, %v", n, err)
		}
		before, _ := d.CountFoodItems(ctx)
		bad := catalogHeader + "new-food,New food,,vegetables,,32,3.2,3.6,2.9,0.3,,,,,,,,,100,KE18,,published\n" +
			"bad-food,Bad food,,vegetables,,lots,3.2,3.6,2.9,0.3,,,,,,,,,100,KE18,,published\n" +
			"worse,Worse,,sweets,,32,3.2,3.6,2.9,0.3,,,,,,,40,,100,,,published\n"
		_, err = c.ImportCSV(ctx, strings.NewReader(bad))
		var ie catalog.ImportErrors
		if !errors.As(err, &ie) || ie[0].Line != 3 || ie[0].Field != "energy_kcal" {
			t.Fatalf("bad import: %v", err)
		}
		for _, want := range []string{`line 4, column "category"`, `line 4, column "source"`, `line 4, column "gi_source"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %s: %v", want, err)
			}
		}
		if after, _ := d.CountFoodItems(ctx); after != before {
			t.Fatalf("a bad file stored %d foods", after-before)
		}
	})
}

const catalogHeader = "slug,name,local_names,category,description,energy_kcal,protein_g,carb_g,fibre_g,fat_g,sugars_g,sodium_mg,potassium_mg,calcium_mg,iron_mg,vitamin_c_mg,glycaemic_index,gi_source,serving_grams,source,source_code,status\n"

func TestUserFoodsArePrivateUntilPublished(t *testing.T) {
	d := dbtest.NewSQLite(t)
	c := newCatalog(t, d)
	ctx := context.Background()
	owner, err := d.CreateUser(ctx, db.CreateUserParams{Username: "owner", Email: "o@example.org", PasswordHash: "x", Role: "patient", GlucoseUnit: "mmol/L", TimeZone: "UTC", CreatedAt: db.Now()})
	if err != nil {
		t.Fatal(err)
	}
	v, fe := foods.Draft{Name: "Ebugga boiled", LocalNames: "Luganda: ebugga", Category: "vegetables", EnergyKcal: "32", ProteinG: "3.2",
		CarbG: "3.6", FibreG: "2.9", FatG: "0.3", Source: "weighed at home"}.Parse()
	if len(fe) > 0 {
		t.Fatal(fe)
	}
	id, err := c.AddUserFood(ctx, owner.ID, v, true)
	if err != nil {
		t.Fatal(err)
	}
	found := func(viewer int64) bool {
		res, err := c.Search(ctx, catalog.Query{ViewerID: viewer, Text: "ebugga", PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Cards {
			if f.ID == id {
				return true
			}
		}
		return false
	}
	if !found(owner.ID) {
		t.Fatal("owner does not find their food")
	}
	if found(owner.ID + 1) {
		t.Fatal("another user sees a private food")
	}
	if _, err := c.Food(ctx, owner.ID+1, id); !db.IsNotFound(err) {
		t.Fatalf("another user opens a private food: %v", err)
	}
	if err := c.SetStatus(ctx, id, catalog.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if !found(owner.ID + 1) {
		t.Fatal("published food not visible to others (stale cache?)")
	}
}

// A food whose text starts like a formula is exported with a quote in front (a spreadsheet
// shows it as text), and the export re-imports to exactly the same values.
func TestExportNeutralisesFormulasAndReimports(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		c := newCatalog(t, d)
		ctx := context.Background()
		in := catalogHeader + `evil-food,"=HYPERLINK(""http://evil.example"",""x"")",@local,vegetables,-2+3+cmd|' /C calc'!A0,32,3.2,3.6,2.9,0.3,,,,,,,,,100,KE18,,published` + "\n"
		if _, err := c.ImportCSV(ctx, strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := c.ExportCSV(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		var line string
		for _, l := range strings.Split(buf.String(), "\n") {
			if strings.HasPrefix(l, "evil-food,") {
				line = l
			}
		}
		for _, want := range []string{`"'=HYPERLINK(`, `,'@local,`, `,'-2+3+cmd|' /C calc'!A0,`} {
			if !strings.Contains(line, want) {
				t.Errorf("export line lacks %s:\n%s", want, line)
			}
		}
		if _, err := c.ImportCSV(ctx, bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
		f, err := d.GetFoodItemBySlug(ctx, "evil-food")
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != `=HYPERLINK("http://evil.example","x")` || f.LocalNames != "@local" || f.Description != "-2+3+cmd|' /C calc'!A0" {
			t.Errorf("re-import changed the text: %q %q %q", f.Name, f.LocalNames, f.Description)
		}
	})
}
