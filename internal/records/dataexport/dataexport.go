// Package dataexport writes a person's own data as they may download it: one CSV file per
// table and one JSON file holding every table, together in a zip archive. Tables are
// slices of plain structs; column names come from the field names (snake_case).
package dataexport

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zoe-nutritech/zoe/internal/csvsafe"
)

// Table is one table of the export: Rows is a slice of structs (or pointers to them).
type Table struct {
	Name string
	Rows any
	// Omit lists columns left out (e.g. "password_hash").
	Omit []string
}

// snake turns a Go field name into a column name: "GlucoseMgdl" → "glucose_mgdl",
// "UserID" → "user_id".
func snake(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type column struct {
	name  string
	index int
}

func columns(t reflect.Type, omit []string) []column {
	var cols []column
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		n := snake(f.Name)
		skip := false
		for _, o := range omit {
			if o == n {
				skip = true
			}
		}
		if !skip {
			cols = append(cols, column{n, i})
		}
	}
	return cols
}

// text renders one value for CSV: times in RFC 3339 UTC, nil as empty.
func text(v reflect.Value) string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if t, ok := v.Interface().(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Slice:
		if b, ok := v.Interface().([]byte); ok {
			return string(b)
		}
	}
	return fmt.Sprint(v.Interface())
}

func rowsOf(t Table) (reflect.Value, reflect.Type, error) {
	v := reflect.ValueOf(t.Rows)
	if v.Kind() != reflect.Slice {
		return v, nil, fmt.Errorf("dataexport: table %s: rows are %s, not a slice", t.Name, v.Kind())
	}
	et := v.Type().Elem()
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	if et.Kind() != reflect.Struct {
		return v, nil, fmt.Errorf("dataexport: table %s: rows are not structs", t.Name)
	}
	return v, et, nil
}

// WriteCSV writes one table with a header row.
func WriteCSV(w io.Writer, t Table) error {
	v, et, err := rowsOf(t)
	if err != nil {
		return err
	}
	cols := columns(et, t.Omit)
	cw := csvsafe.NewWriter(w) // no cell opens as a formula in a spreadsheet
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for i := 0; i < v.Len(); i++ {
		row := reflect.Indirect(v.Index(i))
		for j, c := range cols {
			rec[j] = text(row.Field(c.index))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// asMaps turns a table into JSON-friendly rows keyed by column name.
func asMaps(t Table) ([]map[string]any, error) {
	v, et, err := rowsOf(t)
	if err != nil {
		return nil, err
	}
	cols := columns(et, t.Omit)
	out := make([]map[string]any, v.Len())
	for i := range out {
		row := reflect.Indirect(v.Index(i))
		m := make(map[string]any, len(cols))
		for _, c := range cols {
			f := row.Field(c.index)
			if (f.Kind() == reflect.Pointer || f.Kind() == reflect.Interface) && f.IsNil() {
				m[c.name] = nil
			} else {
				m[c.name] = reflect.Indirect(f).Interface()
			}
		}
		out[i] = m
	}
	return out, nil
}

// File is a file of the export beside the tables (a meal photo): Name is its path in the
// archive (slash-separated, no ".." or leading "/"), Open gives its bytes.
type File struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// WriteZip writes every table as NAME.csv plus all of them in one JSON file (jsonName),
// with the time of the export, and then the files (stored as they are: photos are
// compressed already).
func WriteZip(w io.Writer, jsonName string, exportedAt time.Time, tables []Table, files ...File) error {
	zw := zip.NewWriter(w)
	if err := writeTables(zw, jsonName, exportedAt, tables); err != nil {
		return err
	}
	for _, f := range files {
		if !validName(f.Name) {
			return fmt.Errorf("dataexport: file name %q", f.Name)
		}
		dst, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store, Modified: exportedAt})
		if err != nil {
			return err
		}
		src, err := f.Open()
		if err != nil {
			return fmt.Errorf("dataexport: open %s: %w", f.Name, err)
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if err != nil {
			return fmt.Errorf("dataexport: copy %s: %w", f.Name, err)
		}
	}
	return zw.Close()
}

func validName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

func writeTables(zw *zip.Writer, jsonName string, exportedAt time.Time, tables []Table) error {
	all := map[string]any{"exported_at": exportedAt.UTC().Format(time.RFC3339)}
	for _, t := range tables {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: t.Name + ".csv", Method: zip.Deflate, Modified: exportedAt})
		if err != nil {
			return err
		}
		if err := WriteCSV(f, t); err != nil {
			return err
		}
		rows, err := asMaps(t)
		if err != nil {
			return err
		}
		all[t.Name] = rows
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: jsonName, Method: zip.Deflate, Modified: exportedAt})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", " ")
	return enc.Encode(all)
}
