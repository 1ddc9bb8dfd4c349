package history

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// seedHistory is a small history for git fast-import: a records folder
// and a file outside it, a branch and a merge that resolves a conflict,
// a deletion, an executable, a submodule, and names with a newline, a
// quote and a byte that is not UTF-8.
const seedHistory = `reset refs/heads/main

commit refs/heads/main
mark :1
author A <a@example.org> 1756720800 +0100
committer A <a@example.org> 1756720800 +0100
data 4
one

M 100644 inline "records/body.md"
data 2
b1
M 100644 inline "records/new\nline \"q\" \377.md"
data 1
x
M 100644 inline "README"
data 1
r

commit refs/heads/side
mark :2
author A <a@example.org> 1756724400 -0030
committer A <a@example.org> 1756724400 -0030
data 5
side
from :1
M 100644 inline "records/body.md"
data 4
side
M 160000 abababababababababababababababababababab "records/sub"

commit refs/heads/main
mark :3
author A <a@example.org> 1756728000 +0100
committer A <a@example.org> 1756728000 +0100
data 4
main
from :1
M 100755 inline "records/body.md"
data 4
main
D "records/new\nline \"q\" \377.md"

commit refs/heads/main
mark :4
author A <a@example.org> 1756731600 +0100
committer A <a@example.org> 1756731600 +0100
data 6
merge
from :3
merge :2
M 100644 inline "records/body.md"
data 4
both

`

// seedOutputs are what git log (as walkGit runs it) and git cat-file
// write for seedHistory, for the records folder and for the whole
// repository; none where git is not on PATH.
func seedOutputs(tb testing.TB) (logs map[string][]byte, cat []byte) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	dir := tb.TempDir()
	for _, args := range [][]string{{"init", "--quiet", "--initial-branch=main"}, {"fast-import", "--quiet"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
		cmd.Stdin = strings.NewReader(seedHistory)
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "records"), 0o777); err != nil {
		tb.Fatal(err)
	}
	logs = map[string][]byte{}
	var head Hash
	for _, prefix := range []string{"records", ""} {
		r, err := Open(filepath.Join(dir, filepath.FromSlash(prefix)))
		if err != nil {
			tb.Fatal(err)
		}
		if head, _, err = r.Head(); err != nil {
			tb.Fatal(err)
		}
		cmd, err := r.gitCommand(context.Background(), logArgs(prefix)...)
		if err != nil {
			tb.Fatal(err)
		}
		cmd.Stdin = strings.NewReader(head.String() + "\n")
		if logs[prefix], err = cmd.Output(); err != nil {
			tb.Fatal(err)
		}
		cmd, err = r.gitCommand(context.Background(), "cat-file", "--batch")
		if err != nil {
			tb.Fatal(err)
		}
		cmd.Stdin = strings.NewReader(head.String() + "\n" + head.String() + "\n")
		if cat, err = cmd.Output(); err != nil {
			tb.Fatal(err)
		}
	}
	return logs, cat
}

// parseAll reads every commit of a log; at most one a byte, so that a
// parser that stops moving shows as an error, not a hang.
func parseAll(data []byte, prefix, only string) ([]*logCommit, error) {
	p := newLogParser(bytes.NewReader(data), prefix, only)
	var out []*logCommit
	for range len(data) + 1 {
		c, err := p.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, errors.New("more commits than bytes")
}

// format writes commits as git log does, the changes' modes made up
// (a blob is a file's, no blob no file).
func format(cs []*logCommit, prefix string) []byte {
	var b bytes.Buffer
	if prefix != "" {
		prefix += "/"
	}
	mode := func(h Hash) string {
		if h.IsZero() {
			return "000000"
		}
		return "100644"
	}
	for _, c := range cs {
		b.WriteString("C" + c.hash.String() + " ")
		for i, p := range c.parents {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p.String())
		}
		b.WriteByte(0)
		for i, ch := range c.changes {
			if i == 0 {
				b.WriteByte('\n')
			}
			b.WriteString(strings.Repeat(":", len(ch.before)))
			for _, h := range ch.before {
				b.WriteString(mode(h) + " ")
			}
			b.WriteString(mode(ch.blob) + " ")
			for _, h := range ch.before {
				b.WriteString(h.String() + " ")
			}
			b.WriteString(ch.blob.String() + " " + strings.Repeat("M", len(ch.before)))
			b.WriteByte(0)
			b.WriteString(prefix + ch.path)
			b.WriteByte(0)
		}
	}
	return b.Bytes()
}

