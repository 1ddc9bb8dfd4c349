// Package check runs the whole check of a records folder, as ect validate
// does: the loader's findings, the statutory rules, and the proof of every
// signature, review and decision from the Git history. Every command that
// reports on or acts on records takes what is proven from here.
package check

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/codeowners"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// Result is the whole check of one records folder.
type Result struct {
	*Proof
	// Diagnostics are everything found: the loader's, the rules', the
	// history's.
	Diagnostics []diag.Diagnostic
}

// Run checks a loaded records folder on a day (rules.Options: today, and
// the day due dates are checked on), proving its history from since.
func Run(f *workspace.Folder, book *record.Book, day rules.Options, since string) (*Result, error) {
	pr, err := Prove(f.Dir, f.Display, book, since)
	if err != nil {
		return nil, err
	}
	ds := append(append(book.Diagnostics, rules.Check(book, day)...), pr.Diags...)
	return &Result{Proof: pr, Diagnostics: ds}, nil
}

// ProofFunc says which of each report's signatures the history does not
// prove (all of them, when the records are not in Git), for the states
// that status, the portal, the PDF, qa and remind show.
func (p *Proof) ProofFunc() schedule.ProofFunc {
	if p.Result == nil {
		return audit.ProofOf(nil)
	}
	return audit.ProofOf(p.Result.Proofs)
}

// Proof is what proving a records folder's signatures from Git found.
type Proof struct {
	// Diags are the history's diagnostics (and the keys'); Notes sum up
	// what it proved, for after the summary.
	Diags []diag.Diagnostic
	Notes []string
	// Result is the audit, nil when the records are not in Git; Auditor
	// what proved it (for trails); Head the commit proven, abbreviated.
	Result  *audit.Result
	Auditor *audit.Auditor
	Head    string

	members    []member        // the school repositories read with it (Union)
	ownSchools map[string]bool // the school folders of the records folder itself
}

// Prove checks the signatures of the book loaded from dir against the Git
// history of the repository that holds it, reading only the commits that
// the cache in .git/ectdocs has not seen. since, when set, is a revision
// whose history was proven before (a pull request's base). A shallow
// clone proves nothing, and says so.
func Prove(dir, display string, book *record.Book, since string) (*Proof, error) {
	return prove(dir, display, book, since, nil)
}

// changed is what a check of a change (ect validate --since) knows before
// proving: the repository, open, and which records' working content is
// HEAD's (audit.Auditor.AtHead).
type changed struct {
	repo   *history.Repo
	atHead func(rel string) bool
}

