package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// git runs git in dir and returns its output.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Pat Tester", "GIT_AUTHOR_EMAIL=pat@example.org",
		"GIT_COMMITTER_NAME=Pat Tester", "GIT_COMMITTER_EMAIL=pat@example.org")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// proven returns validate's output and the number of signatures it
// proves from Git.
func proven(t *testing.T, records string) (string, string) {
	t.Helper()
	out, _, err := run(t, "validate", records)
	m := regexp.MustCompile(`signatures: (\d+) proven from Git history`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("validate says no signature proven (%v):\n%s", err, out)
	}
	if err != nil {
		return out, m[1] + " (invalid)"
	}
	return out, m[1]
}

// TestErase erases an ECT of the demo, replayed into Git, and puts the
// new history in place of the old as the appropriate body would: after
// it, no object reachable from any ref holds the ECT's name, TRN or
// address; every other signature is still proven, from a check that
// remembers the old history (its cache); an erasure record that was
// changed, or committed by someone else, proves nothing, and any other
// rewrite is still reported.
func TestErase(t *testing.T) {
	dir := t.TempDir()
	if _, err := workspace.ReplayDemo(dir); err != nil {
		t.Fatal(err)
	}
	records := filepath.Join(dir, "records")
	before, n := proven(t, records)
	if n != "121" {
		t.Fatalf("the demo proves %s signatures, not 121:\n%s", n, before)
	}
	// What that check remembers of the old history (its cache), to check
	// again from it.
	cache, saved := filepath.Join(dir, ".git", "ectdocs"), filepath.Join(t.TempDir(), "ectdocs")
	if err := os.CopyFS(saved, os.DirFS(cache)); err != nil {
		t.Fatal(err)
	}
	remember := func() {
		t.Helper()
		if err := os.RemoveAll(cache); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(cache, os.DirFS(saved)); err != nil {
			t.Fatal(err)
		}
	}
	// Another record naming the ECT: refused, nothing written.
	other := filepath.Join(records, "schools", "990101-oakfield-primary", "ects", "9900102", "mentoring.md")
	src, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, append(src, "\nMet with Eleanor Thursby's mentor.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "commit", "-qam", "A note")
	out, _, err := run(t, "erase", "--ect", "9900101", "--by", "c-harcourt", "--reason", "request", records)
	if err == nil || !strings.Contains(err.Error(), "records/schools/990101-oakfield-primary/ects/9900102/mentoring.md (in some version): the name") {
		t.Fatalf("erase with the ECT named elsewhere: %v\n%s", err, out)
	}
	if branches := git(t, dir, "branch", "--list"); strings.Contains(branches, "erasure") {
		t.Fatalf("a refused erasure wrote a branch:\n%s", branches)
	}
	git(t, dir, "reset", "-q", "--hard", "HEAD~1")

	out, _, err = run(t, "erase", "--ect", "9900101", "--by", "c-harcourt", "--reason", "request", records)
	if err != nil {
		t.Fatalf("erase: %v\n%s", err, out)
	}
	if !strings.Contains(out, "wrote the branch erasure-2026-12-04") {
		t.Fatalf("erase says:\n%s", out)
	}
	// The appropriate body puts it in place of the old history, and the
	// old history goes.
	git(t, dir, "reset", "-q", "--hard", "erasure-2026-12-04")
	git(t, dir, "branch", "-q", "-D", "erasure-2026-12-04")
	git(t, dir, "reflog", "expire", "--expire=now", "--all")
	git(t, dir, "gc", "-q", "--prune=now")
	objects := git(t, dir, "rev-list", "--objects", "--all")
	var hashes []string
	for _, l := range strings.Split(strings.TrimSpace(objects), "\n") {
		hashes = append(hashes, strings.Fields(l)[0])
	}
	cat := exec.Command("git", "cat-file", "--batch")
	cat.Dir, cat.Stdin = dir, strings.NewReader(strings.Join(hashes, "\n")+"\n")
	all, err := cat.Output()
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) < 1000 {
		t.Fatalf("only %d objects left", len(hashes))
	}
	for _, word := range []string{"9900101", "eleanor", "thursby", "e.thursby"} {
		if bytes.Contains(bytes.ToLower(all), []byte(word)) {
			t.Errorf("an object reachable from a ref still holds %q", word)
		}
	}
	after, n := proven(t, records)
	if n != "111" || strings.Contains(after, "history-rewritten") {
		t.Fatalf("after the erasure, %s signatures proven, not 111 (121 less the ECT's 10):\n%s", n, after)
	}

	// A changed erasure record proves nothing: the rewrite is reported.
	rec, err := filepath.Glob(filepath.Join(records, ".erasures", "*.md"))
	if err != nil || len(rec) != 1 {
		t.Fatalf("erasure records: %v %v", rec, err)
	}
	good, err := os.ReadFile(rec[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rec[0], bytes.Replace(good, []byte("by: c-harcourt"), []byte("by: d-osei"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "commit", "-qam", "Change the erasure record")
	remember()
	tampered, _ := proven(t, records)
	if !strings.Contains(tampered, "it was changed after it was committed") || !strings.Contains(tampered, "history-rewritten") {
		t.Errorf("a changed erasure record is accepted:\n%s", tampered)
	}
	git(t, dir, "reset", "-q", "--hard", "HEAD~1")

	// Committed by someone else than the lead it names: the same.
	git(t, dir, "commit", "-q", "--amend", "--no-edit", "--reset-author")
	remember()
	other2, _ := proven(t, records)
	if !strings.Contains(other2, "not by the appropriate body's lead it names (c-harcourt)") || !strings.Contains(other2, "history-rewritten") {
		t.Errorf("an erasure record committed by someone else is accepted:\n%s", other2)
	}

	// Put right, then rewritten otherwise: reported.
	git(t, dir, "reset", "-q", "--hard", "HEAD@{1}")
	remember()
	if out, n := proven(t, records); n != "111" || strings.Contains(out, "history-rewritten") {
		t.Fatalf("the erasure, put back, proves %s:\n%s", n, out)
	}
	repo, err := history.Open(records)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := repo.Rewrite(history.Rewrite{Edit: func(c *history.NewCommit) { c.Message += "\nReworded.\n" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.SetBranch("reworded", nw.Head); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "reset", "-q", "--hard", "reworded")
	reworded, _ := proven(t, records)
	if !strings.Contains(reworded, "history-rewritten") {
		t.Errorf("a rewrite with no erasure record is not reported:\n%s", reworded)
	}
}
