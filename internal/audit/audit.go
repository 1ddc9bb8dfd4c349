// Package audit proves signatures from Git history: each signature entry
// in a report must have been added by a commit authored (and, under the
// verified policy, signed) by the person it names; the content they
// signed must be unchanged since; and the order of the workflow must hold.
// It also tells the trail of one record, commit by commit, in words.
package audit

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// Rule names of the history checks (see docs/rules.md).
const (
	RuleAuthor          = "signature-author"         // a signature added by someone else's commit
	RuleUnattributable  = "signature-unattributable" // a signature whose commit merged several people's work (a squash)
	RuleKeyProof        = "signature-key"            // verified policy: the commit is not signed by the person's key
	RuleEdited          = "edited-after-signing"     // the signed content changed after a signature
	RuleOrder           = "signature-order"          // out of order: ECT signed before commenting, AB reviewed before all signed, …
	RuleUncommitted     = "signature-uncommitted"    // a signature not committed yet
	RuleImported        = "imported"                 // an imported entry that cannot have predated the repository
	RuleHistory         = "history"                  // the history cannot be read (shallow clone, …)
	RuleDecisionRemoved = "decision-removed"         // an AB decision taken out by someone else
	RuleDate            = "signature-date"           // dated before the report was released, after its commit, or a commit dated before its parent
)

// The roles of the AB's decisions in proofs (signatures have ect, tutor
// or headteacher; the AB's review ab).
const (
	RoleOutcome   = "outcome"
	RoleExtension = "extension"
)

// Decision reports whether the proof is of an AB decision (outcome or
// extension) rather than a signature or review.
func (p *Proof) Decision() bool { return p.Role == RoleOutcome || p.Role == RoleExtension }

// ABReview reports whether the proof is of the AB's review of a report
// (its role is record.RoleAB).
func (p *Proof) ABReview() bool { return p.Role == string(record.RoleAB) }

// State is what the history proves of one signature or review.
type State int

// The states of a proof.
const (
	Proven      State = iota // added by a commit authored by the person
	Verified                 // and signed by a key registered to them
	WebEditor                // and signed by the Git host's web-editor key
	Imported                 // imported: accepted without proof
	Earlier                  // made before the --since commit, proven then
	Uncommitted              // in the working folder only
	Failed                   // the history contradicts it
)

var stateWords = [...]string{"proven from Git", "verified", "signed in the Git host's web editor", "imported, not proven from Git", "proven before", "not committed yet", "not proven"}

func (s State) String() string { return stateWords[s] }

// Tally counts proofs by state.
type Tally map[State]int

// Proven counts the proofs the history proves (by authorship, and by key
// or the web editor's key where signed), and all of them.
func (t Tally) Proven() (proven, all int) {
	for s, n := range t {
		all += n
		if s == Proven || s == Verified || s == WebEditor {
			proven += n
		}
	}
	return proven, all
}

// Proof is what the history says about one signature or review entry.
type Proof struct {
	Entry  string // "signatures[0]" or "ab_review"
	Role   string // ect, tutor, headteacher or ab
	By     string // the person's id (TRN for the ECT)
	Name   string // the person's name, when known
	On     string // the date written in the entry
	State  State
	Commit *history.Commit // the commit that added the entry, when known
	Key    string          // the key that signed the commit, when verified
	// Problem says why the state is Failed.
	Problem string
}

// Describe says in words what the proof is, as the audit, portal and PDFs
// show it.
func (p *Proof) Describe() string {
	switch p.State {
	case Proven:
		return fmt.Sprintf("proven from Git: added in %s by %s on %s", history.Short(p.Commit.Hash), p.Commit.Author.String(), p.Commit.Author.When.Format("2006-01-02"))
	case Verified:
		return fmt.Sprintf("verified: added in %s by %s on %s, signed with their %s", history.Short(p.Commit.Hash), p.Commit.Author.String(), p.Commit.Author.When.Format("2006-01-02"), p.Key)
	case WebEditor:
		return fmt.Sprintf("added in %s by %s on %s in the Git host's web editor: the host's key proves their host account, not a personal key", history.Short(p.Commit.Hash), p.Commit.Author.String(), p.Commit.Author.When.Format("2006-01-02"))
	case Imported:
		if p.Commit != nil {
			return fmt.Sprintf("imported, not proven from Git (brought in by %s in %s)", p.Commit.Author.String(), history.Short(p.Commit.Hash))
		}
		return "imported, not proven from Git"
	case Failed:
		return "not proven: " + p.Problem
	}
	return p.State.String()
}

// Result is the audit of a whole records folder.
type Result struct {
	// Proofs lists, for each report (by path relative to the records
	// folder), its signatures' and review's proofs in file order.
	Proofs map[string][]*Proof
	// Count counts the signatures' and reviews' proofs by state;
	// Decisions the AB's outcomes' and extensions' (their proofs are in
	// Proofs under the ECT's ect.md).
	Count, Decisions Tally
	// Commits is the number of commits in the history; Walked those read
	// in this run.
	Commits, Walked int
}

