package workflow

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// The appropriate body's decisions on an induction (Reg. 11(5)).
const (
	Pass   = record.ResultPass
	Fail   = record.ResultFail
	Extend = "extend"
)

// Decision is the appropriate body's decision on an ECT's induction.
type Decision struct {
	Result string    // Pass, Fail or Extend
	Terms  float64   // Extend: the FTE terms, 0.1 to 16, to 1 dp
	Reason string    // Extend: why, as the notice says it
	On     time.Time // the day it was decided
	// Notified is the day the notice went to the ECT, the headteacher
	// and the employer; zero means the day decided.
	Notified time.Time
	// Representations says the ECT made or waived representations on
	// the recommendation; needed when deciding within their 10 working
	// days for them (Reg. 11(4), 11(6)).
	Representations record.Representations
}

// Refused is a decision the law does not allow (yet), said as a
// diagnostic at the place in the records that shows why.
type Refused struct{ diag.Diagnostic }

// Error formats the refusal as path:line:col: message [rule].
func (r *Refused) Error() string { return r.Diagnostic.String() }

func refuse(f *record.File, path []string, rule, format string, args ...any) *Refused {
	return &Refused{diag.Errorf(f.Doc.Locate(path, false), rule, format, args...)}
}

// Decided is what Decide recorded, with the statutory dates around it.
type Decided struct {
	Done
	Decision
	By *identity.Identity // the AB staff member
	// Recommendation is the final assessment decided on, and Received the
	// day it reached the AB (its last signature).
	Recommendation *record.Report
	Received       time.Time
	// DecideBy is the last day for the decision (20 working days); Late
	// the working days after it the decision came (0 when in time).
	DecideBy time.Time
	Late     int
	// NoticeBy is the last day for the notice (3 working days after the
	// decision); AppealBy the last day for the ECT's appeal against a
	// fail or an extension (20 working days after the notice is received).
	NoticeBy, AppealBy time.Time
	// TRABy is the last day for telling the Secretary of State, through
	// the Teaching Regulation Agency, of a fail or an extension (3
	// working days, SG 2.69; Reg. 11(7)(d)); zero for a pass, which goes
	// in the termly return.
	TRABy time.Time
	// Period is the induction period's end and terms written with a pass
	// or fail (empty when the period already had them).
	End         string
	PeriodTerms float64
}

