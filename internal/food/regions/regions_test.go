package regions_test

import (
	"encoding/csv"
	"testing"

	"github.com/zoe-nutritech/zoe/internal/food/prices"
	"github.com/zoe-nutritech/zoe/internal/food/regions"
)

func TestDistrict(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Kampala", regions.Central, true}, {" gulu ", regions.Northern, true}, {"Moroto", regions.Northern, true}, {"Kween", regions.Eastern, true},
		{"Kiryandongo", regions.Western, true}, {"Atlantis", "", false}, {"", "", false},
	} {
		got, ok := regions.District(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("regions.District(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if regions.Valid("") || !regions.Valid(regions.Western) || regions.Valid("western") {
		t.Error("Valid accepts only the four region names")
	}
}

// Every district of the bundled WFP file has a region: no market's data is left out of
// the regional prices.
func TestEveryBundledDistrictHasARegion(t *testing.T) {
	f, err := prices.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if r[1] == "" || seen[r[1]] {
			continue
		}
		seen[r[1]] = true
		if _, ok := regions.District(r[1]); !ok {
			t.Errorf("district %q of the WFP file has no region", r[1])
		}
	}
	if len(seen) < 30 {
		t.Fatalf("read %d districts; the bundled file should have about 37", len(seen))
	}
	if got := len(regions.Districts(regions.Northern)); got < 10 {
		t.Errorf("Northern lists %d districts", got)
	}
}