// Auditor proves the signatures of a records folder from its history.
type Auditor struct {
	Repo    *history.Repo
	History *history.History
	People  *identity.People
	// AuthorOnly proves authorship only, even under signing_policy
	// verified: for commits rewritten from another repository (a transfer
	// bundle), whose original commit signatures cannot travel.
	AuthorOnly bool

	mu     sync.Mutex
	cache  *Cache
	ledger *identityLedger // who may sign, proven (Identities)

	headOnce  sync.Once
	headFiles map[string]history.Hash       // HEAD's files, listed once when needed (--since)
	erased    map[history.Hash]history.Hash // old commit → its copy, by proven erasure records (proveErasures)
	carried   map[history.Hash]string       // a copy → the key that signed its original ("ssh:SHA256:…")
	atHead    map[string]history.Hash       // files whose working content is HEAD's (AtHead)
	working   map[history.Hash][]byte       // their content, by blob
	versions  map[history.Hash]*Version
	verified  map[verifyKey]verifyResult
}

type verifyKey struct {
	commit history.Hash
	person *identity.Identity
}

type verifyResult struct {
	state State
	key   string
	err   error
}

// New makes an auditor over a walked history.
func New(repo *history.Repo, h *history.History, people *identity.People) *Auditor {
	return &Auditor{Repo: repo, History: h, People: people, versions: map[history.Hash]*Version{}, verified: map[verifyKey]verifyResult{}}
}

// Version reads (once) one version of a file.
func (a *Auditor) Version(path string, blob history.Hash) *Version {
	if blob.IsZero() {
		return nil
	}
	a.mu.Lock()
	v, ok := a.versions[blob]
	a.mu.Unlock()
	if ok {
		return v
	}
	src, ok := a.working[blob]
	var err error
	if !ok {
		src, err = a.Repo.Blob(path, blob)
	}
	if err != nil {
		v = &Version{Err: err.Error()}
	} else {
		v = Summarize(path, src, false)
	}
	a.mu.Lock()
	a.versions[blob] = v
	a.mu.Unlock()
	return v
}

