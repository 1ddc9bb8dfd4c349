package record

// Role is who signs a report, the role: of a signature entry (the schema
// allows RoleECT, RoleTutor and RoleHeadteacher), or RoleAB for the
// appropriate body's review of it.
type Role string

// The roles that sign or review a report.
const (
	RoleECT         Role = "ect"
	RoleTutor       Role = "tutor"
	RoleHeadteacher Role = "headteacher"
	// RoleAB is the appropriate body reviewing a report (its ab_review:);
	// it never signs.
	RoleAB Role = "ab"
)

// Words names the role in a sentence: "ECT", "tutor", "headteacher",
// "appropriate body"; any other role as written.
func (r Role) Words() string {
	switch r {
	case RoleECT:
		return "ECT"
	case RoleAB:
		return "appropriate body"
	}
	return string(r)
}

// Title names the role at the head of a line, as the DfE forms do:
// "ECT", "Induction tutor", "Headteacher", "Appropriate body"; any other
// role as written.
func (r Role) Title() string {
	switch r {
	case RoleECT:
		return "ECT"
	case RoleTutor:
		return "Induction tutor"
	case RoleHeadteacher:
		return "Headteacher"
	case RoleAB:
		return "Appropriate body"
	}
	return string(r)
}

// SigningRoles are the roles that sign a report of the kind (SG 2.61):
// the ECT and the induction tutor, and for a formal assessment the
// headteacher too. The slice is the caller's.
func SigningRoles(kind Kind) []Role {
	if kind == KindFormalAssessment {
		return []Role{RoleECT, RoleTutor, RoleHeadteacher}
	}
	return []Role{RoleECT, RoleTutor}
}

// SigningRoles are the roles that sign the report.
func (r *Report) SigningRoles() []Role { return SigningRoles(r.Kind) }

// Signed reports whether the report has a signature entry in role.
func (r *Report) Signed(role Role) bool {
	for _, s := range r.Signatures {
		if s.Role == role {
			return true
		}
	}
	return false
}

// RuleSignatureMeeting is the rule a signature dated before the meeting its
// report records breaks (SG 2.61).
const RuleSignatureMeeting = "signature-meeting"

// SignedBeforeMeeting returns the index of the first signature dated
// before the meeting the report records, or -1: a report is written up
// after its meeting, commented on by the ECT and then signed (SG 2.61).
func (r *Report) SignedBeforeMeeting() int {
	m, ok := r.Meeting.Time()
	if !ok {
		return -1
	}
	for i, s := range r.Signatures {
		if on, ok := s.On.Time(); ok && on.Before(m) {
			return i
		}
	}
	return -1
}

// Decision is the appropriate body's decision on a submitted report, the
// decision: of its ab_review:.
type Decision string

// The appropriate body's decisions on a report.
const (
	// Accepted: the report stands; nothing more is signed.
	Accepted Decision = "accepted"
	// Returned: the school must change the report (the review's feedback
	// says what) and sign it again.
	Returned Decision = "returned"
)

// Accepted reports whether the AB accepted the report.
func (r *Report) Accepted() bool { return r.ABReview != nil && r.ABReview.Decision == Accepted }

// Returned reports whether the AB returned the report.
func (r *Report) Returned() bool { return r.ABReview != nil && r.ABReview.Decision == Returned }

// The results of induction, an Outcome's result: the AB decides that the
// ECT has satisfactorily completed induction, or has failed to
// (Reg. 11(5)(a), (c)).
const (
	ResultPass = "pass"
	ResultFail = "fail"
)

// Passed reports whether the outcome is a pass; false for no outcome.
func (o *Outcome) Passed() bool { return o != nil && o.Result == ResultPass }

// Failed reports whether the outcome is a fail; false for no outcome.
func (o *Outcome) Failed() bool { return o != nil && o.Result == ResultFail }

// Words says the outcome as a sentence does: "passed", "failed"; "" for
// no outcome or a result that is neither.
func (o *Outcome) Words() string {
	switch {
	case o.Passed():
		return "passed"
	case o.Failed():
		return "failed"
	}
	return ""
}

// Representations says what became of the ECT's right to make written
// representations to the AB on the headteacher's recommendation, within 10
// working days beginning with the day they received it (Reg. 11(4)),
// which the AB must have regard to before it decides (Reg. 11(6)).
type Representations string

// What the ECT did with their right to make representations.
const (
	// RepresentationsMade: the ECT made written representations, and the
	// AB has them.
	RepresentationsMade Representations = "made"
	// RepresentationsWaived: the ECT said in writing they make none.
	RepresentationsWaived Representations = "waived"
)

// StaffRole is a role of a member of staff: of a school's (staff: in
// school.md) or of the appropriate body's (staff: in body.md).
type StaffRole string

// The roles of a school's staff.
const (
	StaffHeadteacher    StaffRole = "headteacher"
	StaffInductionLead  StaffRole = "induction_lead"
	StaffInductionTutor StaffRole = "induction_tutor"
	StaffMentor         StaffRole = "mentor"
	StaffObserver       StaffRole = "observer"
)

// The roles of the appropriate body's staff.
const (
	StaffABLead       StaffRole = "ab_lead"
	StaffABReviewer   StaffRole = "ab_reviewer"
	StaffABAdmin      StaffRole = "ab_admin"
	StaffNamedContact StaffRole = "named_contact"
)

// Words writes the role as people read it: "induction tutor".
func (r StaffRole) Words() string {
	b := []byte(r)
	for i, c := range b {
		if c == '_' {
			b[i] = ' '
		}
	}
	return string(b)
}
