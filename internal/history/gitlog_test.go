package history_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
)

// needGit skips a test where git is not on PATH.
func needGit(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git is not on PATH")
	}
}

// runGit runs git in dir with stdin, without the tester's settings,
// failing the test on error.
func runGit(tb testing.TB, dir string, stdin []byte, args ...string) string {
	tb.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		tb.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// stream is a history written as git fast-import reads it: any tree
// (file modes, symbolic links, submodules, any file name), any dates,
// messages and parents.
type stream struct {
	b     bytes.Buffer
	marks int
	clock int64
}

// op is one change of a commit: a file written (Mode 100644 unless
// given; for a submodule, 160000 and Content its commit's hash) or, with
// Mode "D", a file or folder deleted.
type op struct {
	Path, Mode, Content string
}

// cm is one commit: on Branch, after Parents (marks; none for a first
// commit), at When (an hour after the last commit when zero) in zone TZ.
type cm struct {
	Branch   string
	Parents  []string
	Message  string
	When     int64
	TZ       string
	Author   string
	Encoding string
	Ops      []op
}

// quote writes a path as fast-import reads a quoted one.
func quote(p string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// commit adds c and returns its mark.
func (s *stream) commit(c cm) string {
	s.marks++
	mark := fmt.Sprintf(":%d", s.marks)
	if c.Branch == "" {
		c.Branch = "main"
	}
	if len(c.Parents) == 0 {
		fmt.Fprintf(&s.b, "reset refs/heads/%s\n\n", c.Branch)
	}
	fmt.Fprintf(&s.b, "commit refs/heads/%s\nmark %s\n", c.Branch, mark)
	if c.When == 0 {
		s.clock += 3600
		c.When = s.clock
	}
	if c.TZ == "" {
		c.TZ = "+0100"
	}
	if c.Author == "" {
		c.Author = "Adam Admin <adam@testshire.example>"
	}
	fmt.Fprintf(&s.b, "author %s %d %s\ncommitter %s %d %s\n", c.Author, c.When, c.TZ, c.Author, c.When, c.TZ)
	if c.Encoding != "" {
		fmt.Fprintf(&s.b, "encoding %s\n", c.Encoding)
	}
	fmt.Fprintf(&s.b, "data %d\n%s\n", len(c.Message), c.Message)
	for i, p := range c.Parents {
		if i == 0 {
			fmt.Fprintf(&s.b, "from %s\n", p)
		} else {
			fmt.Fprintf(&s.b, "merge %s\n", p)
		}
	}
	for _, o := range c.Ops {
		switch o.Mode {
		case "D":
			fmt.Fprintf(&s.b, "D %s\n", quote(o.Path))
		case "160000":
			fmt.Fprintf(&s.b, "M 160000 %s %s\n", o.Content, quote(o.Path))
		default:
			mode := o.Mode
			if mode == "" {
				mode = "100644"
			}
			fmt.Fprintf(&s.b, "M %s inline %s\ndata %d\n%s\n", mode, quote(o.Path), len(o.Content), o.Content)
		}
	}
	s.b.WriteString("\n")
	return mark
}

// write makes a repository of the stream in a new folder, HEAD on main,
// and opens its records folder (prefix; "" for the root).
func (s *stream) write(tb testing.TB, prefix string) (dir string, r *history.Repo) {
	tb.Helper()
	dir = tb.TempDir()
	runGit(tb, dir, nil, "init", "--quiet", "--initial-branch=main")
	runGit(tb, dir, s.b.Bytes(), "fast-import", "--quiet", "--date-format=raw")
	return dir, open(tb, dir, prefix)
}

// open opens the records folder prefix of the repository in dir.
func open(tb testing.TB, dir, prefix string) *history.Repo {
	tb.Helper()
	records := filepath.Join(dir, filepath.FromSlash(prefix))
	if err := os.MkdirAll(records, 0o777); err != nil {
		tb.Fatal(err)
	}
	r, err := history.Open(records)
	if err != nil {
		tb.Fatal(err)
	}
	if r.Prefix != prefix {
		tb.Fatalf("Prefix = %q, want %q", r.Prefix, prefix)
	}
	return r
}

// differences lists how two histories differ, every field of every
// commit and change compared (times by instant and zone).
func differences(got, want *history.History) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if got.Head != want.Head || got.Since != want.Since || got.Walked != want.Walked {
		add("Head, Since, Walked = %s, %s, %d; want %s, %s, %d", got.Head, got.Since, got.Walked, want.Head, want.Since, want.Walked)
	}
	if len(got.Commits) != len(want.Commits) {
		add("%d commits, want %d", len(got.Commits), len(want.Commits))
	}
	for h, w := range want.Commits {
		g := got.Commits[h]
		if g == nil {
			add("commit %s missing", history.Short(h))
			continue
		}
		if d := commitDifference(g, w); d != "" {
			add("commit %s: %s", history.Short(h), d)
		}
	}
	if len(got.Files) != len(want.Files) {
		add("%d files, want %d", len(got.Files), len(want.Files))
	}
	for p, w := range want.Files {
		g, ok := got.Files[p]
		if !ok {
			add("file %q missing", p)
			continue
		}
		if len(g) != len(w) {
			add("file %q: %d versions, want %d", p, len(g), len(w))
			continue
		}
		for i := range w {
			gc, wc := *g[i], *w[i]
			if gc.Commit.Hash != wc.Commit.Hash {
				add("file %q version %d: commit %s, want %s", p, i, history.Short(gc.Commit.Hash), history.Short(wc.Commit.Hash))
			}
			gc.Commit, wc.Commit = nil, nil
			if !reflect.DeepEqual(gc, wc) {
				add("file %q version %d: %+v, want %+v", p, i, gc, wc)
			}
		}
	}
	slices.Sort(out)
	return out
}

// commitDifference says how two commits differ; "" when they do not.
func commitDifference(g, w *history.Commit) string {
	gc, wc := *g, *w
	for _, p := range [][2]*history.Person{{&gc.Author, &wc.Author}, {&gc.Committer, &wc.Committer}} {
		gn, gOff := p[0].When.Zone()
		wn, wOff := p[1].When.Zone()
		if !p[0].When.Equal(p[1].When) || gn != wn || gOff != wOff {
			return fmt.Sprintf("time %s, want %s", p[0].When, p[1].When)
		}
		p[0].When, p[1].When = time.Time{}, time.Time{}
	}
	if !reflect.DeepEqual(gc, wc) {
		return fmt.Sprintf("%+v, want %+v", gc, wc)
	}
	return ""
}

// compare walks r with both walkers and fails the test where they differ.
// mayFallBack allows the git walker to leave the walk to go-git (a
// history it cannot read as go-git does: see walkGit); it reports whether
// the git walker read it.
func compare(t *testing.T, what string, r *history.Repo, opt history.Options, mayFallBack bool) bool {
	t.Helper()
	want, wantErr := r.WalkGoGit(opt)
	got, err := r.WalkGit(opt)
	if mayFallBack && errors.Is(err, history.ErrGitWalk) {
		return false
	}
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%s: git walker: %v; go-git walker: %v", what, err, wantErr)
	}
	if err != nil {
		return true
	}
	if d := differences(got, want); len(d) > 0 {
		if len(d) > 15 {
			d = append(d[:15], "…")
		}
		t.Errorf("%s: the walkers differ:\n\t%s", what, strings.Join(d, "\n\t"))
	}
	return true
}