// Check audits every report in the book, one ECT per worker.
// It first proves who may sign (Identities): a signature counts only for
// the e-mail addresses and keys that history proves are the person's.
func (a *Auditor) Check(book *record.Book) (*Result, []diag.Diagnostic) {
	res := &Result{Proofs: map[string][]*Proof{}, Count: map[State]int{}, Decisions: map[State]int{}, Commits: len(a.History.Commits), Walked: a.History.Walked}
	// An erasure record (ect erase) says which commits were rewritten
	// and which key signed each before: read first, as who may sign is
	// proven from those commits too; then proven, and if one does not
	// prove itself, who may sign is proven again without it.
	display := ""
	if book.Body != nil && book.Body.File != nil {
		display = path.Dir(book.Body.Doc.Path)
	}
	records := a.readErasures(display)
	ds := a.Identities(book)
	if eds := a.proveErasures(records); len(eds) > 0 {
		ds = append(a.Identities(book), eds...)
	}
	type out struct {
		proofs map[string][]*Proof
		ds     []diag.Diagnostic
	}
	jobs := make(chan *record.ECT)
	results := make(chan out)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for e := range jobs {
				o := out{proofs: map[string][]*Proof{}}
				for _, rep := range e.Reports {
					ps, ds := a.report(e, rep)
					o.proofs[rep.Rel] = ps
					o.ds = append(o.ds, ds...)
				}
				if ps, ds := a.decisions(e); len(ps)+len(ds) > 0 {
					o.proofs[e.File.Rel] = ps
					o.ds = append(o.ds, ds...)
				}
				results <- o
			}
		})
	}
	go func() {
		for _, e := range book.ECTs {
			if !e.ProfileOnly {
				jobs <- e
			}
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	for o := range results {
		for k, ps := range o.proofs {
			res.Proofs[k] = ps
			for _, p := range ps {
				if p.Decision() {
					res.Decisions[p.State]++
				} else {
					res.Count[p.State]++
				}
			}
		}
		ds = append(ds, o.ds...)
	}
	return res, ds
}

// entry is one signature or the review, with how to find it in versions.
type entry struct {
	proof *Proof
	path  []string // front-matter path, for positions
	has   func(*Version) bool
	imp   bool
	who   *identity.Identity
	// released is the day the report was released to the ECT, for a
	// signature; empty otherwise.
	released string
}

// report audits one report.
func (a *Auditor) report(e *record.ECT, rep *record.Report) ([]*Proof, []diag.Diagnostic) {
	f := rep.File
	if !f.Valid {
		return nil, nil // the schema's complaint comes first
	}
	changes, wt, head := a.versionsOf(f)
	entries := a.entriesOf(e, rep)
	signedAll, ds := a.prove(f, changes, head, entries)
	ds = append(ds, a.order(f, rep, signedAll)...)
	// The signed content must be what is in the file now.
	if d := a.frozen(f, rep, changes, wt, signedAll); d != nil {
		ds = append(ds, *d)
	}
	proofs := make([]*Proof, len(entries))
	for i, en := range entries {
		proofs[i] = en.proof
	}
	return proofs, ds
}

// versionsOf reads a record's versions in the history; wt is the working
// folder's, head HEAD's (nil when HEAD has none).
func (a *Auditor) versionsOf(f *record.File) (changes []*history.Change, wt, head *Version) {
	changes = a.History.Files[f.Rel]
	// The working folder's file is most often HEAD's: then its parsed
	// document is that version, without reading it from Git.
	wt = summarizeDoc(f)
	a.mu.Lock()
	a.versions[history.BlobHash(f.Doc.Src)] = wt
	a.mu.Unlock()
	// Read the versions oldest first: a pack stores each as a change to
	// the one before, which is then in the reader's cache.
	for _, ch := range changes {
		a.Version(f.Rel, ch.Blob)
	}
	if n := len(changes); n > 0 && !changes[n-1].Deleted() {
		head = a.Version(f.Rel, changes[n-1].Blob)
	} else if n == 0 && !a.History.Since.IsZero() {
		// Unchanged since --since: HEAD has what the base had.
		if b := a.headBlob(f.Rel); !b.IsZero() {
			head = a.Version(f.Rel, b)
		}
	}
	return changes, wt, head
}

// decisions proves the appropriate body's outcomes and extensions in an
// ECT's profile as signatures are proven: each added by a commit of the
// AB staff member it names (signed by their key under the verified
// policy). A decision taken out again by anyone but AB staff is an error
// too: a failed induction cannot be made to disappear.
func (a *Auditor) decisions(e *record.ECT) ([]*Proof, []diag.Diagnostic) {
	f := e.File
	if f == nil || !f.Valid {
		return nil, nil
	}
	entries := a.decisionEntries(e)
	changes := a.History.Files[f.Rel]
	if len(entries) == 0 && len(changes) < 2 {
		return nil, nil // nothing decided, and nothing that could have been undone
	}
	changes, _, head := a.versionsOf(f)
	_, ds := a.prove(f, changes, head, entries)
	ds = append(ds, a.undecided(f, changes)...)
	proofs := make([]*Proof, len(entries))
	for i, en := range entries {
		proofs[i] = en.proof
	}
	return proofs, ds
}

// decisionEntries are the AB's outcomes and extensions in an ECT's
// profile, to prove.
func (a *Auditor) decisionEntries(e *record.ECT) []*entry {
	var entries []*entry
	add := func(role, name string, path []string, d Decision) {
		entries = append(entries, &entry{
			proof: &Proof{Entry: name, Role: role, By: d.By, On: d.Decided},
			path:  path,
			has:   func(v *Version) bool { return v.HasDecision(d) },
			imp:   d.Imported,
			who:   a.People.ABStaff(d.By),
		})
	}
	for i, pd := range e.Periods {
		if pd.Outcome != nil {
			add(RoleOutcome, fmt.Sprintf("periods[%d].outcome", i), []string{"periods", strconv.Itoa(i), "outcome"}, OfOutcome(pd.Outcome))
		}
	}
	for i, x := range e.Extensions {
		add(RoleExtension, fmt.Sprintf("extensions[%d]", i), []string{"extensions", strconv.Itoa(i)}, OfExtension(x))
	}
	return entries
}

// Unprovable is the result for records whose history cannot be read
// (why says why, in words): every signature, review and decision in them
// is Failed, so that nothing in them is shown as proven.
func Unprovable(book *record.Book, people *identity.People, why string) *Result {
	a := &Auditor{People: people}
	res := &Result{Proofs: map[string][]*Proof{}, Count: Tally{}, Decisions: Tally{}}
	failed := func(rel string, entries []*entry, tally Tally) {
		for _, en := range entries {
			en.proof.State, en.proof.Problem = Failed, why
			if en.who != nil {
				en.proof.Name = en.who.Name
			}
			res.Proofs[rel] = append(res.Proofs[rel], en.proof)
			tally[Failed]++
		}
	}
	for _, e := range book.ECTs {
		for _, rep := range e.Reports {
			if rep.Valid {
				failed(rep.Rel, a.entriesOf(e, rep), res.Count)
			}
		}
		if e.File != nil && e.Valid {
			failed(e.Rel, a.decisionEntries(e), res.Decisions)
		}
	}
	return res
}

// undecided reports commits by anyone but AB staff that took a decision
// out of an ECT's profile.
func (a *Auditor) undecided(f *record.File, changes []*history.Change) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, ch := range changes {
		now := a.Version(f.Rel, ch.Blob)
		for _, b := range ch.Before {
			was := a.Version(f.Rel, b)
			if was == nil || now != nil && len(now.Decisions) >= len(was.Decisions) || a.People.IsABStaff(ch.Commit.Author.Email) {
				continue
			}
			for _, d := range was.Decisions {
				if now.HasDecision(d) {
					continue
				}
				what := "the outcome " + d.Result
				if d.Result == "extend" {
					what = "the extension of " + d.Terms + " terms"
				}
				ds = append(ds, diag.Errorf(f.Doc.Locate(nil, false), RuleDecisionRemoved, "%s decided on %s by %s was taken out in %s by %s, who is not appropriate body staff: only the AB records and corrects its decisions, and a failed induction cannot be undone (Regulation 9). Put it back as it was",
					what, d.Decided, d.By, history.Short(ch.Commit.Hash), a.People.Describe(ch.Commit.Author.Name, ch.Commit.Author.Email)))
			}
		}
	}
	return ds
}

