package demo_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestWriteUnchanged pins the files Write writes (one school year, no
// history), which other tests and benchmarks rely on: the text shared with
// WriteHistory must not change them by accident.
func TestWriteUnchanged(t *testing.T) {
	dir := t.TempDir()
	n, err := demo.Write(dir, 13)
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	if len(files) != n || n != 83 {
		t.Fatalf("Write wrote %d files, %d on disk; want 83", n, len(files))
	}
	if got, want := digest(files), "a0a8c2f6fa5d0a0721dec0ef43ece0b7cfac5d4a20c2f83e99e2959950b7568b"; got != want {
		t.Errorf("the files of Write(13) have changed: digest %s, want %s", got, want)
	}
}

func TestWriteHistory(t *testing.T) {
	for _, n := range []int{3, 12} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			st, err := demo.WriteHistory(dir, n, demo.HistoryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%+v", st)
			repo := checkRepo(t, dir, st)
			if st.Merges == 0 || st.Branches != 0 {
				t.Errorf("%d merges, %d branches left: want some merges and every branch merged", st.Merges, st.Branches)
			}
			checkAuthors(t, dir, repo)
			checkValid(t, dir)
			if n == 12 {
				// Returned reports are reopened, revised and signed again.
				log := gitOut(t, dir, "log", "--format=%ae %s")
				if !strings.Contains(log, "reviewer@synthetic-tsh.example Return ") || !strings.Contains(log, "Revise the summary of") {
					t.Errorf("no report was returned by the AB and revised:\n%s", log)
				}
			}
		})
	}
}

