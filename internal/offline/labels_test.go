package offline_test

import (
	"os"
	"strings"
	"testing"

	"github.com/zoe-nutritech/zoe/db"
	"github.com/zoe-nutritech/zoe/db/dbtest"
	"github.com/zoe-nutritech/zoe/internal/offline"
	"github.com/zoe-nutritech/zoe/internal/records/glucose"
	"github.com/zoe-nutritech/zoe/internal/records/nutrition"
	"github.com/zoe-nutritech/zoe/internal/timezone"
)

// The offline pages take meal and reading-time labels from the snapshot, which takes them
// from the Go packages that define them; offline.js spells none of them itself.
func TestSnapshotCarriesTheGoLabels(t *testing.T) {
	d := dbtest.NewSQLite(t)
	f := setup(t, d)
	u := f.user
	u.TimeZone = "Not/AZone"
	snap, err := offline.Build(t.Context(), d, u, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Labels.Meals) != len(nutrition.Meals) || len(snap.Labels.Contexts) != len(glucose.Contexts) {
		t.Fatalf("labels %+v", snap.Labels)
	}
	for i, m := range nutrition.Meals {
		if snap.Labels.Meals[i] != [2]string{m, nutrition.MealLabel(m)} {
			t.Errorf("meal %d = %v", i, snap.Labels.Meals[i])
		}
	}
	for i, c := range glucose.Contexts {
		if snap.Labels.Contexts[i] != [2]string{string(c), c.Label()} {
			t.Errorf("context %d = %v", i, snap.Labels.Contexts[i])
		}
	}
	// An unknown stored zone reaches the pages as the app's default, never as a bad name.
	if snap.User.TimeZone != timezone.DefaultName() {
		t.Errorf("time zone %q, want the default %q", snap.User.TimeZone, timezone.DefaultName())
	}
	js, err := os.ReadFile("../../static/js/offline.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, pairs := range [][][2]string{snap.Labels.Meals, snap.Labels.Contexts} {
		for _, p := range pairs {
			if strings.Contains(string(js), `"`+p[1]+`"`) {
				t.Errorf("offline.js spells the label %q itself", p[1])
			}
		}
	}
	if strings.Contains(string(js), timezone.Fallback) {
		t.Errorf("offline.js hard-codes the zone %s", timezone.Fallback)
	}
}
