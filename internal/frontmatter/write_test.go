package frontmatter_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// TestWriteFiles: WriteFile replaces a file keeping its permissions;
// CreateFile writes a new one (0644) but never over an existing one; and
// neither leaves its temporary file behind.
func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "ect.md")
	if err := frontmatter.CreateFile(name, []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(name); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("created %v, %v: want mode 0644", st.Mode(), err)
	}
	if err := frontmatter.CreateFile(name, []byte("two\n")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CreateFile over an existing file: %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "one\n" {
		t.Errorf("CreateFile changed an existing file to %q", b)
	}
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := frontmatter.WriteFile(name, []byte("three\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); string(b) != "three\n" {
		t.Errorf("WriteFile wrote %q", b)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o600 {
		t.Errorf("WriteFile left mode %v, want the file's own 0600", st.Mode().Perm())
	}
	if err := frontmatter.CreateFile(filepath.Join(dir, "missing", "x.md"), nil); err == nil {
		t.Error("CreateFile in a folder that does not exist succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