// prove finds the commit that added each entry and checks it is the
// person's own; it returns each committed entry with the version it
// stands for.
func (a *Auditor) prove(f *record.File, changes []*history.Change, head *Version, entries []*entry) ([]signedEntry, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	var signedAll []signedEntry
	for _, en := range entries {
		p := en.proof
		if en.who != nil {
			p.Name = en.who.Name
		}
		pos := f.Doc.Locate(en.path, false)
		if !en.has(head) {
			p.State = Uncommitted
			ds = append(ds, diag.Warnf(pos, RuleUncommitted, "%s is not committed yet: it is proven by the commit that adds it, which must be %s's own (%s does this)", describeEntry(p), nameOr(p), command(p)))
			continue
		}
		ch, base := a.introduced(f.Rel, changes, en.has)
		if ch == nil {
			p.State = Earlier
			if en.imp {
				p.State = Imported
			}
			signedAll = append(signedAll, signedEntry{en, nil, base})
			continue
		}
		p.Commit = ch.Commit
		v := a.Version(f.Rel, ch.Blob)
		signedAll = append(signedAll, signedEntry{en, ch, v})
		if en.imp {
			if d := a.imported(f, pos, p, ch); d != nil {
				ds = append(ds, *d)
			}
			continue
		}
		if d := a.dated(pos, p, en, ch); d != nil {
			ds = append(ds, *d)
			continue
		}
		if en.who == nil {
			continue // unknown person: the rules say so
		}
		if d := a.attribute(f, pos, p, en.who, ch); d != nil {
			ds = append(ds, *d)
		}
	}
	return signedAll, ds
}

// imported checks an entry marked imported: it records signing done
// before the records came into Git, so it may only arrive with the record
// itself, in the commit that first brings the record into Git, made by the
// appropriate body's staff (who import records) as proven at that commit.
// Added to a record already in Git, or by anyone else, it is a way around
// every proof, and is refused.
func (a *Auditor) imported(f *record.File, pos diag.Position, p *Proof, ch *history.Change) *diag.Diagnostic {
	short, when := history.Short(ch.Commit.Hash), ch.Commit.Author.When.Format(time.DateOnly)
	fail := func(problem, format string, args ...any) *diag.Diagnostic {
		p.State, p.Problem = Failed, problem
		d := diag.Errorf(pos, RuleImported, format, args...)
		return &d
	}
	if !created(ch) {
		return fail("marked imported, but added to the record after it came into Git",
			"%s is marked imported, but it was added in %s on %s, after the record came into Git: an imported entry records signing done before the records came into Git, and arrives only in the commit that first brings the record in. Remove it; %s",
			describeEntry(p), short, when, redoPlain(p))
	}
	if p.On > when {
		return fail("dated after the commit that brought it in",
			"%s is marked imported but is dated %s, after %s brought it in on %s: an imported entry records signing that happened before the records came into Git. Remove imported: true; %s",
			describeEntry(p), p.On, short, when, redoPlain(p))
	}
	if a.ledger != nil {
		if err := a.ledger.madeBy(ch.Commit, a.ledger.abStaffAt(ch.Commit), "the appropriate body's staff"); err != nil {
			return fail("imported by someone who may not import records",
				"%s is marked imported, but the record was brought into Git by a commit %v. Records are imported by the appropriate body's staff: ask them to import it, or remove the entry and %s",
				describeEntry(p), strings.TrimPrefix(err.Error(), "made "), redoPlain(p))
		}
	}
	p.State = Imported
	return nil
}

