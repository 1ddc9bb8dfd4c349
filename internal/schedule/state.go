package schedule

import (
	"slices"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

// State is where a report stands, worked out from its file, its dates and
// today; never typed by hand (DESIGN §4).
type State int

// The states of a report, in the order a report moves through them.
const (
	NotDue          State = iota // not yet in the window before its due date
	Due                          // due soon, or written but not yet released
	Overdue                      // past its due date and not yet with the ECT
	ECTToComment                 // released to the ECT, who has not commented and signed
	NeedsSignatures              // waiting for one or more signatures
	Submitted                    // fully signed, waiting for the AB
	Returned                     // returned by the AB with feedback
	Reviewed                     // accepted by the AB
	// NotProven: a signature or the AB's review is in the report, but
	// the Git history does not prove it (added by someone else, edited
	// after signing, not committed, the report invalid, …): nothing it
	// claims counts until it is put right.
	NotProven
	// Decided: a final assessment on which the AB has decided the
	// induction's outcome or an extension (Reg. 11(5)).
	Decided
)

var stateNames = [...]string{"not due", "due", "overdue", "ECT to comment", "needs signatures", "submitted", "returned by AB", "reviewed by AB", "signatures not proven", "decided by AB"}

// ReviewTarget is the working days after a report is submitted (its last
// signature) by which the appropriate body aims to have reviewed it.
const ReviewTarget = 10

// ProofFunc says which roles' entries in a report ("ect", "tutor",
// "headteacher", and "ab" for the AB's review) the Git history does not
// prove.
type ProofFunc func(r *record.Report) (unproven []string)

func (s State) String() string { return stateNames[s] }

// MarshalText makes a State print as its name in JSON.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Done reports whether nothing is left for the school to do.
func (s State) Done() bool { return s == Submitted || s == Reviewed || s == Decided }

// required returns the roles that sign a report of the kind (SG 2.61), as
// a signature's role: writes them.
func required(k record.Kind) []string {
	var out []string
	for _, r := range record.SigningRoles(k) {
		out = append(out, string(r))
	}
	return out
}

func stateOf(x *Expected, env Env) (State, []string, []string, []string) {
	r := x.Report
	byDate := func() State {
		switch {
		case env.Today.After(x.Due):
			return Overdue
		case !env.Today.Before(windowStart(x, env)):
			return Due
		}
		return NotDue
	}
	if r == nil {
		return byDate(), nil, required(x.Kind), nil
	}
	var unproven []string
	if env.Proof != nil {
		unproven = env.Proof(r)
	}
	var signed, unsigned []string
	for _, role := range required(r.Kind) {
		switch {
		case slices.Contains(unproven, role):
		case r.Signed(record.Role(role)):
			signed = append(signed, role)
		default:
			unsigned = append(unsigned, role)
		}
	}
	switch {
	case len(unproven) > 0:
		return NotProven, signed, unsigned, unproven
	case r.Returned():
		return Returned, signed, unsigned, nil
	case r.ABReview != nil:
		return Reviewed, signed, unsigned, nil
	case len(unsigned) == 0:
		return Submitted, signed, unsigned, nil
	case r.Released != nil && !r.Signed(record.RoleECT) && commentsEmpty(r):
		return ECTToComment, signed, unsigned, nil
	case r.Released != nil || len(signed) > 0:
		return NeedsSignatures, signed, unsigned, nil
	}
	return byDate(), signed, unsigned, nil
}

// windowStart is the first day a report counts as due.
func windowStart(x *Expected, env Env) time.Time {
	return env.Holidays.SubWorkingDays(x.Due, env.Policy.Window)
}

func commentsEmpty(r *record.Report) bool {
	s := r.SectionNamed("ECT comments")
	return s == nil || s.Empty
}