// byAge lists a history's commits oldest first.
func byAge(h *history.History) []*history.Commit {
	cs := make([]*history.Commit, 0, len(h.Commits))
	for _, c := range h.Commits {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b *history.Commit) int { return a.Seq - b.Seq })
	return cs
}

// compareAll compares the walkers on r with every kind of Options: none;
// Only, a file and its folders; Since, several commits; and Known, the
// history as it stood at an earlier commit and at another branch's
// tip, made by moving main there for a moment.
func compareAll(t *testing.T, dir string, r *history.Repo, rng *rand.Rand) {
	t.Helper()
	compare(t, "no options", r, history.Options{}, false)
	full, err := r.WalkGoGit(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := make([]string, 0, len(full.Files))
	for p := range full.Files {
		files = append(files, p)
	}
	slices.Sort(files)
	if len(files) > 0 {
		f := files[rng.IntN(len(files))]
		for _, only := range []string{f, path.Dir(f), strings.SplitN(f, "/", 2)[0] + "/", "no/such/file"} {
			compare(t, "Only "+only, r, history.Options{Only: only}, false)
		}
	}
	commits := byAge(full)
	if len(commits) == 0 {
		return
	}
	for range 3 {
		c := commits[rng.IntN(len(commits))]
		compare(t, "Since "+history.Short(c.Hash), r, history.Options{Since: c.Hash}, true)
	}
	main := full.Head
	defer runGit(t, dir, nil, "update-ref", "refs/heads/main", main.String())
	branches := strings.Fields(runGit(t, dir, nil, "for-each-ref", "--format=%(objectname)", "refs/heads/"))
	earlier := []string{commits[rng.IntN(len(commits))].Hash.String()}
	earlier = append(earlier, branches...)
	for _, at := range earlier {
		runGit(t, dir, nil, "update-ref", "refs/heads/main", at)
		known, err := r.WalkGoGit(history.Options{})
		if err != nil {
			t.Fatal(err)
		}
		runGit(t, dir, nil, "update-ref", "refs/heads/main", main.String())
		if !compare(t, "Known at "+at[:7], r, history.Options{Known: known}, false) {
			t.Errorf("Known at %s: the git walker left a cache of a whole history to go-git", at[:7])
		}
		// A cache that also holds a commit no longer in the repository (a
		// rewritten history's, pruned).
		gone := &history.History{Commits: maps.Clone(known.Commits), Files: known.Files}
		lost := &history.Commit{Hash: history.Hash{0xde, 0xad}, Parents: []history.Hash{commits[0].Hash}, Seq: len(commits) + 1}
		gone.Commits[lost.Hash] = lost
		if !compare(t, "Known with a lost commit", r, history.Options{Known: gone}, false) {
			t.Error("the git walker left a cache with a lost commit to go-git")
		}
		// A cache from a walk that stopped at a commit lacks that commit's
		// ancestors: the git walker may leave it to go-git.
		since := commits[rng.IntN(len(commits))].Hash
		runGit(t, dir, nil, "update-ref", "refs/heads/main", at)
		partial, err := r.WalkGoGit(history.Options{Since: since})
		runGit(t, dir, nil, "update-ref", "refs/heads/main", main.String())
		if err != nil {
			continue // since is not in that history
		}
		compare(t, "Known at "+at[:7]+" since "+history.Short(since), r, history.Options{Known: partial}, true)
		compare(t, "Known and Since", r, history.Options{Known: known, Since: since}, true)
	}
}

// TestGitWalkerSameHistory: the git walker finds exactly what the go-git
// walker finds (every commit, with its Seq, and every version of every
// file, with the blobs before it), with and without each option, on
// histories made to be hard: merges (of two and of three, taking one
// side, both or neither, deleting, evil), deletions and re-additions, a
// file moved (a deletion and an addition: renames are not followed),
// files becoming folders and back, modes, symbolic links and submodules,
// file names no shell would like, a records folder at the root and deep
// below it, second root commits, dates out of order and odd time zones,
// messages without a newline or in another encoding.
func TestGitWalkerSameHistory(t *testing.T) {
	needGit(t)
	sub := strings.Repeat("ab", 20)
	tests := []struct {
		name, prefix string
		build        func(s *stream, p string)
	}{
		{"merges", "records", func(s *stream, p string) {
			one := s.commit(cm{Message: "one\n", Ops: []op{{Path: p + "body.md", Content: "b1"}, {Path: p + "schools/a/school.md", Content: "a1"}, {Path: "README.md", Content: "x"}}})
			two := s.commit(cm{Parents: []string{one}, Message: "two\n", Ops: []op{{Path: p + "schools/a/school.md", Content: "a2"}, {Path: p + "schools/b/school.md", Content: "b1"}}})
			br := s.commit(cm{Branch: "side", Parents: []string{two}, Message: "branch\n", Ops: []op{{Path: p + "schools/a/school.md", Content: "a3"}, {Path: p + "schools/c/x.md", Content: "c"}}})
			mainB := s.commit(cm{Parents: []string{two}, Message: "main\n", Ops: []op{{Path: p + "schools/b/school.md", Content: "b2"}, {Path: "README.md", Content: "y"}}})
			// Takes the branch's a, and edits body.md itself (evil).
			m := s.commit(cm{Parents: []string{mainB, br}, Message: "merge\n", Ops: []op{{Path: p + "schools/a/school.md", Content: "a3"}, {Path: p + "schools/c/x.md", Content: "c"}, {Path: p + "body.md", Content: "b2"}}})
			// A conflict resolved with a third version, a file both sides
			// have deleted in the merge, and one left out.
			br2 := s.commit(cm{Branch: "side", Parents: []string{m}, Message: "side again\n", Ops: []op{{Path: p + "body.md", Content: "side"}, {Path: p + "schools/d.md", Content: "d"}}})
			m2 := s.commit(cm{Parents: []string{m}, Message: "main again\n", Ops: []op{{Path: p + "body.md", Content: "main"}}})
			m3 := s.commit(cm{Parents: []string{m2, br2}, Message: "merge again\n", Ops: []op{{Path: p + "body.md", Content: "both"}, {Path: p + "schools/c/x.md", Mode: "D"}}})
			// An octopus, one side's file taken as it is, another changed.
			o1 := s.commit(cm{Branch: "o1", Parents: []string{m3}, Message: "o1\n", Ops: []op{{Path: p + "o/1.md", Content: "1"}, {Path: p + "o/same.md", Content: "s1"}}})
			o2 := s.commit(cm{Branch: "o2", Parents: []string{m3}, Message: "o2\n", Ops: []op{{Path: p + "o/2.md", Content: "2"}, {Path: p + "o/same.md", Content: "s2"}}})
			oct := s.commit(cm{Parents: []string{m3, o1, o2}, Message: "octopus\n", Ops: []op{{Path: p + "o/1.md", Content: "1"}, {Path: p + "o/2.md", Content: "2+"}, {Path: p + "o/same.md", Content: "s3"}}})
			// A merge that changes nothing in the records folder.
			o3 := s.commit(cm{Branch: "o3", Parents: []string{oct}, Message: "outside\n", Ops: []op{{Path: "README.md", Content: "z"}}})
			s.commit(cm{Parents: []string{oct, o3}, Message: "merge outside\n"})
		}},
		{"moves and re-additions", "records", func(s *stream, p string) {
			a := s.commit(cm{Message: "add\n", Ops: []op{{Path: p + "a/f.md", Content: "f"}, {Path: p + "a/g.md", Content: "g"}}})
			b := s.commit(cm{Parents: []string{a}, Message: "move\n", Ops: []op{{Path: p + "a/f.md", Mode: "D"}, {Path: p + "b/f.md", Content: "f"}}})
			c := s.commit(cm{Parents: []string{b}, Message: "delete\n", Ops: []op{{Path: p + "a/g.md", Mode: "D"}}})
			d := s.commit(cm{Parents: []string{c}, Message: "re-add\n", Ops: []op{{Path: p + "a/g.md", Content: "g"}}})
			e := s.commit(cm{Parents: []string{d}, Message: "file to folder\n", Ops: []op{{Path: p + "b/f.md", Mode: "D"}, {Path: p + "b/f.md/inner", Content: "f"}}})
			f := s.commit(cm{Parents: []string{e}, Message: "folder to file\n", Ops: []op{{Path: p + "b/f.md", Content: "f"}}})
			g := s.commit(cm{Parents: []string{f}, Message: "whole folder\n", Ops: []op{{Path: p + "a", Mode: "D"}}})
			h := s.commit(cm{Parents: []string{g}, Message: "records folder a file\n", Ops: []op{{Path: strings.TrimSuffix(p, "/"), Content: "not a folder"}}})
			s.commit(cm{Parents: []string{h}, Message: "back\n", Ops: []op{{Path: p + "a/g.md", Content: "g"}}})
		}},
		{"modes, links and submodules", "records", func(s *stream, p string) {
			a := s.commit(cm{Message: "add\n", Ops: []op{{Path: p + "x.md", Content: "x"}, {Path: p + "sub", Mode: "160000", Content: sub}, {Path: p + "link", Mode: "120000", Content: "x.md"}}})
			b := s.commit(cm{Parents: []string{a}, Message: "exec bit\n", Ops: []op{{Path: p + "x.md", Mode: "100755", Content: "x"}}})
			c := s.commit(cm{Parents: []string{b}, Message: "link to file, same blob\n", Ops: []op{{Path: p + "link", Content: "x.md"}}})
			d := s.commit(cm{Parents: []string{c}, Message: "submodule moves\n", Ops: []op{{Path: p + "sub", Mode: "160000", Content: strings.Repeat("cd", 20)}}})
			e := s.commit(cm{Parents: []string{d}, Message: "submodule to file\n", Ops: []op{{Path: p + "sub", Content: "now a file"}}})
			f := s.commit(cm{Parents: []string{e}, Message: "file to submodule\n", Ops: []op{{Path: p + "x.md", Mode: "160000", Content: sub}}})
			s.commit(cm{Parents: []string{f}, Message: "folder of a submodule\n", Ops: []op{{Path: p + "sub", Mode: "D"}, {Path: p + "sub/y", Mode: "120000", Content: "../x.md"}}})
		}},
		{"hostile names", "records", func(s *stream, p string) {
			names := []string{"new\nline.md", "quote\".md", "back\\slash", "tab\tname", " lead", "trail ", "\xff\xfe.md", "C" + sub, ":colon", "caf\u00e9.md", "cafe\u0301.md", "dir\nx/f", "-dash", "*glob?", "[x].md", ":(exclude)x"}
			var ops []op
			for i, n := range names {
				ops = append(ops, op{Path: p + n, Content: fmt.Sprint(i)})
			}
			a := s.commit(cm{Message: "names\n", Ops: ops})
			var del []op
			for _, n := range names[:5] {
				del = append(del, op{Path: p + n, Mode: "D"})
			}
			b := s.commit(cm{Parents: []string{a}, Message: "delete some\n", Ops: del})
			s.commit(cm{Parents: []string{b}, Message: "outside\n", Ops: []op{{Path: strings.TrimSuffix(p, "/") + "X/f", Content: "a folder named like it"}, {Path: "C" + sub, Content: "x"}}})
		}},
		{"records at the root", "", func(s *stream, p string) {
			a := s.commit(cm{Message: "one\n", Ops: []op{{Path: "body.md", Content: "b"}, {Path: "schools/a.md", Content: "a"}}})
			b := s.commit(cm{Branch: "b", Parents: []string{a}, Message: "b\n", Ops: []op{{Path: "schools/a.md", Content: "a2"}}})
			c := s.commit(cm{Parents: []string{a}, Message: "c\n", Ops: []op{{Path: "body.md", Content: "b2"}}})
			s.commit(cm{Parents: []string{c, b}, Message: "merge\n", Ops: []op{{Path: "schools/a.md", Content: "a2"}}})
		}},
		{"records deep below", "a/b c/records", func(s *stream, p string) {
			a := s.commit(cm{Message: "one\n", Ops: []op{{Path: p + "body.md", Content: "b"}, {Path: "a/b c/other.md", Content: "o"}, {Path: "a/b c/recordsX/f", Content: "x"}}})
			b := s.commit(cm{Parents: []string{a}, Message: "two\n", Ops: []op{{Path: p + "body.md", Content: "b2"}, {Path: "a/b c/other.md", Content: "o2"}}})
			// An unrelated history merged in: a second root commit.
			r := s.commit(cm{Branch: "other", Message: "another root\n", Ops: []op{{Path: p + "schools/z.md", Content: "z"}}})
			s.commit(cm{Parents: []string{b, r}, Message: "merge roots\n", Ops: []op{{Path: p + "schools/z.md", Content: "z"}}})
		}},
		{"dates, zones and messages", "records", func(s *stream, p string) {
			a := s.commit(cm{Message: "no newline", When: 1_800_000_000, TZ: "-0030", Ops: []op{{Path: p + "a", Content: "1"}}})
			b := s.commit(cm{Parents: []string{a}, Message: "\n\nleading blank lines\n\n", When: 1_700_000_000, TZ: "+1400", Ops: []op{{Path: p + "a", Content: "2"}}})
			c := s.commit(cm{Parents: []string{b}, Message: "", When: 1_700_000_000, TZ: "-1200", Ops: []op{{Path: p + "a", Content: "3"}}})
			d := s.commit(cm{Parents: []string{c}, Message: "caf\xe9 latin-1\r\n\r\nbody\r\n", When: 1_700_000_000, Encoding: "ISO-8859-1", Author: "Zo\xeb <z@example.org>", Ops: []op{{Path: p + "a", Content: "4"}}})
			e := s.commit(cm{Branch: "b", Parents: []string{d}, Message: "same time\n", When: 1_700_000_000, Ops: []op{{Path: p + "b", Content: "1"}}})
			f := s.commit(cm{Parents: []string{d}, Message: "same time too\n", When: 1_700_000_000, Ops: []op{{Path: p + "c", Content: "1"}}})
			s.commit(cm{Parents: []string{f, e}, Message: "merge, older than its parents\n", When: 1_600_000_000, TZ: "+0000", Ops: []op{{Path: p + "b", Content: "2"}}})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &stream{clock: 1_756_720_800}
			p := tc.prefix
			if p != "" {
				p += "/"
			}
			tc.build(s, p)
			dir, r := s.write(t, tc.prefix)
			compareAll(t, dir, r, rand.New(rand.NewPCG(1, uint64(len(tc.name)))))
		})
	}
}

// randomHistory writes n random commits: files written, deleted, moved,
// turned into folders; branches started, merged (two or three at once,
// taking a side's files or not), and now and then a new root; dates that
// now and then go back or repeat; paths inside and outside the records
// folder p ("" or ending in "/").
func randomHistory(rng *rand.Rand, s *stream, p string, n int) {
	type branch struct {
		name  string
		tip   string
		files map[string]string
	}
	dirs := []string{"", "x/", "x/y/", "s p/", "q\"/", "n\nl/", "\xff/"}
	names := []string{"f", "g.md", "C0", ":x", "x", "y", "e"}
	contents := []string{"a", "b", "c", "", "a\n", "long " + strings.Repeat("z", 40)}
	zones := []string{"+0100", "+0000", "-0030", "+0530", "-1200", "+1400"}
	randPath := func() string {
		switch rng.IntN(12) {
		case 0:
			return "README.md"
		case 1:
			if p != "" {
				return strings.TrimSuffix(p, "/") + "X/f"
			}
		}
		return p + dirs[rng.IntN(len(dirs))] + names[rng.IntN(len(names))]
	}
	apply := func(files map[string]string, o op) {
		for f := range files {
			if f == o.Path || strings.HasPrefix(f, o.Path+"/") || strings.HasPrefix(o.Path, f+"/") {
				delete(files, f)
			}
		}
		if o.Mode != "D" {
			files[o.Path] = o.Mode + " " + o.Content
		}
	}
	randOps := func(b *branch) []op {
		var ops []op
		for range 1 + rng.IntN(3) {
			var o op
			switch k := rng.IntN(10); {
			case k < 2 && len(b.files) > 0:
				keys := slices.Sorted(maps.Keys(b.files))
				o = op{Path: keys[rng.IntN(len(keys))], Mode: "D"}
			case k == 2:
				o = op{Path: randPath(), Mode: "160000", Content: fmt.Sprintf("%040x", 1+rng.IntN(3))}
			case k == 3:
				o = op{Path: randPath(), Mode: []string{"100755", "120000"}[rng.IntN(2)], Content: contents[rng.IntN(len(contents))]}
			default:
				o = op{Path: randPath(), Content: contents[rng.IntN(len(contents))]}
			}
			apply(b.files, o)
			ops = append(ops, o)
		}
		return ops
	}
	when := func() (int64, string) {
		switch rng.IntN(10) {
		case 0:
			return s.clock - int64(rng.IntN(10_000)), zones[rng.IntN(len(zones))]
		case 1:
			return s.clock, zones[rng.IntN(len(zones))]
		}
		s.clock += int64(rng.IntN(7200))
		return s.clock, zones[rng.IntN(len(zones))]
	}
	main := &branch{name: "main", files: map[string]string{}}
	branches := []*branch{main}
	for i := range n {
		b := branches[rng.IntN(len(branches))]
		if i < 3 {
			b = main
		}
		w, tz := when()
		c := cm{Branch: b.name, Message: fmt.Sprintf("commit %d\n", i), When: w, TZ: tz}
		switch k := rng.IntN(10); {
		case k < 2 && b.tip != "" && len(branches) < 5:
			// A new branch from here; its first commit follows.
			nb := &branch{name: fmt.Sprintf("b%d", i), tip: b.tip, files: maps.Clone(b.files)}
			branches = append(branches, nb)
			b = nb
			c.Branch = b.name
		case k == 2 && i > 5 && rng.IntN(4) == 0:
			// A new root commit on a branch of its own.
			nb := &branch{name: fmt.Sprintf("r%d", i), files: map[string]string{}}
			branches = append(branches, nb)
			b = nb
			c.Branch = b.name
		case k < 6 && len(branches) > 1 && b.tip != "":
			// A merge of one or two other branches.
			for _, o := range branches {
				if o != b && o.tip != "" && len(c.Parents) < 2 && rng.IntN(2) == 0 {
					c.Parents = append(c.Parents, o.tip)
					// Take some of its files as they are there.
					for f, v := range o.files {
						if rng.IntN(2) == 0 {
							mode, content, _ := strings.Cut(v, " ")
							op := op{Path: f, Mode: mode, Content: content}
							apply(b.files, op)
							c.Ops = append(c.Ops, op)
						}
					}
				}
			}
			c.Message = fmt.Sprintf("merge %d\n", i)
		}
		if b.tip != "" {
			c.Parents = append([]string{b.tip}, c.Parents...)
		}
		c.Ops = append(c.Ops, randOps(b)...)
		b.tip = s.commit(c)
	}
	// main ends with everything merged, or not.
	if rng.IntN(2) == 0 {
		c := cm{Branch: "main", Parents: []string{main.tip}, Message: "merge all\n"}
		for _, o := range branches[1:] {
			if o.tip != "" {
				c.Parents = append(c.Parents, o.tip)
			}
		}
		main.tip = s.commit(c)
	}
}

// TestGitWalkerRandomHistories compares the walkers on random histories,
// each with every kind of Options.
func TestGitWalkerRandomHistories(t *testing.T) {
	needGit(t)
	seeds := 24
	if testing.Short() {
		seeds = 6
	}
	for seed := range seeds {
		prefix := []string{"records", "", "a/records"}[seed%3]
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 7))
			s := &stream{clock: 1_756_720_800}
			p := prefix
			if p != "" {
				p += "/"
			}
			randomHistory(rng, s, p, 10+rng.IntN(50))
			dir, r := s.write(t, prefix)
			compareAll(t, dir, r, rng)
		})
	}
}

