package foods

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"G-nut Paste (Ebinyeebwa)": "g nut paste ebinyeebwa",
		"Matooke, steamed":         "matooke steamed",
		"  Crème  brûlée ":         "creme brulee",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScoreFindsLocalNamesAndTypos(t *testing.T) {
	matooke := SearchText("Matooke, steamed or boiled", []string{"matooke", "matoke"})
	posho := SearchText("Maize meal stiff porridge (posho)", []string{"kawunga", "posho", "ugali"})
	dodo := SearchText("Amaranth leaves, boiled", []string{"doodo", "dodo"})
	sukuma := SearchText("Kale (sukuma wiki), boiled", []string{"sukuma wiki"})
	cases := []struct {
		q, text string
		min     float64
	}{
		{"matoke", matooke, 1}, {"matooke", matooke, 1}, {"matokee", matooke, MinScore}, {"mato", matooke, 0.95},
		{"posho", posho, 1}, {"poshoo", posho, MinScore}, {"dodo", dodo, 1}, {"sukumawiki", sukuma, 1},
		{"kawunga", posho, 1},
	}
	for _, c := range cases {
		if s := Score(c.q, c.text, ""); s < c.min {
			t.Errorf("Score(%q, %q) = %.2f, want ≥ %.2f", c.q, c.text, s, c.min)
		}
	}
	if s := Score("chicken", matooke, ""); s >= MinScore {
		t.Errorf("unrelated word scores %.2f", s)
	}
}

func TestRankOrdersBestFirst(t *testing.T) {
	c := []Candidate{
		{1, SearchText("Banana, ripe", []string{"bogoya"}), "sweet"},
		{2, SearchText("Matooke, steamed", []string{"matooke"}), ""},
		{3, SearchText("Chicken", nil), "a bird"},
		{4, SearchText("Matooke stewed", []string{"matooke"}), ""},
	}
	r := Rank("matooke", c)
	if len(r) != 2 || r[0].ID != 2 || r[1].ID != 4 {
		t.Fatalf("rank: %+v", r)
	}
}

func TestFTSQuery(t *testing.T) {
	q := FTSQuery("Dodo!")
	if q != `"dod" OR "odo"` {
		t.Fatalf("FTSQuery = %s", q)
	}
	if FTSQuery("po") != "" {
		t.Fatal("short words make no trigram")
	}
	if strings.Contains(FTSQuery(`x" OR 1`), `x"`) {
		t.Fatal("quotes pass into FTS expression")
	}
}

func TestDeriveFlags(t *testing.T) {
	gi := func(v float64) *float64 { return &v }
	cases := []struct {
		name  string
		n     Nutrients
		gi    *float64
		serve float64
		want  Flags
	}{
		// Beans, boiled: GI 29, 15 g carbs/100 g, serving 150 g → GL 6.5: diabetes-friendly;
		// 1.2 kcal/g with 8 g protein: weight loss.
		{"beans", Nutrients{120, 8, 15, 7, 0.5}, gi(29), 150, Flags{true, true, false}},
		// White bread GI 75: never diabetes-friendly, whatever the portion.
		{"bread", Nutrients{265, 9, 49, 2.7, 3.2}, gi(75), 30, Flags{false, false, true}},
		// Posho GI 67 with 22 g carbs in a 300 g serving: GL 44.
		{"posho", Nutrients{110, 2.5, 22, 2, 0.8}, gi(67), 300, Flags{false, false, false}},
		// Cabbage without published GI, 3 g carbs/100 g, 100 g serving.
		{"cabbage", Nutrients{25, 1.3, 3, 2.5, 0.1}, nil, 100, Flags{true, false, false}},
		// Groundnuts: no GI, 10 g carbs in a 40 g serving = 4 g; dense and proteinous.
		{"g-nuts", Nutrients{570, 25, 10, 8, 48}, nil, 40, Flags{true, false, true}},
		// Cassava without GI, 35 g carbs/100 g: too much carbohydrate to call friendly.
		{"cassava", Nutrients{150, 1.2, 35, 1.8, 0.3}, nil, 200, Flags{false, false, false}},
	}
	for _, c := range cases {
		if got := DeriveFlags(c.n, c.gi, c.serve); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
