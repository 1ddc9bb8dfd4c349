package cms_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

// demoBook loads the built-in demo records.
func demoBook(t testing.TB) *record.Book {
	t.Helper()
	fsys, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	return book
}

// demoConfig is the demo's editor configuration for the appropriate
// body: every school, and body.md.
func demoConfig(t testing.TB, book *record.Book) *cms.Config {
	t.Helper()
	be, ok := cms.BackendOf(book.Body)
	if !ok {
		t.Fatal("the demo's body.md has no editor: settings")
	}
	c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, cms.Scope{Body: true, Schools: book.Schools}, be, "records")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGolden pins the demo's generated config.yml for the appropriate
// body (UPDATE_GOLDEN=1 to rewrite it after reading the diff).
func TestGolden(t *testing.T) {
	got, err := demoConfig(t, demoBook(t)).YAML()
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "demo-ab-config.yml")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("config.yml differs from %s (UPDATE_GOLDEN=1 after reading the diff):\n%s", golden, got)
	}
}
