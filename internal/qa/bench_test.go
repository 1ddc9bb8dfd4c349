package qa_test

import (
	"os"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/qa"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

// BenchmarkCheck runs every quality-assurance check, and draws a 40%
// sample, over the 5,000 ECTs of "ect demo --ects 5000" (loaded, and
// their status worked out, once): what ect qa does after loading.
func BenchmarkCheck(b *testing.B) {
	dir := b.TempDir()
	if _, err := demo.Write(dir, 5000); err != nil {
		b.Fatal(err)
	}
	book, err := record.Load(os.DirFS(dir), ".", fixture.Schemas(b), record.Options{Display: "records"})
	if err != nil || len(book.ECTs) != 5000 {
		b.Fatalf("loaded %d ECTs: %v", len(book.ECTs), err)
	}
	day := time.Date(2026, 7, 20, 0, 0, 0, 0, time.UTC)
	board, err := status.Build(book, day, status.Filter{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res := qa.Check(book, board, day)
		if len(qa.Sample(book.Schools, res.Findings, "2025-26", 0.4)) == 0 {
			b.Fatal("no sample")
		}
	}
	res := qa.Check(book, board, day)
	b.ReportMetric(float64(len(res.Findings)), "findings")
}
