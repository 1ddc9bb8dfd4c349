package record

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ectdocs/ectdocs/internal/diag"
)

// RuleRepository is a school records repository that body.md lists
// (Body.Repositories) and that cannot be read with the body's records as
// they are: it is missing, its body.md is not the body's, or it holds a
// school that is already held elsewhere.
const RuleRepository = "repository"

// Join adds to b the schools, ECTs and records of members, each read
// from a school's own records repository (with its own copy of body.md,
// which Join leaves out: b's body is the body). Schools and ECTs keep the
// order one records folder holding them all would give, so what is built
// from the union is what would be built from one folder. A school folder
// that b, or a member before, holds already is left out, with an error at
// the member's copy.
func (b *Book) Join(members ...*Book) {
	held := map[string]bool{}
	for _, s := range b.Schools {
		held[s.Place.SchoolDir] = true
	}
	for _, m := range members {
		b.Files += m.Files
		b.Diagnostics = append(b.Diagnostics, m.Diagnostics...)
		for k := range m.Evidence {
			b.Evidence[k] = true
		}
		dup := map[string]bool{}
		for _, s := range m.Schools {
			if held[s.Place.SchoolDir] {
				dup[s.Place.SchoolDir] = true
				b.Diagnostics = append(b.Diagnostics, diag.Errorf(s.Doc.Pos(1, 1), RuleRepository,
					"the school folder %s is in two records repositories: it is left out here; keep each school's records in one repository only", s.Place.SchoolDir))
				continue
			}
			held[s.Place.SchoolDir] = true
			b.Schools = append(b.Schools, s)
		}
		for _, e := range m.ECTs {
			if !dup[e.Place.SchoolDir] {
				b.ECTs = append(b.ECTs, e)
			}
		}
		for _, r := range m.all {
			f := r.RecordFile()
			if f.Place.Kind != KindBody && !dup[f.Place.SchoolDir] {
				b.all = append(b.all, r)
			}
		}
	}
	slices.SortStableFunc(b.Schools, func(x, y *School) int { return cmp.Compare(x.Place.SchoolDir, y.Place.SchoolDir) })
	slices.SortStableFunc(b.ECTs, func(x, y *ECT) int { return cmp.Compare(x.Place.ECTDir, y.Place.ECTDir) })
	slices.SortStableFunc(b.all, func(x, y Record) int { return walkOrder(x.RecordFile().Rel, y.RecordFile().Rel) })
}

// walkOrder compares two slash-separated paths in the order a walk of
// their folder meets them: name by name, a folder's files among its
// other entries by name.
func walkOrder(a, b string) int {
	return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/"))
}