// TestWriteHistoryUntil stops the timeline half way through a term's
// reports: some are drafts, some half signed, one branch not yet merged.
func TestWriteHistoryUntil(t *testing.T) {
	dir := t.TempDir()
	st, err := demo.WriteHistory(dir, 12, demo.HistoryOptions{Until: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	repo := checkRepo(t, dir, st)
	checkAuthors(t, dir, repo)
	checkValid(t, dir)
	if st.Branches == 0 {
		t.Errorf("no branch left open on 20 March 2026")
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if last := c.Author.When.Format(time.DateOnly); last != "2026-03-20" {
		t.Errorf("the last commit is dated %s, want 2026-03-20", last)
	}
	review, err := os.ReadFile(filepath.Join(dir, "records/schools/800001-alderbrook-primary-school/ects/8000002/reports/2025-26-spring-progress-review.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(review, []byte("released:")) || bytes.Contains(review, []byte("ab_review")) {
		t.Errorf("on 20 March the spring review should be released and not reviewed yet:\n%s", review)
	}
}

func TestWriteHistoryDeterministic(t *testing.T) {
	var heads []string
	for range 2 {
		st, err := demo.WriteHistory(t.TempDir(), 12, demo.HistoryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		heads = append(heads, st.Head)
	}
	if heads[0] != heads[1] {
		t.Errorf("two runs gave HEAD %s and %s", heads[0], heads[1])
	}
}

func TestWriteHistoryRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.WriteHistory(dir, 3, demo.HistoryOptions{}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("WriteHistory into a folder with a file in it: %v, want an error", err)
	}
	if _, err := demo.WriteHistory(filepath.Join(dir, "new"), 0, demo.HistoryOptions{}); err == nil {
		t.Errorf("WriteHistory of 0 ECTs: no error")
	}
	early := demo.HistoryOptions{Until: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}
	if _, err := demo.WriteHistory(filepath.Join(dir, "new"), 3, early); err == nil || !strings.Contains(err.Error(), "starts on 2025-07-01") {
		t.Errorf("WriteHistory until before the first commit: %v, want an error", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused WriteHistory left %s behind: %v", filepath.Join(dir, "new"), err)
	}
}

// BenchmarkWriteHistory writes the history of 200 ECTs (about 9,000
// commits) and reports commits/s.
func BenchmarkWriteHistory(b *testing.B) {
	commits := 0
	for b.Loop() {
		st, err := demo.WriteHistory(b.TempDir(), 200, demo.HistoryOptions{})
		if err != nil {
			b.Fatal(err)
		}
		commits += st.Commits
	}
	b.ReportMetric(float64(commits)/b.Elapsed().Seconds(), "commits/s")
}

// checkRepo checks the repository as Git and go-git see it: HEAD on main,
// the worktree's records/ the same as HEAD's tree, fsck and log content.
func checkRepo(t *testing.T, dir string, st demo.HistoryStats) *git.Repository {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	if head.Name() != plumbing.Main || head.Hash().String() != st.Head {
		t.Fatalf("HEAD is %s at %s, want main at %s", head.Name(), head.Hash(), st.Head)
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	err = tree.Files().ForEach(func(f *object.File) error {
		text, err := f.Contents()
		want[f.Name] = text
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dir)
	delete(got, ".git")
	if len(got) != len(want) || len(got) != st.Files {
		t.Errorf("%d files in the worktree, %d in HEAD's tree, stats say %d", len(got), len(want), st.Files)
	}
	for name, text := range want {
		if !strings.HasPrefix(name, "records/") {
			t.Errorf("%s is not under records/", name)
		}
		if got[name] != text {
			t.Errorf("%s differs between the worktree and HEAD", name)
		}
	}
	// The first-parent history is in date order and counts every commit.
	onMain := map[plumbing.Hash]bool{}
	merges := 0
	last := time.Time{}
	err = object.NewCommitPreorderIter(c, nil, nil).ForEach(func(c *object.Commit) error {
		onMain[c.Hash] = true
		if c.NumParents() == 2 {
			merges++
		}
		if c.NumParents() > 2 || c.Author != c.Committer {
			t.Errorf("commit %s: %d parents, author %v, committer %v", c.Hash, c.NumParents(), c.Author, c.Committer)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for c := c; ; {
		if !last.IsZero() && c.Author.When.After(last) {
			t.Fatalf("commit %s (%s) comes after a commit dated %s", c.Hash, c.Author.When, last)
		}
		last = c.Author.When
		if c.NumParents() == 0 {
			break
		}
		if c, err = c.Parent(0); err != nil {
			t.Fatal(err)
		}
	}
	if commits := len(onMain) + branchOnly(t, repo, onMain); commits != st.Commits || merges != st.Merges {
		t.Errorf("%d commits (%d merges on main); stats say %d (%d)", commits, merges, st.Commits, st.Merges)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("git is not installed: fsck, log and status not checked")
		return repo
	}
	gitOut(t, dir, "fsck", "--strict", "--no-dangling")
	if log := gitOut(t, dir, "log", "--raw", "--all"); strings.Count(log, "\ncommit ")+1 != st.Commits {
		t.Errorf("git log --all shows %d commits, want %d", strings.Count(log, "\ncommit ")+1, st.Commits)
	}
	if status := gitOut(t, dir, "status", "--porcelain"); status != "" {
		t.Errorf("git status:\n%s", status)
	}
	if branch := gitOut(t, dir, "symbolic-ref", "HEAD"); branch != "refs/heads/main\n" {
		t.Errorf("HEAD is %q", branch)
	}
	return repo
}

// branchOnly counts the commits on branches other than main that main does
// not reach.
func branchOnly(t *testing.T, repo *git.Repository, onMain map[plumbing.Hash]bool) int {
	t.Helper()
	refs, err := repo.Branches()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = refs.ForEach(func(r *plumbing.Reference) error {
		if r.Name() == plumbing.Main {
			return nil
		}
		c, err := repo.CommitObject(r.Hash())
		for err == nil && !onMain[c.Hash] {
			n++
			c, err = c.Parent(0)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var (
	personLine = regexp.MustCompile(`\{id: ([a-z0-9-]+), name: [^,]+, roles: \[[^\]]*\],(?: qts: true,)? emails: \[([^\]]+)\]\}`)
	ectEmails  = regexp.MustCompile(`(?m)^emails: \[([^\]]+)\]$`)
	sigLine    = regexp.MustCompile(`^  - \{role: (ect|tutor|headteacher), by: "?([a-z0-9-]+)"?, on: "[0-9-]+"\}$`)
	reviewLine = regexp.MustCompile(`^ab_review: \{by: ([a-z0-9-]+),`)
)

// checkAuthors walks the whole history and checks that every line that
// adds a signature or the AB's review (a line in a commit's version of a
// report that none of its parents' versions has) is in a commit authored
// by that person, with an e-mail address the records give them.
func checkAuthors(t *testing.T, dir string, repo *git.Repository) {
	t.Helper()
	files := readTree(t, filepath.Join(dir, "records"))
	emails := map[string]string{} // "<school>/<id>", "ab/<id>" or "ect/<TRN>" → e-mail
	for name, text := range files {
		switch {
		case name == "body.md":
			for _, m := range personLine.FindAllStringSubmatch(text, -1) {
				emails["ab/"+m[1]] = m[2]
			}
		case strings.HasSuffix(name, "/school.md"):
			for _, m := range personLine.FindAllStringSubmatch(text, -1) {
				emails[strings.TrimSuffix(name, "/school.md")+"/"+m[1]] = m[2]
			}
		case strings.HasSuffix(name, "/ect.md"):
			m := ectEmails.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("%s has no emails", name)
			}
			emails["ect/"+filepath.Base(filepath.Dir(name))] = m[1]
		}
	}
	refs, err := repo.References()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[plumbing.Hash]bool{}
	added := map[string]int{}
	err = refs.ForEach(func(r *plumbing.Reference) error {
		if r.Type() != plumbing.HashReference {
			return nil
		}
		c, err := repo.CommitObject(r.Hash())
		if err != nil {
			return err
		}
		return object.NewCommitPreorderIter(c, seen, nil).ForEach(func(c *object.Commit) error {
			seen[c.Hash] = true
			for path, lines := range addedLines(t, c) {
				if !strings.Contains(path, "/reports/") {
					continue
				}
				school := strings.TrimPrefix(path[:strings.Index(path, "/ects/")], "records/")
				for _, line := range lines {
					var key string
					if m := sigLine.FindStringSubmatch(line); m != nil && m[1] == "ect" {
						key = "ect/" + m[2]
						if !strings.Contains(path, "/ects/"+m[2]+"/") {
							t.Errorf("%s: %s signs another ECT's report", path, line)
						}
					} else if m != nil {
						key = school + "/" + m[2]
					} else if m := reviewLine.FindStringSubmatch(line); m != nil {
						key = "ab/" + m[1]
					} else {
						continue
					}
					added[strings.SplitN(key, "/", 2)[0]]++
					if want := emails[key]; want == "" || c.Author.Email != want || c.Committer.Email != want {
						t.Errorf("commit %s (%s <%s>) adds to %s\n\t%s\nbut that is %s's, e-mail %q", c.Hash, c.Author.Name, c.Author.Email, path, line, key, want)
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if added["ect"] == 0 || added["ab"] == 0 {
		t.Errorf("signatures added: %v; want some by ECTs and reviews by the AB", added)
	}
}

// addedLines returns, for each file a commit changes against its first
// parent, the lines of its version that no parent's version has.
func addedLines(t *testing.T, c *object.Commit) map[string][]string {
	t.Helper()
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	var parents []*object.Tree
	err = c.Parents().ForEach(func(p *object.Commit) error {
		pt, err := p.Tree()
		parents = append(parents, pt)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	from := &object.Tree{}
	if len(parents) > 0 {
		from = parents[0]
	}
	changes, err := object.DiffTree(from, tree)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, ch := range changes {
		name := ch.To.Name
		if name == "" {
			t.Errorf("commit %s deletes %s", c.Hash, ch.From.Name)
			continue
		}
		text := fileText(t, tree, name)
		old := map[string]bool{}
		for _, pt := range parents {
			for _, l := range strings.Split(fileText(t, pt, name), "\n") {
				old[l] = true
			}
		}
		for _, l := range strings.Split(text, "\n") {
			if !old[l] {
				out[name] = append(out[name], l)
			}
		}
	}
	return out
}

func fileText(t *testing.T, tree *object.Tree, name string) string {
	f, err := tree.File(name)
	if errors.Is(err, object.ErrFileNotFound) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	text, err := f.Contents()
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// checkValid runs ect validate on the records as they stand at the end.
func checkValid(t *testing.T, dir string) {
	t.Helper()
	var out, errw bytes.Buffer
	if err := cli.Run([]string{"validate", filepath.Join(dir, "records")}, &out, &errw, fixture.Clock()); err != nil {
		t.Errorf("ect validate: %v\n%s%s", err, out.String(), errw.String())
	}
	t.Logf("ect validate: %s%s", out.String(), errw.String())
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// readTree reads every file below dir, by slash-separated path; a folder
// named .git counts as one entry.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == ".git" {
				files[rel] = ""
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func digest(files map[string]string) string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		io.WriteString(h, name+"\x00"+files[name]+"\x00")
	}
	return hex.EncodeToString(h.Sum(nil))
}
