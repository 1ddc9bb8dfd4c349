package audit

import (
	"fmt"
	"io"
)

// WriteText writes the trail as ect audit prints it, for people: each
// commit with its date, author and what it did, then what the history
// proves of each signature or decision.
func (t *Trail) WriteText(out io.Writer) error {
	w := &errWriter{w: out}
	fmt.Fprintf(w, "%s\n", t.File)
	if len(t.Steps) == 0 {
		fmt.Fprintln(w, "  not committed yet")
	}
	for _, s := range t.Steps {
		who := s.Author
		if s.Person != "" {
			who += " (" + s.Person + ")"
		}
		fmt.Fprintf(w, "\n%s  %s  %s\n", s.Commit, s.Date, who)
		fmt.Fprintf(w, "         %s\n", s.Text)
	}
	if t.Uncommitted && len(t.Steps) > 0 {
		fmt.Fprintln(w, "\nworking folder: changed since the last commit, not committed yet")
	}
	if len(t.Proofs) > 0 {
		if t.Proofs[0].Decision() {
			fmt.Fprintln(w, "\nThe appropriate body's decisions:")
		} else {
			fmt.Fprintln(w, "\nSignatures:")
		}
		for _, p := range t.Proofs {
			name := p.Name
			if name == "" {
				name = p.By
			}
			role := p.Role
			if p.ABReview() {
				role = "AB review"
			}
			fmt.Fprintf(w, "  %-12s %s, %s: %s\n", role, name, p.On, p.Describe())
		}
	}
	return w.err
}

// errWriter keeps the first error of a run of writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	_, e.err = e.w.Write(p)
	return len(p), nil
}
