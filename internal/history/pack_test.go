package history_test

import (
	"crypto/sha1"
	"errors"
	"fmt"
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
	"github.com/ectdocs/ectdocs/internal/history"
)

// person is someone committing at a time.
func person(p fixture.Person, at time.Time) history.Person {
	return history.Person{Name: p.Name, Email: p.Email, When: at}
}

// blobHash is a blob's hash as Git computes it.
func blobHash(content string) history.Hash {
	var h history.Hash
	sum := sha1.Sum([]byte("blob " + strconv.Itoa(len(content)) + "\x00" + content))
	copy(h[:], sum[:])
	return h
}

// report is a long text, version v of it: each version changes one
// line in the middle, so that it is stored as a delta of the last.
func report(v int) string {
	var b strings.Builder
	for i := range 80 {
		if i == 40 {
			fmt.Fprintf(&b, "version %d\n", v)
		}
		fmt.Fprintf(&b, "line %d of a report that is long enough to be stored as a delta\n", i)
	}
	return b.String()
}

// written is what a test wrote with a PackWriter, to compare with what is
// read back.
type written struct {
	dir      string
	main     history.Hash
	topic    history.Hash // an unmerged branch
	files    map[string]string
	commits  []writtenCommit // every commit, in the order made
	mainTree history.Hash    // the tree of main's last commit
}

type writtenCommit struct {
	hash    history.Hash
	parents []history.Hash
	who     history.Person
	subject string
}

// writeRepo writes a repository with a PackWriter: a first commit of
// files in folders whose names sort the way only Git sorts them, then 60
// versions of one report (more than the deltas' depth), a file as big
// as a pack's copy instructions need several, a branch merged back, and
// a branch left open.
func writeRepo(t *testing.T) written {
	t.Helper()
	dir := t.TempDir()
	w, err := history.NewPackWriter(dir, "A test repository.")
	if err != nil {
		t.Fatal(err)
	}
	wr := written{dir: dir, files: map[string]string{}}
	main := w.NewTree()
	at := fixture.At("2025-09-01 09:00")
	zone := at.Location() // England's clocks; the open branch's commit is made in Newfoundland
	commit := func(tree *history.Tree, p fixture.Person, msg string, parents ...history.Hash) history.Hash {
		t.Helper()
		at = at.Add(7 * time.Hour)
		who := person(p, at.In(zone))
		h, err := tree.Commit(parents, who, who, msg)
		if err != nil {
			t.Fatal(err)
		}
		wr.commits = append(wr.commits, writtenCommit{h, parents, who, msg})
		return h
	}
	write := func(tree *history.Tree, path, text string) *history.Blob {
		t.Helper()
		b, err := tree.WriteFile(path, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if b.Hash() != blobHash(text) || string(b.Bytes()) != text {
			t.Fatalf("%s: blob %s, want %s", path, b.Hash(), blobHash(text))
		}
		if tree == main {
			wr.files[path] = text
		}
		return b
	}
	first := map[string]string{
		"records/body.md":       "body\n",
		"records/a.md":          "a file named a.md\n",
		"records/a/b.md":        "a file in the folder a\n",
		"records/a-b.md":        "a-b.md sorts before a.md and a/\n",
		"records/a0":            "a0 sorts after a/\n",
		"records/copy.md":       "body\n", // the same contents as body.md: one blob
		"records/z/y/x/deep.md": "three folders down\n",
		"README":                "outside the records\n",
	}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range first {
			if !yield(p) {
				return
			}
		}
	}) {
		write(main, p, first[p])
	}
	wr.main = commit(main, fixture.ABAdmin, "Set up the records")
	for v := range 60 {
		write(main, "records/z/report.md", report(v))
		wr.main = commit(main, fixture.Tutor, fmt.Sprintf("Version %d of the report", v), wr.main)
	}
	// Over 16 MiB, a copy takes two instructions; 300 bytes inserted
	// take three.
	big := strings.Repeat("0123456789abcdef", 1<<24/16+3)
	write(main, "records/big.txt", big)
	write(main, "records/big.txt", big[:len(big)-100]+strings.Repeat("x", 300)+big[len(big)-100:])
	wr.main = commit(main, fixture.Mentor, "A big file", wr.main)

	// A branch: the ECT signs on it, main moves on, the tutor merges.
	branch := main.Fork()
	at0 := wr.main
	signed := write(branch, "records/a/b.md", "a file in the folder a\nsigned by the ECT\n")
	br := commit(branch, fixture.ECT, "Sign on a branch", at0)
	write(main, "records/a.md", "a file named a.md, changed on main\n")
	wr.main = commit(main, fixture.Tutor, "Change main meanwhile", wr.main)
	if got := main.File("records/a/b.md"); got == nil || got.Hash() != blobHash(first["records/a/b.md"]) {
		t.Fatalf("the branch's change shows on main: %v", got)
	}
	if err := main.Set("records/a/b.md", signed); err != nil {
		t.Fatal(err)
	}
	wr.files["records/a/b.md"] = string(signed.Bytes())
	wr.main = commit(main, fixture.Tutor, "Merge branch 'sign'", wr.main, br)

	// A branch left open.
	open := main.Fork()
	write(open, "records/open.md", "only on the open branch\n")
	zone = time.FixedZone("NST", -(3*60+30)*60)
	wr.topic = commit(open, fixture.Headteacher, "Work in progress", wr.main)
	if main.File("records/open.md") != nil {
		t.Fatal("the open branch's file shows on main")
	}
	wr.mainTree = main.Hash()

	st, err := w.Finish("main", map[string]history.Hash{"main": wr.main, "topic": wr.topic})
	if err != nil {
		t.Fatal(err)
	}
	if st.Objects == 0 || st.Bytes == 0 {
		t.Errorf("Finish: %+v", st)
	}
	n, err := w.Checkout(main)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(wr.files) {
		t.Errorf("checked out %d files, want %d", n, len(wr.files))
	}
	return wr
}

