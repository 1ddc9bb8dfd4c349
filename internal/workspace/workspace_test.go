package workspace_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// copyDemo writes the built-in demo records into dir/records.
func copyDemo(t *testing.T, dir string) string {
	t.Helper()
	sub, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	records := filepath.Join(dir, "records")
	if err := os.CopyFS(records, sub); err != nil {
		t.Fatal(err)
	}
	return records
}

// TestOpen: the records folder a path is in, ./records, or the built-in
// demo (replayed into a throwaway repository that Close removes), and the
// paths reported on.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	t.Chdir(dir)
	school := filepath.Join("records", "schools", "990101-oakfield-primary")
	for _, tc := range []struct {
		name    string
		args    []string
		demo    bool
		folders int
		only    []string
		note    string
		err     string
	}{
		{name: "./records", folders: 1},
		{name: "a school inside", args: []string{school}, folders: 1, only: []string{"records/schools/990101-oakfield-primary"}},
		{name: "the whole folder wins", args: []string{school, "records"}, folders: 1},
		{name: "demo", demo: true, folders: 1},
		{name: "demo and a path", args: []string{"records"}, demo: true, err: "give either --demo or PATHs, not both"},
		{name: "nowhere", args: []string{"nowhere"}, err: "nowhere: no such file or folder"},
		{name: "a file outside", args: []string{"notes.txt"}, err: "notes.txt is not in a records folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile("notes.txt", []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			folders, err := workspace.Open(tc.args, tc.demo)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(folders) != tc.folders {
				t.Fatalf("%d folders, want %d", len(folders), tc.folders)
			}
			f := folders[0]
			if !slices.Equal(f.Only, tc.only) {
				t.Errorf("only %q, want %q", f.Only, tc.only)
			}
			book, err := f.Load()
			if err != nil || book.Body == nil || len(book.ECTs) != 13 {
				t.Fatalf("load: %v", err)
			}
			if tc.demo {
				if f.Dir == records || !strings.HasSuffix(f.Dir, "records") {
					t.Errorf("the demo was not replayed: %s", f.Dir)
				}
				if _, err := os.Stat(filepath.Join(filepath.Dir(f.Dir), ".git")); err != nil {
					t.Errorf("the replayed demo is not in Git: %v", err)
				}
			}
			f.Close()
			if tc.demo {
				if _, err := os.Stat(f.Dir); err == nil {
					t.Errorf("Close left the replayed demo in %s", f.Dir)
				}
			}
		})
	}
}

// TestOpenNoLinkOut: a link swapped in after the loader's check still
// cannot lead out of the records folder: the folder is read through an
// os.Root.
func TestOpenNoLinkOut(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	secret := filepath.Join(dir, "secret.md")
	if err := os.WriteFile(secret, []byte("---\nkind: ect\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := workspace.At(records)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := os.Symlink(secret, filepath.Join(records, "link.md")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, err := fs.ReadFile(f.FS, "link.md"); err == nil {
		t.Error("read a file outside the records folder through a link")
	}
	if _, err := fs.ReadFile(f.FS, "body.md"); err != nil {
		t.Errorf("body.md: %v", err)
	}
}

// TestRoot finds the folder holding body.md at or above a path.
func TestRoot(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	for p, want := range map[string]string{
		records: records,
		filepath.Join(records, "schools", "990101-oakfield-primary", "school.md"): records,
		dir: "",
	} {
		if got := workspace.Root(p); got != want {
			t.Errorf("Root(%s) = %q, want %q", p, got, want)
		}
	}
}

// TestEnclosing opens the records folder a folder is in, and refuses a
// folder that is in none.
func TestEnclosing(t *testing.T) {
	dir := t.TempDir()
	records := copyDemo(t, dir)
	for _, tc := range []struct {
		dir, want, err string
	}{
		{dir: records, want: records},
		{dir: filepath.Join(records, "schools", "990101-oakfield-primary"), want: records},
		{dir: dir, err: "is not a records folder: there is no body.md in it or above it"},
	} {
		f, err := workspace.Enclosing(tc.dir)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Enclosing(%s) = %v, want an error containing %q", tc.dir, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Enclosing(%s): %v", tc.dir, err)
		}
		if f.Dir != tc.want || f.Schemas == nil {
			t.Errorf("Enclosing(%s) = %s (schemas %v), want %s", tc.dir, f.Dir, f.Schemas != nil, tc.want)
		}
		f.Close()
	}
}
