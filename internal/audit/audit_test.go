package audit_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"golang.org/x/crypto/ssh"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/signing"
	"github.com/ectdocs/ectdocs/internal/workflow"
)

// Paths of the fixture's files, relative to the records folder. The
// fixture is the rules' small valid records folder,
// internal/fixture/base.txtar.
const (
	bodyMD   = "body.md"
	schoolMD = "schools/990201-testwood-primary/school.md"
	ectDir   = "schools/990201-testwood-primary/ects/1234567"
	ectMD    = ectDir + "/ect.md"
	review   = ectDir + "/reports/2025-26-autumn-progress-review.md"
	first    = ectDir + "/reports/2025-26-summer-first-assessment.md"
	final    = ectDir + "/reports/2026-27-summer-final-assessment.md"
)

// The people of the fixture who commit.
var (
	admin  = fixture.ABAdmin // sets up the records
	tutor  = fixture.Tutor
	erin   = fixture.ECT // TRN 1234567
	head   = fixture.Headteacher
	abLead = fixture.ABLead
	bot    = fixture.Person{Name: "GitHub", Email: "noreply@github.com"} // the Git host's web editor, not in the records
)

func compiled(t *testing.T) *schema.Set { return fixture.Schemas(t) }

// fixture reads the rules' base fixture into a fresh map of file contents.
func baseFiles(*testing.T) map[string]string { return fixture.Base() }

// replace replaces old, which must occur exactly once, in text.
func replace(t *testing.T, text, old, new string) string {
	t.Helper()
	if n := strings.Count(text, old); n != 1 {
		t.Fatalf("%q occurs %d times, want once", old, n)
	}
	return strings.Replace(text, old, new, 1)
}

// repo is a real Git repository made with go-git, holding the fixture's
// records in records/, whose history the tests play commit by commit.
type repo struct {
	*fixture.Repo
	t     *testing.T
	files map[string]string // the fixture, as edited before setup
	// commits are the commits made, by the name a test gave them.
	commits map[string]plumbing.Hash
	// signers sign each person's commits (by e-mail). next, when set,
	// signs the next commit instead (the zero Key: unsigned).
	signers map[string]fixture.Key
	next    *fixture.Key
	// order lists the named commits, oldest first.
	order []string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	return &repo{Repo: fixture.NewRepo(t), t: t, files: baseFiles(t), commits: map[string]plumbing.Hash{}, signers: map[string]fixture.Key{}}
}

// signs says whether who's next commit is signed by a key of this test.
func (r *repo) signs(who fixture.Person) bool {
	_, ok := r.signers[who.Email]
	return ok || r.next != nil
}

func (r *repo) records() string { return filepath.Join(r.Dir, "records") }

// edit changes a fixture file before it is committed.
func (r *repo) edit(rel, old, new string) {
	r.t.Helper()
	r.files[rel] = replace(r.t, r.files[rel], old, new)
}

func (r *repo) write(rel, text string) { fixture.WriteFile(r.t, r.records(), rel, text) }

func (r *repo) read(rel string) string { return fixture.ReadFile(r.t, r.records(), rel) }

// commit writes one file and commits it as who, at when, naming the
// commit name (for the wanted messages: "{name}" is its short hash).
func (r *repo) commit(name string, who fixture.Person, when, msg, rel, text string) plumbing.Hash {
	r.t.Helper()
	return r.commitFiles(name, who, when, msg, map[string]string{rel: text}, nil)
}

// commitFiles writes files and commits them as who, at when (see
// fixture.At); parents, when given, are the commit's parents (a merge).
func (r *repo) commitFiles(name string, who fixture.Person, when, msg string, files map[string]string, parents []plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	key := r.signers[who.Email]
	if r.next != nil {
		key, r.next = *r.next, nil
	}
	h := r.Commit(fixture.Commit{By: who, When: fixture.At(when), Message: msg, Files: fixture.Under("records", files), Parents: parents, Sign: key})
	r.commits[name] = h
	r.order = append(r.order, name)
	return h
}

// short is the short hash of a named commit.
func (r *repo) short(name string) string {
	r.t.Helper()
	h, ok := r.commits[name]
	if !ok {
		r.t.Fatalf("no commit named %s", name)
	}
	return history.Short(h)
}

// setup commits every record but the reports, as the AB admin.
func (r *repo) setup() {
	r.t.Helper()
	files := map[string]string{}
	for rel, text := range r.files {
		if !strings.Contains(rel, "/reports/") {
			files[rel] = text
		}
	}
	r.commitFiles("setup", admin, "2025-09-01 09:00", "Set up the Testshire records", files, nil)
}

// load loads the records as ect validate does.
func (r *repo) load() *record.Book {
	r.t.Helper()
	book, err := record.Load(os.DirFS(r.records()), ".", compiled(r.t), record.Options{Display: "records"})
	if err != nil {
		r.t.Fatal(err)
	}
	return book
}

// report finds a report in a loaded book.
func report(t *testing.T, book *record.Book, rel string) (*record.Report, *record.ECT) {
	t.Helper()
	for _, e := range book.ECTs {
		for _, rep := range e.Reports {
			if rep.Rel == rel {
				return rep, e
			}
		}
	}
	t.Fatalf("no report %s", rel)
	return nil, nil
}

func (r *repo) open() *history.Repo {
	r.t.Helper()
	h, err := history.Open(r.records())
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// sign adds a signature as ect sign does (workflow.Sign), or, when the
// person signs their commits with a key, commits the same text signed.
// Either way the file must then read want.
func (r *repo) sign(name string, who fixture.Person, when, rel, role, want string) {
	r.t.Helper()
	if r.signs(who) {
		r.commit(name, who, when, "Sign as "+role, rel, want)
		return
	}
	book := r.load()
	people, _ := identity.New(book)
	rep, e := report(r.t, book, rel)
	done, err := workflow.Sign(r.open(), people, rep, e, role, workflow.User{Name: who.Name, Email: who.Email, When: fixture.At(when)})
	if err != nil {
		r.t.Fatalf("sign %s as %s: %v", rel, role, err)
	}
	r.commits[name] = done.Commit
	r.order = append(r.order, name)
	if got := r.read(rel); got != want {
		r.t.Fatalf("after workflow.Sign, %s reads\n%s\nwant\n%s", rel, got, want)
	}
}

// accept records the AB's acceptance as ect ab-review does
// (workflow.Review), or commits the same text signed, as sign does.
func (r *repo) accept(name string, who fixture.Person, when, rel, want string) {
	r.t.Helper()
	if r.signs(who) {
		r.commit(name, who, when, "Accept", rel, want)
		return
	}
	book := r.load()
	people, _ := identity.New(book)
	rep, e := report(r.t, book, rel)
	done, err := workflow.Review(r.open(), people, book, rep, e, "accepted", "", workflow.User{Name: who.Name, Email: who.Email, When: fixture.At(when)})
	if err != nil {
		r.t.Fatalf("accept %s: %v", rel, err)
	}
	r.commits[name] = done.Commit
	r.order = append(r.order, name)
	if got := r.read(rel); got != want {
		r.t.Fatalf("after workflow.Review, %s reads\n%s\nwant\n%s", rel, got, want)
	}
}

// upToComments plays a report's workflow as far as the ECT's comments:
// the tutor drafts it and releases it, the ECT comments.
func (r *repo) upToComments(rel, prefix string, day1, day2 string) {
	r.t.Helper()
	full := r.files[rel]
	r.commit(prefix+"draft", tutor, day1+" 15:00", "Draft "+rel, rel, fixture.Version(r.t, full, fixture.Stage{}))
	r.commit(prefix+"release", tutor, day1+" 16:00", "Release "+rel+" to Erin", rel, fixture.Version(r.t, full, fixture.Stage{Released: true}))
	r.commit(prefix+"comment", erin, day2+" 17:00", "My comments on "+rel, rel, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true}))
}

