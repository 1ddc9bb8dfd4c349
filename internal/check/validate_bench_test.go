package check_test

import (
	"os"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// BenchmarkValidate validates the output of "ect demo --ects 5000" (about
// 26,000 files) from disk: walk, read, parse, schema, rules. It reports
// records/s; the target is 20,000 on 2 cores.
func BenchmarkValidate(b *testing.B) {
	dir := b.TempDir()
	files, err := demo.Write(dir, 5000)
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		b.Fatal(err)
	}
	t := &workspace.Folder{FS: os.DirFS(dir), Display: "records", Schemas: schemas}
	b.ResetTimer()
	for b.Loop() {
		ds, n, _, err := check.Folder(t, rules.Options{Today: fixture.Today}, "")
		if err != nil || len(ds) != 0 || n != files {
			b.Fatalf("validate: %d diagnostics, %d of %d files, %v", len(ds), n, files, err)
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
