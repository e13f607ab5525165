package dataexport

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

type rec struct {
	ID           int64
	UserID       int64
	GlucoseMgdl  *float64
	Notes        string
	RecordedAt   time.Time
	PasswordHash string
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"GlucoseMgdl": "glucose_mgdl", "UserID": "user_id", "ID": "id", "Hba1cPercent": "hba1c_percent", "CostUgx": "cost_ugx"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestWriteZip(t *testing.T) {
	g := 110.5
	at := time.Date(2025, 6, 1, 4, 30, 0, 0, time.UTC)
	rows := []rec{{1, 7, &g, `said "hi", then left`, at, "secret"}, {2, 7, nil, "", at, "secret"}}
	var buf bytes.Buffer
	if err := WriteZip(&buf, "all.json", at, []Table{{Name: "records", Rows: rows, Omit: []string{"password_hash"}}, {Name: "empty", Rows: []rec{}}}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		files[f.Name] = string(b)
	}
	want := "id,user_id,glucose_mgdl,notes,recorded_at\n1,7,110.5,\"said \"\"hi\"\", then left\",2025-06-01T04:30:00Z\n2,7,,,2025-06-01T04:30:00Z\n"
	if files["records.csv"] != want {
		t.Errorf("records.csv =\n%s\nwant\n%s", files["records.csv"], want)
	}
	if files["empty.csv"] != "id,user_id,glucose_mgdl,notes,recorded_at,password_hash\n" {
		t.Errorf("empty.csv = %q", files["empty.csv"])
	}
	var all map[string]any
	if err := json.Unmarshal([]byte(files["all.json"]), &all); err != nil {
		t.Fatal(err)
	}
	recs := all["records"].([]any)
	if len(recs) != 2 || recs[1].(map[string]any)["glucose_mgdl"] != nil || recs[0].(map[string]any)["glucose_mgdl"] != 110.5 {
		t.Errorf("json records = %v", recs)
	}
	if strings.Contains(files["all.json"], "secret") || strings.Contains(files["records.csv"], "secret") {
		t.Error("omitted column exported")
	}
	if err := WriteCSV(io.Discard, Table{Name: "bad", Rows: 3}); err == nil {
		t.Error("non-slice accepted")
	}
}

// A note typed as a formula opens in a spreadsheet as text; a negative number stays a number.
func TestWriteCSVNeutralisesFormulas(t *testing.T) {
	type row struct {
		Notes string
		Delta float64
	}
	var buf bytes.Buffer
	rows := []row{{`=HYPERLINK("http://evil.example","see")`, -3.5}, {"@SUM(A1)", 2}, {"+256 700 000000", 0}, {"\t-1+1", -40}}
	if err := WriteCSV(&buf, Table{Name: "t", Rows: rows}); err != nil {
		t.Fatal(err)
	}
	want := "notes,delta\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"see\"\")\",-3.5\n'@SUM(A1),2\n'+256 700 000000,0\n'\t-1+1,-40\n"
	if buf.String() != want {
		t.Errorf("csv =\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestWriteZipWithFiles(t *testing.T) {
	at := time.Date(2025, 6, 1, 4, 30, 0, 0, time.UTC)
	open := func(s string) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
	}
	var buf bytes.Buffer
	err := WriteZip(&buf, "all.json", at, []Table{{Name: "empty", Rows: []rec{}}},
		File{Name: "photos/a.jpg", Open: open("jpeg-a")}, File{Name: "photos/b.jpg", Open: open("jpeg-b")})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		got[f.Name] = string(b)
	}
	if got["photos/a.jpg"] != "jpeg-a" || got["photos/b.jpg"] != "jpeg-b" || got["empty.csv"] == "" {
		t.Fatalf("archive holds %v", got)
	}
	for _, bad := range []string{"../x.jpg", "/etc/x", "a//b", "a/../b", `a\b`, ""} {
		if err := WriteZip(io.Discard, "all.json", at, nil, File{Name: bad, Open: open("x")}); err == nil {
			t.Errorf("file name %q accepted", bad)
		}
	}
}