// honestReview plays the autumn progress review's whole workflow, each
// step by its person: draft, release, comments, the ECT's and the tutor's
// signatures, the AB's acceptance. The file ends as the fixture's.
func (r *repo) honestReview() {
	r.t.Helper()
	full := r.files[review]
	r.upToComments(review, "", "2025-12-10", "2025-12-11")
	r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
	r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
	r.accept("accept", abLead, "2025-12-15 11:00", review, full)
}

// honestFirst plays the first formal assessment's workflow, signed by the
// ECT, the tutor and the headteacher.
func (r *repo) honestFirst() {
	r.t.Helper()
	full := r.files[first]
	r.upToComments(first, "first-", "2026-07-08", "2026-07-09")
	r.sign("first-ectSign", erin, "2026-07-09 17:05", first, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
	r.sign("first-tutorSign", tutor, "2026-07-10 09:00", first, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
	r.sign("first-headSign", head, "2026-07-13 09:00", first, "headteacher", full)
}

// checked is what ect validate finds in the repository.
type checked struct {
	result *audit.Result
	hist   *history.History
	people *identity.People  // as the audit leaves them: only what is proven
	diags  []diag.Diagnostic // the loader's, the rules', the keys' and the audit's
	// validate is what ect validate printed on stdout.
	validate string
}

// check runs the audit exactly as ect validate does.
func (r *repo) check(opt history.Options) checked {
	r.t.Helper()
	book := r.load()
	ds := append(book.Diagnostics, rules.Check(book, rules.Options{Today: fixture.Today})...)
	people, kds := identity.New(book)
	ds = append(ds, kds...)
	h, err := r.open().Walk(opt)
	if err != nil {
		r.t.Fatal(err)
	}
	res, ads := audit.New(r.open(), h, people).Check(book)
	ds = append(ds, ads...)
	diag.Sort(ds)
	return checked{result: res, hist: h, people: people, diags: ds}
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n\t%s", d)
	}
	if b.Len() == 0 {
		return " (none)"
	}
	return b.String()
}

// indent indents every line of text by n spaces.
func indent(text string, n int) string {
	pad := strings.Repeat(" ", n)
	var b strings.Builder
	for line := range strings.Lines(strings.TrimSpace(text) + "\n") {
		b.WriteString(pad + line)
	}
	return b.String()
}

// verified sets signing_policy: verified, registers keys for the ECT and
// the tutor (SSH ed25519) and for the headteacher and the AB lead
// (OpenPGP), and has each of them sign their commits with them.
func (r *repo) verified() map[string]ssh.Signer {
	r.t.Helper()
	r.edit(bodyMD, "signing_policy: author", "signing_policy: verified")
	erinKey, tomKey := erin.SSHKey(r.t, "laptop"), tutor.SSHKey(r.t, "laptop")
	hannahKey, aliceKey := head.OpenPGPKey(r.t, "work"), abLead.OpenPGPKey(r.t, "work")
	r.edit(ectMD, "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\nkeys: ["+strconv.Quote(fixture.AuthorizedKey(erinKey))+"]\n")
	r.edit(schoolMD, "    emails: [tom@testwood.example]\n", "    emails: [tom@testwood.example]\n    keys: ["+strconv.Quote(fixture.AuthorizedKey(tomKey))+"]\n")
	r.edit(schoolMD, "    emails: [head@testwood.example]\n", "    emails: [head@testwood.example]\n    keys:\n      - |\n"+indent(fixture.Armored(r.t, hannahKey), 8))
	r.edit(bodyMD, "    emails: [alice@testshire.example]\n", "    emails: [alice@testshire.example]\n    keys:\n      - |\n"+indent(fixture.Armored(r.t, aliceKey), 8))
	r.signers[erin.Email] = fixture.Key{SSH: erinKey}
	r.signers[tutor.Email] = fixture.Key{SSH: tomKey}
	r.signers[head.Email] = fixture.Key{OpenPGP: hannahKey}
	r.signers[abLead.Email] = fixture.Key{OpenPGP: aliceKey}
	// The AB admin sets the records up: body.md's first version is the
	// root of trust, signed by a key it registers to them.
	adamKey := admin.SSHKey(r.t, "laptop")
	r.edit(bodyMD, "    emails: [adam@testshire.example]\n", "    emails: [adam@testshire.example]\n    keys: ["+strconv.Quote(fixture.AuthorizedKey(adamKey))+"]\n")
	r.signers[admin.Email] = fixture.Key{SSH: adamKey}
	return map[string]ssh.Signer{erin.Email: erinKey, tutor.Email: tomKey, admin.Email: adamKey}
}

// A want is a diagnostic a case must produce. In msg, "{name}" stands for
// the short hash of the commit the case named name.
type want struct {
	sev       diag.Severity
	file      string
	line, col int
	rule      string
	msg       []string
}

func errAt(file string, line, col int, rule string, msg ...string) want {
	return want{diag.Error, file, line, col, rule, msg}
}

func warnAt(file string, line, col int, rule string, msg ...string) want {
	return want{diag.Warning, file, line, col, rule, msg}
}

// proofs are the states wanted of each report's entries, in file order.
type proofs map[string][]audit.State

type auditCase struct {
	name string
	// play builds the history in a fresh repository (and may edit the
	// fixture first, then call setup).
	play func(r *repo)
	// since names the commit to walk from (validate --since).
	since string
	want  []want
	// states, when set, are the proofs wanted (only of the reports named).
	states proofs
	// check, when set, checks more.
	check func(t *testing.T, r *repo, c checked)
	bug   string
}

// expand puts the short hashes of named commits into a wanted message.
func (r *repo) expand(s string) string {
	for name := range r.commits {
		s = strings.ReplaceAll(s, "{"+name+"}", r.short(name))
	}
	return s
}

func (r *repo) matches(d diag.Diagnostic, w want) bool {
	if d.Severity != w.sev || d.File != "records/"+w.file || d.Line != w.line || d.Column != w.col || d.Rule != w.rule {
		return false
	}
	for _, m := range w.msg {
		if !strings.Contains(d.Message, r.expand(m)) {
			return false
		}
	}
	return true
}

var auditCases = []auditCase{
	{
		name: "honest history",
		play: func(r *repo) {
			r.setup()
			r.honestReview()
			r.honestFirst()
		},
		states: proofs{
			review: {audit.Proven, audit.Proven, audit.Proven},
			first:  {audit.Proven, audit.Proven, audit.Proven},
		},
		check: func(t *testing.T, r *repo, c checked) {
			for _, rel := range []string{review, first} {
				if got := r.read(rel); got != r.files[rel] {
					t.Errorf("%s does not end as the fixture's:\n%s", rel, got)
				}
			}
			if got := c.result.Count[audit.Proven]; got != 6 {
				t.Errorf("Count[Proven] = %d, want 6", got)
			}
			for _, p := range c.result.Proofs[review] {
				if want := map[string]string{"ect": "ectSign", "tutor": "tutorSign", "ab": "accept"}[p.Role]; p.Commit == nil || p.Commit.Hash != r.commits[want] {
					t.Errorf("%s: proven by %v, want the commit %s", p.Entry, p.Commit, want)
				}
			}
			wantLine(t, c.validate, fmt.Sprintf("signatures: 6 proven from Git history; %d commits read", len(r.order)))
		},
	},
	{
		name: "signature-author/the tutor adds the ECT's signature",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.commit("forged", tutor, "2025-12-11 18:00", "Add Erin's signature", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{errAt(review, 19, 5, audit.RuleAuthor,
			"the ECT's signature (signatures[0]) names Erin Example, but it was added in {forged} by Tom One <tom@testwood.example>: nobody signs for someone else",
			"Erin Example signs with: ect sign records/"+review+" --as ect")},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
	},
	{
		name: "signature-author/someone not in the records adds the tutor's signature",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.commit("forged", bot, "2025-12-12 09:00", "Sign for Tom", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{errAt(review, 20, 5, audit.RuleAuthor,
			"the tutor's signature (signatures[1]) names Tom One, but it was added in {forged} by GitHub <noreply@github.com> (not in the records)",
			"(if noreply@github.com is theirs, add it to their emails)")},
		states: proofs{review: {audit.Proven, audit.Failed, audit.Proven}},
	},
	{
		name: "edited-after-signing/the tutor edits the summary after the ECT signed",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			edit := func(s string) string { return replace(r.t, s, "Erin has settled well.", "Erin has settled very well.") }
			r.commit("edit", tutor, "2025-12-12 08:30", "Improve the summary", review, edit(fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1})))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", edit(fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2})))
			r.accept("accept", abLead, "2025-12-15 11:00", review, edit(full))
		},
		want: []want{errAt(review, 18, 1, audit.RuleEdited,
			"edited after the ECT signed in {ectSign} on 2025-12-11 (changed in {edit} by Tom One <tom@testwood.example> on 2025-12-12): collect signatures again")},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
	},
	{
		name: "edited-after-signing/the tutor edits the summary as they sign",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			edit := func(s string) string { return replace(r.t, s, "Erin has settled well.", "Erin has settled very well.") }
			r.commit("tutorSign", tutor, "2025-12-12 09:00", "Sign as tutor", review, edit(fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2})))
			r.accept("accept", abLead, "2025-12-15 11:00", review, edit(full))
		},
		want: []want{errAt(review, 18, 1, audit.RuleEdited,
			"edited after the ECT signed in {ectSign} on 2025-12-11 (changed in {tutorSign} by Tom One <tom@testwood.example> on 2025-12-12)")},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
	},
	{
		name: "edited-after-signing/an uncommitted edit of a signed report",
		play: func(r *repo) {
			r.setup()
			r.honestReview()
			r.write(review, replace(r.t, r.files[review], "Erin has settled well.", "Erin has settled very well."))
		},
		want: []want{errAt(review, 18, 1, audit.RuleEdited,
			"edited after the ECT signed in {ectSign} on 2025-12-11 (the working folder has uncommitted edits)")},
		states: proofs{review: {audit.Failed, audit.Failed, audit.Failed}},
	},
	{
		name: "signature-key/verified: every signature by a registered key",
		play: func(r *repo) {
			r.verified()
			r.setup()
			r.honestReview()
			r.honestFirst()
		},
		states: proofs{
			review: {audit.Verified, audit.Verified, audit.Verified},
			first:  {audit.Verified, audit.Verified, audit.Verified},
		},
		check: func(t *testing.T, r *repo, c checked) {
			if got := c.result.Count[audit.Verified]; got != 6 {
				t.Errorf("Count[Verified] = %d, want 6", got)
			}
			for rel, keys := range map[string][]string{review: {"SSH key SHA256:", "SSH key SHA256:", "OpenPGP key "}, first: {"SSH key SHA256:", "SSH key SHA256:", "OpenPGP key "}} {
				for i, p := range c.result.Proofs[rel] {
					if !strings.HasPrefix(p.Key, keys[i]) || !strings.Contains(p.Describe(), "signed with their "+keys[i]) {
						t.Errorf("%s %s: key %q, %q, want %s…", rel, p.Entry, p.Key, p.Describe(), keys[i])
					}
				}
			}
			wantLine(t, c.validate, fmt.Sprintf("signatures: 6 proven from Git history (6 signed by key); %d commits read", len(r.order)))
		},
	},
	{
		name: "signature-key/verified: the ECT signs with a key not registered to her",
		play: func(r *repo) {
			r.verified()
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.next = &fixture.Key{SSH: fixture.SSHKey(r.t)}
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{errAt(review, 19, 5, audit.RuleKeyProof,
			"the ECT's signature (signatures[0]) was added in {ectSign} by Erin Example, but the body's signing_policy is verified and that commit is not signed with a key registered to them: signed with SSH key SHA256:",
			", which is not registered to them")},
		states: proofs{review: {audit.Failed, audit.Verified, audit.Verified}},
	},
	{
		name: "signature-key/verified: the ECT's signature in an unsigned commit",
		play: func(r *repo) {
			r.verified()
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.next = &fixture.Key{} // unsigned
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{errAt(review, 19, 5, audit.RuleKeyProof,
			"the ECT's signature (signatures[0]) was added in {ectSign} by Erin Example, but the body's signing_policy is verified and that commit is not signed with a key registered to them: the commit is not signed.")},
		states: proofs{review: {audit.Failed, audit.Verified, audit.Verified}},
	},
	{
		name: "signature-key/verified: the headteacher signs with an OpenPGP key not registered to her",
		play: func(r *repo) {
			r.verified()
			r.setup()
			full := r.files[first]
			r.upToComments(first, "first-", "2026-07-08", "2026-07-09")
			r.sign("first-ectSign", erin, "2026-07-09 17:05", first, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("first-tutorSign", tutor, "2026-07-10 09:00", first, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.next = &fixture.Key{OpenPGP: head.OpenPGPKey(r.t, "home")}
			r.sign("first-headSign", head, "2026-07-13 09:00", first, "headteacher", full)
		},
		want: []want{errAt(first, 22, 5, audit.RuleKeyProof,
			"the headteacher's signature (signatures[2]) was added in {first-headSign} by Hannah Head, but the body's signing_policy is verified",
			": signed with OpenPGP key ", ", which is not registered to them")},
		states: proofs{first: {audit.Verified, audit.Verified, audit.Failed}},
	},
	{
		name: "signature-key/verified: the ECT signs in the Git host's web editor",
		play: func(r *repo) {
			r.verified()
			web := bot.OpenPGPKey(r.t, "web-flow")
			r.edit(bodyMD, "signing_policy: verified\n", "signing_policy: verified\nweb_editor_keys:\n  - |\n"+indent(fixture.Armored(r.t, web), 4))
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.next = &fixture.Key{OpenPGP: web}
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		states: proofs{review: {audit.WebEditor, audit.Verified, audit.Verified}},
		check: func(t *testing.T, r *repo, c checked) {
			p := c.result.Proofs[review][0]
			if want := "added in " + r.short("ectSign") + " by Erin Example <erin@testwood.example> on 2025-12-11 in the Git host's web editor: the host's key proves their host account, not a personal key"; p.Describe() != want {
				t.Errorf("Describe() = %q, want %q", p.Describe(), want)
			}
			wantLine(t, c.validate, fmt.Sprintf("signatures: 3 proven from Git history (3 signed by key); %d commits read", len(r.order)))
		},
	},
	{
		name: "signature-key/author policy: a commit signed by an unregistered key proves authorship only",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.next = &fixture.Key{SSH: fixture.SSHKey(r.t)}
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven}},
	},
	{
		name: "rename/a signed report moved to its right name keeps its proofs",
		bug: "history/audit follow no renames: a signed report moved with git mv (here from a misspelt file name) is a new path whose " +
			"first version, the move, \"adds\" every signature at once, so each is reported as signature-unattributable " +
			"(\"a commit that squashed other people's work\") against whoever moved it, although each was proven at the old path",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			wrong := strings.Replace(review, "autumn", "autum", 1)
			r.files[wrong] = full
			r.commit("draft", tutor, "2025-12-10 15:00", "Draft", wrong, fixture.Version(r.t, full, fixture.Stage{}))
			r.commit("release", tutor, "2025-12-10 16:00", "Release", wrong, fixture.Version(r.t, full, fixture.Stage{Released: true}))
			r.commit("comment", erin, "2025-12-11 17:00", "My comments", wrong, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true}))
			r.commit("ectSign", erin, "2025-12-11 17:05", "Sign as ect", wrong, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.commit("tutorSign", tutor, "2025-12-12 09:00", "Sign as tutor", wrong, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.commit("accept", abLead, "2025-12-15 11:00", "Accept", wrong, full)
			r.Move("records/"+wrong, "records/"+review)
			r.commitFiles("move", admin, "2025-12-16 09:00", "Fix the review's file name", nil, nil)
		},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven}},
	},
	{
		name: "signature-unattributable/a squash merge adds the ECT's and the tutor's signatures",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.commit("draft", tutor, "2025-12-10 15:00", "Draft", review, fixture.Version(r.t, full, fixture.Stage{}))
			r.commit("release", tutor, "2025-12-10 16:00", "Release", review, fixture.Version(r.t, full, fixture.Stage{Released: true}))
			r.commit("squash", bot, "2025-12-12 10:00", "Report for 2025-26 autumn (#12)\n\n* My comments\n* Sign as ect\n* Sign as tutor\n", review,
				fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{
			errAt(review, 19, 5, audit.RuleUnattributable,
				"the ECT's signature (signatures[0]) cannot be attributed: it was added in {squash} by GitHub <noreply@github.com> (not in the records), a commit that squashed other people's work into one (\"Report for 2025-26 autumn (#12)\"), so Git no longer shows who signed",
				"then remove this signature and Erin Example signs again with ect sign"),
			errAt(review, 20, 5, audit.RuleUnattributable,
				"the tutor's signature (signatures[1]) cannot be attributed: it was added in {squash} by GitHub <noreply@github.com> (not in the records)",
				"then remove this signature and Tom One signs again with ect sign"),
		},
		states: proofs{review: {audit.Failed, audit.Failed, audit.Proven}},
	},
	{
		name: "signature-unattributable/the tutor's squash credits the ECT as co-author",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.commit("draft", tutor, "2025-12-10 15:00", "Draft", review, fixture.Version(r.t, full, fixture.Stage{}))
			r.commit("release", tutor, "2025-12-10 16:00", "Release", review, fixture.Version(r.t, full, fixture.Stage{Released: true}))
			r.commit("squash", tutor, "2025-12-11 18:00", "Erin's comments and signature\n\nCo-authored-by: Erin Example <Erin@Testwood.example>\n", review,
				fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{errAt(review, 19, 5, audit.RuleUnattributable,
			"the ECT's signature (signatures[0]) cannot be attributed: it was added in {squash} by Tom One <tom@testwood.example>, a commit that squashed other people's work into one (\"Erin's comments and signature\")")},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
	},
	{
		name: "signature-unattributable/a squash merge adds the AB's review too",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.commit("draft", tutor, "2025-12-10 15:00", "Draft", review, fixture.Version(r.t, full, fixture.Stage{}))
			r.commit("release", tutor, "2025-12-10 16:00", "Release", review, fixture.Version(r.t, full, fixture.Stage{Released: true}))
			r.commit("squash", bot, "2025-12-15 12:00", "Report for 2025-26 autumn (#12)", review, full)
		},
		want: []want{
			errAt(review, 19, 5, audit.RuleUnattributable, "the ECT's signature (signatures[0]) cannot be attributed"),
			errAt(review, 20, 5, audit.RuleUnattributable, "the tutor's signature (signatures[1]) cannot be attributed"),
			errAt(review, 21, 12, audit.RuleUnattributable, "the AB's review (ab_review) cannot be attributed", "ect ab-review"),
		},
	},
	{
		name: "signature-role/the tutor signs a progress review as headteacher",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			tutorSig := "  - {role: tutor, by: t-one, on: \"2025-12-12\"}\n"
			withHead := replace(r.t, full, tutorSig, tutorSig+"  - {role: headteacher, by: t-one, on: \"2025-12-12\"}\n")
			r.commit("headSign", tutor, "2025-12-12 09:30", "Sign as headteacher", review,
				replace(r.t, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}), tutorSig, tutorSig+"  - {role: headteacher, by: t-one, on: \"2025-12-12\"}\n"))
			r.accept("accept", abLead, "2025-12-15 11:00", review, withHead)
		},
		// The history proves the tutor added it; the rules say the tutor
		// is no headteacher.
		want:   []want{errAt(review, 21, 29, "role", "signatures[2].by is Tom One, but Tom One does not have the role headteacher in records/"+schoolMD)},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven, audit.Proven}},
	},
	{
		name: "signature-author/the tutor adds the headteacher's signature to a progress review",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			headSig := "  - {role: tutor, by: t-one, on: \"2025-12-12\"}\n  - {role: headteacher, by: h-head, on: \"2025-12-12\"}\n"
			r.commit("headSign", tutor, "2025-12-12 09:30", "Sign for Hannah", review,
				replace(r.t, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}), "  - {role: tutor, by: t-one, on: \"2025-12-12\"}\n", headSig))
		},
		want: []want{errAt(review, 21, 5, audit.RuleAuthor,
			"the headteacher's signature (signatures[2]) names Hannah Head, but it was added in {headSign} by Tom One <tom@testwood.example>")},
	},
	{
		name: "signature-author/the tutor records the AB's review",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.commit("accept", tutor, "2025-12-15 11:00", "Accepted by the AB", review, full)
		},
		want: []want{errAt(review, 21, 12, audit.RuleAuthor,
			"the AB's review (ab_review) names Alice Lead, but it was added in {accept} by Tom One <tom@testwood.example>: nobody signs for someone else",
			"Alice Lead records it with: ect ab-review records/"+review)},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Failed}},
	},
	{
		name: "signature-order/the ECT signs before writing comments",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.commit("draft", tutor, "2025-12-10 15:00", "Draft", review, fixture.Version(r.t, full, fixture.Stage{}))
			r.commit("release", tutor, "2025-12-10 16:00", "Release", review, fixture.Version(r.t, full, fixture.Stage{Released: true}))
			r.commit("ectSign", erin, "2025-12-11 17:00", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Sigs: 1}))
			r.commit("comment", erin, "2025-12-11 17:05", "My comments", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		want: []want{
			errAt(review, 19, 5, audit.RuleOrder, "the ECT signed in {ectSign} before writing their comments under \"## ECT comments\": the ECT comments first, then signs (SG 2.61)"),
			errAt(review, 18, 1, audit.RuleEdited, "edited after the ECT signed in {ectSign} on 2025-12-11 (changed in {comment} by Erin Example <erin@testwood.example> on 2025-12-11)"),
		},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
	},
	{
		name: "signature-order/the AB accepts before the tutor has signed",
		play: func(r *repo) {
			r.setup()
			// The AB's review is dated the day it was committed.
			full := strings.Replace(r.files[review], `on: "2025-12-15", decision`, `on: "2025-12-12", decision`, 1)
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.commit("accept", abLead, "2025-12-12 08:00", "Accept", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1, Review: true}))
			r.commit("tutorSign", tutor, "2025-12-12 09:00", "Sign as tutor", review, full)
		},
		want: []want{
			errAt(review, 21, 12, audit.RuleOrder, "the appropriate body reviewed the report in {accept} before the tutor signed: the AB reviews a report only once everyone has signed"),
			errAt(review, 20, 5, audit.RuleOrder, "the tutor's signature (signatures[1]) was added in {tutorSign}, after the appropriate body had accepted the report: nothing is signed after the AB's review"),
			errAt(review, 21, 1, audit.RuleEdited, "edited after the appropriate body accepted it in {accept} on 2025-12-12 ("),
		},
	},
	{
		name: "edited-after-signing/a signature added after the AB's review names its commit",
		play: func(r *repo) {
			r.setup()
			// The AB's review is dated the day it was committed.
			full := strings.Replace(r.files[review], `on: "2025-12-15", decision`, `on: "2025-12-12", decision`, 1)
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.commit("accept", abLead, "2025-12-12 08:00", "Accept", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1, Review: true}))
			r.commit("tutorSign", tutor, "2025-12-12 09:00", "Sign as tutor", review, full)
		},
		want: []want{
			errAt(review, 21, 12, audit.RuleOrder, "the appropriate body reviewed the report in {accept} before the tutor signed"),
			errAt(review, 20, 5, audit.RuleOrder, "the tutor's signature (signatures[1]) was added in {tutorSign}, after the appropriate body had accepted the report"),
			errAt(review, 21, 1, audit.RuleEdited, "edited after the appropriate body accepted it in {accept} on 2025-12-12 (changed in {tutorSign} by Tom One <tom@testwood.example> on 2025-12-12)"),
		},
	},
	{
		name: "imported/signatures imported after they were made",
		play: func(r *repo) {
			for _, on := range []string{"2027-07-08", "2027-07-09", "2027-07-12"} {
				r.edit(final, "on: \""+on+"\"}", "on: \""+on+"\", imported: true}")
			}
			r.setup()
			r.commit("import", admin, "2027-07-20 09:00", "Import the final assessment from the old system", final, r.files[final])
		},
		states: proofs{final: {audit.Imported, audit.Imported, audit.Imported}},
		check: func(t *testing.T, r *repo, c checked) {
			for _, p := range c.result.Proofs[final] {
				if want := "imported, not proven from Git (brought in by Adam Admin <adam@testshire.example> in " + r.short("import") + ")"; p.Describe() != want {
					t.Errorf("%s: %q, want %q", p.Entry, p.Describe(), want)
				}
			}
			wantLine(t, c.validate, fmt.Sprintf("signatures: 0 proven from Git history, 3 imported (not proven); %d commits read", len(r.order)))
		},
	},
	{
		name: "imported/an imported signature dated after its commit",
		play: func(r *repo) {
			for _, on := range []string{"2027-07-08", "2027-07-09", "2027-07-12"} {
				r.edit(final, "on: \""+on+"\"}", "on: \""+on+"\", imported: true}")
			}
			r.setup()
			r.commit("import", admin, "2027-07-10 09:00", "Import the final assessment from the old system", final, r.files[final])
		},
		want: []want{errAt(final, 22, 5, audit.RuleImported,
			"the headteacher's signature (signatures[2]) is marked imported but is dated 2027-07-12, after {import} brought it in on 2027-07-10",
			"Remove imported: true; Hannah Head signs again with ect sign")},
		states: proofs{final: {audit.Imported, audit.Imported, audit.Failed}},
	},
	{
		name: "signature-uncommitted/the tutor's signature only in the working folder",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.write(review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
		},
		want: []want{warnAt(review, 20, 5, audit.RuleUncommitted,
			"the tutor's signature (signatures[1]) is not committed yet: it is proven by the commit that adds it, which must be Tom One's own (ect sign does this)")},
		states: proofs{review: {audit.Proven, audit.Uncommitted}},
		check: func(t *testing.T, r *repo, c checked) {
			wantLine(t, c.validate, fmt.Sprintf("signatures: 1 proven from Git history, 1 not committed; %d commits read", len(r.order)))
		},
	},
	{
		name: "decision/the AB lead records an extension in a commit of her own",
		play: func(r *repo) {
			r.setup()
			r.commit("extend", abLead, "2026-01-05 10:00", "Extend Erin's induction", ectMD, withExtension(r.files[ectMD]))
		},
		want:   []want{warnAt(ectMD, 22, 5, rules.RuleOutcomeDeadline, "no final assessment")},
		states: proofs{ectMD: {audit.Proven}},
		check: func(t *testing.T, r *repo, c checked) {
			if p := c.result.Proofs[ectMD][0]; p.Entry != "extensions[0]" || p.Commit.Hash != r.commits["extend"] || !p.Decision() {
				t.Errorf("proof %+v, want extensions[0] proven by {extend}", p)
			}
			if c.result.Decisions[audit.Proven] != 1 || c.result.Count[audit.Proven] != 0 {
				t.Errorf("Decisions %v, Count %v: the decision counts as a decision, not a signature", c.result.Decisions, c.result.Count)
			}
			wantLine(t, c.validate, fmt.Sprintf("signatures: 0 proven from Git history; AB decisions: 1 proven from Git history; %d commits read", len(r.order)))
		},
	},
	{
		name: "signature-author/the tutor records the AB's outcome",
		play: func(r *repo) {
			r.setup()
			r.commit("pass", tutor, "2026-01-05 10:00", "Erin passed", ectMD, replace(r.t, r.files[ectMD], "    working_pattern: Full time\n",
				"    working_pattern: Full time\n    end: \"2025-12-19\"\n    terms: 1.0\n    outcome:\n      result: pass\n      decided: \"2026-01-05\"\n      by: ab-lead\n"))
		},
		want: []want{
			errAt(ectMD, 19, 7, audit.RuleAuthor, "the AB's decision (periods[0].outcome) names Alice Lead, but it was added in {pass} by Tom One <tom@testwood.example>: nobody signs for someone else", "Alice Lead records it with ect outcome"),
			warnAt(ectMD, 19, 7, rules.RuleOutcomeDeadline, "no final assessment"),
			warnAt(ectMD, 19, 7, rules.RuleOutcomeDeadline, "record when the notice of the outcome went to the ECT, the headteacher and the employer (notified: \"YYYY-MM-DD\"): it was due by 2026-01-07"),
			// A pass goes to the TRA in the termly return (SG 2.69).
			warnAt(ectMD, 19, 7, rules.RuleOutcomeDeadline, "record when the AB notified the Teaching Regulation Agency of the outcome for the Secretary of State (notified_tra: \"YYYY-MM-DD\"): it was due by 2026-03-27"),
		},
		states: proofs{ectMD: {audit.Failed}},
	},
	{
		name: "decision-removed/the tutor takes the AB's extension out",
		play: func(r *repo) {
			r.setup()
			r.commit("extend", abLead, "2026-01-05 10:00", "Extend Erin's induction", ectMD, withExtension(r.files[ectMD]))
			r.commit("undo", tutor, "2026-01-06 10:00", "Tidy up", ectMD, r.files[ectMD])
		},
		want: []want{errAt(ectMD, 2, 1, audit.RuleDecisionRemoved, "the extension of 1.0 terms decided on 2026-01-05 by ab-lead was taken out in {undo} by Tom One <tom@testwood.example>, who is not appropriate body staff")},
	},
	{
		name: "decision-removed/the AB lead may correct her own decision",
		play: func(r *repo) {
			r.setup()
			r.commit("extend", abLead, "2026-01-05 10:00", "Extend Erin's induction", ectMD, withExtension(r.files[ectMD]))
			r.commit("undo", abLead, "2026-01-06 10:00", "Recorded for the wrong ECT", ectMD, r.files[ectMD])
		},
	},
	{
		name: "signature-key/verified: the AB lead's extension in a commit signed with her key",
		play: func(r *repo) {
			r.verified()
			r.setup()
			r.commit("extend", abLead, "2026-01-05 10:00", "Extend Erin's induction", ectMD, withExtension(r.files[ectMD]))
		},
		want:   []want{warnAt(ectMD, 23, 5, rules.RuleOutcomeDeadline, "no final assessment")},
		states: proofs{ectMD: {audit.Verified}},
	},
	{
		name: "merge commit/the ECT signs on a branch the tutor merges",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.commit("draft", tutor, "2025-12-10 15:00", "Draft", review, fixture.Version(r.t, full, fixture.Stage{}))
			r.commit("release", tutor, "2025-12-10 16:00", "Release", review, fixture.Version(r.t, full, fixture.Stage{Released: true}))
			main := r.Branch()
			r.Checkout("ect-1234567-autumn", true)
			r.commit("comment", erin, "2025-12-11 17:00", "My comments", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true}))
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.Checkout(main, false)
			obs := ectDir + "/observations/2025-10-15.md"
			r.files[obs] = replace(r.t, r.files[obs], "- Clear modelling of column addition (TS4).", "- Clear modelling of column addition with base ten (TS4).")
			r.commit("meanwhile", tutor, "2025-12-11 18:00", "Observation notes", obs, r.files[obs])
			r.commitFiles("merge", tutor, "2025-12-12 08:00", "Merge branch 'ect-1234567-autumn'",
				map[string]string{review: fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1})},
				[]plumbing.Hash{r.commits["meanwhile"], r.commits["ectSign"]})
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.accept("accept", abLead, "2025-12-15 11:00", review, full)
		},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven}},
		check: func(t *testing.T, r *repo, c checked) {
			m, ok := c.hist.Commits[r.commits["merge"]]
			if !ok || len(m.Parents) != 2 {
				t.Fatalf("the merge commit is not a two-parent commit in the history: %+v", m)
			}
			if p := c.result.Proofs[review][0]; p.Commit == nil || p.Commit.Hash != r.commits["ectSign"] {
				t.Errorf("the ECT's signature is proven by %v, want the ECT's own commit %s, not the merge %s", p.Commit, r.short("ectSign"), r.short("merge"))
			}
		},
	},
	{
		name:  "since/signatures before the base are earlier, a bad one after it is caught",
		since: "ectSign",
		play: func(r *repo) {
			r.setup()
			r.honestReview()
			full := r.files[first]
			r.upToComments(first, "first-", "2026-07-08", "2026-07-09")
			r.sign("first-ectSign", erin, "2026-07-09 17:05", first, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("first-tutorSign", tutor, "2026-07-10 09:00", first, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.commit("first-headSign", tutor, "2026-07-13 09:00", "Sign for Hannah", first, full)
		},
		want: []want{errAt(first, 22, 5, audit.RuleAuthor,
			"the headteacher's signature (signatures[2]) names Hannah Head, but it was added in {first-headSign} by Tom One <tom@testwood.example>")},
		states: proofs{
			review: {audit.Earlier, audit.Proven, audit.Proven},
			first:  {audit.Proven, audit.Proven, audit.Failed},
		},
		check: func(t *testing.T, r *repo, c checked) {
			after := len(r.order) - 1 - slices.Index(r.order, "ectSign")
			if c.hist.Walked != after || c.result.Walked != after {
				t.Errorf("Walked = %d (Result %d), want the %d commits after the base", c.hist.Walked, c.result.Walked, after)
			}
			for _, name := range r.order[:slices.Index(r.order, "ectSign")+1] {
				if _, ok := c.hist.Commits[r.commits[name]]; ok {
					t.Errorf("the walk read %s, at or before the base", name)
				}
			}
			wantLine(t, c.validate, fmt.Sprintf("signatures: 4 proven from Git history, 1 proven before %s, 1 not proven; %d commits read", r.commits["ectSign"], after))
		},
	},
	{
		name:  "since/a report signed before the base and unchanged since is earlier",
		since: "accept",
		play: func(r *repo) {
			r.setup()
			r.honestReview()
			r.upToComments(first, "first-", "2026-07-08", "2026-07-09")
		},
		states: proofs{review: {audit.Earlier, audit.Earlier, audit.Earlier}},
	},
}

// wantLine checks that out has the line.
func wantLine(t *testing.T, out, line string) {
	t.Helper()
	for l := range strings.Lines(out) {
		if strings.TrimRight(l, "\n") == line {
			return
		}
	}
	t.Errorf("ect validate does not print %q:\n%s", line, out)
}

func TestAudit(t *testing.T) { runAuditCases(t, auditCases) }

// runAuditCases plays each case's history in a repository of its own and
// checks what the audit, and ect validate, find.
func runAuditCases(t *testing.T, cases []auditCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.bug != "" && os.Getenv("ECTDOCS_RUN_BUGS") == "" {
				t.Skip("BUG: " + tc.bug + " (ECTDOCS_RUN_BUGS=1 runs it)")
			}
			r := newRepo(t)
			tc.play(r)
			var opt history.Options
			if tc.since != "" {
				opt.Since = r.commits[tc.since]
			}
			c := r.check(opt)
			t.Logf("diagnostics:%s", dump(c.diags))
			left := slices.Clone(c.diags)
			for _, w := range tc.want {
				i := slices.IndexFunc(left, func(d diag.Diagnostic) bool { return r.matches(d, w) })
				if i < 0 {
					t.Errorf("missing %s at records/%s:%d:%d [%s] saying %q", w.sev, w.file, w.line, w.col, w.rule, r.expand(strings.Join(w.msg, " … ")))
					continue
				}
				left = slices.Delete(left, i, i+1)
			}
			if len(left) > 0 {
				t.Errorf("unexpected diagnostics:%s", dump(left))
			}
			for rel, states := range tc.states {
				got := c.result.Proofs[rel]
				var gs []audit.State
				for _, p := range got {
					gs = append(gs, p.State)
				}
				if !slices.Equal(gs, states) {
					t.Errorf("%s: states %v, want %v", rel, gs, states)
					for _, p := range got {
						t.Logf("\t%s: %s", p.Entry, p.Describe())
					}
				}
			}
			// ect validate, run as a whole, agrees.
			c.validate = validateAgrees(t, r, tc, c)
			if tc.check != nil {
				tc.check(t, r, c)
			}
		})
	}
}

