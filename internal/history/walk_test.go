package history_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/go-git/go-git/v5/plumbing"
)

// repo is a repository built commit by commit in a test, one commit an
// hour from 11:00 on 2025-09-01.
type repo struct {
	*fixture.Repo
	when time.Time
}

func newRepo(t *testing.T) *repo {
	return &repo{Repo: fixture.NewRepo(t), when: fixture.At("2025-09-01 10:00")}
}

// commit writes the files (path → contents; "" deletes) and commits them.
func (r *repo) commit(msg string, files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
	c := fixture.Commit{By: fixture.ABAdmin, Message: msg, Files: map[string]string{}, Parents: parents}
	for p, text := range files {
		if text == "" {
			c.Remove = append(c.Remove, p)
		} else {
			c.Files[p] = text
		}
	}
	r.when = r.when.Add(time.Hour)
	c.When = r.when
	return r.Commit(c)
}

// subjects lists, per file, the subjects of the commits that changed it.
func subjects(h *history.History) map[string][]string {
	out := map[string][]string{}
	for p, chs := range h.Files {
		for _, ch := range chs {
			out[p] = append(out[p], ch.Commit.Subject)
		}
	}
	return out
}

func equal(t *testing.T, what string, got, want map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files %v, want %d %v", what, len(got), got, len(want), want)
	}
	for p, w := range want {
		if !slices.Equal(got[p], w) {
			t.Errorf("%s: %s changed in %q, want %q", what, p, got[p], w)
		}
	}
}

// TestWalk: each file's versions are the commits that changed it relative
// to every parent, oldest first; files outside the records folder are not
// looked at; a merge adds a version only where it differs from both sides.
func TestWalk(t *testing.T) {
	r := newRepo(t)
	r.commit("one", map[string]string{"records/body.md": "b1", "records/schools/a/school.md": "a1", "README.md": "x"})
	main := r.commit("two", map[string]string{"records/schools/a/school.md": "a2", "records/schools/b/school.md": "b1"})
	// A branch from two changes a; main changes b; the merge takes both,
	// and edits body.md itself (an "evil" merge).
	r.commit("branch", map[string]string{"records/schools/a/school.md": "a3"})
	branch := r.Head()
	r.Reset(main)
	mainB := r.commit("main", map[string]string{"records/schools/b/school.md": "b2", "README.md": "y"})
	r.commit("merge", map[string]string{"records/schools/a/school.md": "a3", "records/body.md": "b2"}, mainB, branch)
	r.commit("delete", map[string]string{"records/schools/b/school.md": ""})

	rp, err := history.Open(filepath.Join(r.Dir, "records"))
	if err != nil {
		t.Fatal(err)
	}
	if rp.Prefix != "records" {
		t.Fatalf("Prefix = %q", rp.Prefix)
	}
	h, err := rp.Walk(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Walked != 6 || len(h.Commits) != 6 {
		t.Errorf("walked %d of %d commits, want 6", h.Walked, len(h.Commits))
	}
	want := map[string][]string{
		"body.md":             {"one", "merge"},
		"schools/a/school.md": {"one", "two", "branch"},
		"schools/b/school.md": {"two", "main", "delete"},
	}
	equal(t, "full walk", subjects(h), want)
	merge := h.Files["body.md"][1]
	if len(merge.Before) != 2 || merge.Before[0] != merge.Before[1] || merge.Before[0].IsZero() {
		t.Errorf("the merge's body.md: Before = %v, want the same blob from both parents", merge.Before)
	}
	if last := h.Files["schools/b/school.md"][2]; !last.Deleted() {
		t.Error("the delete is not a deletion")
	}
	for _, chs := range h.Files {
		for i := 1; i < len(chs); i++ {
			if chs[i-1].Commit.Seq >= chs[i].Commit.Seq {
				t.Errorf("versions out of order: %s before %s", chs[i-1].Commit.Subject, chs[i].Commit.Subject)
			}
		}
	}

	only, err := rp.Walk(history.Options{Only: "schools/a/school.md"})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "Only", subjects(only), map[string][]string{"schools/a/school.md": {"one", "two", "branch"}})

	since, err := rp.Walk(history.Options{Since: mainB})
	if err != nil {
		t.Fatal(err)
	}
	// After main's own commit: the branch, the merge and the delete.
	if since.Walked != 3 {
		t.Errorf("--since walked %d commits, want 3", since.Walked)
	}
	equal(t, "Since", subjects(since), map[string][]string{
		"body.md":             {"merge"},
		"schools/a/school.md": {"branch"},
		"schools/b/school.md": {"delete"},
	})

	// A walk that starts from an earlier walk's history (the cache) reads
	// only the new commit and finds the same versions.
	r.commit("three", map[string]string{"records/body.md": "b3"})
	again, err := rp.Walk(history.Options{Known: h})
	if err != nil {
		t.Fatal(err)
	}
	if again.Walked != 1 {
		t.Errorf("with Known, walked %d commits, want 1", again.Walked)
	}
	want["body.md"] = append(want["body.md"], "three")
	equal(t, "Known", subjects(again), want)
}

// TestOpenOutsideGit: a folder outside any repository says so.
func TestOpenOutsideGit(t *testing.T) {
	if _, err := history.Open(t.TempDir()); err != history.ErrNotRepository {
		t.Fatalf("Open = %v, want ErrNotRepository", err)
	}
}
