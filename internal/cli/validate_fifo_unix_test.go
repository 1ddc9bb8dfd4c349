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
)

// TestValidateFIFO: ect validate on records holding a named pipe (FIFO)
// named like a record, or in an ECT's documents/ folder, returns (it used
// to block for ever opening it) and reports it at path:1:1 with the rule
// regular-file, exiting 1.
func TestValidateFIFO(t *testing.T) {
	const ect = "schools/990101-oakfield-primary/ects/9900101/"
	for _, tc := range []struct{ name, rel string }{
		{"a record", ect + "reports/2026-27-spring-progress-review.md"},
		{"in documents", ect + "documents/2025-10-15-feedback.pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "records")
			demo, err := fs.Sub(ectdocs.Demo(), "records")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(dir, demo); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, filepath.FromSlash(tc.rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("cannot make a FIFO here: %v", err)
			}
			var stdout, stderr bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- Run([]string{"validate", dir}, &stdout, &stderr) }()
			select {
			case err := <-done:
				if code := Code(err, &stderr); code != ExitInvalid {
					t.Errorf("exit status %d, want %d; stderr:\n%s", code, ExitInvalid, stderr.String())
				}
			case <-time.After(60 * time.Second):
				t.Fatal("ect validate did not return: it opened the FIFO")
			}
			want := filepath.ToSlash(p) + ":1:1: " + filepath.Base(p) + " is a named pipe (FIFO); records and evidence must be regular files"
			if !strings.Contains(stdout.String(), want) || !strings.Contains(stdout.String(), "[regular-file]") {
				t.Errorf("stdout does not have %q:\n%s", want, stdout.String())
			}
		})
	}
}
