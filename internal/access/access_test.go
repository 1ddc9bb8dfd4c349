package access_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/access"
	"github.com/ectdocs/ectdocs/internal/fixture"
)

// TestEveryoneAndNobodyElse: for each ECT of the demo, everyone at their
// school and at the appropriate body is listed, with what they see, and
// nobody from another school; the ECT's tutor and mentor are marked as
// theirs.
func TestEveryoneAndNobodyElse(t *testing.T) {
	book := fixture.DemoBook(t)
	for _, e := range book.ECTs {
		t.Run(e.TRN, func(t *testing.T) {
			l := access.For(book, e)
			listed := map[string]access.Person{}
			for _, p := range l.People {
				if len(p.Sees) == 0 {
					t.Errorf("%s: sees nothing", p.Name)
				}
				listed[p.Where+"/"+p.ID] = p
			}
			if _, ok := listed[e.School.Name+"/"+e.TRN]; !ok {
				t.Errorf("the ECT is not listed")
			}
			for _, st := range e.School.Staff {
				p, ok := listed[e.School.Name+"/"+st.ID]
				if !ok {
					t.Errorf("%s of the school is not listed", st.Name)
					continue
				}
				if mine := slices.ContainsFunc(p.Roles, func(r string) bool { return strings.HasSuffix(r, "(this ECT's)") }); mine != (st.ID == e.Tutor || st.ID == e.Mentor) {
					t.Errorf("%s: marked as the ECT's own: %v", st.Name, mine)
				}
			}
			for _, st := range book.Body.Staff {
				if _, ok := listed[book.Body.Name+"/"+st.ID]; !ok {
					t.Errorf("%s of the appropriate body is not listed", st.Name)
				}
			}
			if n := 1 + len(e.School.Staff) + len(book.Body.Staff); len(l.People) != n {
				t.Errorf("%d people listed, want %d: nobody from another school", len(l.People), n)
			}
		})
	}
}
