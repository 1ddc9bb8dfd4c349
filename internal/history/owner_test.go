package history

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

// gitOwners are the folders (from the module's root) whose non-test Go
// files may import go-git: history, the one package that reads and writes
// Git; and fixture, which builds the tests' repositories.
var gitOwners = map[string]bool{
	"internal/history": true,
	"internal/fixture": true,
}

// TestOneGitOwner: no package but history (and the allowed ones above)
// imports go-git, so that one package reads and writes Git (issue 16).
func TestOneGitOwner(t *testing.T) {
	root := filepath.Join("..", "..")
	owners := 0 // imports found in the owners: the scan sees them
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
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
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(path, "github.com/go-git/") {
				continue
			}
			if gitOwners[dir] {
				owners++
				continue
			}
			t.Errorf("%s imports %s: only internal/history reads and writes Git; add what is needed to history, with domain types", filepath.ToSlash(rel), path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if owners == 0 {
		t.Error("no go-git import found even in internal/history: the scan is not reading the module")
	}
}
