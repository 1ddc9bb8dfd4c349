package record

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		role         Role
		words, title string
	}{
		{RoleECT, "ECT", "ECT"},
		{RoleTutor, "tutor", "Induction tutor"},
		{RoleHeadteacher, "headteacher", "Headteacher"},
		{RoleAB, "appropriate body", "Appropriate body"},
		{"other", "other", "other"},
	} {
		if got := tc.role.Words(); got != tc.words {
			t.Errorf("%s.Words() = %q, want %q", tc.role, got, tc.words)
		}
		if got := tc.role.Title(); got != tc.title {
			t.Errorf("%s.Title() = %q, want %q", tc.role, got, tc.title)
		}
	}
	if got := StaffInductionTutor.Words(); got != "induction tutor" {
		t.Errorf("StaffInductionTutor.Words() = %q", got)
	}
	if got := SigningRoles(KindProgressReview); !slices.Equal(got, []Role{RoleECT, RoleTutor}) {
		t.Errorf("SigningRoles(progress review) = %v", got)
	}
	if got := SigningRoles(KindFormalAssessment); !slices.Equal(got, []Role{RoleECT, RoleTutor, RoleHeadteacher}) {
		t.Errorf("SigningRoles(formal assessment) = %v", got)
	}
}

func TestPeopleByID(t *testing.T) {
	s := &School{Staff: []Staff{{ID: "tutor-a", Name: "Tom Tutor", Roles: []StaffRole{StaffInductionTutor}}}}
	e := &ECT{TRN: "1234567", Name: "Erin Example", School: s}
	b := &Book{ECTs: []*ECT{e}, Body: &Body{Staff: []Staff{{ID: "lead", Name: "Ada Lead", Roles: []StaffRole{StaffABLead}}}}}
	var none *School
	var noBody *Body
	for _, tc := range []struct{ got, want string }{
		{s.StaffName("tutor-a"), "Tom Tutor"},
		{s.StaffName("nobody"), "nobody"},
		{none.StaffName("tutor-a"), "tutor-a"},
		{b.Body.StaffName("lead"), "Ada Lead"},
		{noBody.StaffName("lead"), "lead"},
		{e.SignerName(Signature{Role: RoleECT, By: "1234567"}), "Erin Example"},
		{e.SignerName(Signature{Role: RoleTutor, By: "tutor-a"}), "Tom Tutor"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if b.ECT("1234567") != e || b.ECT("7654321") != nil {
		t.Error("Book.ECT does not find by TRN")
	}
	if st, _ := b.Body.Person("lead"); !st.Decides() {
		t.Error("an ab_lead decides")
	}
	if st, _ := s.Person("tutor-a"); st.Decides() || !st.HasRole(StaffInductionTutor) {
		t.Error("a school's tutor holds induction_tutor and takes no AB decision")
	}
}

// TestFind: a record by its path, with the ECT whose profile or report it
// is; a school by its URN.
func TestFind(t *testing.T) {
	s := &School{File: &File{Rel: "schools/a/school.md"}, URN: 990101}
	r := &Report{File: &File{Rel: "schools/a/ects/1234567/reports/term-1.md"}}
	e := &ECT{File: &File{Rel: "schools/a/ects/1234567/ect.md"}, TRN: "1234567", School: s, Reports: []*Report{r}}
	b := &Book{Schools: []*School{s}, ECTs: []*ECT{e}, all: []Record{s, e, r}}
	for _, tc := range []struct {
		rel        string
		file       *File
		ect        *ECT
		wantReport *Report
	}{
		{s.Rel, s.File, nil, nil},
		{e.Rel, e.File, e, nil},
		{r.Rel, r.File, e, r},
		{"schools/a/notes.md", nil, nil, nil},
	} {
		f, gotECT, gotReport := b.Find(tc.rel)
		if f != tc.file || gotECT != tc.ect || gotReport != tc.wantReport {
			t.Errorf("Find(%s) = %v, %v, %v", tc.rel, f, gotECT, gotReport)
		}
	}
	if b.School(990101) != s || b.School(990102) != nil {
		t.Error("Book.School does not find by URN")
	}
}

func TestOutcomeWords(t *testing.T) {
	for _, tc := range []struct {
		o              *Outcome
		words          string
		passed, failed bool
	}{
		{&Outcome{Result: ResultPass}, "passed", true, false},
		{&Outcome{Result: ResultFail}, "failed", false, true},
		{&Outcome{Result: "extend"}, "", false, false},
		{nil, "", false, false},
	} {
		if got := tc.o.Words(); got != tc.words || tc.o.Passed() != tc.passed || tc.o.Failed() != tc.failed {
			t.Errorf("%+v: Words %q Passed %v Failed %v; want %q %v %v", tc.o, got, tc.o.Passed(), tc.o.Failed(), tc.words, tc.passed, tc.failed)
		}
	}
}
