package workflow_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/signing"
	"github.com/ectdocs/ectdocs/internal/workflow"
)

// Paths of the fixture's files, relative to the records folder; the
// fixture is the rules' small valid records folder.
const (
	ectDir = "schools/990201-testwood-primary/ects/1234567"
	review = ectDir + "/reports/2025-26-autumn-progress-review.md"
	first  = ectDir + "/reports/2025-26-summer-first-assessment.md"
	obs    = ectDir + "/observations/2025-10-15.md"
)

// People of the fixture, as workflow users.
var (
	admin  = user(fixture.ABAdmin)
	tutor  = user(fixture.Tutor)
	erin   = user(fixture.ECT)
	head   = user(fixture.Headteacher)
	abLead = user(fixture.ABLead)
	nobody = workflow.User{Name: "Sam Stranger", Email: "sam@elsewhere.example"}
)

func user(p fixture.Person) workflow.User { return workflow.User{Name: p.Name, Email: p.Email} }

// on gives a user the fixed clock's time, in England: see fixture.At.
func on(u workflow.User, when string) workflow.User {
	u.When = fixture.At(when)
	return u
}

func compiled(t *testing.T) *schema.Set { return fixture.Schemas(t) }

func baseFiles(*testing.T) map[string]string { return fixture.Base() }

// repo is a real Git repository, made with go-git, with the fixture's
// records (all but its formal assessments) in records/.
type repo struct {
	*fixture.Repo
	t     *testing.T
	files map[string]string
}

// newRepo commits the fixture's records, the review at stage st, as the
// AB admin.
func newRepo(t *testing.T, st fixture.Stage) *repo {
	t.Helper()
	r := &repo{Repo: fixture.NewRepo(t), t: t, files: baseFiles(t)}
	files := map[string]string{}
	for rel, text := range r.files {
		if !strings.Contains(rel, "/reports/") {
			files[rel] = text
		}
	}
	files[review] = fixture.Version(t, r.files[review], st)
	r.commit(on(admin, "2025-12-10 09:00"), "Set up the records", files)
	return r
}

func (r *repo) records() string { return filepath.Join(r.Dir, "records") }

func (r *repo) write(rel, text string) { fixture.WriteFile(r.t, r.records(), rel, text) }

func (r *repo) read(rel string) string { return fixture.ReadFile(r.t, r.records(), rel) }

// commit writes files and commits them as u.
func (r *repo) commit(u workflow.User, msg string, files map[string]string) plumbing.Hash {
	r.t.Helper()
	return r.Commit(fixture.Commit{By: fixture.Person{Name: u.Name, Email: u.Email}, When: u.When, Message: msg, Files: fixture.Under("records", files)})
}

func (r *repo) open() *history.Repo {
	r.t.Helper()
	h, err := history.Open(r.records())
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// loaded is the records as ect sign loads them.
type loaded struct {
	book   *record.Book
	people *identity.People
	rep    *record.Report
	ect    *record.ECT
}

func (r *repo) load(rel string) loaded {
	r.t.Helper()
	book, err := record.Load(os.DirFS(r.records()), ".", compiled(r.t), record.Options{Display: "records"})
	if err != nil {
		r.t.Fatal(err)
	}
	people, _ := identity.New(book)
	for _, e := range book.ECTs {
		for _, rep := range e.Reports {
			if rep.Rel == rel {
				return loaded{book, people, rep, e}
			}
		}
	}
	r.t.Fatalf("no report %s", rel)
	return loaded{}
}

func (r *repo) sign(rel, role string, u workflow.User) (workflow.Done, error) {
	r.t.Helper()
	l := r.load(rel)
	return workflow.Sign(r.open(), l.people, l.rep, l.ect, role, u)
}

func (r *repo) review(rel, decision, feedback string, u workflow.User) (workflow.Done, error) {
	r.t.Helper()
	l := r.load(rel)
	return workflow.Review(r.open(), l.people, l.book, l.rep, l.ect, record.Decision(decision), feedback, u)
}

// changed lists the paths a commit changed relative to its only parent.
func (r *repo) changed(h plumbing.Hash) []string {
	r.t.Helper()
	c, err := r.Git.CommitObject(h)
	if err != nil {
		r.t.Fatal(err)
	}
	if c.NumParents() != 1 {
		r.t.Fatalf("commit %s has %d parents", h, c.NumParents())
	}
	p, err := c.Parent(0)
	if err != nil {
		r.t.Fatal(err)
	}
	pt, err := p.Tree()
	if err != nil {
		r.t.Fatal(err)
	}
	ct, err := c.Tree()
	if err != nil {
		r.t.Fatal(err)
	}
	changes, err := pt.Diff(ct)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, ch := range changes {
		out = append(out, ch.To.Name)
	}
	return out
}

// gitStatus runs the real git status --porcelain, skipping the test when
// git is not installed.
func (r *repo) gitStatus() string {
	r.t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		r.t.Skip("git is not installed")
	}
	home := r.t.TempDir()
	cmd := exec.Command("git", "-C", r.Dir, "status", "--porcelain")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git status: %v\n%s", err, out)
	}
	return string(out)
}

