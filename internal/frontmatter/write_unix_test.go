//go:build unix

package frontmatter_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// TestEditFilesNotRegular: ReadFile and WriteFile, which ect sign, release,
// ab-review, outcome and new mentoring edit records with, refuse a symbolic
// link (to a file outside the records) and a named pipe without opening
// them: nothing outside is read or replaced, and nothing blocks.
func TestEditFilesNotRegular(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(outside, []byte("root:x:0:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	for _, tc := range []struct {
		name, path, want string
	}{
		{"symbolic link", link, "is a symbolic link"},
		{"named pipe", fifo, "is a named pipe (FIFO)"},
		{"folder", dir, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := frontmatter.ReadFile(tc.path)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("ReadFile: %v, want %q", err, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("ReadFile blocked")
			}
			if err := frontmatter.WriteFile(tc.path, []byte("edited\n")); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("WriteFile: %v, want %q", err, tc.want)
			}
		})
	}
	if b, _ := os.ReadFile(outside); string(b) != "root:x:0:0\n" {
		t.Errorf("the file outside is now %q", b)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode().Type() != os.ModeSymlink {
		t.Errorf("the link was replaced: %v %v", st, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}