// prove is Prove, with what a check of a change knows (ch, when not nil).
func prove(dir, display string, book *record.Book, since string, ch *changed) (*Proof, error) {
	people, ds := identity.New(book)
	out := &Proof{Diags: ds}
	if dir == "" {
		return out, nil
	}
	var repo *history.Repo
	var err error
	if ch != nil {
		repo = ch.repo
	} else {
		repo, err = history.Open(dir)
	}
	if errors.Is(err, history.ErrNotRepository) {
		out.Notes = append(out.Notes, "signatures: not proven, the records are not in a Git repository")
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if d := staleCodeowners(repo, book); d != nil {
		out.Diags = append(out.Diags, *d)
	}
	if repo.Shallow() {
		out.Diags = append(out.Diags, diag.Errorf(diag.Position{File: path.Join(display, "body.md")}, audit.RuleHistory,
			"the repository is a shallow clone: its history stops short, so no signature can be proven. Fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)"))
		return out, nil
	}
	var sinceHash history.Hash
	if since != "" {
		if sinceHash, err = repo.Resolve(since); err != nil {
			return nil, fmt.Errorf("--since: %w", err)
		}
	}
	// The cache holds what earlier runs proved; --since says the same
	// for a pull request's base, without a cache.
	var cache *audit.Cache
	opt := history.Options{Since: sinceHash}
	if since == "" {
		cache = audit.LoadCache(repo)
		opt.Known = cache.Known
	}
	h, err := repo.Walk(opt)
	if err != nil {
		return nil, fmt.Errorf("read the Git history of %s: %w", display, err)
	}
	a := audit.New(repo, h, people)
	a.Use(cache)
	if ch != nil {
		var files []*record.File
		for _, r := range book.Records() {
			if f := r.RecordFile(); ch.atHead(f.Rel) {
				files = append(files, f)
			}
		}
		a.AtHead(files)
	}
	res, ads := a.Check(book)
	out.Diags = append(out.Diags, ads...)
	out.Diags = append(out.Diags, a.Rewritten(book, res)...)
	// Save only what is new: an unchanged history leaves the cache as it
	// is (writing it costs seconds on a large body).
	if cache != nil && (res.Walked > 0 || cache.Known == nil || cache.Known.Head != h.Head) {
		if err := a.SaveCache(res); err != nil {
			out.Notes = append(out.Notes, "history cache not saved: "+err.Error())
		}
	}
	out.Result, out.Auditor = res, a
	if !h.Head.IsZero() {
		out.Head = history.Short(h.Head)
	}
	out.Notes = append(out.Notes, signatureNote(res, since))
	return out, nil
}

// signatureNote sums up what the history proved, e.g. "signatures: 40
// proven from Git history (12 verified by key), 3 imported (not proven);
// 120 commits read".
func signatureNote(res *audit.Result, since string) string {
	c := res.Count
	proven, _ := c.Proven()
	s := fmt.Sprintf("signatures: %d proven from Git history", proven)
	if n := c[audit.Verified] + c[audit.WebEditor]; n > 0 {
		s += fmt.Sprintf(" (%d signed by key)", n)
	}
	if n := c[audit.Earlier]; n > 0 {
		s += fmt.Sprintf(", %d proven before %s", n, since)
	}
	if n := c[audit.Imported]; n > 0 {
		s += fmt.Sprintf(", %d imported (not proven)", n)
	}
	if n := c[audit.Failed]; n > 0 {
		s += fmt.Sprintf(", %d not proven", n)
	}
	if n := c[audit.Uncommitted]; n > 0 {
		s += fmt.Sprintf(", %d not committed", n)
	}
	if d := res.Decisions; len(d) > 0 {
		proven, _ := d.Proven()
		s += fmt.Sprintf("; AB decisions: %d proven from Git history", proven)
		for _, st := range []audit.State{audit.Earlier, audit.Imported, audit.Failed, audit.Uncommitted} {
			if d[st] > 0 {
				s += fmt.Sprintf(", %d %s", d[st], map[audit.State]string{audit.Earlier: "proven before " + since, audit.Imported: "imported (not proven)", audit.Failed: "not proven", audit.Uncommitted: "not committed"}[st])
			}
		}
	}
	return s + "; " + diag.Plural(res.Walked, "commit") + " read"
}

// staleCodeowners warns when the repository's .github/CODEOWNERS is not
// what the records make it (when there is one).
func staleCodeowners(repo *history.Repo, book *record.Book) *diag.Diagnostic {
	file := filepath.Join(repo.Root, ".github", "CODEOWNERS")
	have, err := frontmatter.ReadFile(file) // a regular file only: a FIFO there would block
	if err != nil {
		return nil
	}
	if string(have) == codeowners.Generate(book, repo.Prefix) {
		return nil
	}
	d := diag.Warnf(diag.Position{File: workspace.Shown(file), Line: 1, Column: 1}, "codeowners",
		"CODEOWNERS does not match the records (people or schools have changed): run ect codeowners --write and commit it")
	return &d
}

// Commit returns the commit proven, abbreviated, and its date: "not in
// Git" and the Unix epoch when the records are not in Git, so that the
// same records give the same pages and PDFs. When every ECT that sel
// selects is read from one school repository (Union), it is that
// repository's commit: a school's portal built from the body's union is
// the one built from the school's own repository.
func (p *Proof) Commit(book *record.Book, sel func(*record.ECT) bool) (string, time.Time) {
	pr := p
	if len(p.members) > 0 && sel != nil {
		var one *Proof
		for _, e := range book.ECTs {
			if !sel(e) {
				continue
			}
			m := p.memberOf(e)
			if one != nil && m != one {
				one = nil
				break
			}
			one = m
		}
		if one != nil {
			pr = one
		}
	}
	if pr.Auditor == nil {
		return "not in Git", time.Unix(0, 0).UTC()
	}
	if c := pr.Auditor.History.Commits[pr.Auditor.History.Head]; c != nil {
		return pr.Head, c.Committer.When
	}
	return pr.Head, time.Unix(0, 0).UTC()
}

// Trails returns the audit trails of the reports of the ECTs that sel
// selects, by report path; none when the records are not in Git.
func (p *Proof) Trails(book *record.Book, sel func(*record.ECT) bool) map[string]*audit.Trail {
	if p.Result == nil || sel == nil {
		return nil
	}
	trails := map[string]*audit.Trail{}
	for _, e := range book.ECTs {
		if !sel(e) {
			continue
		}
		a := p.memberOf(e).Auditor
		if a == nil {
			continue // not in Git: no trail
		}
		for _, r := range e.Reports {
			if tr, err := a.Trail(r.File, e, r); err == nil {
				trails[r.Rel] = tr
			}
		}
	}
	return trails
}

// Folder loads the records folder f, with the school repositories its
// body.md lists (Union), and checks them as ect validate does, returning what is found in the paths f.Only names (all, when it names
// none), the number of files read, and the notes to say after the summary.
func Folder(f *workspace.Folder, day rules.Options, since string) ([]diag.Diagnostic, int, []string, error) {
	var notes []string
	var ch *changed
	if since != "" && f.Scope == nil {
		scope, profileOnly, c, note, err := changeScope(f, since)
		if err != nil {
			return nil, 0, nil, err
		}
		f.Scope, f.ProfileOnly, ch = scope, profileOnly, c
		if ch != nil {
			defer ch.repo.Close()
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	book, err := f.Load()
	if err != nil {
		return nil, 0, nil, err
	}
	if f.Scope != nil && book.Body != nil && len(book.Body.Repositories) > 0 {
		// The school repositories' changes are not known: all of it.
		f.Scope, f.ProfileOnly, ch, notes = nil, nil, nil, nil
		if book, err = f.Load(); err != nil {
			return nil, 0, nil, err
		}
	}
	// The body's validate checks the school repositories body.md lists
	// with its own records, each proven from its own history.
	pr, err := prove(f.Dir, f.Display, book, since, ch)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := pr.union(f, book); err != nil {
		return nil, 0, nil, err
	}
	ds := append(append(book.Diagnostics, rules.Check(book, day)...), pr.Diags...)
	if len(f.Only) > 0 {
		kept := ds[:0]
		for _, d := range ds {
			for _, o := range f.Only {
				if d.File == o || strings.HasPrefix(d.File, o+"/") {
					kept = append(kept, d)
					break
				}
			}
		}
		ds = kept
	}
	return ds, book.Files, append(append(f.Notes, notes...), pr.Notes...), nil
}

// changeScope is the Scope of a check of what changed since the commit
// since, and of what that can make right or wrong (record.ChangeScope),
// with which records are unchanged since HEAD (for the proofs) and a note
// saying so; nil, everything, when the changes in the working folder
// cannot be known or reach beyond the ECTs' and schools' folders.
func changeScope(f *workspace.Folder, since string) (scope record.Scope, profileOnly func(string) bool, ch *changed, note string, err error) {
	if f.Dir == "" {
		return nil, nil, nil, "", nil
	}
	repo, err := history.Open(f.Dir)
	if err != nil || repo.Shallow() {
		return nil, nil, nil, "", nil // Prove says why
	}
	repo.Serial()
	done := false
	defer func() {
		if !done {
			repo.Close()
		}
	}()
	from, err := repo.Resolve(since)
	if err != nil {
		return nil, nil, nil, "", fmt.Errorf("--since: %w", err)
	}
	changes, err := repo.Changed(from)
	if err != nil {
		return nil, nil, nil, "", fmt.Errorf("--since: %w", err)
	}
	if !changes.Known {
		return nil, nil, nil, "", nil
	}
	if scope, profileOnly = record.ChangeScope(changes.All()); scope == nil {
		return nil, nil, nil, "", nil
	}
	done = true // the caller closes it
	note = fmt.Sprintf("checked: what changed since %s (%s) and what it depends on; the rest was checked at %s", since, diag.Plural(len(changes.All()), "file"), since)
	return scope, profileOnly, &changed{repo: repo, atHead: changes.AtHead}, note, nil
}
