package codeowners_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/codeowners"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

// TestDemoMatches: the CODEOWNERS checked in for the demo records is the
// one the records make.
func TestDemoMatches(t *testing.T) {
	sub, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	book, err := record.Load(sub, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", ".github", "CODEOWNERS"))
	if err != nil {
		t.Fatal(err)
	}
	got := codeowners.Generate(book, "records")
	if got != string(want) {
		t.Fatalf("the checked-in .github/CODEOWNERS is stale: run go run ./cmd/ect codeowners --write\ngot:\n%s", got)
	}
	for _, line := range []string{
		"/records/body.md c.harcourt@fenmoor-tsh.example g.bhatt@fenmoor-tsh.example",
		"/records/schools/990101-oakfield-primary/ head@oakfield-primary.example j.okonkwo@oakfield-primary.example l.fairbairn@oakfield-primary.example",
		"/records/schools/*/ects/*/reports/ c.harcourt@fenmoor-tsh.example d.osei@fenmoor-tsh.example",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("missing line %q", line)
		}
	}
	if strings.Contains(got, "r.castellano@") {
		t.Error("a mentor owns a school's folder: only its induction lead and tutors do")
	}
}
