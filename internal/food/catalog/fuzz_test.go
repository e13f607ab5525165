package catalog_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/cache"
	"github.com/zoe-nutritech/zoe/internal/food/catalog"
)

// FuzzImportCSV: an uploaded food CSV either imports or answers line errors (never a
// panic, never a database error), on a real SQLite database.
func FuzzImportCSV(f *testing.F) {
	header := strings.Join(catalog.ExportColumns, ",") + "\n"
	f.Add(header)
	f.Add(header + strings.Repeat("x,", len(catalog.ExportColumns)-1) + "x\n")
	f.Add("slug,name\nmatooke,Matooke\n")
	f.Add("\ufeff" + header + "\"unterminated\n")
	f.Add("")
	d := dbtest.NewSQLite(f)
	c := catalog.New(d, cache.NewLRU(100, time.Minute), slog.New(slog.DiscardHandler))
	f.Fuzz(func(t *testing.T, in string) {
		_, err := c.ImportCSV(context.Background(), strings.NewReader(in))
		var ie catalog.ImportErrors
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("not a line error: %v", err)
		}
	})
}