// dated checks an entry's date against the commit that added it: a
// signature is not dated before the report was released, nor after the
// commit that added it (a day is allowed for time zones); and that commit
// is not dated before the commit it was made on.
func (a *Auditor) dated(pos diag.Position, p *Proof, en *entry, ch *history.Change) *diag.Diagnostic {
	c := ch.Commit
	short := history.Short(c.Hash)
	fail := func(problem, format string, args ...any) *diag.Diagnostic {
		p.State, p.Problem = Failed, problem
		d := diag.Errorf(pos, RuleDate, format, args...)
		return &d
	}
	if en.released != "" && p.On != "" && p.On < en.released {
		return fail("dated before the report was released",
			"%s is dated %s, before the report was released to the ECT on %s: nobody signs a report before it is released. Remove it; %s",
			describeEntry(p), p.On, en.released, redoPlain(p))
	}
	if latest := c.Author.When.AddDate(0, 0, 1).Format(time.DateOnly); p.On != "" && p.On > latest {
		return fail("dated after the commit that added it",
			"%s is dated %s, but it was added in %s on %s: an entry is dated the day it is made. Remove it; %s",
			describeEntry(p), p.On, short, c.Author.When.Format(time.DateOnly), redoPlain(p))
	}
	for _, ph := range c.Parents {
		parent := a.History.Commits[ph]
		if parent == nil {
			continue
		}
		if c.Committer.When.Before(parent.Committer.When.AddDate(0, 0, -1)) || c.Author.When.Before(parent.Author.When.AddDate(0, 0, -1)) {
			return fail("added by a commit dated before the commit it was made on",
				"%s was added in %s, dated %s, which is earlier than %s, the commit it was made on (%s): a commit cannot be made before its parent, so its date is not true. Remove it; %s",
				describeEntry(p), short, c.Author.When.Format(time.DateOnly), history.Short(ph), parent.Author.When.Format(time.DateOnly), redoPlain(p))
		}
	}
	return nil
}

// entriesOf lists a report's signatures and review, each with how to
// find it in a version of the file.
func (a *Auditor) entriesOf(e *record.ECT, rep *record.Report) []*entry {
	var entries []*entry
	for i, s := range rep.Signatures {
		s := Sig{Role: string(s.Role), By: s.By, On: string(s.On), Imported: s.Imported}
		en := &entry{
			proof: &Proof{Entry: fmt.Sprintf("signatures[%d]", i), Role: s.Role, By: s.By, On: s.On},
			path:  []string{"signatures", strconv.Itoa(i)},
			has:   func(v *Version) bool { return v != nil && v.HasSig(s) },
			imp:   s.Imported,
			who:   a.People.Signer(e, record.Role(s.Role), s.By),
		}
		if rep.Released != nil {
			en.released = string(rep.Released.On)
		}
		entries = append(entries, en)
	}
	if r := rep.ABReview; r != nil {
		rv := Review{By: r.By, On: string(r.On), Decision: string(r.Decision), Feedback: r.Feedback, Imported: r.Imported}
		entries = append(entries, &entry{
			proof: &Proof{Entry: "ab_review", Role: string(record.RoleAB), By: r.By, On: string(r.On)},
			path:  []string{"ab_review"},
			has:   func(v *Version) bool { return v != nil && v.Review != nil && *v.Review == rv },
			imp:   r.Imported,
			who:   a.People.ABStaff(r.By),
		})
	}
	return entries
}

// order checks the order of the workflow: the ECT comments before
// signing; signatures before the AB's review; nobody signs after an
// accepted review.
func (a *Auditor) order(f *record.File, rep *record.Report, signed []signedEntry) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, s := range signed {
		if s.change == nil || s.en.imp || s.en.proof.State == Failed {
			continue // imported entries were ordered in the system they came from
		}
		p := s.en.proof
		pos := f.Doc.Locate(s.en.path, false)
		var before []*Version
		for _, b := range s.change.Before {
			before = append(before, a.Version(f.Rel, b))
		}
		switch {
		case p.Role == string(record.RoleECT) && !s.v.Comments:
			ds = append(ds, diag.Errorf(pos, RuleOrder, "the ECT signed in %s before writing their comments under \"## ECT comments\": the ECT comments first, then signs (SG 2.61). Remove the signature; the ECT signs again once the comments are in", history.Short(s.change.Commit.Hash)))
		case p.ABReview():
			var missing []string
			for _, role := range rep.SigningRoles() {
				if !s.v.Signed(role) {
					missing = append(missing, role.Words())
				}
			}
			if len(missing) > 0 {
				ds = append(ds, diag.Errorf(pos, RuleOrder, "the appropriate body reviewed the report in %s before the %s signed: the AB reviews a report only once everyone has signed", history.Short(s.change.Commit.Hash), strings.Join(missing, " and ")))
			}
		default:
			for _, b := range before {
				if b != nil && b.Review != nil && b.Review.Decision == string(record.Accepted) {
					ds = append(ds, diag.Errorf(pos, RuleOrder, "%s was added in %s, after the appropriate body had accepted the report: nothing is signed after the AB's review", describeEntry(p), history.Short(s.change.Commit.Hash)))
					break
				}
			}
		}
	}
	return ds
}

