package audit_test

import (
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
)

// TestAuthorOnly: under signing_policy verified, unsigned commits fail the
// key check, unless the auditor proves authorship only (a transfer bundle,
// whose rewritten commits cannot carry their original signatures).
func TestAuthorOnly(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.verified()
	clear(r.signers) // nobody signs their commits
	r.setup()
	r.honestReview()
	book := r.load()
	people, _ := identity.New(book)
	h, err := r.open().Walk(history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, ds := audit.New(r.open(), h, people).Check(book)
	// Nothing is proven: not even body.md, the root of trust, whose commit
	// is not signed.
	if res.Count[audit.Failed] != 3 || !strings.Contains(dump(ds), audit.RuleIdentity) {
		t.Errorf("without AuthorOnly: %d failed, diagnostics:%s", res.Count[audit.Failed], dump(ds))
	}
	people, _ = identity.New(book) // Check leaves in people only what it proved
	a := audit.New(r.open(), h, people)
	a.AuthorOnly = true
	res, ds = a.Check(book)
	if res.Count[audit.Proven] != 3 || len(ds) != 0 {
		t.Errorf("with AuthorOnly: %d proven, diagnostics:%s", res.Count[audit.Proven], dump(ds))
	}
	// Authorship still counts: the tutor adding the ECT's signature fails.
	r = newRepo(t)
	r.verified()
	clear(r.signers)
	r.setup()
	full := r.files[review]
	r.upToComments(review, "", "2025-12-10", "2025-12-11")
	r.commit("forged", tutor, "2025-12-11 18:05", "Sign as ect", review, fixture.Version(t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
	book = r.load()
	people, _ = identity.New(book)
	if h, err = r.open().Walk(history.Options{}); err != nil {
		t.Fatal(err)
	}
	a = audit.New(r.open(), h, people)
	a.AuthorOnly = true
	if _, ds = a.Check(book); !strings.Contains(dump(ds), audit.RuleAuthor) {
		t.Errorf("with AuthorOnly, a signature added by someone else: diagnostics:%s", dump(ds))
	}
}
