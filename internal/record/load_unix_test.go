//go:build unix

package record_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// TestLoadNotRegular: a named pipe (FIFO) or a symbolic link among the
// records, as a record or as evidence in documents/, is refused with a
// positioned regular-file error and never opened: Load returns (opening a
// FIFO would block it for ever), and a link's target outside the records
// folder is not read.
func TestLoadNotRegular(t *testing.T) {
	demo, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		t.Fatal(err)
	}
	const ect = "schools/990101-oakfield-primary/ects/9900101/"
	for _, tc := range []struct {
		name, rel, make string // make: fifo or symlink
		want            string
	}{
		{"fifo/a report", ect + "reports/2026-27-spring-progress-review.md", "fifo", "is a named pipe (FIFO)"},
		{"fifo/evidence", ect + "documents/2025-10-15-feedback.pdf", "fifo", "is a named pipe (FIFO)"},
		{"fifo/body.md", "body.md", "fifo", "is a named pipe (FIFO)"},
		{"symlink/a report", ect + "reports/2025-26-spring-progress-review.md", "symlink", "is a symbolic link (to "},
		{"symlink/evidence", ect + "documents/2025-10-15-feedback.pdf", "symlink", "is a symbolic link (to "},
		{"symlink/an ECT's folder", ect[:len(ect)-1], "symlink", "is a symbolic link (to "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "records")
			if err := os.CopyFS(dir, demo); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, filepath.FromSlash(tc.rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			switch tc.make {
			case "fifo":
				os.Remove(p)
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skipf("cannot make a FIFO here: %v", err)
				}
			case "symlink":
				// The target is outside the records folder: what was at p,
				// moved out.
				outside := filepath.Join(t.TempDir(), filepath.Base(p))
				if err := os.Rename(p, outside); os.IsNotExist(err) {
					if err := os.WriteFile(outside, []byte("secret\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				} else if err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, p); err != nil {
					t.Fatal(err)
				}
			}
			type loaded struct {
				book *record.Book
				err  error
			}
			done := make(chan loaded, 1)
			go func() {
				b, err := record.Load(os.DirFS(dir), ".", schemas, record.Options{Display: "records"})
				done <- loaded{b, err}
			}()
			var book *record.Book
			select {
			case l := <-done:
				if l.err != nil {
					t.Fatal(l.err)
				}
				book = l.book
			case <-time.After(20 * time.Second):
				t.Fatal("Load did not return: it opened a FIFO")
			}
			shown := "records/" + tc.rel
			found := 0
			for _, d := range book.Diagnostics {
				if d.Rule == record.RuleRegularFile {
					found++
					if d.File != shown || d.Line != 1 || d.Column != 1 || !strings.Contains(d.Message, tc.want) {
						t.Errorf("got %v, want %s:1:1: …%s…", d, shown, tc.want)
					}
				}
				if strings.Contains(d.Message, "missing") && d.File == shown {
					t.Errorf("also reported missing: %v", d)
				}
			}
			if found != 1 {
				t.Errorf("%d regular-file errors, want 1: %v", found, book.Diagnostics)
			}
			for _, r := range book.Records() {
				if rel := r.RecordFile().Rel; rel == tc.rel || strings.HasPrefix(rel, tc.rel+"/") {
					t.Errorf("%s was read", rel)
				}
			}
			if book.Evidence[shown] {
				t.Errorf("%s counts as evidence", shown)
			}
		})
	}
}