// AtHead tells the auditor which records in the working folder are as
// HEAD has them (ect validate --since knows from git status): their
// versions at HEAD are read from the working folder, not from Git.
func (a *Auditor) AtHead(files []*record.File) {
	a.atHead = make(map[string]history.Hash, len(files))
	a.working = make(map[history.Hash][]byte, len(files))
	for _, f := range files {
		h := history.BlobHash(f.Doc.Src)
		a.atHead[f.Rel], a.working[h] = h, f.Doc.Src
	}
}

// headBlob returns a file's blob at HEAD, from one listing of HEAD's
// records made on first use; zero when HEAD has no such file.
func (a *Auditor) headBlob(path string) history.Hash {
	if h, ok := a.atHead[path]; ok {
		return h
	}
	a.headOnce.Do(func() {
		a.headFiles, _ = a.Repo.Files(a.History.Head)
	})
	return a.headFiles[path]
}

// signedEntry is a committed entry and the version of the report it
// stands for; change is nil for an entry older than --since.
type signedEntry struct {
	en     *entry
	change *history.Change
	v      *Version
}

// introduced finds the newest version that added the entry: it holds the
// entry and no parent's version did. When the entry is older than the
// walked history (--since), it returns nil and the oldest known version.
func (a *Auditor) introduced(path string, changes []*history.Change, has func(*Version) bool) (*history.Change, *Version) {
	for i := len(changes) - 1; i >= 0; i-- {
		ch := changes[i]
		if !has(a.Version(path, ch.Blob)) {
			continue
		}
		fresh := true
		for _, b := range ch.Before {
			if has(a.Version(path, b)) {
				fresh = false
				break
			}
		}
		if fresh {
			return ch, nil
		}
	}
	if len(changes) > 0 {
		return nil, a.Version(path, changes[0].Before[0])
	}
	if b := a.headBlob(path); !b.IsZero() {
		return nil, a.Version(path, b)
	}
	return nil, nil
}

var squashSubject = regexp.MustCompile(`\(#[0-9]+\)$`)

// attribute checks that the commit that added an entry is the person's
// own (and under the verified policy signed with their key).
func (a *Auditor) attribute(f *record.File, pos diag.Position, p *Proof, who *identity.Identity, ch *history.Change) *diag.Diagnostic {
	c := ch.Commit
	short := history.Short(c.Hash)
	if !who.Owns(c.Author.Email) {
		author := a.People.Describe(c.Author.Name, c.Author.Email)
		p.State = Failed
		if a.squashed(f.Rel, ch, who) {
			p.Problem = fmt.Sprintf("added in %s by %s, which merged other people's work into one commit", short, author)
			d := diag.Errorf(pos, RuleUnattributable, "%s cannot be attributed: it was added in %s by %s, a commit that squashed other people's work into one (%q), so Git no longer shows who signed. Merge pull requests with merge commits, never squash or rebase (see README, \"Repository settings\"); then remove this %s", describeEntry(p), short, author, c.Subject, redo(p, who))
			return &d
		}
		if login, ok := identity.GitHubLogin(c.Author.Email); ok && who.UnprovenGitHub != "" && strings.EqualFold(login, who.UnprovenGitHub) {
			p.Problem = fmt.Sprintf("added in %s by %s, the GitHub no-reply address of a login the records give %s without proof", short, c.Author.Email, who.Name)
			d := diag.Errorf(pos, RuleAuthor, "%s names %s, but it was added in %s by %s, GitHub's no-reply address for the login %q, which was registered for them without proof (see the identity-change error on it): a signature counts only from a login that the school's headteacher or induction lead, or the appropriate body, registered", describeEntry(p), who.Name, short, c.Author.Email, login)
			return &d
		}
		if slices.Contains(who.Unproven, strings.ToLower(c.Author.Email)) {
			p.Problem = fmt.Sprintf("added in %s by %s, an address the records give %s without proof", short, c.Author.Email, who.Name)
			d := diag.Errorf(pos, RuleAuthor, "%s names %s, but it was added in %s by %s, an address that was registered for them without proof (see the identity-change error on it): a signature counts only from an address that the school's headteacher or induction lead, or the appropriate body, registered", describeEntry(p), who.Name, short, c.Author.Email)
			return &d
		}
		p.Problem = fmt.Sprintf("added in %s by %s, not by %s", short, author, who.Name)
		fix := fmt.Sprintf("%s signs with: ect sign %s --as %s", who.Name, f.Doc.Path, p.Role)
		if p.ABReview() {
			fix = fmt.Sprintf("%s records it with: ect ab-review %s", who.Name, f.Doc.Path)
		} else if p.Decision() {
			fix = fmt.Sprintf("%s records it with ect outcome", who.Name)
		}
		d := diag.Errorf(pos, RuleAuthor, "%s names %s, but it was added in %s by %s: nobody signs for someone else. Remove the entry; %s (if %s is theirs, add it to their emails)", describeEntry(p), who.Name, short, author, fix, c.Author.Email)
		return &d
	}
	p.State = Proven
	keyed := a.People.Policy == "verified" && !a.AuthorOnly
	if !keyed && !c.Signed {
		return nil
	}
	r := a.verify(c, who)
	switch {
	case r.err == nil:
		p.State, p.Key = r.state, r.key
		return nil
	case !keyed:
		return nil // a signature that does not verify proves nothing more
	}
	p.State = Failed
	p.Problem = fmt.Sprintf("%s is not signed with a key registered to %s: %v", short, who.Name, r.err)
	d := diag.Errorf(pos, RuleKeyProof, "%s was added in %s by %s, but the body's signing_policy is verified and that commit is not signed with a key registered to them: %v. Register their public key under keys: in the records, or sign again with a registered key (ect sign does this when git's commit.gpgsign is set)", describeEntry(p), short, who.Name, r.err)
	return &d
}

