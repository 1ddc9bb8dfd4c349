package remind

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestState: the day reminders were last sent is read back as written; a
// missing file is no day yet; a file holding anything else, or a link, is
// not ect's and is refused, never overwritten.
func TestState(t *testing.T) {
	dir := t.TempDir()
	s := State(filepath.Join(dir, "ectdocs", "remind-last"))
	if last, err := s.Last(); err != nil || last != "" {
		t.Fatalf("no file yet: %q, %v", last, err)
	}
	if err := s.Record(date("2026-12-04")); err != nil {
		t.Fatal(err)
	}
	if last, err := s.Last(); err != nil || last != "2026-12-04" {
		t.Fatalf("read back %q, %v", last, err)
	}
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := State(mine).Last(); err == nil || !strings.Contains(err.Error(), "holds something other than the day reminders were last sent") {
		t.Errorf("a file of the user's: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(mine, link); err != nil {
		t.Fatal(err)
	}
	if _, err := State(link).Last(); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a link: %v", err)
	}
	if err := State(link).Record(time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("Record wrote through a link")
	}
	if b, _ := os.ReadFile(mine); string(b) != "my notes\n" {
		t.Errorf("the user's file changed: %q", b)
	}
}

// TestReason: why a message was not sent, the error first.
func TestReason(t *testing.T) {
	if got := (Result{Reply: "550 no such user"}).Reason(); got != "550 no such user" {
		t.Errorf("Reason() = %q", got)
	}
	if got := (Result{Reply: "x", Err: os.ErrDeadlineExceeded}).Reason(); got != os.ErrDeadlineExceeded.Error() {
		t.Errorf("Reason() = %q", got)
	}
}
