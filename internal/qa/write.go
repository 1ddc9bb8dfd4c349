package qa

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/ectdocs/ectdocs/internal/diag"
)

// WriteJSON writes the result as ect qa --format json prints it.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the result as ect qa prints it: one line a finding,
// then, when a sample was drawn (of share, e.g. "40%", of schools in the
// school year), the schools to visit.
func (r *Result) WriteText(w io.Writer, year, share string, schools int) error {
	fmt.Fprintf(w, "Quality assurance on %s: %s\n", r.On, diag.Plural(len(r.Findings), "finding"))
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %-13s %s (%s), %s: %s\n", f.Check, f.ECT, f.TRN, f.School, f.Detail)
	}
	if share == "" {
		return nil
	}
	fmt.Fprintf(w, "\nSchools to visit in %s (%s of %d, weighted towards findings):\n", year, share, schools)
	var err error
	for _, v := range r.Sample {
		_, err = fmt.Fprintf(w, "  %d %s (%s)\n", v.URN, v.School, diag.Plural(v.Concerns, "finding"))
	}
	return err
}