// verify checks a commit's signature against the person's keys and the
// web editor's, once per commit and person.
func (a *Auditor) verify(c *history.Commit, who *identity.Identity) verifyResult {
	k := verifyKey{c.Hash, who}
	a.mu.Lock()
	r, ok := a.verified[k]
	a.mu.Unlock()
	if ok {
		return r
	}
	if key, ok := a.carriedKey(c.Hash, who.Keys); ok {
		r = verifyResult{state: Verified, key: key.String() + ", which signed the commit this one copies (erasure record)"}
		a.mu.Lock()
		a.verified[k] = r
		a.mu.Unlock()
		return r
	}
	obj, err := a.Repo.CommitSignature(c.Hash)
	if err != nil {
		return verifyResult{state: Failed, err: err}
	}
	// who.Keys are only those whose registration the history proves
	// (Identities).
	res, err := signing.Verify(obj, who.Keys)
	switch {
	case err == nil:
		r = verifyResult{state: Verified, key: res.Key.String()}
	case errors.Is(err, signing.ErrUnsigned):
		r = verifyResult{state: Failed, err: errors.New("the commit is not signed")}
	default:
		r = verifyResult{state: Failed, err: err}
		if len(a.People.WebEditor) > 0 {
			if _, werr := signing.Verify(obj, a.People.WebEditor); werr == nil {
				r = verifyResult{state: WebEditor, key: "the Git host's web-editor key"}
			}
		}
	}
	a.mu.Lock()
	a.verified[k] = r
	a.mu.Unlock()
	return r
}

// squashed reports whether the commit that added a signature looks like a
// squash merge: GitHub's "(#12)" subject, a Co-authored-by trailer naming
// the signer, or signatures of several people added at once.
func (a *Auditor) squashed(path string, ch *history.Change, who *identity.Identity) bool {
	c := ch.Commit
	if squashSubject.MatchString(c.Subject) {
		return true
	}
	for line := range strings.SplitSeq(c.Message, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "Co-authored-by:"); ok {
			for _, e := range who.Emails {
				if strings.Contains(strings.ToLower(rest), strings.ToLower(e)) {
					return true
				}
			}
		}
	}
	v := a.Version(path, ch.Blob)
	if v == nil {
		return false
	}
	signers := map[string]bool{}
	for _, s := range v.Sigs {
		added := true
		for _, b := range ch.Before {
			if bv := a.Version(path, b); bv != nil && bv.HasSig(s) {
				added = false
			}
		}
		if added && !s.Imported {
			signers[s.Role+"/"+s.By] = true
		}
	}
	return len(signers) > 1
}

// frozen checks that what each entry signed is still what the file says:
// only later signatures and the AB's review may be added.
func (a *Auditor) frozen(f *record.File, rep *record.Report, changes []*history.Change, wt *Version, signed []signedEntry) *diag.Diagnostic {
	var first *signedEntry
	for i := range signed {
		s := &signed[i]
		if s.v == nil || s.en.proof.ABReview() && rep.Returned() {
			continue // a returned report is edited: that is the point
		}
		if !changedSince(s, wt) {
			continue
		}
		if first == nil || seq(s.change) < seq(first.change) {
			first = s
		}
		s.en.proof.State = Failed
		s.en.proof.Problem = "the report was edited after this signature"
	}
	if first == nil {
		return nil
	}
	p := first.en.proof
	when := "before " + history.Short(a.History.Since)
	if first.change != nil {
		when = fmt.Sprintf("in %s on %s", history.Short(first.change.Commit.Hash), first.change.Commit.Author.When.Format("2006-01-02"))
	}
	what := "the working folder has uncommitted edits"
	after := seq(first.change)
	for _, ch := range changes {
		if ch.Commit.Seq <= after {
			continue
		}
		if v := a.Version(f.Rel, ch.Blob); v == nil || changedSince(first, v) {
			what = fmt.Sprintf("changed in %s by %s on %s", history.Short(ch.Commit.Hash), a.People.Describe(ch.Commit.Author.Name, ch.Commit.Author.Email), ch.Commit.Author.When.Format("2006-01-02"))
			break
		}
	}
	signer := record.Role(p.Role).Words() + " signed"
	if p.ABReview() {
		signer = "appropriate body accepted it"
	}
	if p.State == Failed && first.en.imp {
		signer += " (imported)"
	}
	path := []string{"signatures"}
	if p.ABReview() {
		path = []string{"ab_review"}
	}
	d := diag.Errorf(f.Doc.Locate(path, true), RuleEdited, "edited after the %s %s (%s): collect signatures again. Only later signatures and the AB's review may be added to a signed report; to change it, remove every signature (this reopens the report), edit, and ask each person to sign again", signer, when, what)
	return &d
}

