package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/zoe-nutritech/zoe/db/dbtest"
)

// axeVersion is the axe-core release the browser suite checks pages with. It is installed
// from the npm registry at test time into internal/e2e/.axe (git-ignored): a test tool, never
// served to users.
const axeVersion = "4.14.1"

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeSource is axe.min.js, installed with npm on first use.
func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		dir, _ := filepath.Abs(".axe")
		file := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
		pkg := filepath.Join(dir, "node_modules", "axe-core", "package.json")
		if b, err := os.ReadFile(pkg); err != nil || !strings.Contains(string(b), `"version": "`+axeVersion+`"`) {
			npm, err := exec.LookPath("npm")
			if err != nil {
				axeErr = err
				return
			}
			cmd := exec.Command(npm, "install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "axe-core@"+axeVersion)
			if out, err := cmd.CombinedOutput(); err != nil {
				axeErr = err
				axeJS = string(out)
				return
			}
		}
		b, err := os.ReadFile(file)
		axeJS, axeErr = string(b), err
	})
	if axeErr != nil {
		if dbtest.RequireServices() {
			t.Fatalf("axe-core %s could not be installed with npm: %v %s", axeVersion, axeErr, axeJS)
		}
		t.Skipf("accessibility check skipped: npm install axe-core failed: %v", axeErr)
	}
	return axeJS
}

// axeViolation is one rule broken on a page, with up to three of the elements that break it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// axeCheck runs axe-core on the current page (WCAG 2.1 A and AA rules and axe's best
// practices) and returns its violations.
func axeCheck(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src := axeSource(t)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined" || (function(){`+src+`; return true;})()`)); err != nil {
		t.Fatalf("load axe: %v", err)
	}
	raw := eval[string](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({ID: v.id, Impact: v.impact || "", Help: v.help, Nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`)
	var out []axeViolation
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("axe result %q: %v", raw, err)
	}
	return out
}