var commented = fixture.Stage{Released: true, Comments: true}

// TestSignRefuses: ect sign refuses whoever is not the person in the
// role, a report not ready for the signature, and a file with uncommitted
// changes; a refusal commits nothing and leaves the file as it was.
func TestSignRefuses(t *testing.T) {
	tests := []struct {
		name  string
		stage fixture.Stage
		edit  bool // an uncommitted edit of the report
		role  string
		user  workflow.User
		want  string
	}{
		{name: "the tutor signs as the ECT", stage: commented, role: "ect", user: tutor,
			want: "you are Tom One <tom@testwood.example> (Tom One), but the report's ECT is Erin Example: only they can sign as ect (if tom@testwood.example is theirs, add it to their emails)"},
		{name: "someone not in the records signs as tutor", stage: commented, role: "tutor", user: nobody,
			want: "you are Sam Stranger <sam@elsewhere.example> (nobody in the records), but the report's tutor is Tom One: only they can sign as tutor"},
		{name: "the headteacher signs as tutor", stage: commented, role: "tutor", user: head,
			want: "you are Hannah Head <head@testwood.example> (Hannah Head), but the report's tutor is Tom One"},
		{name: "the ECT signs twice", stage: fixture.Stage{Released: true, Comments: true, Sigs: 1}, role: "ect", user: erin,
			want: "the ECT has already signed (on 2025-12-11)"},
		{name: "the tutor signs twice", stage: fixture.Stage{Released: true, Comments: true, Sigs: 2}, role: "tutor", user: tutor,
			want: "the tutor has already signed (on 2025-12-12)"},
		{name: "not released", stage: fixture.Stage{Comments: true}, role: "ect", user: erin,
			want: "the tutor has not released the report to the ECT yet (released: in its front matter)"},
		{name: "not released, the tutor", stage: fixture.Stage{}, role: "tutor", user: tutor,
			want: "the tutor has not released the report to the ECT yet"},
		{name: "the ECT has not commented", stage: fixture.Stage{Released: true}, role: "ect", user: erin,
			want: "write your comments under \"## ECT comments\" and commit them first: the ECT comments, then signs (SG 2.61)"},
		{name: "uncommitted changes in the file", stage: commented, edit: true, role: "ect", user: erin,
			want: review + " has changes that are not committed: commit them (or undo them) first, so that this commit adds only the signature"},
		{name: "a headteacher's signature on a progress review", stage: commented, role: "headteacher", user: head,
			want: "a progress review has no headteacher's signature"},
		{name: "an unknown role", stage: commented, role: "mentor", user: tutor,
			want: "--as mentor: sign as ect, tutor or headteacher"},
		{name: "after the AB accepted", stage: fixture.Stage{Released: true, Comments: true, Sigs: 1, Review: true}, role: "tutor", user: tutor,
			want: "the appropriate body has accepted this report: nothing more is signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRepo(t, tt.stage)
			if tt.edit {
				r.write(review, strings.Replace(r.read(review), "Erin has settled well.", "Erin has settled very well.", 1))
			}
			before, text := r.Head(), r.read(review)
			_, err := r.sign(review, tt.role, on(tt.user, "2025-12-13 10:00"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Sign: %v, want an error saying %q", err, tt.want)
			}
			if r.Head() != before {
				t.Error("a refused signature moved HEAD")
			}
			if r.read(review) != text {
				t.Error("a refused signature changed the file")
			}
		})
	}
}