// changedSince reports whether version v differs from what entry s
// signed: in content; for a signature, by a signature that was there being
// gone; for the AB's acceptance, by any change of the signatures.
func changedSince(s *signedEntry, v *Version) bool {
	if v.Content != s.v.Content {
		return true
	}
	if s.en.proof.ABReview() {
		return !slices.Equal(v.Sigs, s.v.Sigs)
	}
	for _, old := range s.v.Sigs {
		if !v.HasSig(old) {
			return true
		}
	}
	return false
}

func seq(ch *history.Change) int {
	if ch == nil {
		return -1
	}
	return ch.Commit.Seq
}

// summarizeDoc summarizes the working-folder version already loaded.
func summarizeDoc(f *record.File) *Version {
	return summarizeParsed(f.Doc)
}

func describeEntry(p *Proof) string {
	switch p.Role {
	case string(record.RoleAB):
		return "the AB's review (ab_review)"
	case RoleOutcome:
		return fmt.Sprintf("the AB's decision (%s)", p.Entry)
	case RoleExtension:
		return fmt.Sprintf("the AB's extension (%s)", p.Entry)
	}
	return fmt.Sprintf("the %s's signature (%s)", record.Role(p.Role).Words(), p.Entry)
}

// redo says how an entry is made again properly.
func redo(p *Proof, who *identity.Identity) string {
	if p.ABReview() {
		return "review and " + who.Name + " records it again with ect ab-review"
	}
	if p.Decision() {
		return "decision and " + who.Name + " records it again with ect outcome"
	}
	return "signature and " + who.Name + " signs again with ect sign"
}

// redoPlain says how an entry is made again properly, when the person may
// not be known.
func redoPlain(p *Proof) string {
	who := nameOr(p)
	switch {
	case p.ABReview():
		return who + " records the review again with ect ab-review"
	case p.Decision():
		return who + " records the decision again with ect outcome"
	}
	return who + " signs again with ect sign"
}

// command is the ect command that adds an entry properly.
func command(p *Proof) string {
	switch {
	case p.ABReview():
		return "ect ab-review"
	case p.Decision():
		return "ect outcome"
	}
	return "ect sign"
}

func nameOr(p *Proof) string {
	if p.Name != "" {
		return p.Name
	}
	return p.By
}

// Unchecked says why none of a report's entries is checked against Git
// (the records are not in Git, or the report does not validate and was not
// audited), or "" when they are.
func Unchecked(proofs map[string][]*Proof, r *record.Report) string {
	switch {
	case proofs == nil:
		return "These records are not in Git, so no signature on this report is proven."
	case r.File == nil || !r.Valid:
		return "The report does not validate (ect validate lists its errors), so its signatures are not checked against Git."
	}
	return ""
}

// NotProven reports whether the history does not prove an entry: it
// failed, or is not committed.
func (p *Proof) NotProven() bool { return p.State == Failed || p.State == Uncommitted }

// ProofOf says, for the schedule's states, which entries of a report the
// history does not prove: those that are NotProven, and every one of a
// report that is Unchecked.
func ProofOf(proofs map[string][]*Proof) schedule.ProofFunc {
	return func(r *record.Report) []string {
		var roles []string
		add := func(role string) {
			if !slices.Contains(roles, role) {
				roles = append(roles, role)
			}
		}
		if Unchecked(proofs, r) != "" {
			for _, s := range r.Signatures {
				add(string(s.Role))
			}
			if r.ABReview != nil {
				add(string(record.RoleAB))
			}
			return roles
		}
		for _, p := range proofs[r.Rel] {
			if p.NotProven() {
				add(p.Role)
			}
		}
		return roles
	}
}

// Unproven says, in words, why each entry of a report that ProofOf names
// is not proven: for the warnings the portal and the PDF show.
func Unproven(proofs map[string][]*Proof, r *record.Report) []string {
	if why := Unchecked(proofs, r); why != "" {
		if len(r.Signatures) > 0 || r.ABReview != nil {
			return []string{why}
		}
		return nil
	}
	var out []string
	for _, p := range proofs[r.Rel] {
		if p.NotProven() {
			what := describeEntry(p)
			out = append(out, fmt.Sprintf("%s, dated %s, is %s.", strings.ToUpper(what[:1])+what[1:], p.On, p.Describe()))
		}
	}
	return out
}