// Decide records the appropriate body's decision on an ECT's induction in
// their ect.md, as a commit by the AB staff member taking it: a pass or a
// fail on their current induction period (ending it, when open, on the
// last day the final assessment covers, with the FTE terms served then),
// or an extension. served gives the FTE terms served by a day. It refuses
// anyone but an ab_lead or ab_reviewer, a second outcome (one induction
// per person: a fail closes it for good), and a decision without a final
// assessment signed by the ECT, the tutor and the headteacher. It refuses,
// as a *Refused at the place in the records that shows why, a decision
// before the law allows: on a final assessment signed before its meeting
// (SG 2.61), before the period it covers has ended (Reg. 11(1), 11(3)),
// while the ECT may still make representations and d does not say they
// were made or waived (Reg. 11(4), 11(6)), or before an induction period
// end already recorded.
func Decide(repo *history.Repo, people *identity.People, book *record.Book, e *record.ECT, d Decision, u User, h *calendar.Holidays, served func(time.Time) float64) (Decided, error) {
	who, err := abDecider(people, book, u, "decide the outcome of induction")
	if err != nil {
		return Decided{}, err
	}
	out := Decided{Decision: d, By: who}
	if out.Notified.IsZero() {
		out.Notified = d.On
	}
	today := u.When.Format(time.DateOnly)
	switch {
	case !slices.Contains([]string{Pass, Fail, Extend}, d.Result):
		return out, fmt.Errorf("the decision is pass, fail or extend, not %q", d.Result)
	case !slices.Contains([]record.Representations{"", record.RepresentationsMade, record.RepresentationsWaived}, d.Representations):
		return out, fmt.Errorf("--representations is made or waived, not %q", d.Representations)
	case d.On.Format(time.DateOnly) > today:
		return out, fmt.Errorf("the decision is dated %s, after today (%s): record a decision once it is taken", d.On.Format(time.DateOnly), today)
	case out.Notified.Before(d.On):
		return out, fmt.Errorf("the notice (%s) cannot go out before the decision (%s)", out.Notified.Format(time.DateOnly), d.On.Format(time.DateOnly))
	}
	for _, p := range e.Periods {
		if o := p.Outcome; o != nil {
			if o.Result == Fail {
				return out, fmt.Errorf("%s failed induction (decided on %s): a failed induction is closed for good, and nobody serves induction twice (Regulation 9)", e.Name, o.Decided)
			}
			return out, fmt.Errorf("%s passed induction already (decided on %s): induction has one outcome (Regulation 9)", e.Name, o.Decided)
		}
	}
	rec, received := schedule.Recommendation(e, d.On)
	if rec == nil {
		return out, fmt.Errorf("there is no final assessment of %s signed by the ECT, the tutor and the headteacher by %s: the AB decides on the headteacher's recommendation in it (Reg. 11(5); SG 2.67)", e.Name, d.On.Format(time.DateOnly))
	}
	for _, x := range e.Extensions {
		if on, ok := x.Decided.Time(); ok && !on.Before(received) {
			return out, fmt.Errorf("induction was extended on %s after the final assessment %s already: the next decision follows the final assessment at the end of the extension", x.Decided, rec.Doc.Path)
		}
	}
	if i := rec.SignedBeforeMeeting(); i >= 0 {
		s := rec.Signatures[i]
		return out, refuse(rec.File, []string{"signatures", strconv.Itoa(i), "on"}, record.RuleSignatureMeeting, "the %s signed the final assessment on %s, before the meeting on %s that it records: the AB decides on a recommendation signed after the meeting (SG 2.61; Reg. 11(5))", s.Role.Words(), s.On, rec.Meeting)
	}
	if early := schedule.DecidableOn(h, rec, received, d.On, d.Representations); early != nil {
		return out, refuse(rec.File, early.Path, schedule.RuleOutcomeEarly, "a decision on %s is refused %s", d.On.Format(time.DateOnly), early.Msg)
	}
	if i := len(e.Periods) - 1; i >= 0 && d.Result != Extend {
		if early := schedule.EndedBy(e.Periods[i], d.On); early != nil {
			return out, refuse(e.File, append([]string{"periods", strconv.Itoa(i)}, early.Path...), schedule.RuleOutcomeEarly, "a decision on %s is refused %s", d.On.Format(time.DateOnly), early.Msg)
		}
	}
	out.Recommendation, out.Received = rec, received
	out.DecideBy = schedule.DecideBy(h, received)
	if d.On.After(out.DecideBy) {
		out.Late = h.WorkingDays(out.DecideBy.AddDate(0, 0, 1), d.On)
	}
	out.NoticeBy = schedule.NoticeBy(h, d.On)
	if d.Result != Pass {
		out.AppealBy = schedule.AppealBy(h, out.Notified)
		out.TRABy, _ = schedule.TRANoticeBy(h, nil, false, d.On)
	}

	on, notified := d.On.Format(time.DateOnly), out.Notified.Format(time.DateOnly)
	reps := ""
	if d.Representations != "" {
		reps = ", representations: " + string(d.Representations)
	}
	var content []byte
	var msg string
	if d.Result == Extend {
		if d.Terms < 0.1 || d.Terms > 16 || math.Abs(d.Terms*10-math.Round(d.Terms*10)) > 1e-9 {
			return out, fmt.Errorf("--terms %g: an extension is 0.1 to 16 FTE terms, to one decimal place (SG 2.70, 3.8)", d.Terms)
		}
		if strings.TrimSpace(d.Reason) == "" {
			return out, errors.New("say why induction is extended, and what the ECT must show: --reason TEXT (it goes in the notice)")
		}
		item := fmt.Sprintf("{terms: %.1f, decided: \"%s\", by: %s, notified: \"%s\"%s, reason: %s}", d.Terms, on, who.ID, notified, reps, strconv.Quote(strings.Join(strings.Fields(d.Reason), " ")))
		if content, err = e.Doc.AppendItem("extensions", item); err != nil {
			return out, err
		}
		msg = fmt.Sprintf("Extend %s's induction by %.1f terms\n\n%s decides for the appropriate body, on the final assessment %s.", e.Name, d.Terms, who.Name, rec.Place.Year+" "+rec.Place.Term)
	} else {
		if d.Terms != 0 || d.Reason != "" {
			return out, errors.New("--terms and --reason go with extend only")
		}
		var fields [][2]string
		last := e.Periods[len(e.Periods)-1]
		if last.End == "" {
			out.End = string(rec.Period.To)
			end, ok := rec.Period.To.Time()
			if !ok {
				return out, fmt.Errorf("%s has no period to: to end the induction period on", rec.Doc.Path)
			}
			// the exact length served, to 2 dp (SG 2.34 and its footnote)
			out.PeriodTerms = schedule.Round2(served(end))
			fields = append(fields, [2]string{"end", strconv.Quote(out.End)}, [2]string{"terms", schedule.FormatTerms(out.PeriodTerms)})
		}
		if last.EndReason == "" {
			fields = append(fields, [2]string{"end_reason", "completed"})
		}
		fields = append(fields, [2]string{"outcome", fmt.Sprintf("{result: %s, decided: \"%s\", by: %s, notified: \"%s\"%s}", d.Result, on, who.ID, notified, reps)})
		if content, err = e.Doc.AddToLastItem("periods", fields); err != nil {
			return out, err
		}
		verb := map[string]string{Pass: "passes", Fail: "fails"}[d.Result]
		msg = fmt.Sprintf("Record the outcome of %s's induction: %s %s\n\n%s decides for the appropriate body, on the final assessment %s.", e.Name, e.Name, verb, who.Name, rec.Place.Year+" "+rec.Place.Term)
	}
	h2, err := CommitFile(repo, e.Rel, content, msg, u)
	out.Done = Done{h2, msg}
	return out, err
}

// abDecider is the user as AB staff who take decisions (ab_lead or
// ab_reviewer), or why not.
func abDecider(people *identity.People, book *record.Book, u User, what string) (*identity.Identity, error) {
	id := people.ByEmail(u.Email)
	if id == nil || people.ABStaff(id.ID) != id {
		return nil, fmt.Errorf("you are %s <%s>, who is not on the appropriate body's staff in body.md: only AB staff %s", u.Name, u.Email, what)
	}
	st, _ := book.Body.Person(id.ID)
	if !st.Decides() {
		return nil, fmt.Errorf("%s is not an ab_lead or ab_reviewer: only they %s", id.Name, what)
	}
	return id, nil
}
