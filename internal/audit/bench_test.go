package audit_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/workflow"
)

func loadBook(b *testing.B, records string) *record.Book {
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		b.Fatal(err)
	}
	book, err := record.Load(os.DirFS(records), ".", schemas, record.Options{Display: "records"})
	if err != nil {
		b.Fatal(err)
	}
	return book
}

// gitLogRaw times `git log --raw --no-renames` on the repository, the
// yardstick of the full audit (reported as gitlog-ms): the fastest of
// three runs, so that a busy machine moves it less.
func gitLogRaw(b *testing.B, dir string) time.Duration {
	if _, err := exec.LookPath("git"); err != nil {
		return 0
	}
	var best time.Duration
	for range 3 {
		start := time.Now()
		cmd := exec.Command("git", "log", "--raw", "--no-renames", "--no-color")
		cmd.Dir = dir
		if err := cmd.Run(); err != nil {
			b.Fatalf("git log --raw: %v", err)
		}
		if took := time.Since(start); best == 0 || took < best {
			best = took
		}
	}
	return best
}

// BenchmarkAuditFull walks the whole history and proves every signature,
// as ect validate does without a cache. Compare ns/op with gitlog-ms.
func BenchmarkAuditFull(b *testing.B) {
	dir := fixture.BenchHistory(b)
	records := filepath.Join(dir, "records")
	book := loadBook(b, records)
	repo, err := history.Open(records)
	if err != nil {
		b.Fatal(err)
	}
	people, _ := identity.New(book)
	gitlog := gitLogRaw(b, dir)
	var res *audit.Result
	var walk time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		h, err := repo.Walk(history.Options{})
		if err != nil {
			b.Fatal(err)
		}
		walk += time.Since(start)
		res, _ = audit.New(repo, h, people).Check(book)
	}
	b.ReportMetric(float64(gitlog.Milliseconds()), "gitlog-ms")
	b.ReportMetric(float64(walk.Milliseconds())/float64(b.N), "walk-ms")
	// The walk alone, as a multiple of git log's time (it runs git log).
	b.ReportMetric(walk.Seconds()*1000/float64(b.N)/max(float64(gitlog.Milliseconds()), 1), "walk-x-gitlog")
	// The whole audit's time (walk and check) as a multiple of git log
	// --raw's on the same history (the target is at most 2).
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N)/max(float64(gitlog.Milliseconds()), 1), "x-gitlog")
	b.ReportMetric(float64(res.Commits), "commits")
	b.ReportMetric(float64(res.Count[audit.Proven]), "signatures")
}

// BenchmarkAuditIncremental measures a run after one new signing commit,
// with the cache of the run before: what a pull request or a second
// ect validate costs (the book's loading aside).
func BenchmarkAuditIncremental(b *testing.B) {
	dir := fixture.BenchHistory(b)
	if os.Getenv("ECTDOCS_BENCH_HISTORY") != "" {
		// It commits: work on a copy.
		cp := filepath.Join(b.TempDir(), "h")
		if out, err := exec.Command("git", "clone", "--quiet", dir, cp).CombinedOutput(); err != nil {
			b.Fatalf("git clone: %v %s", err, out)
		}
		dir = cp
	}
	records := filepath.Join(dir, "records")
	book := loadBook(b, records)
	repo, err := history.Open(records)
	if err != nil {
		b.Fatal(err)
	}
	people, _ := identity.New(book)
	run := func(cache *audit.Cache, save bool) *audit.Result {
		opt := history.Options{}
		if cache != nil {
			opt.Known = cache.Known
		}
		h, err := repo.Walk(opt)
		if err != nil {
			b.Fatal(err)
		}
		a := audit.New(repo, h, people)
		a.Use(cache)
		res, _ := a.Check(book)
		if save {
			if err := a.SaveCache(res); err != nil {
				b.Fatal(err)
			}
		}
		return res
	}
	run(nil, true) // the full run that fills the cache
	// One new commit: a tutor adds a line to an ECT's profile.
	target := book.ECTs[len(book.ECTs)-1].File
	u := workflow.User{Name: "Bench", Email: "bench@example.org", When: time.Date(2027, 7, 30, 12, 0, 0, 0, time.UTC)}
	content := append(append([]byte(nil), target.Doc.Src...), "\nOne more line.\n"...)
	if _, err := workflow.CommitFile(repo, target.Rel, content, "Edit a profile", u); err != nil {
		b.Fatal(err)
	}
	book = loadBook(b, records)
	b.ReportAllocs()
	b.ResetTimer()
	var res *audit.Result
	for b.Loop() {
		// The cache is not saved, so each run reads the new commit anew;
		// loading the cache is part of the cost.
		res = run(audit.LoadCache(repo), false)
	}
	b.ReportMetric(float64(res.Walked), "commits-read")
}
