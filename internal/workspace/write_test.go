package workspace_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/workspace"
)

// TestCreateReplace: a record is written whole into the records folder,
// never over an existing file, never through a link, never into the
// replayed demo; Replace changes only a regular file.
func TestCreateReplace(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	outside := filepath.Join(dir, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(records, "linked")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	f, err := workspace.At(records)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct {
		name, rel, err string
	}{
		{name: "new folders", rel: "schools/new/ects/1234567/notes.md"},
		{name: "exists", rel: "body.md", err: "records/body.md already exists: ect new never overwrites a file"},
		{name: "through a link", rel: "linked/x.md", err: "records/linked is a symbolic link: ect writes records only into folders of the records folder, never through a link"},
		{name: "out by ..", rel: "../escape.md", err: "path escapes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shown, err := f.Create(tc.rel, []byte("text\n"))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Create(%s) = %q, %v; want error %q", tc.rel, shown, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if shown != "records/"+tc.rel {
				t.Errorf("shown %q", shown)
			}
			if b, err := os.ReadFile(f.Path(tc.rel)); err != nil || string(b) != "text\n" {
				t.Errorf("read back %q, %v", b, err)
			}
		})
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 || fileExists(filepath.Join(dir, "escape.md")) {
		t.Errorf("something was written outside the records folder: %v", entries)
	}
	if err := f.Replace("schools/new/ects/1234567/notes.md", []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(f.Path("schools/new/ects/1234567/notes.md")); string(b) != "new\n" {
		t.Errorf("Replace wrote %q", b)
	}
	if err := os.Symlink(filepath.Join(outside, "x.md"), filepath.Join(records, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := f.Replace("link.md", []byte("x")); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Replace through a link: %v", err)
	}

	demo, err := workspace.OpenOne(nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	if !demo.Demo() {
		t.Error("the built-in demo is not Demo()")
	}
	if _, err := demo.Create("x.md", []byte("x")); !errors.Is(err, workspace.ErrNoFolder) {
		t.Errorf("Create in the replayed demo: %v, want ErrNoFolder", err)
	}
}

func fileExists(p string) bool { _, err := os.Lstat(p); return err == nil }

// TestFingerprint: a change to a record changes the fingerprint; reading
// does not.
func TestFingerprint(t *testing.T) {
	records := copyDemo(t, t.TempDir())
	f, err := workspace.At(records)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := f.Fingerprint()
	if again := f.Fingerprint(); again != before {
		t.Fatalf("fingerprint changed with nothing changed: %s, %s", before, again)
	}
	if err := f.Replace("body.md", append(readFile(t, f.Path("body.md")), "\n"...)); err != nil {
		t.Fatal(err)
	}
	if after := f.Fingerprint(); after == before {
		t.Error("fingerprint unchanged after body.md changed")
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUpdate: a file is started from start when there is none, edited
// when there is, left as it was when the edit fails, and never read or
// written through a link.
func TestUpdate(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	outside := filepath.Join(dir, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "log.md"), []byte("theirs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(records, "linked")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	f, err := workspace.At(records)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	add := func(line string) func(string, []byte) ([]byte, error) {
		return func(_ string, src []byte) ([]byte, error) { return append(src, line...), nil }
	}
	for _, tc := range []struct {
		name, rel string
		edit      func(string, []byte) ([]byte, error)
		created   bool
		want, err string
	}{
		{name: "started", rel: "schools/x/log.md", edit: add("one\n"), created: true, want: "start\none\n"},
		{name: "edited", rel: "schools/x/log.md", edit: add("two\n"), want: "start\none\ntwo\n"},
		{name: "edit refused", rel: "schools/x/log.md", edit: func(shown string, _ []byte) ([]byte, error) {
			return nil, errors.New(shown + ": refused")
		}, want: "start\none\ntwo\n", err: "records/schools/x/log.md: refused"},
		{name: "through a link", rel: "linked/log.md", edit: add("x\n"), err: "is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shown, created, err := f.Update(tc.rel, []byte("start\n"), tc.edit)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Update(%s) = %v; want error %q", tc.rel, err, tc.err)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if created != tc.created || shown != "records/"+tc.rel {
				t.Errorf("shown %q, created %v", shown, created)
			}
			if tc.want == "" {
				return
			}
			if b, err := os.ReadFile(f.Path(tc.rel)); err != nil || string(b) != tc.want {
				t.Errorf("read back %q, %v; want %q", b, err, tc.want)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "log.md")); string(b) != "theirs\n" {
		t.Errorf("the file behind the link changed: %q", b)
	}
	if _, _, err := f.Update("body.md", nil, add("")); err != nil {
		t.Errorf("editing body.md unchanged: %v", err)
	}
}

// TestRel: a path given on the command line is placed in the records
// folder, or refused when it is outside it.
func TestRel(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	t.Chdir(dir)
	f, err := workspace.At(records)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct{ in, want string }{
		{"records/body.md", "body.md"},
		{filepath.Join(records, "schools", "x.md"), "schools/x.md"},
		{"records/../records/body.md", "body.md"},
		{"body.md", ""},
		{"..records/x.md", ""},
		{"records/..", ""},
	} {
		got, err := f.Rel(tc.in)
		if tc.want == "" {
			if err == nil || !strings.Contains(err.Error(), "is not in the records folder records") {
				t.Errorf("Rel(%s) = %q, %v; want refused", tc.in, got, err)
			}
		} else if got != tc.want || err != nil {
			t.Errorf("Rel(%s) = %q, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}