// validateAgrees runs ect validate on the repository and checks that it
// prints each wanted diagnostic and exits as it should.
func validateAgrees(t *testing.T, r *repo, tc auditCase, c checked) string {
	t.Helper()
	args := []string{"validate", r.records()}
	if tc.since != "" {
		args = append(args, "--since", r.commits[tc.since].String())
	}
	var out, errw bytes.Buffer
	err := cli.Run(args, &out, &errw, fixture.Clock(), nil)
	errs, _ := diag.Count(c.diags)
	var ee *cli.ExitError
	switch {
	case errs == 0 && err != nil:
		t.Errorf("ect validate: %v, want success\n%s%s", err, out.String(), errw.String())
	case errs > 0 && (!errors.As(err, &ee) || ee.Code != cli.ExitInvalid):
		t.Errorf("ect validate: %v, want exit status 1\n%s%s", err, out.String(), errw.String())
	}
	for _, w := range tc.want {
		loc := fmt.Sprintf("records/%s:%d:%d: ", w.file, w.line, w.col)
		found := false
		for line := range strings.Lines(out.String()) {
			if strings.Contains(line, loc) && strings.HasSuffix(strings.TrimSpace(line), "["+w.rule+"]") {
				found = true
			}
		}
		if !found {
			t.Errorf("ect validate does not print %s…[%s]:\n%s", loc, w.rule, out.String())
		}
	}
	if errw.Len() > 0 {
		t.Errorf("ect validate wrote to stderr: %s", errw.String())
	}
	return out.String()
}