// TestGitWalkerDemoHistories compares the walkers on small histories of
// ect demo --history, stopped on random days.
func TestGitWalkerDemoHistories(t *testing.T) {
	needGit(t)
	runs := 4
	if testing.Short() {
		runs = 1
	}
	rng := rand.New(rand.NewPCG(11, 12))
	start := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range runs {
		n := 1 + rng.IntN(3)
		until := start.AddDate(0, 0, rng.IntN(700))
		t.Run(fmt.Sprintf("%d ECTs until %s", n, until.Format(time.DateOnly)), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "h")
			if _, err := demo.WriteHistory(dir, n, demo.HistoryOptions{Until: until}); err != nil {
				t.Fatal(err)
			}
			compareAll(t, dir, open(t, dir, "records"), rand.New(rand.NewPCG(uint64(i), 3)))
		})
	}
}

// TestGitWalkerSigned: commits signed with SSH and OpenPGP keys, made by
// go-git, read the same by both walkers (Signed, and the messages and
// people around the signatures).
func TestGitWalkerSigned(t *testing.T) {
	needGit(t)
	r := newRepo(t)
	one := r.commit("one", map[string]string{"records/body.md": "b1", "README.md": "x"})
	c := fixture.Commit{By: fixture.Tutor, Message: "signed with SSH\n\nSigned-off-by: Tom\n", When: fixture.At("2025-09-02 10:00"),
		Files: map[string]string{"records/schools/a/r.md": "r1"}, Sign: fixture.Key{SSH: fixture.Tutor.SSHKey(t, "laptop")}}
	r.Commit(c)
	c = fixture.Commit{By: fixture.ABLead, Message: "signed with OpenPGP", When: fixture.At("2025-09-03 10:00"),
		Files: map[string]string{"records/schools/a/r.md": "r2"}, Sign: fixture.Key{OpenPGP: fixture.ABLead.OpenPGPKey(t, "main")}}
	r.Commit(c)
	r.commit("unsigned", map[string]string{"records/body.md": ""})
	rp := open(t, r.Dir, "records")
	h, err := rp.WalkGit(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	signed := 0
	for _, c := range h.Commits {
		if c.Signed {
			signed++
		}
	}
	if signed != 2 || h.Commits[one] == nil {
		t.Errorf("%d signed commits of %d, want 2 of 4", signed, len(h.Commits))
	}
	compareAll(t, r.Dir, rp, rand.New(rand.NewPCG(5, 5)))
}

// TestWalkChoosesWalker: Walk reads with git, or with go-git when told to
// (ECTDOCS_WALKER=go-git) or when there is no git on PATH; either way the
// same history.
func TestWalkChoosesWalker(t *testing.T) {
	needGit(t)
	s := &stream{clock: 1_756_720_800}
	randomHistory(rand.New(rand.NewPCG(3, 4)), s, "records/", 30)
	_, r := s.write(t, "records")
	want, err := r.WalkGoGit(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ walker, path string }{
		{"", os.Getenv("PATH")},
		{"git", os.Getenv("PATH")},
		{"go-git", os.Getenv("PATH")},
		{"", t.TempDir()}, // no git there
	} {
		t.Setenv(history.WalkerEnv, tc.walker)
		t.Setenv("PATH", tc.path)
		got, err := r.Walk(history.Options{})
		if err != nil {
			t.Fatalf("walker %q: %v", tc.walker, err)
		}
		if d := differences(got, want); len(d) > 0 {
			t.Errorf("walker %q, PATH %s: %v", tc.walker, tc.path, d)
		}
	}
}

// TestGitWalkerBadGit: a git that writes nonsense, or nothing at all and
// never ends, is stopped (killed) and its walk left to go-git; told to use
// git alone, Walk says what went wrong, and soon.
func TestGitWalkerBadGit(t *testing.T) {
	needGit(t)
	if runtime.GOOS == "windows" {
		t.Skip("the fake git is a shell script")
	}
	s := &stream{clock: 1_756_720_800}
	randomHistory(rand.New(rand.NewPCG(5, 6)), s, "records/", 20)
	_, r := s.write(t, "records")
	want, err := r.WalkGoGit(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	realGit, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	defer history.SetStallTimeout(500 * time.Millisecond)()
	for _, tc := range []struct{ name, script, wantErr string }{
		{"nonsense", `printf 'Cnonsense\0:1 2 3\0'`, "is not a commit"},
		{"truncated", `printf 'C%s \0\n:100644' ` + strings.Repeat("ab", 20), "stops inside a field"},
		{"fails", `echo 'fatal: no' >&2; exit 128`, "fatal: no"},
		{"stalls", `exec sleep 60`, "nothing for too long"},
		{"stalls after output", `printf 'C%s \0' ` + strings.Repeat("ab", 20) + `; exec sleep 60`, "nothing for too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := t.TempDir()
			// git log is not the real one; the others are.
			script := "#!/bin/sh\ncase \"$*\" in *' log '*) ;; *) exec '" + realGit + "' \"$@\";; esac\n" + tc.script + "\n"
			if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			t.Setenv(history.WalkerEnv, "git")
			if _, err := r.Walk(history.Options{}); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("with git alone: %v, want an error saying %q", err, tc.wantErr)
			}
			t.Setenv(history.WalkerEnv, "")
			got, err := r.Walk(history.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := differences(got, want); len(d) > 0 {
				t.Errorf("fallen back to go-git: %v", d)
			}
		})
	}
}

// TestGitWalkerIgnoresSettings: what the repository's configuration or
// the caller's environment says about how git shows a log (renames
// followed, paths relative or abbreviated, colours, a pager, submodules
// ignored, another GIT_DIR…) changes nothing the git walker finds.
func TestGitWalkerIgnoresSettings(t *testing.T) {
	needGit(t)
	s := &stream{clock: 1_756_720_800}
	randomHistory(rand.New(rand.NewPCG(8, 9)), s, "records/", 40)
	dir, r := s.write(t, "records")
	order := filepath.Join(t.TempDir(), "order")
	if err := os.WriteFile(order, []byte("records/x/*\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{
		{"log.follow", "true"}, {"diff.renames", "copies"}, {"diff.relative", "true"}, {"diff.orderFile", order},
		{"core.abbrev", "8"}, {"color.ui", "always"}, {"log.showSignature", "true"}, {"diff.ignoreSubmodules", "all"},
		{"core.quotePath", "true"}, {"log.showRoot", "false"}, {"diff.noprefix", "true"}, {"log.diffMerges", "first-parent"},
		{"core.pager", "false"}, {"pager.log", "true"}, {"log.decorate", "full"}, {"format.pretty", "oneline"},
		{"i18n.logOutputEncoding", "ISO-8859-1"}, {"diff.external", "false"}, {"log.mailmap", "true"},
		{"core.ignoreCase", "true"}, {"core.useReplaceRefs", "true"},
	} {
		runGit(t, dir, nil, "config", kv[0], kv[1])
	}
	t.Setenv("GIT_DIR", filepath.Join(t.TempDir(), "elsewhere"))
	t.Setenv("GIT_WORK_TREE", t.TempDir())
	t.Setenv("GIT_INDEX_FILE", filepath.Join(t.TempDir(), "index"))
	t.Setenv("GIT_CONFIG_PARAMETERS", "'log.follow'='true'")
	t.Setenv("GIT_FLUSH", "1")
	t.Setenv("LANG", "de_DE.UTF-8")
	compare(t, "no options", r, history.Options{}, false)
	compare(t, "Only", r, history.Options{Only: "x"}, false)
}
