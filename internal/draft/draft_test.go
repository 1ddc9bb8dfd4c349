package draft_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/status"
)

var on = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// fill writes the answers a tutor would: true for the yes/no fields, a
// number or a word for the body's questions, evidence naming a standard
// in every empty section.
func fill(s string) string {
	for _, f := range []string{"on_track", "programme_accessed", "entitlements_met"} {
		s = strings.Replace(s, "\n"+f+":\n", "\n"+f+": true\n", 1)
	}
	s = strings.Replace(s, "\nrecommendation:\n", "\nrecommendation: satisfactory\n", 1)
	s = regexp.MustCompile(`(?m)^  ect_time:  #`).ReplaceAllString(s, "  ect_time: true #")
	s = regexp.MustCompile(`(?m)^  mentor_meetings:  #`).ReplaceAllString(s, "  mentor_meetings: 10 #")
	s = regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAllString(s, "Evidence from observations and pupils' work shows secure progress (TS4).")
	return s
}

// errorsIn writes content at rel in a copy of the demo records, validates
// them, and returns the errors in that file.
func errorsIn(t *testing.T, demo fs.FS, schemas *schema.Set, rel, content string) []diag.Diagnostic {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, demo); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := record.Load(os.DirFS(dir), ".", schemas, record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	var mine []diag.Diagnostic
	for _, x := range append(b.Diagnostics, rules.Check(b, rules.Options{Today: fixture.Today})...) {
		if x.File == "records/"+rel && x.Severity == diag.Error {
			mine = append(mine, x)
		}
	}
	return mine
}

// expectDraft checks a started record: blank, it fails only for what is
// left to write; written, it passes.
func expectDraft(t *testing.T, check func(string) []diag.Diagnostic, blank, written string, leftToWrite *regexp.Regexp) {
	t.Helper()
	errs := check(blank)
	if len(errs) == 0 {
		t.Error("a blank record validates: it should list what is left to write")
	}
	for _, d := range errs {
		if !leftToWrite.MatchString(d.Message) {
			t.Errorf("the blank record has an error that is not something left to write: %s", d)
		}
	}
	for _, d := range check(written) {
		t.Errorf("written, it still fails: %s", d)
	}
}

// TestEveryDraftValidates starts every report the schedule expects and has
// not got, for every demo ECT: each lands where a report of its kind
// belongs, fails validation only for what is left to write, and passes
// once that is written.
func TestEveryDraftValidates(t *testing.T) {
	demo, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	schemas := fixture.Schemas(t)
	book, err := record.Load(demo, ".", schemas, record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	board, err := status.Build(book, on, status.Filter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	leftToWrite := regexp.MustCompile(`not empty|is empty`)
	n := 0
	for _, e := range book.ECTs {
		sum := board.Summaries[e.TRN]
		if sum == nil {
			continue
		}
		for _, x := range sum.Reports {
			if x.Report != nil {
				continue
			}
			t.Run(fmt.Sprintf("%s/term-%d", e.TRN, x.Number), func(t *testing.T) {
				r, err := draft.NewReport(ectdocs.Templates(), book.Body, e, sum, x.Number)
				if err != nil {
					t.Fatal(err)
				}
				check := func(content string) []diag.Diagnostic { return errorsIn(t, demo, schemas, r.Rel, content) }
				expectDraft(t, check, string(r.Content), fill(string(r.Content)), leftToWrite)
			})
			n++
		}
	}
	if n < 5 {
		t.Errorf("only %d drafts tried", n)
	}
}

// TestEveryDatedValidates: an observation and a support plan started for
// every demo ECT fail only for what is left to write, and pass once
// written.
func TestEveryDatedValidates(t *testing.T) {
	demo, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	schemas := fixture.Schemas(t)
	book, err := record.Load(demo, ".", schemas, record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	leftToWrite := regexp.MustCompile(`not empty|is empty|at least 1 item`)
	written := strings.NewReplacer("lesson:\n", "lesson: \"Year 5 science: forces\"\n", "focus: []", "focus: [TS4]", "standards: []", "standards: [TS7]")
	day := time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC)
	for _, e := range book.ECTs {
		for _, kind := range []record.Kind{record.KindObservation, record.KindSupportPlan} {
			t.Run(e.TRN+"/"+string(kind), func(t *testing.T) {
				d, err := draft.NewDated(ectdocs.Templates(), kind, e, day)
				if err != nil {
					t.Fatal(err)
				}
				check := func(content string) []diag.Diagnostic { return errorsIn(t, demo, schemas, d.Rel, content) }
				expectDraft(t, check, string(d.Content), fill(written.Replace(string(d.Content))), leftToWrite)
			})
		}
	}
}
