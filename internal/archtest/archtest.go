// Package archtest reads the imports of every Go file in the module, for
// the tests that keep its architecture: one package owns Git
// (history.TestOneGitOwner), only the binary links Hugo
// (hugo.TestLinkedWhereNeeded).
package archtest

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

// Import is one import of one Go file.
type Import struct {
	// File is the file's path from the module's root, slash-separated;
	// Dir its folder.
	File, Dir string
	// Test is true in a _test.go file.
	Test bool
	// Path is the package imported.
	Path string
}

// Imports returns every import of every Go file under root, the module's
// root folder, leaving out .git, node_modules and testdata. It fails the
// test when it finds none: then it is not reading the module.
func Imports(t testing.TB, root string) []Import {
	t.Helper()
	var all []Import
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
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		file := filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			all = append(all, Import{File: file, Dir: filepath.ToSlash(filepath.Dir(rel)), Test: strings.HasSuffix(p, "_test.go"), Path: path})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatalf("no Go imports found under %s: not the module's root", root)
	}
	return all
}

// Within says whether path is the package or module mod or one of its
// packages (github.com/gohugoio/hugo/commands is within
// github.com/gohugoio/hugo; github.com/gohugoio/hugo-goldmark-extensions
// is not).
func Within(path, mod string) bool {
	return path == mod || strings.HasPrefix(path, mod+"/")
}
