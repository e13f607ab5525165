// Package csvsafe writes CSV files that a spreadsheet opens as data, never as formulas
// (CSV or formula injection, OWASP): every CSV the app writes goes through Writer.
//
// A cell that a spreadsheet would evaluate — one starting with = + - @, a tab or a carriage
// return (or their full-width forms ＝ ＋ － ＠, which some spreadsheets also honour) — is
// written with a single quote in front, as OWASP recommends, so it shows as text. Plain
// numbers stay numbers: a cell that is exactly a decimal such as -2.5 or -40 is left as
// it is (a number cannot call a function), so negative values stay readable and sortable.
// A cell starting with a quote is quoted once more, so that Unescape (used by the import
// of a file this app exported) gives back exactly what was written.
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// plainNumber is a decimal number a spreadsheet reads as a value, not a formula.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// risky tells whether a spreadsheet could take s for a formula.
func risky(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return !plainNumber.MatchString(s)
	}
	return false
}

// Cell is s made safe for a spreadsheet: a quote in front of a cell that could be a
// formula (or that starts with a quote already); anything else unchanged.
func Cell(s string) string {
	if risky(s) || strings.HasPrefix(s, "'") {
		return "'" + s
	}
	return s
}

// Unescape undoes Cell: the quote Cell added is removed; a quote that Cell could not have
// added (as in 'hello) is kept. Unescape(Cell(s)) == s for every s.
func Unescape(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && (risky(rest) || strings.HasPrefix(rest, "'")) {
		return rest
	}
	return s
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct {
	*csv.Writer
	buf []string
}

// NewWriter writes safe CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, each cell through Cell.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.Writer.Write(w.buf)
}

// WriteAll writes records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// Reader is a csv.Reader that undoes Writer's quoting (Unescape), for importing a file the
// app exported.
type Reader struct{ *csv.Reader }

// NewReader reads CSV from r, undoing Writer's quoting.
func NewReader(r io.Reader) *Reader { return &Reader{csv.NewReader(r)} }

// Read reads one record.
func (r *Reader) Read() ([]string, error) {
	rec, err := r.Reader.Read()
	for i := range rec {
		rec[i] = Unescape(rec[i])
	}
	return rec, err
}
