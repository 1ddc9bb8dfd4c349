package check

import (
	"bytes"
	"fmt"
	"maps"
	"path"
	"reflect"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// member is one records repository read into a union: what its history
// proves, and the schools (folders relative to the records folder) whose
// records it holds.
type member struct {
	proof   *Proof
	schools map[string]bool
}

// Union proves the records folder f's signatures from its history, as
// Prove does, and, when its body.md lists the schools' own records
// repositories (record.Body.Repositories), reads each one's records into
// book (record.Book.Join) and proves them from that repository's own
// history, as the school's own ect validate does. The Proof returned is
// all of them together: what status, qa, export and the portal show.
//
// A repository is proven against the body's rules only: one whose copy
// of body.md does not say what the body's says, or that is not in Git,
// has every signature, review and decision in it shown as not proven (a
// copy could name other AB staff or another signing policy). When the
// body's own records are not in Git, nothing is proven, as when one
// folder holds them all.
func Union(f *workspace.Folder, book *record.Book) (*Proof, error) {
	pr, err := Prove(f.Dir, f.Display, book, "")
	if err != nil {
		return nil, err
	}
	return pr, pr.union(f, book)
}

// union reads the school repositories into book and their proofs into p,
// as Union says.
func (p *Proof) union(f *workspace.Folder, book *record.Book) error {
	if p.Result == nil {
		// Not in Git: nothing read with the body's records is proven
		// either, as when they are all in one folder.
		return Join(f, book)
	}
	p.ownSchools = map[string]bool{}
	for _, s := range book.Schools {
		p.ownSchools[s.Place.SchoolDir] = true
	}
	return eachMember(f, book, func(m *workspace.Folder, mb *record.Book, same bool) error {
		mp, err := proveMember(m, mb, same)
		if err == nil {
			p.join(mp, mb)
		}
		return err
	})
}

// Join reads the records of the schools' own repositories that book's
// body.md lists into book, as Union does, without proving anything: for
// what shows no signature (ect export).
func Join(f *workspace.Folder, book *record.Book) error {
	return eachMember(f, book, func(*workspace.Folder, *record.Book, bool) error { return nil })
}

// eachMember reads each school repository that book's body.md lists,
// calls do with it (same: whether its copy of body.md says what the
// body's says; an error in its book when not), and joins them all into
// book.
func eachMember(f *workspace.Folder, book *record.Book, do func(m *workspace.Folder, mb *record.Book, same bool) error) error {
	folders, err := f.Members(book.Body)
	if err != nil {
		return err
	}
	defer func() {
		for _, m := range folders {
			m.Close()
		}
	}()
	var books []*record.Book
	for _, m := range folders {
		mb, err := m.Load()
		if err != nil {
			return err
		}
		same := sameBody(mb.Body, book.Body)
		if !same && book.Body != nil {
			mb.Diagnostics = append(mb.Diagnostics, diag.Errorf(diag.Position{File: path.Join(m.Display, "body.md"), Line: 1, Column: 1}, record.RuleRepository,
				"this school repository's body.md is not the appropriate body's (%s): nothing in it is shown as proven until the body's body.md (its repositories: list left out) is copied into it and committed", book.Body.Doc.Path))
		}
		if err := do(m, mb, same); err != nil {
			return err
		}
		books = append(books, mb)
	}
	book.Join(books...)
	return nil
}

// proveMember proves one school repository's records, when its copy of
// body.md says what the body's says (same).
func proveMember(m *workspace.Folder, mb *record.Book, same bool) (*Proof, error) {
	if !same {
		people, _ := identity.New(mb)
		why := fmt.Sprintf("%s is not the appropriate body's body.md, so its history cannot prove who may sign", path.Join(m.Display, "body.md"))
		return &Proof{
			Notes:  []string{m.Display + ": signatures: not proven, its body.md is not the body's"},
			Result: audit.Unprovable(mb, people, why),
		}, nil
	}
	mp, err := Prove(m.Dir, m.Display, mb, "")
	if err != nil {
		return nil, err
	}
	if mp.Result == nil {
		people, _ := identity.New(mb)
		mp.Result = audit.Unprovable(mb, people, m.Display+" is not in Git, so nothing in it is proven")
	}
	for i, n := range mp.Notes {
		mp.Notes[i] = m.Display + ": " + n
	}
	return mp, nil
}

// join adds a member repository's proof, for the schools of its book
// that neither the body's folder nor an earlier member holds (as
// record.Book.Join does).
func (p *Proof) join(mp *Proof, mb *record.Book) {
	m := member{proof: mp, schools: map[string]bool{}}
	for _, s := range mb.Schools {
		if !p.holds(s.Place.SchoolDir) {
			m.schools[s.Place.SchoolDir] = true
		}
	}
	p.members = append(p.members, m)
	p.Diags = append(p.Diags, mp.Diags...)
	p.Notes = append(p.Notes, mp.Notes...)
	// Each repository proves its own schools' records: a path that the
	// body's folder holds too is the body's (Book.Join leaves the
	// member's out and says so).
	r, mr := p.Result, mp.Result
	for rel, ps := range mr.Proofs {
		if m.schools[record.PlaceOf(rel).SchoolDir] {
			r.Proofs[rel] = ps
		}
	}
	for st, n := range mr.Count {
		r.Count[st] += n
	}
	for st, n := range mr.Decisions {
		r.Decisions[st] += n
	}
	r.Commits += mr.Commits
	r.Walked += mr.Walked
}

// holds reports whether the records of the school folder dir are proven
// already: by a member, or by the body's folder's own audit.
func (p *Proof) holds(dir string) bool {
	for _, m := range p.members {
		if m.schools[dir] {
			return true
		}
	}
	return p.ownSchools[dir]
}

// memberOf returns the proof of the ECT's records: its school
// repository's, or the body folder's own.
func (p *Proof) memberOf(e *record.ECT) *Proof {
	for _, m := range p.members {
		if m.schools[e.Place.SchoolDir] {
			return m.proof
		}
	}
	return p
}

// sameBody reports whether a school repository's copy of body.md says
// what the body's says: the same front matter, repositories: aside (the
// body's list of them, which a school's copy leaves out), and the same
// text.
func sameBody(copy, body *record.Body) bool {
	if copy == nil || body == nil || !bytes.Equal(copy.Doc.Body(), body.Doc.Body()) {
		return false
	}
	a, b := maps.Clone(copy.Doc.Values()), maps.Clone(body.Doc.Values())
	delete(a, "repositories")
	delete(b, "repositories")
	return reflect.DeepEqual(a, b)
}