// TestLogParser reads real git log output: the merge's combined change
// and the changes of each commit, as the go-git walker counts them.
func TestLogParser(t *testing.T) {
	logs, _ := seedOutputs(t)
	if logs == nil {
		t.Skip("git is not on PATH")
	}
	cs, err := parseAll(logs["records"], "records", "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[int][]string{} // parents → paths changed
	for _, c := range cs {
		for _, ch := range c.changes {
			got[len(c.parents)] = append(got[len(c.parents)], ch.path)
			if len(ch.before) != max(len(c.parents), 1) {
				t.Errorf("%s: %d blobs before, %d parents", ch.path, len(ch.before), len(c.parents))
			}
		}
	}
	want := map[int][]string{
		0: {"body.md", "new\nline \"q\" \xff.md"},
		1: {"body.md", "body.md", "new\nline \"q\" \xff.md"}, // side's and main's; the submodule is no file
		2: {"body.md"},                                       // differs from both sides
	}
	for n, paths := range want {
		if strings.Join(got[n], "|") != strings.Join(paths, "|") && !sameSet(got[n], paths) {
			t.Errorf("commits with %d parents changed %q, want %q", n, got[n], paths)
		}
	}
	if _, err := parseAll(logs[""], "records", ""); err == nil {
		t.Error("the whole repository's log read as the records folder's: README is outside it")
	}
}

func sameSet(a, b []string) bool {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// FuzzLogParser: whatever git's output holds, the parser neither panics
// nor loops; what it accepts is consistent (as many blobs before a change
// as its commit has parents, none of them the change's own blob, paths
// inside the records folder and inside Only), and writing it back as git
// would reads the same again.
func FuzzLogParser(f *testing.F) {
	logs, _ := seedOutputs(f)
	for prefix, out := range logs {
		f.Add(out, prefix, "")
		f.Add(out, prefix, "body.md")
		f.Add(out[:len(out)/2], prefix, "")
	}
	h := strings.Repeat("ab", 20)
	z := strings.Repeat("0", 40)
	f.Add([]byte("C"+h+" \x00\n:000000 100644 "+z+" "+h+" A\x00records/a\x00"), "records", "")
	f.Add([]byte("C"+h+" "+h+" "+h+"\x00\x00::100644 100644 100644 "+h+" "+z+" "+h+" MM\x00x\x00"), "", "")
	f.Add([]byte("C"+h+"\x00C"+h+"\x00"), "", "")
	f.Add([]byte(":\x00\x00C"), "", "x")
	f.Fuzz(func(t *testing.T, data []byte, prefix, only string) {
		prefix = strings.Trim(prefix, "/")
		if strings.ContainsRune(prefix, 0) {
			return // no path holds a NUL
		}
		cs, err := parseAll(data, prefix, only)
		if err != nil {
			return
		}
		for _, c := range cs {
			for _, ch := range c.changes {
				if len(ch.before) != max(len(c.parents), 1) {
					t.Fatalf("%q: %d blobs before, %d parents", ch.path, len(ch.before), len(c.parents))
				}
				for _, b := range ch.before {
					if b == ch.blob {
						t.Fatalf("%q: a change to the blob it was", ch.path)
					}
				}
				if ch.path == "" || !wantedPath(only, ch.path) {
					t.Fatalf("%q: a change outside Only %q", ch.path, only)
				}
			}
		}
		again, err := parseAll(format(cs, prefix), prefix, only)
		if err != nil {
			t.Fatalf("written back: %v", err)
		}
		if len(cs)+len(again) > 0 && !reflect.DeepEqual(again, cs) {
			t.Fatalf("written back, read as %+v, was %+v", again, cs)
		}
	})
}

// FuzzCatReader: git cat-file's output, whatever it holds, is read
// without a panic, and a commit it gives has the hash it was asked for.
func FuzzCatReader(f *testing.F) {
	if _, cat := seedOutputs(f); cat != nil {
		f.Add(cat)
		f.Add(cat[:len(cat)-3])
	}
	f.Add([]byte(strings.Repeat("ab", 20) + " commit 5\ntree \n"))
	f.Add([]byte(strings.Repeat("ab", 20) + " missing\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newCatReader(bytes.NewReader(data))
		for range len(data) + 1 {
			c, err := r.next()
			if err != nil {
				return
			}
			if c.Hash.IsZero() {
				t.Fatal("a commit without a hash")
			}
		}
		t.Fatal("more commits than bytes")
	})
}
