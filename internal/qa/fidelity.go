package qa

import (
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

// fidelity says what is missing of the AB's fidelity checking for an ECT
// on a school-led programme in induction on day: the AB checks that the
// school's own programme covers the framework (the ITTECF; the ECF for an
// ECT who started before September 2025) in full ("Appropriate bodies
// guidance: induction and the initial teacher training and early career
// framework", May 2025). Empty when nothing is.
func fidelity(e *record.ECT, day time.Time) string {
	if e.Programme != record.SchoolLed || e.School == nil || !inInduction(e, day) {
		return ""
	}
	f := e.Framework(day)
	c, _, ok := e.School.LastFidelityCheck(f, day)
	switch {
	case !ok:
		return fmt.Sprintf("school-led programme, but no fidelity check against the %s is recorded for %s: the AB checks that a school-led programme covers the %s in full (AB guidance, May 2025); record it in school.md under fidelity_checks", f, e.School.Name, f)
	case c.Outcome == record.NotInFull:
		return fmt.Sprintf("school-led programme: the last fidelity check against the %s (%s) found it does not cover the %s in full; check it again once the school has filled the gaps", f, c.On, f)
	}
	return ""
}

// inInduction reports whether the ECT is serving induction on day: in a
// period that has started and not ended, with no outcome decided.
func inInduction(e *record.ECT, day time.Time) bool {
	for _, p := range e.Periods {
		if p.Outcome != nil {
			return false
		}
	}
	return e.InPeriod(day, day)
}
