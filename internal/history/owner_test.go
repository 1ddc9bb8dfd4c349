package history

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/archtest"
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
	owners := 0 // imports found in the owners: the scan sees them
	for _, imp := range archtest.Imports(t, filepath.Join("..", "..")) {
		if imp.Test || !strings.HasPrefix(imp.Path, "github.com/go-git/") {
			continue
		}
		if gitOwners[imp.Dir] {
			owners++
			continue
		}
		t.Errorf("%s imports %s: only internal/history reads and writes Git; add what is needed to history, with domain types", imp.File, imp.Path)
	}
	if owners == 0 {
		t.Error("no go-git import found even in internal/history: the scan is not reading the module")
	}
}
