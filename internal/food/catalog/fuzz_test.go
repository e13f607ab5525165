package catalog

import (
	"errors"
	"strings"
	"testing"
)

// FuzzImportCSV: an uploaded food CSV either passes the checks whole (every line a food
// with a status the table allows) or answers line errors, never a panic. The check runs
// without a database, so the fuzzer explores thousands of files a second; the writing of
// checked rows is covered by TestExportImportRoundTripAndBadLines on both engines, and the
// values' ranges by foods.FuzzDraftParse.
func FuzzImportCSV(f *testing.F) {
	header := strings.Join(ExportColumns, ",") + "\n"
	for _, s := range []string{
		header,
		header + "matooke-boiled,\"Matooke, boiled\",Gonja,staples,Steamed green banana,112,1.1,25,2,0.2,,3,68,2,0.5,10,,,100,KE18,02012,published\n",
		header + "beans-dry,Beans (dry),Bijanjalo,legumes,,341,21.6,46,15,1.4,2.1,12,1400,130,6.7,4,29,Atkinson 2008,100,KE18,03001,retired\n",
		header + "'=evil,'=HYPERLINK(\"x\"),'@local,vegetables,'-2+3,32,3.2,3.6,2.9,0.3,,,,,,,,,100,KE18,,\n",
		header + "bad-food,Bad food,,vegetables,,lots,3.2,3.6,2.9,0.3,,,,,,,,,100,KE18,,published\n",
		header + strings.Repeat("x,", len(ExportColumns)-1) + "x\n",
		"slug,name\nmatooke,Matooke\n",
		"\ufeff" + header + "\"unterminated\n",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 16<<10 {
			return // larger files only repeat lines: keep each run small and fast
		}
		rows, err := parseFoodCSV(strings.NewReader(in))
		if err != nil {
			var ie ImportErrors
			if !errors.As(err, &ie) || len(ie) == 0 || rows != nil {
				t.Fatalf("not line errors: %v (%d rows)", err, len(rows))
			}
			return
		}
		for _, r := range rows {
			if r.status != StatusPublished && r.status != StatusRetired || r.v.Slug == "" || r.v.Name == "" {
				t.Fatalf("accepted row %+v", r)
			}
		}
	})
}
