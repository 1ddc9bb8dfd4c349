package hugo_test

import (
	"path/filepath"
	"testing"

	"github.com/ectdocs/ectdocs/internal/archtest"
)

// TestLinkedWhereNeeded keeps the test loop fast: linking Hugo's 60 MB
// costs seconds per binary, so only internal/hugo imports Hugo, only
// cmd/ect's main imports internal/hugo, and only the tests that build or
// serve a site (internal/hugo's, internal/portal's and cmd/ect's) link it.
// Everything else reaches Hugo through portal.Generator.
func TestLinkedWhereNeeded(t *testing.T) {
	const (
		hugoModule = "github.com/gohugoio/hugo"
		linked     = "github.com/ectdocs/ectdocs/internal/hugo"
	)
	importers := map[string]map[string]bool{ // what may import it: code, and tests
		hugoModule: {"internal/hugo": true},
		linked:     {"cmd/ect": true},
	}
	testImporters := map[string]bool{"internal/hugo": true, "internal/portal": true, "cmd/ect": true}
	seen := 0
	for _, imp := range archtest.Imports(t, filepath.Join("..", "..")) {
		for mod, may := range importers {
			if !archtest.Within(imp.Path, mod) {
				continue
			}
			seen++
			if may[imp.Dir] || (imp.Test && mod == linked && testImporters[imp.Dir]) {
				continue
			}
			t.Errorf("%s imports %s: reach Hugo through portal.Generator, given by main, so that this package's tests do not link Hugo", imp.File, imp.Path)
		}
	}
	if seen == 0 {
		t.Error("no import of Hugo found even in internal/hugo: the scan is not reading the module")
	}
}
