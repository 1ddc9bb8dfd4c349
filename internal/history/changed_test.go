package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		name, out, prefix string
		want              []string
		err               bool
	}{
		{name: "nothing", out: "", want: nil},
		{name: "changed, added, removed, ignored", prefix: "records",
			out:  " M records/a.md\x00?? records/new/b.md\x00 D records/c.md\x00!! records/tmp/\x00?? other/x.md\x00",
			want: []string{"a.md", "new/b.md", "c.md", "tmp"}},
		{name: "the records at the root", out: "A  body.md\x00?? schools/x y/\"q\".md\x00", want: []string{"body.md", "schools/x y/\"q\".md"}},
		{name: "a name with a newline", out: "?? a\nb.md\x00", want: []string{"a\nb.md"}},
		{name: "not ended", out: " M a.md", err: true},
		{name: "too short", out: "M\x00", err: true},
		{name: "no space", out: " Mxa.md\x00", err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStatus([]byte(tc.out), tc.prefix)
			if (err != nil) != tc.err {
				t.Fatalf("error %v, want one: %v", err, tc.err)
			}
			if !tc.err && !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzParseStatus: whatever git status prints, parseStatus neither
// panics nor returns a path outside the records folder.
func FuzzParseStatus(f *testing.F) {
	f.Add([]byte(" M records/a.md\x00?? records/new/\x00"), "records")
	f.Add([]byte("!! x\x00"), "")
	f.Fuzz(func(t *testing.T, out []byte, prefix string) {
		paths, err := parseStatus(out, prefix)
		if err != nil {
			return
		}
		for _, p := range paths {
			if prefix != "" && strings.HasPrefix(p, "../") {
				t.Errorf("%q: outside the records folder", p)
			}
		}
	})
}

// TestSerialReadsThroughGit: in Serial, objects come from git cat-file,
// exactly as go-git reads them, and a revision cannot carry a second
// question to it.
func TestSerialReadsThroughGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one"}} {
		if args[0] == "add" {
			if err := os.MkdirAll(filepath.Join(dir, "records"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "records", "body.md"), []byte("---\nkind: appropriate-body\n---\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	r, err := Open(filepath.Join(dir, "records"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := r.CommitTree(head)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := r.Tree(tree)
	if err != nil {
		t.Fatal(err)
	}
	r.Serial()
	defer r.Close()
	if r.batch == nil {
		t.Fatal("Serial started no git cat-file")
	}
	if h, err := r.Resolve("main"); err != nil || h != head {
		t.Errorf("Resolve(main) through git = %s, %v; want %s", h, err, head)
	}
	if got, err := r.CommitTree(head); err != nil || got != tree {
		t.Errorf("CommitTree through git = %s, %v; want %s", got, err, tree)
	}
	if got, err := r.Tree(tree); err != nil || !slices.Equal(got, entries) {
		t.Errorf("Tree through git = %v, %v; want %v", got, err, entries)
	}
	for _, rev := range []string{"HEAD\nHEAD", "HEAD HEAD", "HEAD~9", "", "nothing"} {
		if _, err := r.Resolve(rev); err == nil {
			t.Errorf("Resolve(%q) through git: no error", rev)
		}
	}
	if _, err := r.Blob("body.md", tree); err == nil {
		t.Error("a tree read as a blob through git: no error")
	}
	if h, err := r.Resolve("HEAD"); err != nil || h != head {
		t.Errorf("after refusals, Resolve(HEAD) = %s, %v", h, err)
	}
}