// TestSign: each signature is one commit by the signer, on top of HEAD,
// changing only the report, with the line ect sign writes; git status is
// clean after it, and other edits in the working folder are left alone.
func TestSign(t *testing.T) {
	t.Parallel()
	r := newRepo(t, commented)
	full := r.files[review]
	// Work in progress elsewhere: an edited observation, a new file.
	edited := strings.Replace(r.files[obs], "Clear modelling", "Very clear modelling", 1)
	r.write(obs, edited)
	r.write("notes.txt", "not a record\n")

	steps := []struct {
		role string
		user workflow.User
		want string
		msg  string
	}{
		{"ect", on(erin, "2025-12-11 17:05"), fixture.Version(t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}),
			"Sign 2025-26 autumn progress review as ect: Erin Example\n\nErin Example signs Erin Example's progress review."},
		{"tutor", on(tutor, "2025-12-12 09:00"), fixture.Version(t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}),
			"Sign 2025-26 autumn progress review as tutor: Tom One\n\nTom One signs Erin Example's progress review."},
	}
	for _, s := range steps {
		parent := r.Head()
		done, err := r.sign(review, s.role, s.user)
		if err != nil {
			t.Fatalf("sign as %s: %v", s.role, err)
		}
		if r.Head() != done.Commit {
			t.Fatalf("HEAD is %s, not the new commit %s", r.Head(), done.Commit)
		}
		c, err := r.Git.CommitObject(done.Commit)
		if err != nil {
			t.Fatal(err)
		}
		if c.Author.Name != s.user.Name || c.Author.Email != s.user.Email || !c.Author.When.Equal(s.user.When) || c.Committer.Email != s.user.Email {
			t.Errorf("%s: author %v, committer %v, want %s <%s> at %s", s.role, c.Author, c.Committer, s.user.Name, s.user.Email, s.user.When)
		}
		if c.Message != s.msg || done.Message != s.msg {
			t.Errorf("%s: message %q, want %q", s.role, c.Message, s.msg)
		}
		if len(c.ParentHashes) != 1 || c.ParentHashes[0] != parent {
			t.Errorf("%s: parents %v, want %s", s.role, c.ParentHashes, parent)
		}
		if got := r.changed(done.Commit); !slices.Equal(got, []string{"records/" + review}) {
			t.Errorf("%s: the commit changed %v, want only the report", s.role, got)
		}
		if got := r.read(review); got != s.want {
			t.Errorf("%s: the report reads\n%s\nwant\n%s", s.role, got, s.want)
		}
		f, err := c.File("records/" + review)
		if err != nil {
			t.Fatal(err)
		}
		if committed, _ := f.Contents(); committed != s.want {
			t.Errorf("%s: the committed report differs from the working folder's", s.role)
		}
	}
	if r.read(obs) != edited {
		t.Error("signing changed the edited observation in the working folder")
	}
	// The observation's edit and the new file are still the only changes.
	want := " M records/" + obs + "\n?? records/notes.txt\n"
	if got := r.gitStatus(); got != want {
		t.Errorf("git status --porcelain:\n%s\nwant:\n%s", got, want)
	}
}