// TestGitVerifyCommit cross-checks a verified commit with git itself:
// git verify-commit, given the registered SSH keys as its allowed
// signers, accepts the ECT's and the tutor's signing commits and refuses
// one signed by a key that is not registered, as the audit does.
func TestGitVerifyCommit(t *testing.T) {
	for _, p := range []string{"git", "ssh-keygen"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is not installed", p)
		}
	}
	r := newRepo(t)
	keys := r.verified()
	r.setup()
	r.honestReview()
	obs := ectDir + "/observations/2025-10-15.md"
	other := fixture.SSHKey(t)
	r.next = &fixture.Key{SSH: other}
	r.commit("other", erin, "2025-12-16 09:00", "Signed with another key", obs, replace(t, r.files[obs], "column addition (TS4)", "column addition with base ten (TS4)"))

	c := r.check(history.Options{})
	if len(c.diags) > 0 {
		t.Fatalf("diagnostics:%s", dump(c.diags))
	}
	if got := c.result.Proofs[review][0]; got.State != audit.Verified || !strings.Contains(got.Key, ssh.FingerprintSHA256(keys[erin.Email].PublicKey())[:len("SHA256:")+12]) {
		t.Fatalf("the ECT's signature: %s", got.Describe())
	}
	home := t.TempDir()
	allowed := filepath.Join(home, "allowed_signers")
	var list strings.Builder
	for _, p := range []fixture.Person{erin, tutor} {
		fmt.Fprintf(&list, "%s %s\n", p.Email, fixture.AuthorizedKey(keys[p.Email]))
	}
	if err := os.WriteFile(allowed, []byte(list.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	for _, tt := range []struct {
		commit string
		ok     bool
	}{{"ectSign", true}, {"tutorSign", true}, {"other", false}} {
		cmd := exec.Command("git", "-C", r.Dir, "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile="+allowed,
			"verify-commit", r.commits[tt.commit].String())
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		t.Logf("git verify-commit %s: %v\n%s", tt.commit, err, out)
		if (err == nil) != tt.ok {
			t.Errorf("git verify-commit %s: ok = %v, want %v\n%s", tt.commit, err == nil, tt.ok, out)
		}
		obj, err := r.Git.CommitObject(r.commits[tt.commit])
		if err != nil {
			t.Fatal(err)
		}
		regs := []signing.Key{}
		for _, p := range []fixture.Person{erin, tutor} {
			k, err := signing.ParseKey(fixture.AuthorizedKey(keys[p.Email]))
			if err != nil {
				t.Fatal(err)
			}
			regs = append(regs, k)
		}
		if _, err := signing.Verify(fixture.Signature(t, obj), regs); (err == nil) != tt.ok {
			t.Errorf("signing.Verify %s: %v, want ok = %v", tt.commit, err, tt.ok)
		}
	}
}

// trail tells a report's trail as ect audit does.
func (r *repo) trail(rel string) *audit.Trail {
	r.t.Helper()
	book := r.load()
	people, _ := identity.New(book)
	rep, e := report(r.t, book, rel)
	h, err := r.open().Walk(history.Options{Only: rel})
	if err != nil {
		r.t.Fatal(err)
	}
	tr, err := audit.New(r.open(), h, people).Trail(rep.File, e, rep)
	if err != nil {
		r.t.Fatal(err)
	}
	return tr
}

// TestTrail: the trail of the honest history tells each step in words,
// by whom, and what the history proves of each signature.
func TestTrail(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.setup()
	r.honestReview()
	tr := r.trail(review)
	type step struct{ commit, date, author, person, changes, text string }
	want := []step{
		{"draft", "2025-12-10 15:00 +0000", "Tom One <tom@testwood.example>", "Tom One, induction tutor at Testwood Primary School", "created",
			"created by Tom One — their commit, not cryptographically signed"},
		{"release", "2025-12-10 16:00 +0000", "Tom One <tom@testwood.example>", "Tom One, induction tutor at Testwood Primary School", "tutor released to ECT",
			"tutor released to ECT by Tom One — their commit, not cryptographically signed"},
		{"comment", "2025-12-11 17:00 +0000", "Erin Example <erin@testwood.example>", "Erin Example, ECT", "ECT commented",
			"ECT commented by Erin Example — their commit, not cryptographically signed"},
		{"ectSign", "2025-12-11 17:05 +0000", "Erin Example <erin@testwood.example>", "Erin Example, ECT", "ECT signed",
			"ECT signed by Erin Example — their commit, not cryptographically signed"},
		{"tutorSign", "2025-12-12 09:00 +0000", "Tom One <tom@testwood.example>", "Tom One, induction tutor at Testwood Primary School", "tutor signed",
			"tutor signed by Tom One — their commit, not cryptographically signed"},
		{"accept", "2025-12-15 11:00 +0000", "Alice Lead <alice@testshire.example>", "Alice Lead, appropriate body staff", "AB accepted",
			"AB accepted by Alice Lead — their commit, not cryptographically signed"},
	}
	if tr.File != "records/"+review {
		t.Errorf("File = %q", tr.File)
	}
	if len(tr.Steps) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(tr.Steps), len(want), tr.Steps)
	}
	for i, w := range want {
		got := tr.Steps[i]
		if got.Commit != r.short(w.commit) || got.Date != w.date || got.Author != w.author || got.Person != w.person ||
			strings.Join(got.Changes, "; ") != w.changes || got.Text != w.text || got.Signature != audit.CommitUnsigned {
			t.Errorf("step %d: %+v, want %s %+v, not signed", i, got, r.short(w.commit), w)
		}
	}
	if tr.Uncommitted {
		t.Error("Uncommitted is set, but the working folder is as committed")
	}
	var states []string
	for _, p := range tr.Proofs {
		states = append(states, p.Role+": "+p.Describe())
	}
	wantStates := []string{
		"ect: proven from Git: added in " + r.short("ectSign") + " by Erin Example <erin@testwood.example> on 2025-12-11",
		"tutor: proven from Git: added in " + r.short("tutorSign") + " by Tom One <tom@testwood.example> on 2025-12-12",
		"ab: proven from Git: added in " + r.short("accept") + " by Alice Lead <alice@testshire.example> on 2025-12-15",
	}
	if !slices.Equal(states, wantStates) {
		t.Errorf("proofs:\n%s\nwant:\n%s", strings.Join(states, "\n"), strings.Join(wantStates, "\n"))
	}

	// An edit in the working folder shows as uncommitted; an edit of the
	// summary, committed, as "edited".
	r.write(review, replace(t, r.files[review], "Erin has settled well.", "Erin has settled very well."))
	if tr := r.trail(review); !tr.Uncommitted {
		t.Error("Uncommitted is not set after an edit in the working folder")
	}
	r.commit("edit", tutor, "2025-12-16 09:00", "Edit", review, replace(t, r.files[review], "Erin has settled well.", "Erin has settled very well."))
	tr = r.trail(review)
	if got := strings.Join(tr.Steps[len(tr.Steps)-1].Changes, "; "); got != "edited Summary of progress" {
		t.Errorf("the edit's changes: %q", got)
	}
}

