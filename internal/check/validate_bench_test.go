package check_test

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// BenchmarkValidate validates the output of "ect demo --ects 5000" (31,289
// files; ECTDOCS_BENCH_ECTS sets another number) from disk: walk, read, parse, schema, rules. It reports
// records/s, and the same for the bare loop (bareLoop) measured in the
// same run, and ect's speed as a multiple of the bare loop's
// (x-bare-speed; the target is at least 1).
func BenchmarkValidate(b *testing.B) {
	dir := b.TempDir()
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("ECTDOCS_BENCH_ECTS")); err == nil {
		n = v
	}
	files, err := demo.Write(dir, n)
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		b.Fatal(err)
	}
	t := &workspace.Folder{FS: os.DirFS(dir), Display: "records", Schemas: schemas}
	byKind, err := bareSchemas(ectdocs.Schemas())
	if err != nil {
		b.Fatal(err)
	}
	// Each round runs ect's validation and the bare loop one after the
	// other, alternating which goes first, so that both see the same
	// machine; the ratio is of their total times.
	var ours, bare time.Duration
	round := 0
	b.ResetTimer()
	for b.Loop() {
		validate := func() {
			start := time.Now()
			ds, n, _, err := check.Folder(t, rules.Options{Today: fixture.Today}, "")
			ours += time.Since(start)
			if err != nil || len(ds) != 0 || n != files {
				b.Fatalf("validate: %d diagnostics, %d of %d files, %v", len(ds), n, files, err)
			}
		}
		peer := func() {
			start := time.Now()
			n, err := bareLoop(dir, byKind)
			bare += time.Since(start)
			if err != nil || n != files {
				b.Fatalf("bare loop: %d of %d files, %v", n, files, err)
			}
		}
		if round%2 == 0 {
			validate()
			peer()
		} else {
			peer()
			validate()
		}
		round++
	}
	b.ReportMetric(float64(files)*float64(round)/ours.Seconds(), "records/s")
	b.ReportMetric(float64(files)*float64(round)/bare.Seconds(), "bare-records/s")
	b.ReportMetric(bare.Seconds()/ours.Seconds(), "x-bare-speed")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-rss-MB") // Linux: KiB
	}
}