// TestPackWriterRead writes a repository and reads it back with Open:
// HEAD, the files at HEAD, and every commit of main's history with the
// versions of each file.
func TestPackWriterRead(t *testing.T) {
	wr := writeRepo(t)
	repo, err := history.Open(filepath.Join(wr.dir, "records"))
	if err != nil {
		t.Fatal(err)
	}
	head, ok, err := repo.Head()
	if err != nil || !ok || head != wr.main {
		t.Fatalf("HEAD is %s (%v, %v), want %s", head, ok, err, wr.main)
	}
	if h, err := repo.Resolve("topic"); err != nil || h != wr.topic {
		t.Errorf("topic is %s (%v), want %s", h, err, wr.topic)
	}
	files, err := repo.Files(head)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for p, text := range wr.files {
		rel, ok := strings.CutPrefix(p, "records/")
		if !ok {
			continue
		}
		want++
		if files[rel] != blobHash(text) {
			t.Errorf("%s at HEAD: %s, want %s", rel, files[rel], blobHash(text))
			continue
		}
		got, err := repo.Blob(rel, files[rel])
		if err != nil || string(got) != text {
			t.Errorf("%s at HEAD reads %.40q (%v), want %.40q", rel, got, err, text)
		}
	}
	if len(files) != want {
		t.Errorf("%d files at HEAD, want %d: %v", len(files), want, files)
	}
	hist, err := repo.Walk(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range wr.commits {
		got := hist.Commits[c.hash]
		if c.hash == wr.topic {
			if got != nil {
				t.Errorf("the open branch's commit is in main's history")
			}
			continue
		}
		if got == nil {
			t.Errorf("commit %q (%s) is not in main's history", c.subject, c.hash)
			continue
		}
		if !slices.Equal(got.Parents, c.parents) || got.Subject != c.subject ||
			got.Author.String() != c.who.String() || got.Committer.String() != c.who.String() ||
			!got.Author.When.Equal(c.who.When) || got.Author.When.Format("-0700") != c.who.When.Format("-0700") {
			t.Errorf("commit %s reads as %+v, want %+v", c.hash, got, c)
		}
	}
	if len(hist.Commits) != len(wr.commits)-1 {
		t.Errorf("%d commits in main's history, want %d", len(hist.Commits), len(wr.commits)-1)
	}
	versions := map[string]int{"z/report.md": 60, "a/b.md": 2, "a.md": 2, "big.txt": 1, "body.md": 1}
	for p, n := range versions {
		if len(hist.Files[p]) != n {
			t.Errorf("%s has %d versions, want %d", p, len(hist.Files[p]), n)
		}
	}
}

// TestPackWriterGit checks the repository with Git itself: fsck, the
// tree of each commit as git write-tree makes it from the same files, the
// log, the objects' contents and the pack's delta chains.
func TestPackWriterGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	wr := writeRepo(t)
	fixture.Git(t, wr.dir, "fsck", "--strict", "--no-dangling", "--full")
	if got := fixture.Git(t, wr.dir, "status", "--porcelain"); got != "" {
		t.Errorf("git status after Checkout:\n%s", got)
	}
	if got := fixture.Git(t, wr.dir, "symbolic-ref", "HEAD"); got != "refs/heads/main\n" {
		t.Errorf("HEAD is %q", got)
	}
	if got := fixture.Git(t, wr.dir, "rev-parse", "main", "topic"); got != wr.main.String()+"\n"+wr.topic.String()+"\n" {
		t.Errorf("main and topic are\n%s", got)
	}
	// The same files committed by Git give the same tree.
	other := t.TempDir()
	fixture.Git(t, other, "-c", "init.defaultBranch=main", "init", "-q")
	for p, text := range wr.files {
		fixture.WriteFile(t, other, p, text)
	}
	fixture.Git(t, other, "add", "-A")
	if got := strings.TrimSpace(fixture.Git(t, other, "write-tree")); got != wr.mainTree.String() {
		t.Errorf("Git makes the tree %s of the same files, the writer %s", got, wr.mainTree)
	}
	if got := strings.TrimSpace(fixture.Git(t, wr.dir, "rev-parse", "HEAD^{tree}")); got != wr.mainTree.String() {
		t.Errorf("HEAD's tree is %s, want %s", got, wr.mainTree)
	}
	// Every commit, as git log shows it.
	var want []string
	for _, c := range slices.Backward(wr.commits) {
		ps := make([]string, len(c.parents))
		for k, p := range c.parents {
			ps[k] = p.String()
		}
		id := fmt.Sprintf("%s <%s> %s", c.who.Name, c.who.Email, c.who.When.Format("2006-01-02 15:04:05 -0700"))
		want = append(want, fmt.Sprintf("%s [%s] %s | %s | %s", c.hash, strings.Join(ps, " "), id, id, c.subject))
	}
	got := strings.Split(strings.TrimSpace(fixture.Git(t, wr.dir, "log", "--all", "--date-order", "--format=%H [%P] %an <%ae> %ai | %cn <%ce> %ci | %B")), "\n")
	got = slices.DeleteFunc(got, func(s string) bool { return s == "" })
	if !slices.Equal(got, want) {
		t.Errorf("git log --all:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for p, text := range wr.files {
		if got := fixture.Git(t, wr.dir, "cat-file", "blob", "HEAD:"+p); got != text {
			t.Errorf("git cat-file HEAD:%s gives %.40q, want %.40q", p, got, text)
		}
		if got := fixture.Git(t, wr.dir, "cat-file", "-t", blobHash(text).String()); got != "blob\n" {
			t.Errorf("git cat-file -t %s: %q", p, got)
		}
	}
	// Deltas are used, and no chain is longer than git's default depth.
	packs, err := filepath.Glob(filepath.Join(wr.dir, ".git", "objects", "pack", "pack-*.idx"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs: %v %v", packs, err)
	}
	chains := regexp.MustCompile(`(?m)^chain length = (\d+): (\d+) objects?$`).FindAllStringSubmatch(fixture.Git(t, wr.dir, "verify-pack", "-s", packs[0]), -1)
	longest := 0
	for _, m := range chains {
		n, _ := strconv.Atoi(m[1])
		longest = max(longest, n)
	}
	if longest < 50 || longest > 50 {
		t.Errorf("the longest delta chain is %d, want 50 (60 versions of a report, at most git's pack.depth)", longest)
	}
}

// TestPackWriterEmptyCommit commits an empty tree: Git's empty tree is
// stored, not a tree of zero hash.
func TestPackWriterEmptyCommit(t *testing.T) {
	dir := t.TempDir()
	w, err := history.NewPackWriter(dir, "empty")
	if err != nil {
		t.Fatal(err)
	}
	tree := w.NewTree()
	who := person(fixture.ABAdmin, fixture.At("2025-07-01 09:00"))
	h, err := tree.Commit(nil, who, who, "Nothing yet\n")
	if err != nil {
		t.Fatal(err)
	}
	if tree.Hash().String() != "4b825dc642cb6eb9a060e54bf8d69288fbee4904" {
		t.Errorf("the empty tree is %s", tree.Hash())
	}
	if _, err := w.Finish("main", map[string]history.Hash{"main": h}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Checkout(tree); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("git"); err == nil {
		fixture.Git(t, dir, "fsck", "--strict", "--no-dangling")
		if got := fixture.Git(t, dir, "log", "--format=%B"); got != "Nothing yet\n\n" {
			t.Errorf("the message is %q: one newline at its end", got)
		}
	}
}

// TestPackWriterRefuses gives the writer what it must refuse: each
// refusal is an error, and changes nothing.
func TestPackWriterRefuses(t *testing.T) {
	dir := t.TempDir()
	fixture.WriteFile(t, dir, "mine.txt", "mine")
	if _, err := history.NewPackWriter(dir, ""); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("NewPackWriter into a folder with a file: %v", err)
	}
	if got := fixture.ReadFile(t, dir, "mine.txt"); got != "mine" {
		t.Errorf("mine.txt is now %q", got)
	}

	w, err := history.NewPackWriter(filepath.Join(dir, "repo"), "")
	if err != nil {
		t.Fatal(err)
	}
	tree := w.NewTree()
	if _, err := tree.WriteFile("records/a.md", []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := tree.WriteFile("records/f/b.md", []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	before := tree.Hash()
	for _, path := range []string{"", "/a", "a/", "records//a", "records/../a", "./a", ".git/config", "records/.GIT/x", "a\x00b",
		"records/a.md/b", // through a file
		"records/f",      // onto a folder
	} {
		if _, err := tree.WriteFile(path, []byte("x\n")); err == nil {
			t.Errorf("WriteFile(%q): no error", path)
		}
		if err := tree.Set(path, tree.File("records/a.md")); err == nil {
			t.Errorf("Set(%q): no error", path)
		}
		if tree.File(path) != nil {
			t.Errorf("File(%q) is not nil", path)
		}
	}
	if err := tree.Set("records/c.md", nil); err == nil {
		t.Errorf("Set of no blob: no error")
	}
	if tree.Hash() != before {
		t.Errorf("refused paths changed the tree")
	}
	at := fixture.At("2025-09-01 10:00")
	for _, who := range []history.Person{
		{Name: "", Email: "x@example.org", When: at},
		{Name: "Eve <eve@example.org>", Email: "x@example.org", When: at},
		{Name: "Eve", Email: "eve@example.org>\ncommitter Mallory <m@example.org", When: at},
	} {
		if _, err := tree.Commit(nil, who, who, "msg"); err == nil {
			t.Errorf("Commit by %q <%s>: no error", who.Name, who.Email)
		}
	}
	good := person(fixture.ECT, at)
	h, err := tree.Commit(nil, good, good, "msg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Finish("a/b", map[string]history.Hash{"main": h}); err == nil {
		t.Errorf("Finish with HEAD on a/b: no error")
	}
	if _, err := tree.Commit(nil, good, good, "msg"); err == nil {
		t.Errorf("Commit after Finish: no error")
	}
	if _, err := w.Finish("main", map[string]history.Hash{"main": h}); err == nil {
		t.Errorf("Finish twice: no error")
	}
	if leftovers := packFiles(t, filepath.Join(dir, "repo")); len(leftovers) > 0 {
		t.Errorf("a refused Finish left %v", leftovers)
	}
}

// TestPackWriterBranchNames checks each branch name Finish refuses.
func TestPackWriterBranchNames(t *testing.T) {
	for _, name := range []string{"", "a/b", "-x", ".x", "x.lock", "x.", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[", `a\b`, "HEAD@{1}", "@", "a\tb"} {
		t.Run(fmt.Sprintf("%q", name), func(t *testing.T) {
			dir := t.TempDir()
			w, err := history.NewPackWriter(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Finish("main", map[string]history.Hash{name: {1}}); err == nil {
				t.Errorf("Finish with a branch %q: no error", name)
			}
			if leftovers := packFiles(t, dir); len(leftovers) > 0 {
				t.Errorf("a refused Finish left %v", leftovers)
			}
			if _, err := os.Stat(filepath.Join(dir, ".git", "HEAD")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a refused Finish wrote HEAD: %v", err)
			}
		})
	}
}

// TestPackWriterAbort leaves no pack behind.
func TestPackWriterAbort(t *testing.T) {
	dir := t.TempDir()
	w, err := history.NewPackWriter(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	tree := w.NewTree()
	for k := range 3000 { // more than one batch
		if _, err := tree.WriteFile(fmt.Sprintf("f/%d.md", k), []byte(report(k))); err != nil {
			t.Fatal(err)
		}
	}
	w.Abort()
	if leftovers := packFiles(t, dir); len(leftovers) > 0 {
		t.Errorf("Abort left %v", leftovers)
	}
	who := person(fixture.ECT, fixture.At("2025-09-01 10:00"))
	if _, err := tree.Commit(nil, who, who, "msg"); err == nil {
		t.Errorf("Commit after Abort: no error")
	}
}

// TestCheckoutNeverOverwrites: a file already where Checkout would write
// is an error, and is left as it was.
func TestCheckoutNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	w, err := history.NewPackWriter(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	tree := w.NewTree()
	if _, err := tree.WriteFile("notes.md", []byte("from the repository\n")); err != nil {
		t.Fatal(err)
	}
	who := person(fixture.ECT, fixture.At("2025-09-01 10:00"))
	h, err := tree.Commit(nil, who, who, "msg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Finish("main", map[string]history.Hash{"main": h}); err != nil {
		t.Fatal(err)
	}
	fixture.WriteFile(t, dir, "notes.md", "mine\n")
	if _, err := w.Checkout(tree); err == nil {
		t.Errorf("Checkout over a file: no error")
	}
	if got := fixture.ReadFile(t, dir, "notes.md"); got != "mine\n" {
		t.Errorf("notes.md is now %q", got)
	}
}

// packFiles lists the files in a repository's objects/pack.
func packFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, ".git", "objects", "pack"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