// TestTrailVerified: under the verified policy the trail says which
// registered key signed each signing commit.
func TestTrailVerified(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	keys := r.verified()
	r.setup()
	r.honestReview()
	tr := r.trail(review)
	fp := func(p fixture.Person) string {
		return ssh.FingerprintSHA256(keys[p.Email].PublicKey())[:len("SHA256:")+12]
	}
	want := map[string]string{
		r.short("draft"):     "created by Tom One — their commit, signed with their registered SSH key " + fp(tutor) + "…",
		r.short("ectSign"):   "ECT signed by Erin Example — their commit, signed with their registered SSH key " + fp(erin) + "…",
		r.short("tutorSign"): "tutor signed by Tom One — their commit, signed with their registered SSH key " + fp(tutor) + "…",
	}
	seen := 0
	for _, s := range tr.Steps {
		if w, ok := want[s.Commit]; ok {
			seen++
			if s.Text != w || s.Signature != audit.CommitKey {
				t.Errorf("%s: Text = %q (%s), want %q", s.Commit, s.Text, s.Signature, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d steps", seen, len(want))
	}
	if last := tr.Steps[len(tr.Steps)-1]; !strings.HasPrefix(last.Text, "AB accepted by Alice Lead — their commit, signed with their registered OpenPGP key ") {
		t.Errorf("the AB's commit: Text = %q", last.Text)
	}
}

// TestVerifiedKeyAddedBySomeoneElse: under signing_policy verified, a
// signature proves the person signed only if the key that verifies it is
// theirs. Here the tutor registers their own key as the ECT's (one commit
// to ect.md, authored by the tutor) and then signs for the ECT with it.
func TestVerifiedKeyAddedBySomeoneElse(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	keys := r.verified()
	r.setup()
	full := r.files[review]
	r.upToComments(review, "", "2025-12-10", "2025-12-11")
	tomKey := keys[tutor.Email]
	r.commit("registerKey", tutor, "2025-12-11 18:00", "Update Erin's record", ectMD,
		replace(t, r.files[ectMD], "keys: [", "keys: ["+strconv.Quote(fixture.AuthorizedKey(tomKey))+", "))
	r.next = &fixture.Key{SSH: tomKey}
	r.commit("forged", erin, "2025-12-11 18:05", "Sign as ect", review, fixture.Version(t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
	r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
	r.accept("accept", abLead, "2025-12-15 11:00", review, full)
	c := r.check(history.Options{})
	t.Logf("diagnostics:%s", dump(c.diags))
	if p := c.result.Proofs[review][0]; p.State == audit.Verified {
		t.Errorf("the ECT's signature, made with the tutor's key that the tutor registered for her, is %s", p.Describe())
	}
	if errs, _ := diag.Count(c.diags); errs == 0 {
		t.Error("no error: the forged signature passes ect validate")
	}
}

// withExtension adds the AB's extension of one term to the fixture's
// ect.md.
func withExtension(ect string) string {
	return strings.Replace(ect, "    reason: sickness\n", "    reason: sickness\nextensions:\n  - {terms: 1.0, decided: \"2026-01-05\", by: ab-lead, notified: \"2026-01-05\", notified_tra: \"2026-01-05\", reason: \"More evidence of TS5 is needed.\"}\n", 1)
}
