package remind

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
)

// State is the file that records the last day reminders were sent, so
// that a second run on the same day does not send them twice.
type State string

// DefaultState is the state file in the repository that holds the records
// folder dir: .git/ectdocs/remind-last.
func DefaultState(dir string) (State, error) {
	repo, err := history.Open(dir)
	if err != nil {
		return "", fmt.Errorf("give --state FILE to record the day reminders were sent: %w", err)
	}
	return State(filepath.Join(repo.Root, ".git", "ectdocs", "remind-last")), nil
}

// Last reads the day recorded ("" when there is none yet). A file that
// holds anything but a day is not ect's, and is neither read further nor
// ever overwritten.
func (s State) Last() (string, error) {
	src, err := frontmatter.ReadFile(string(s))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("--state: %w", err)
	}
	last := strings.TrimSpace(string(src))
	if _, err := clock.ParseDay(last); err != nil && last != "" {
		return "", fmt.Errorf("--state %s holds something other than the day reminders were last sent: ect never overwrites a file it did not write; give another --state", s)
	}
	return last, nil
}

// Record records day as the last day reminders were sent, atomically.
func (s State) Record(day time.Time) error {
	if err := os.MkdirAll(filepath.Dir(string(s)), 0o755); err != nil {
		return err
	}
	return frontmatter.WriteFile(string(s), []byte(day.Format(time.DateOnly)+"\n"))
}

// Reason says why a message was not sent: the error, or the server's reply.
func (r Result) Reason() string {
	if r.Err != nil {
		return r.Err.Error()
	}
	return r.Reply
}

// WritePlan prints a dry run: each person's message and its items, each
// with the link to its form when there is one.
func WritePlan(w io.Writer, day time.Time, ds []Digest) {
	fmt.Fprintf(w, "%s: %s\n", day.Format(time.DateOnly), diag.Plural(len(ds), "message"))
	for _, d := range ds {
		fmt.Fprintf(w, "\nto %s <%s>\nsubject: %s\n", d.To.Name, d.To.Email, d.Subject)
		for _, it := range d.Items {
			fmt.Fprintf(w, "  - %s: %s, %s (due %s): %s\n", it.ECT, it.Report, it.When, it.Due.Format(time.DateOnly), it.Action)
			if it.Form != "" {
				fmt.Fprintf(w, "    form: %s\n", it.Form)
			}
		}
	}
}
