//go:build unix

package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/fixture"
)

// TestValidateFIFO: ect validate on records holding a named pipe (FIFO)
// named like a record, or in an ECT's documents/ folder, returns (it used
// to block for ever opening it) and reports it at path:1:1 with the rule
// regular-file, exiting 1; and a FIFO as the repository's
// .github/CODEOWNERS, which validate compares with the records, does not
// block it either.
func TestValidateFIFO(t *testing.T) {
	const ect = "records/schools/990101-oakfield-primary/ects/9900101/"
	for _, tc := range []struct {
		name, rel string
		repo      bool // the records are in a Git repository
	}{
		{"a record", ect + "reports/2026-27-spring-progress-review.md", false},
		{"in documents", ect + "documents/2025-10-15-feedback.pdf", false},
		{"CODEOWNERS", ".github/CODEOWNERS", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "records")
			demo, err := fs.Sub(ectdocs.Demo(), "records")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(dir, demo); err != nil {
				t.Fatal(err)
			}
			if tc.repo {
				commitAll(t, root)
			}
			p := filepath.Join(root, filepath.FromSlash(tc.rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("cannot make a FIFO here: %v", err)
			}
			var stdout, stderr bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- Run([]string{"validate", dir}, &stdout, &stderr, fixture.Clock(), nil) }()
			select {
			case err := <-done:
				if code := Code(err, &stderr); code != ExitInvalid {
					t.Errorf("exit status %d, want %d; stderr:\n%s", code, ExitInvalid, stderr.String())
				}
			case <-time.After(60 * time.Second):
				t.Fatal("ect validate did not return: it opened the FIFO")
			}
			if tc.repo {
				return
			}
			want := filepath.ToSlash(p) + ":1:1: " + filepath.Base(p) + " is a named pipe (FIFO); records and evidence must be regular files"
			if !strings.Contains(stdout.String(), want) || !strings.Contains(stdout.String(), "[regular-file]") {
				t.Errorf("stdout does not have %q:\n%s", want, stdout.String())
			}
		})
	}
}

// commitAll makes dir a Git repository with everything in it committed.
func commitAll(t *testing.T, dir string) {
	t.Helper()
	r := fixture.InitRepo(t, dir)
	r.StageAll()
	r.Commit(fixture.Commit{By: fixture.Person{Name: "Ada Admin", Email: "ada@example.org"}, When: fixture.At("2025-09-01 10:00"), Message: "Add the records"})
}