// TestCommitFileClean: after CommitFile the real git sees a clean working
// folder, and the commit changes that file only.
func TestCommitFileClean(t *testing.T) {
	t.Parallel()
	r := newRepo(t, commented)
	content := fixture.Version(t, r.files[review], fixture.Stage{Released: true, Comments: true, Sigs: 1})
	h, err := workflow.CommitFile(r.open(), review, []byte(content), "Sign\n", on(erin, "2025-12-11 17:05"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.gitStatus(); got != "" {
		t.Errorf("git status --porcelain after CommitFile:\n%s", got)
	}
	if got := r.changed(h); !slices.Equal(got, []string{"records/" + review}) {
		t.Errorf("the commit changed %v, want only the report", got)
	}
	// go-git agrees.
	wt, err := r.Git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	st, err := wt.Status()
	if err != nil {
		t.Fatal(err)
	}
	if !st.IsClean() {
		t.Errorf("go-git status after CommitFile:\n%s", st)
	}
	// A second commit on top of it, by go-git's worktree, works from the
	// index CommitFile left.
	r.commit(on(tutor, "2025-12-12 08:00"), "Observation", map[string]string{obs: strings.Replace(r.files[obs], "Clear modelling", "Very clear modelling", 1)})
	if got := r.gitStatus(); got != "" {
		t.Errorf("git status --porcelain after a further commit:\n%s", got)
	}
}

// TestCommitFileRefuses: a repository without commits, and a file with
// uncommitted changes.
func TestCommitFileRefuses(t *testing.T) {
	t.Parallel()
	root := fixture.NewRepo(t).Dir
	if err := os.MkdirAll(filepath.Join(root, "records"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "records", "body.md"), []byte("x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	repo, err := history.Open(filepath.Join(root, "records"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := workflow.CommitFile(repo, "body.md", []byte("y\n"), "m", on(admin, "2025-09-01 09:00")); err == nil || !strings.Contains(err.Error(), "the repository has no commits yet") {
		t.Errorf("CommitFile in an empty repository: %v", err)
	}

	r := newRepo(t, commented)
	r.write(obs, "changed\n")
	before := r.Head()
	if _, err := workflow.CommitFile(r.open(), obs, []byte("other\n"), "m", on(tutor, "2025-12-12 09:00")); err == nil || !strings.Contains(err.Error(), obs+" has changes that are not committed") {
		t.Errorf("CommitFile over uncommitted changes: %v", err)
	}
	if r.Head() != before || r.read(obs) != "changed\n" {
		t.Error("a refused CommitFile changed something")
	}
}

// TestReview: the AB's decision is a commit by an AB reviewer; everyone
// else is refused, as is a review before every signature is in.
func TestReview(t *testing.T) {
	t.Parallel()
	signed := fixture.Stage{Released: true, Comments: true, Sigs: 2}
	refusals := []struct {
		name     string
		stage    fixture.Stage
		user     workflow.User
		decision string
		feedback string
		want     string
	}{
		{"the tutor", signed, tutor, "accepted", "", "you are Tom One <tom@testwood.example>, who is not on the appropriate body's staff in body.md: only AB staff review reports"},
		{"someone not in the records", signed, nobody, "accepted", "", "you are Sam Stranger <sam@elsewhere.example>, who is not on the appropriate body's staff"},
		{"an AB admin", signed, admin, "accepted", "", "Adam Admin is not an ab_lead or ab_reviewer: only they review reports"},
		{"returned without feedback", signed, abLead, "returned", "  ", "say what must change: --feedback TEXT is required with --return"},
		{"the tutor has not signed", fixture.Stage{Released: true, Comments: true, Sigs: 1}, abLead, "accepted", "", "the report is not submitted yet: the tutor has still to sign"},
		{"nobody has signed", commented, abLead, "accepted", "", "the report is not submitted yet: the ECT and tutor have still to sign"},
		{"already accepted", fixture.Stage{Released: true, Comments: true, Sigs: 2, Review: true}, abLead, "returned", "Again", "the report was accepted on 2025-12-15 already"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRepo(t, tt.stage)
			before := r.Head()
			if _, err := r.review(review, tt.decision, tt.feedback, on(tt.user, "2025-12-15 11:00")); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Review: %v, want %q", err, tt.want)
			}
			if r.Head() != before {
				t.Error("a refused review moved HEAD")
			}
		})
	}

	t.Run("accepted", func(t *testing.T) {
		t.Parallel()
		r := newRepo(t, signed)
		done, err := r.review(review, "accepted", "", on(abLead, "2025-12-15 11:00"))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.read(review); got != r.files[review] {
			t.Errorf("the report reads\n%s\nwant the fixture's", got)
		}
		if want := "Accept Erin Example's 2025-26 autumn progress review\n\nAlice Lead, for the appropriate body."; done.Message != want {
			t.Errorf("message %q, want %q", done.Message, want)
		}
		if got := r.changed(done.Commit); !slices.Equal(got, []string{"records/" + review}) {
			t.Errorf("the commit changed %v", got)
		}
	})

	t.Run("returned", func(t *testing.T) {
		t.Parallel()
		r := newRepo(t, signed)
		feedback := "Name the standard\tin each \"target\",\n  please: é."
		done, err := r.review(review, "returned", feedback, on(abLead, "2025-12-15 11:00"))
		if err != nil {
			t.Fatal(err)
		}
		got := r.read(review)
		doc, d := frontmatter.Parse(review, []byte(got))
		if d != nil {
			t.Fatalf("the returned report does not parse: %v\n%s", d, got)
		}
		rv, _ := doc.Values()["ab_review"].(map[string]any)
		if rv["by"] != "ab-lead" || rv["on"] != "2025-12-15" || rv["decision"] != "returned" || rv["feedback"] != `Name the standard in each "target", please: é.` {
			t.Errorf("ab_review = %v", rv)
		}
		// Everything but the new ab_review line is as it was.
		if want := fixture.Version(t, r.files[review], signed); strings.Replace(got, "ab_review: {by: ab-lead, on: \"2025-12-15\", decision: returned, feedback: \"Name the standard in each \\\"target\\\", please: é.\"}\n", "", 1) != want {
			t.Errorf("the report reads\n%s", got)
		}
		c, err := r.Git.CommitObject(done.Commit)
		if err != nil {
			t.Fatal(err)
		}
		if c.Author.Email != abLead.Email || !strings.HasPrefix(c.Message, "Return Erin Example's 2025-26 autumn progress review") {
			t.Errorf("commit by %v: %q", c.Author, c.Message)
		}
		// Returned, it is signed again once reopened, not before: the
		// signatures are still in, so signing again is refused.
		if _, err := r.sign(review, "ect", on(erin, "2025-12-16 09:00")); err == nil || !strings.Contains(err.Error(), "already signed") {
			t.Errorf("signing a returned report that still has the signature: %v", err)
		}
	})
}

// TestSignFormalAssessment: the headteacher signs a formal assessment
// once released; the commit is theirs.
func TestSignFormalAssessment(t *testing.T) {
	t.Parallel()
	r := newRepo(t, commented)
	full := r.files[first]
	r.commit(on(tutor, "2026-07-10 09:00"), "First assessment", map[string]string{first: fixture.Version(t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2})})
	done, err := r.sign(first, "headteacher", on(head, "2026-07-13 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.read(first); got != full {
		t.Errorf("the assessment reads\n%s\nwant the fixture's", got)
	}
	if !strings.HasPrefix(done.Message, "Sign 2025-26 summer first formal assessment as headteacher: Hannah Head") {
		t.Errorf("message %q", done.Message)
	}
}

// TestSignEmailCase: e-mail addresses match whatever their case.
func TestSignEmailCase(t *testing.T) {
	t.Parallel()
	r := newRepo(t, commented)
	u := on(erin, "2025-12-11 17:05")
	u.Email = "Erin@Testwood.EXAMPLE"
	if _, err := r.sign(review, "ect", u); err != nil {
		t.Fatal(err)
	}
}

// TestCurrentUser: GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE
// take precedence over Git's configuration, as for git commit.
func TestCurrentUser(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	for _, v := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE"} {
		t.Setenv(v, "") // restored after the test
		os.Unsetenv(v)
	}
	r := newRepo(t, commented)
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

	if _, err := workflow.CurrentUser(r.open(), now); err == nil || !strings.Contains(err.Error(), "git does not know who you are") {
		t.Errorf("CurrentUser without an e-mail: %v", err)
	}

	cfg, err := r.Git.Config()
	if err != nil {
		t.Fatal(err)
	}
	cfg.User.Name, cfg.User.Email = "Tom One", "tom@testwood.example"
	if err := r.Git.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	u, err := workflow.CurrentUser(r.open(), now)
	if err != nil || u.Name != "Tom One" || u.Email != "tom@testwood.example" || !u.When.Equal(now) || u.Sign {
		t.Errorf("CurrentUser from the repository's config: %+v, %v", u, err)
	}

	// Signing set in the user's own ~/.gitconfig, as git config --global
	// commit.gpgsign true leaves it, applies to every repository.
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[commit]\n\tgpgsign = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if u, err := workflow.CurrentUser(r.open(), now); err != nil || !u.Sign {
		t.Errorf("CurrentUser with commit.gpgsign in ~/.gitconfig: %+v, %v (want Sign)", u, err)
	}
	os.Remove(filepath.Join(home, ".gitconfig"))

	t.Setenv("GIT_AUTHOR_NAME", "Erin Example")
	t.Setenv("GIT_AUTHOR_EMAIL", "erin@testwood.example")
	t.Setenv("GIT_AUTHOR_DATE", "2025-12-11T17:05:00Z")
	u, err = workflow.CurrentUser(r.open(), now)
	if err != nil || u.Name != "Erin Example" || u.Email != "erin@testwood.example" || !u.When.Equal(time.Date(2025, 12, 11, 17, 5, 0, 0, time.UTC)) {
		t.Errorf("CurrentUser from the environment: %+v, %v", u, err)
	}

	t.Setenv("GIT_AUTHOR_DATE", "yesterday")
	if _, err := workflow.CurrentUser(r.open(), now); err == nil || !strings.Contains(err.Error(), `GIT_AUTHOR_DATE "yesterday": give it as 2026-03-27T10:00:00Z`) {
		t.Errorf("CurrentUser with a bad date: %v", err)
	}
}

