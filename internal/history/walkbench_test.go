package history_test

import (
	"path/filepath"
	"testing"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
)

// BenchmarkWalk walks a demo history with each walker, as ect validate
// does without a cache: the repository opened afresh for each walk, so
// that no walk finds the objects an earlier one read in go-git's caches.
func BenchmarkWalk(b *testing.B) {
	records := filepath.Join(fixture.BenchHistory(b), "records")
	for _, walker := range []string{"git", "go-git"} {
		b.Run(walker, func(b *testing.B) {
			b.Setenv(history.WalkerEnv, walker)
			b.ReportAllocs()
			for b.Loop() {
				repo, err := history.Open(records)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := repo.Walk(history.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWalkKnown walks a demo history with each walker, knowing all
// but its last commit (a cache), as ect validate does after one new
// commit.
func BenchmarkWalkKnown(b *testing.B) {
	records := filepath.Join(fixture.BenchHistory(b), "records")
	for _, walker := range []string{"git", "go-git"} {
		b.Run(walker, func(b *testing.B) {
			b.Setenv(history.WalkerEnv, walker)
			repo, err := history.Open(records)
			if err != nil {
				b.Fatal(err)
			}
			full, err := repo.Walk(history.Options{})
			if err != nil {
				b.Fatal(err)
			}
			known := &history.History{Commits: map[history.Hash]*history.Commit{}, Files: map[string][]*history.Change{}}
			for h, c := range full.Commits {
				if h != full.Head {
					known.Commits[h] = c
				}
			}
			for p, chs := range full.Files {
				for _, ch := range chs {
					if ch.Commit.Hash != full.Head {
						known.Files[p] = append(known.Files[p], ch)
					}
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				repo, err := history.Open(records)
				if err != nil {
					b.Fatal(err)
				}
				h, err := repo.Walk(history.Options{Known: known})
				if err != nil || h.Walked != 1 {
					b.Fatal(err, h.Walked)
				}
			}
		})
	}
}
