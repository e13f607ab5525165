package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/internal/csvsafe"
	"github.com/zoe-nutritech/zoe/internal/food/foods"
)

// Food statuses: a user's own food is private at once; proposed asks an admin to publish it.
const (
	StatusPublished = "published"
	StatusPrivate   = "private"
	StatusProposed  = "proposed"
	StatusRetired   = "retired"
)

// ErrSlugTaken means another food already has this slug.
var ErrSlugTaken = errors.New("a food with this name exists already")

func valuesParams(v foods.Values, status string, owner *int64) db.UpsertFoodItemParams {
	fl := foods.DeriveFlags(foods.Nutrients{EnergyKcal: v.EnergyKcal, ProteinG: v.ProteinG, CarbG: v.CarbG, FibreG: v.FibreG, FatG: v.FatG}, v.GI, v.ServingGrams)
	return db.UpsertFoodItemParams{Slug: v.Slug, Name: v.Name, LocalNames: v.LocalNames, Category: v.Category, Description: v.Description,
		EnergyKcal: v.EnergyKcal, ProteinG: v.ProteinG, CarbG: v.CarbG, FibreG: v.FibreG, FatG: v.FatG, SugarsG: v.SugarsG,
		SodiumMg: v.SodiumMg, PotassiumMg: v.PotassiumMg, CalciumMg: v.CalciumMg, IronMg: v.IronMg, VitaminCMg: v.VitaminCMg,
		GlycaemicIndex: v.GI, GiSource: v.GISource, ServingGrams: v.ServingGrams, Measures: "[]", Source: v.Source,
		SourceCode: v.SourceCode, DiabetesFriendly: fl.DiabetesFriendly, WeightLossFriendly: fl.WeightLossFriendly,
		WeightGainFriendly: fl.WeightGainFriendly, Status: status, OwnerID: owner,
		SearchText: foods.SearchText(v.Name, LocalNameList(v.LocalNames)), Now: db.Now()}
}

// AddUserFood stores a food a user added: private to them, or proposed for everyone. Its
// slug carries the user's id so it never collides with the curated table.
func (c *Catalog) AddUserFood(ctx context.Context, userID int64, v foods.Values, propose bool) (int64, error) {
	v.Slug = fmt.Sprintf("%s-u%d", foods.Slugify(v.Name), userID)
	if _, err := c.DB.GetFoodItemBySlug(ctx, v.Slug); err == nil {
		return 0, ErrSlugTaken
	} else if !db.IsNotFound(err) {
		return 0, err
	}
	status := StatusPrivate
	if propose {
		status = StatusProposed
	}
	id, err := c.DB.UpsertFoodItem(ctx, valuesParams(v, status, &userID))
	if err != nil {
		return 0, fmt.Errorf("catalog: add food: %w", err)
	}
	c.Invalidate(ctx)
	return id, nil
}

// UpdateFood rewrites a food's values, keeping its slug, status and owner.
func (c *Catalog) UpdateFood(ctx context.Context, existing db.FoodItem, v foods.Values) error {
	v.Slug = existing.Slug
	p := valuesParams(v, existing.Status, existing.OwnerID)
	p.Measures = existing.Measures
	if _, err := c.DB.UpsertFoodItem(ctx, p); err != nil {
		return fmt.Errorf("catalog: update food %d: %w", existing.ID, err)
	}
	c.Invalidate(ctx)
	return nil
}

// SetStatus publishes, proposes or retires a food.
func (c *Catalog) SetStatus(ctx context.Context, id int64, status string) error {
	n, err := c.DB.SetFoodStatus(ctx, db.SetFoodStatusParams{ID: id, Status: status, UpdatedAt: db.Now()})
	if err != nil {
		return fmt.Errorf("catalog: set status of %d: %w", id, err)
	}
	if n == 0 {
		return db.ErrNotFound
	}
	c.Invalidate(ctx)
	return nil
}

// ExportColumns are the columns of the food table's CSV form (export and import).
var ExportColumns = []string{"slug", "name", "local_names", "category", "description", "energy_kcal", "protein_g", "carb_g",
	"fibre_g", "fat_g", "sugars_g", "sodium_mg", "potassium_mg", "calcium_mg", "iron_mg", "vitamin_c_mg", "glycaemic_index",
	"gi_source", "serving_grams", "source", "source_code", "status"}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
func fmtOpt(f *float64) string {
	if f == nil {
		return ""
	}
	return fmtNum(*f)
}

// ExportCSV writes every published and retired food.
func (c *Catalog) ExportCSV(ctx context.Context, w io.Writer) error {
	rows, err := c.DB.ListFoodsForExport(ctx)
	if err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w) // no cell opens as a formula in a spreadsheet
	_ = cw.Write(ExportColumns)
	for _, f := range rows {
		_ = cw.Write([]string{f.Slug, f.Name, f.LocalNames, f.Category, f.Description, fmtNum(f.EnergyKcal), fmtNum(f.ProteinG),
			fmtNum(f.CarbG), fmtNum(f.FibreG), fmtNum(f.FatG), fmtOpt(f.SugarsG), fmtNum(f.SodiumMg), fmtNum(f.PotassiumMg),
			fmtNum(f.CalciumMg), fmtNum(f.IronMg), fmtNum(f.VitaminCMg), fmtOpt(f.GlycaemicIndex), f.GiSource,
			fmtNum(f.ServingGrams), f.Source, f.SourceCode, f.Status})
	}
	cw.Flush()
	return cw.Error()
}

