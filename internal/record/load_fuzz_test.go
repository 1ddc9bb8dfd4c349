package record_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// FuzzLoad puts arbitrary bytes where a progress review belongs in the demo
// records and runs the whole check: loader, schema and rules must never
// panic, and every diagnostic must be positioned and explained.
func FuzzLoad(f *testing.F) {
	demo, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		f.Fatal(err)
	}
	// A small tree keeps each run fast: the body, one school, one ECT with
	// a support plan, and the fuzzed file.
	base := fstest.MapFS{}
	for _, p := range []string{
		"body.md",
		"schools/990101-oakfield-primary/school.md",
		"schools/990101-oakfield-primary/ects/9900101/ect.md",
		"schools/990102-brackenridge-academy/ects/9900105/support-plans/2026-02-02.md",
		"schools/990101-oakfield-primary/ects/9900101/reports/2025-26-spring-progress-review.md",
		"schools/990102-brackenridge-academy/ects/9900107/reports/2025-26-summer-final-assessment.md",
	} {
		data, err := fs.ReadFile(demo, p)
		if err != nil {
			f.Fatal(err)
		}
		base[p] = &fstest.MapFile{Data: data}
	}
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		f.Fatal(err)
	}
	const target = "schools/990101-oakfield-primary/ects/9900101/reports/2026-27-spring-progress-review.md"
	f.Add(base["schools/990101-oakfield-primary/ects/9900101/reports/2025-26-spring-progress-review.md"].Data)
	f.Add(base["schools/990102-brackenridge-academy/ects/9900107/reports/2025-26-summer-final-assessment.md"].Data)
	f.Add([]byte("---\nkind: progress-review\non_track: false\nsupport_plan: ../../x\n---\n## Development targets\n##\n"))
	f.Add([]byte("---\na: &a [1]\nb: *a\n---\n"))
	f.Add([]byte("---\nkind: progress-review\nsignatures: [{role: ect, by: \"9900101\", on: \"2026-13-01\"}]\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"body.md": base["body.md"]}
		for _, p := range []string{"schools/990101-oakfield-primary/school.md", "schools/990101-oakfield-primary/ects/9900101/ect.md"} {
			fsys[p] = base[p]
		}
		fsys[target] = &fstest.MapFile{Data: data}
		book, err := record.Load(fsys, ".", schemas, record.Options{Display: "records", Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range append(book.Diagnostics, rules.Check(book, rules.Options{Today: fixture.Today})...) {
			if d.File == "" || d.Message == "" || d.Rule == "" || d.Line < 0 || d.Column < 0 {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
	})
}
