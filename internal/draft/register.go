package draft

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/record"
)

// Check refuses a registration that misses what it needs, or whose start
// is not a date.
func (r Registration) Check() error {
	for _, f := range []struct{ flag, v string }{{"--trn", r.TRN}, {"--name", r.Name}, {"--email", r.Email}, {"--start", r.Start}, {"--tutor", r.Tutor}, {"--mentor", r.Mentor}} {
		if f.v == "" {
			return fmt.Errorf("%s is required", f.flag)
		}
	}
	if r.School == 0 {
		return errors.New("--school URN is required")
	}
	if _, err := clock.ParseDay(r.Start); err != nil {
		return fmt.Errorf("--start: %w", err)
	}
	return nil
}

// Register starts the registration (ect.md) of the ECT r describes at its
// school in book, refusing a school that is not in the records and a TRN
// that is registered already.
func Register(templates fs.FS, book *record.Book, r Registration) (*Dated, error) {
	school := book.School(r.School)
	if school == nil {
		return nil, fmt.Errorf("no school with URN %d in the records", r.School)
	}
	if e := book.ECT(r.TRN); e != nil {
		return nil, fmt.Errorf("an ECT with TRN %s is registered already: %s", r.TRN, e.Doc.Path)
	}
	return NewECT(templates, school, r)
}

// Ask asks on out, one line each read from in, for the registration
// details not given yet; an empty answer leaves an optional one out.
func (r *Registration) Ask(in io.Reader, out io.Writer) error {
	lines := bufio.NewScanner(in)
	ask := func(prompt string, v *string) error {
		if *v != "" {
			return nil
		}
		fmt.Fprintf(out, "%s: ", prompt)
		if !lines.Scan() {
			if err := lines.Err(); err != nil {
				return err
			}
			return fmt.Errorf("no answer for %q", prompt)
		}
		*v = strings.TrimSpace(lines.Text())
		return nil
	}
	if r.School == 0 {
		var s string
		if err := ask("School URN", &s); err != nil {
			return err
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("school URN %q: give its 6 digits", s)
		}
		r.School = n
	}
	for _, q := range []struct {
		prompt string
		v      *string
	}{
		{"TRN (7 digits)", &r.TRN}, {"Name", &r.Name}, {"E-mail the ECT commits with", &r.Email},
		{"First day of induction (YYYY-MM-DD)", &r.Start}, {"Induction tutor (staff id)", &r.Tutor}, {"Mentor (staff id)", &r.Mentor},
		{"Date of birth (YYYY-MM-DD, or blank)", &r.DOB}, {"QTS date (YYYY-MM-DD, or blank)", &r.QTS},
	} {
		if err := ask(q.prompt, q.v); err != nil {
			return err
		}
	}
	return nil
}
