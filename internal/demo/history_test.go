package demo_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"

	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/history"
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
			hist := checkRepo(t, dir, st)
			if st.Merges == 0 || st.Branches != 0 {
				t.Errorf("%d merges, %d branches left: want some merges and every branch merged", st.Merges, st.Branches)
			}
			checkAuthors(t, dir, hist)
			checkValid(t, dir)
			if n == 12 {
				// Returned reports are reopened, revised and signed again.
				log := fixture.Git(t, dir, "log", "--format=%ae %s")
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
	hist := checkRepo(t, dir, st)
	checkAuthors(t, dir, hist)
	checkValid(t, dir)
	if st.Branches == 0 {
		t.Errorf("no branch left open on 20 March 2026")
	}
	if last := hist.Commits[hist.Head].Author.When.Format(time.DateOnly); last != "2026-03-20" {
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

// checkRepo checks the repository as Git and the history package see it:
// HEAD on main, the worktree's records/ the same as HEAD's tree, fsck and
// log content. It returns the history of main.
func checkRepo(t *testing.T, dir string, st demo.HistoryStats) *history.History {
	t.Helper()
	repo, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, ok, err := repo.Head()
	if err != nil || !ok {
		t.Fatalf("HEAD: %v (%v)", err, ok)
	}
	if main, err := repo.Resolve("main"); err != nil || head != main || head.String() != st.Head {
		t.Fatalf("HEAD is %s, main %s (%v), want both at %s", head, main, err, st.Head)
	}
	files, err := repo.Files(head)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for name, blob := range files {
		text, err := repo.Blob(name, blob)
		if err != nil {
			t.Fatal(err)
		}
		want[name] = string(text)
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
	hist, err := repo.Walk(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	merges := 0
	for _, c := range hist.Commits {
		if len(c.Parents) == 2 {
			merges++
		}
		if len(c.Parents) > 2 || c.Author.String() != c.Committer.String() || !c.Author.When.Equal(c.Committer.When) {
			t.Errorf("commit %s: %d parents, author %v, committer %v", c.Hash, len(c.Parents), c.Author, c.Committer)
		}
	}
	// The first-parent history is in date order.
	last := time.Time{}
	for c := hist.Commits[head]; ; c = hist.Commits[c.Parents[0]] {
		if !last.IsZero() && c.Author.When.After(last) {
			t.Fatalf("commit %s (%s) comes after a commit dated %s", c.Hash, c.Author.When, last)
		}
		last = c.Author.When
		if len(c.Parents) == 0 {
			break
		}
	}
	if merges != st.Merges {
		t.Errorf("%d merges on main; stats say %d", merges, st.Merges)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("git is not installed: fsck, log, status and branches not checked")
		if st.Branches == 0 && len(hist.Commits) != st.Commits {
			t.Errorf("%d commits on main, no other branch; stats say %d", len(hist.Commits), st.Commits)
		}
		return hist
	}
	// Every commit is on main or on a branch left open.
	branchOnly, err := strconv.Atoi(strings.TrimSpace(fixture.Git(t, dir, "rev-list", "--count", "--branches", "--not", "main")))
	if err != nil {
		t.Fatal(err)
	}
	if commits := len(hist.Commits) + branchOnly; commits != st.Commits {
		t.Errorf("%d commits (%d on main, %d only on branches); stats say %d", commits, len(hist.Commits), branchOnly, st.Commits)
	}
	if branches := strings.Count(fixture.Git(t, dir, "branch", "--list"), "\n") - 1; branches != st.Branches {
		t.Errorf("%d branches besides main; stats say %d", branches, st.Branches)
	}
	fixture.Git(t, dir, "fsck", "--strict", "--no-dangling")
	if log := fixture.Git(t, dir, "log", "--raw", "--all"); strings.Count(log, "\ncommit ")+1 != st.Commits {
		t.Errorf("git log --all shows %d commits, want %d", strings.Count(log, "\ncommit ")+1, st.Commits)
	}
	if status := fixture.Git(t, dir, "status", "--porcelain"); status != "" {
		t.Errorf("git status:\n%s", status)
	}
	if branch := fixture.Git(t, dir, "symbolic-ref", "HEAD"); branch != "refs/heads/main\n" {
		t.Errorf("HEAD is %q", branch)
	}
	return hist
}

var (
	personLine = regexp.MustCompile(`\{id: ([a-z0-9-]+), name: [^,]+, roles: \[[^\]]*\],(?: qts: true,)? emails: \[([^\]]+)\]\}`)
	ectEmails  = regexp.MustCompile(`(?m)^emails: \[([^\]]+)\]$`)
	sigLine    = regexp.MustCompile(`^  - \{role: (ect|tutor|headteacher), by: "?([a-z0-9-]+)"?, on: "[0-9-]+"\}$`)
	reviewLine = regexp.MustCompile(`^ab_review: \{by: ([a-z0-9-]+),`)
)

// checkAuthors checks every version of every report, on main (hist) and
// on the branches left open: each line that adds a signature or the AB's
// review (a line in a commit's version of a report that none of its
// parents' versions has) is in a commit authored by that person, with an
// e-mail address the records give them.
func checkAuthors(t *testing.T, dir string, hist *history.History) {
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
	added := map[string]int{}
	check := func(repo *history.Repo, hist *history.History) {
		for path, changes := range hist.Files {
			if !strings.Contains(path, "/reports/") {
				continue
			}
			school := strings.TrimPrefix(path[:strings.Index(path, "/ects/")], "records/")
			for _, ch := range changes {
				c := ch.Commit
				if ch.Deleted() {
					t.Errorf("commit %s deletes %s", c.Hash, path)
					continue
				}
				for _, line := range addedLines(t, repo, path, ch) {
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
						t.Errorf("commit %s (%s) adds to %s\n\t%s\nbut that is %s's, e-mail %q", c.Hash, c.Author, path, line, key, want)
					}
				}
			}
		}
	}
	repo, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	check(repo, hist)
	// A branch left open is read in a clone of its own, checked out on it.
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("git is not installed: the branches left open are not checked")
	} else {
		for _, name := range strings.Fields(fixture.Git(t, dir, "for-each-ref", "--format=%(refname:short)", "refs/heads")) {
			if name == "main" {
				continue
			}
			clone := filepath.Join(t.TempDir(), name)
			fixture.Git(t, dir, "clone", "--quiet", "--no-checkout", "--branch", name, ".", clone)
			repo, err := history.Open(clone)
			if err != nil {
				t.Fatal(err)
			}
			h, err := repo.Walk(history.Options{})
			if err != nil {
				t.Fatal(err)
			}
			check(repo, h)
		}
	}
	if added["ect"] == 0 || added["ab"] == 0 {
		t.Errorf("signatures added: %v; want some by ECTs and reviews by the AB", added)
	}
}

// addedLines returns the lines of a version of a file that none of its
// parents' versions has.
func addedLines(t *testing.T, repo *history.Repo, path string, ch *history.Change) []string {
	t.Helper()
	text, err := repo.Blob(path, ch.Blob)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]bool{}
	for _, before := range ch.Before {
		if before.IsZero() {
			continue
		}
		b, err := repo.Blob(path, before)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			old[l] = true
		}
	}
	var out []string
	for _, l := range strings.Split(string(text), "\n") {
		if !old[l] {
			out = append(out, l)
		}
	}
	return out
}

// checkValid runs ect validate on the records as they stand at the end.
func checkValid(t *testing.T, dir string) {
	t.Helper()
	var out, errw bytes.Buffer
	if err := cli.Run([]string{"validate", filepath.Join(dir, "records")}, &out, &errw, fixture.Clock(), nil); err != nil {
		t.Errorf("ect validate: %v\n%s%s", err, out.String(), errw.String())
	}
	t.Logf("ect validate: %s%s", out.String(), errw.String())
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