// TestSignWithGit: when Git signs commits (commit.gpgsign, here with an
// SSH key), Sign leaves the commit to git commit -S: the commit is signed
// with the signer's key, changes only the report, and git status is clean.
func TestSignWithGit(t *testing.T) {
	for _, p := range []string{"git", "ssh-keygen"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is not installed", p)
		}
	}
	home := t.TempDir()
	for k, v := range map[string]string{"HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
		"GIT_AUTHOR_DATE": "2025-12-11T17:05:00Z", "GIT_COMMITTER_DATE": "2025-12-11T17:05:00Z"} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(k, "") // restored after the test
		os.Unsetenv(k)
	}
	key := filepath.Join(home, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "erin@laptop", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	r := newRepo(t, commented)
	for _, kv := range [][2]string{{"user.name", erin.Name}, {"user.email", erin.Email}, {"commit.gpgsign", "true"}, {"gpg.format", "ssh"}, {"user.signingkey", key}} {
		if out, err := exec.Command("git", "-C", r.Dir, "config", kv[0], kv[1]).CombinedOutput(); err != nil {
			t.Fatalf("git config: %v\n%s", err, out)
		}
	}
	u, err := workflow.CurrentUser(r.open(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !u.Sign || u.Email != erin.Email {
		t.Fatalf("CurrentUser = %+v, want Erin, signing", u)
	}
	done, err := r.sign(review, "ect", u)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Git.CommitObject(done.Commit)
	if err != nil {
		t.Fatal(err)
	}
	k, err := signing.ParseKey(string(pub))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := signing.Verify(fixture.Signature(t, c), []signing.Key{k}); err != nil || res.Format != "ssh" {
		t.Errorf("the commit's signature: %+v, %v", res, err)
	}
	if c.Author.Email != erin.Email || c.Author.Name != erin.Name {
		t.Errorf("author %v", c.Author)
	}
	if got := r.changed(done.Commit); !slices.Equal(got, []string{"records/" + review}) {
		t.Errorf("the commit changed %v, want only the report", got)
	}
	if got := r.read(review); got != fixture.Version(t, r.files[review], fixture.Stage{Released: true, Comments: true, Sigs: 1}) {
		t.Errorf("the report reads\n%s", got)
	}
	if got := r.gitStatus(); got != "" {
		t.Errorf("git status --porcelain:\n%s", got)
	}
}
