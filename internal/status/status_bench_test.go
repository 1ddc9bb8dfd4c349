package status

import (
	"os"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// BenchmarkBuild works out the schedule and status of every ECT of
// "ect demo --ects 5000" (loaded once): the target is under 200 ms.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	if _, err := demo.Write(dir, 5000); err != nil {
		b.Fatal(err)
	}
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		b.Fatal(err)
	}
	book, err := record.Load(os.DirFS(dir), ".", schemas, record.Options{Display: "records"})
	if err != nil || len(book.ECTs) != 5000 {
		b.Fatalf("loaded %d ECTs: %v", len(book.ECTs), err)
	}
	on := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for b.Loop() {
		board, err := Build(book, on, Filter{}, nil)
		if err != nil || len(board.ECTs) != 5000 {
			b.Fatalf("%d ECTs: %v", len(board.ECTs), err)
		}
	}
}