// LineError is a problem on one line of an imported food CSV.
type LineError struct {
	Line  int
	Field string
	Msg   string
}

func (e LineError) Error() string {
	return fmt.Sprintf("line %d, column %q: %s", e.Line, e.Field, e.Msg)
}

// ImportErrors lists every bad line; nothing was stored.
type ImportErrors []LineError

func (e ImportErrors) Error() string {
	var parts []string
	for i, le := range e {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(e)-10))
			break
		}
		parts = append(parts, le.Error())
	}
	return strings.Join(parts, "; ")
}

// ImportCSV reads a food CSV (ExportColumns; order free): every line is checked first and,
// if any is bad, the errors of all lines come back and nothing is stored; otherwise all
// lines are upserted by slug in one transaction. Returns how many foods were written.
func (c *Catalog) ImportCSV(ctx context.Context, r io.Reader) (int, error) {
	rows, err := parseFoodCSV(r)
	if err != nil {
		return 0, err
	}
	err = c.DB.InTx(ctx, func(q db.Queries) error {
		for _, r := range rows {
			p := valuesParams(r.v, r.status, nil)
			if existing, err := q.GetFoodItemBySlug(ctx, r.v.Slug); err == nil {
				p.Measures = existing.Measures
			}
			if _, err := q.UpsertFoodItem(ctx, p); err != nil {
				return fmt.Errorf("catalog: import %s: %w", r.v.Slug, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	c.Invalidate(ctx)
	return len(rows), nil
}

// csvFood is one checked line of a food CSV.
type csvFood struct {
	v      foods.Values
	status string
}

// parseFoodCSV reads and checks a whole food CSV: the rows, or the errors of every bad line.
func parseFoodCSV(r io.Reader) ([]csvFood, error) {
	cr := csvsafe.NewReader(r) // undoes the export's formula quoting, so an export re-imports as it was
	header, err := cr.Read()
	if err != nil {
		return nil, ImportErrors{{Line: 1, Field: "header", Msg: "cannot read the header line"}}
	}
	if bad := nonUTF8(header, nil, 1); len(bad) > 0 {
		return nil, ImportErrors(bad)
	}
	header = slices.Clone(header)
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	var errs ImportErrors
	for _, want := range ExportColumns {
		if _, ok := col[want]; !ok {
			errs = append(errs, LineError{1, want, "column missing"})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []csvFood
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, LineError{line, "", err.Error()})
			continue
		}
		if pos, _ := cr.FieldPos(0); pos > 0 {
			line = pos
		}
		if bad := nonUTF8(rec, header, line); len(bad) > 0 {
			errs = append(errs, bad...)
			continue
		}
		get := func(k string) string { return rec[col[k]] }
		d := foods.Draft{Slug: get("slug"), Name: get("name"), LocalNames: get("local_names"), Category: get("category"),
			Description: get("description"), EnergyKcal: get("energy_kcal"), ProteinG: get("protein_g"), CarbG: get("carb_g"),
			FibreG: get("fibre_g"), FatG: get("fat_g"), SugarsG: get("sugars_g"), SodiumMg: get("sodium_mg"),
			PotassiumMg: get("potassium_mg"), CalciumMg: get("calcium_mg"), IronMg: get("iron_mg"), VitaminCMg: get("vitamin_c_mg"),
			GI: get("glycaemic_index"), GISource: get("gi_source"), ServingGrams: get("serving_grams"), Source: get("source"),
			SourceCode: get("source_code")}
		v, fe := d.Parse()
		for f, m := range fe {
			errs = append(errs, LineError{line, f, m})
		}
		status := strings.TrimSpace(get("status"))
		if status == "" {
			status = StatusPublished
		}
		if status != StatusPublished && status != StatusRetired {
			errs = append(errs, LineError{line, "status", "use published or retired"})
		}
		rows = append(rows, csvFood{v, status})
	}
	if len(errs) == 0 && len(rows) == 0 {
		return nil, ImportErrors{{Line: 2, Field: "", Msg: "the file held no rows: it has a header but no foods under it"}}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			if errs[i].Line != errs[j].Line {
				return errs[i].Line < errs[j].Line
			}
			return errs[i].Field < errs[j].Field
		})
		return nil, errs
	}
	return rows, nil
}

// nonUTF8 refuses values that are not UTF-8 text, one error per field naming its line and
// column, so both database engines see the same file: SQLite would store the bytes and
// PostgreSQL would refuse them with an SQL error.
func nonUTF8(rec, header []string, line int) []LineError {
	var out []LineError
	for i, v := range rec {
		if utf8.ValidString(v) {
			continue
		}
		field := fmt.Sprintf("field %d", i+1)
		if i < len(header) {
			field = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
		}
		out = append(out, LineError{line, field, fmt.Sprintf("%q has a byte that is not UTF-8 text; save the file as UTF-8", strings.ToValidUTF8(v, "\ufffd"))})
	}
	return out
}
