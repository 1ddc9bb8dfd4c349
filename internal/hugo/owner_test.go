package hugo_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
	root := filepath.Join("..", "..")
	seen := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		test := strings.HasSuffix(p, "_test.go")
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for mod, may := range importers {
				if path != mod && !strings.HasPrefix(path, mod+"/") {
					continue
				}
				seen++
				if may[dir] || (test && mod == linked && testImporters[dir]) {
					continue
				}
				t.Errorf("%s imports %s: reach Hugo through portal.Generator, given by main, so that this package's tests do not link Hugo", filepath.ToSlash(rel), path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Error("no import of Hugo found even in internal/hugo: the scan is not reading the module")
	}
}
