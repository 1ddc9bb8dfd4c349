package audit_test

import (
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

// TestGitHubLogin: a GitHub login in the records (github:) stands for
// GitHub's no-reply addresses for it, which GitHub puts on the commits
// made in its web editor or through its API (as a Git-based CMS does) by
// someone who keeps their address private. Such a commit is the person's
// only once the login itself is proven, like an address in emails:
// registered by someone with the authority, as the version before the
// change says.
func TestGitHubLogin(t *testing.T) { runAuditCases(t, loginCases) }

// asLogin is someone committing through GitHub with its no-reply address
// for login, with the account id GitHub puts in front of it (none: the
// older form, login@users.noreply.github.com).
func asLogin(who fixture.Person, id, login string) fixture.Person {
	email := login + "@users.noreply.github.com"
	if id != "" {
		email = id + "+" + email
	}
	return fixture.Person{Name: who.Name, Email: email}
}

// withLogin gives the fixture's ECT a GitHub login, on line 7 of her
// ect.md, before the records are set up.
func withLogin(r *repo, login string) {
	r.edit(ectMD, "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\ngithub: "+login+"\n")
}

// addLogin is ect.md with the ECT's GitHub login added (line 7).
func addLogin(r *repo, login string) string {
	return replace(r.t, r.files[ectMD], "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\ngithub: "+login+"\n")
}

// webEditor registers the Git host's web-editor key under the verified
// policy (after r.verified), and returns it to sign with.
func webEditor(r *repo) fixture.Key {
	web := bot.OpenPGPKey(r.t, "web-flow")
	r.edit(bodyMD, "signing_policy: verified\n", "signing_policy: verified\nweb_editor_keys:\n  - |\n"+indent(fixture.Armored(r.t, web), 4))
	return fixture.Key{OpenPGP: web}
}

// ectSignsAs plays the review as far as the ECT's comments, has the ECT
// sign as committer (signed with key, when not nil), then the tutor sign
// and the AB accept.
func ectSignsAs(r *repo, committer fixture.Person, key *fixture.Key) {
	full := r.files[review]
	r.upToComments(review, "", "2025-12-10", "2025-12-11")
	r.next = key
	r.commit("ectSign", committer, "2025-12-11 17:05", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
	r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
	r.accept("accept", abLead, "2025-12-15 11:00", review, full)
}

var loginCases = []auditCase{
	{
		name: "verified: the ECT signs in the web editor from her proven login's no-reply address",
		play: func(r *repo) {
			r.verified()
			web := webEditor(r)
			withLogin(r, "erin-e")
			r.setup()
			ectSignsAs(r, asLogin(erin, "123", "erin-e"), &web)
		},
		states: proofs{review: {audit.WebEditor, audit.Verified, audit.Verified}},
		check: func(t *testing.T, r *repo, c checked) {
			p := c.result.Proofs[review][0]
			if want := "added in " + r.short("ectSign") + " by Erin Example <123+erin-e@users.noreply.github.com> on 2025-12-11 in the Git host's web editor"; !strings.HasPrefix(p.Describe(), want) {
				t.Errorf("Describe() = %q, want it to start %q", p.Describe(), want)
			}
			if id := c.people.ByLogin("Erin-E"); id == nil || id.ID != "1234567" {
				t.Errorf("ByLogin(Erin-E) = %+v, want the ECT", id)
			}
		},
	},
	{
		name: "author: the login's older no-reply address, in other letter case, is hers",
		play: func(r *repo) {
			withLogin(r, "Erin-E")
			r.setup()
			ectSignsAs(r, asLogin(erin, "", "erin-e"), nil)
		},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven}},
	},
	{
		name: "author: the AB lead accepts from the no-reply address of the login the AB registered",
		play: func(r *repo) {
			r.edit(bodyMD, "    emails: [alice@testshire.example]\n", "    emails: [alice@testshire.example]\n    github: alice-lead\n")
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.commit("accept", asLogin(abLead, "4242", "alice-lead"), "2025-12-15 11:00", "Accept", review, full)
		},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven}},
		check: func(t *testing.T, r *repo, c checked) {
			if id := c.people.ByLogin("alice-lead"); id == nil || id.ID != "ab-lead" || !id.HasRole(record.StaffABReviewer) || id.URN != 0 {
				t.Errorf("ByLogin(alice-lead) = %+v, want the AB lead, a reviewer", id)
			}
		},
	},
	{
		name: "a tutor gives the ECT a login and signs for her from it",
		play: func(r *repo) {
			r.setup()
			r.commit("addLogin", tutor, "2025-12-01 09:00", "Erin's GitHub account", ectMD, addLogin(r, "erin-e"))
			ectSignsAs(r, asLogin(tutor, "123", "erin-e"), nil)
		},
		want: []want{
			errAt(ectMD, 7, 9, "identity-change", `the GitHub login "erin-e" is not proven: made in {addLogin} by Tom One`, "only the school's headteacher or induction lead, or the appropriate body's staff may"),
			errAt(review, 19, 5, "signature-author", `names Erin Example, but it was added in {ectSign} by 123+erin-e@users.noreply.github.com, GitHub's no-reply address for the login "erin-e", which was registered for them without proof`),
		},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
		check: func(t *testing.T, r *repo, c checked) {
			if id := c.people.ByLogin("erin-e"); id != nil {
				t.Errorf("ByLogin(erin-e) = %s, want nobody: the login is not proven", id.Name)
			}
			if id := c.people.ByEmail("123+erin-e@users.noreply.github.com"); id != nil {
				t.Errorf("ByEmail(the login's no-reply address) = %s, want nobody", id.Name)
			}
		},
	},
	{
		name: "verified: the ECT adds her own login in the web editor and signs from it",
		play: func(r *repo) {
			r.verified()
			web := webEditor(r)
			r.setup()
			r.next = &web
			r.commit("addLogin", erin, "2025-12-01 09:00", "Add my GitHub account", ectMD, addLogin(r, "erin-e"))
			ectSignsAs(r, asLogin(erin, "123", "erin-e"), &web)
		},
		want: []want{
			errAt(ectMD, 7, 9, "identity-change", `the GitHub login "erin-e" is not proven: made in {addLogin} by Erin Example <erin@testwood.example>, who may not make it`),
			errAt(review, 19, 5, "signature-author", `GitHub's no-reply address for the login "erin-e", which was registered for them without proof`),
		},
		states: proofs{review: {audit.Failed, audit.Verified, audit.Verified}},
	},
	{
		name: "the headteacher renames the ECT's login from her own login: the new one is the ECT's",
		play: func(r *repo) {
			r.edit(schoolMD, "    emails: [head@testwood.example]\n", "    emails: [head@testwood.example]\n    github: hannah-head\n")
			withLogin(r, "erin-old")
			r.setup()
			r.commit("rename", asLogin(head, "7", "hannah-head"), "2025-12-01 09:00", "Erin's new GitHub account", ectMD,
				replace(r.t, r.files[ectMD], "github: erin-old\n", "github: erin-new\n"))
			ectSignsAs(r, asLogin(erin, "99", "erin-new"), nil)
		},
		states: proofs{review: {audit.Proven, audit.Proven, audit.Proven}},
		check: func(t *testing.T, r *repo, c checked) {
			if c.people.ByLogin("erin-old") != nil || c.people.ByLogin("erin-new") == nil {
				t.Errorf("after the rename, ByLogin(erin-old) = %v, ByLogin(erin-new) = %v; want nobody and the ECT", c.people.ByLogin("erin-old"), c.people.ByLogin("erin-new"))
			}
		},
	},
	{
		name: "after the headteacher renames the ECT's login, the old one proves nothing",
		play: func(r *repo) {
			withLogin(r, "erin-old")
			r.setup()
			r.commit("rename", head, "2025-12-01 09:00", "Erin's new GitHub account", ectMD,
				replace(r.t, r.files[ectMD], "github: erin-old\n", "github: erin-new\n"))
			ectSignsAs(r, asLogin(erin, "99", "erin-old"), nil)
		},
		want: []want{errAt(review, 19, 5, "signature-author",
			"names Erin Example, but it was added in {ectSign} by Erin Example <99+erin-old@users.noreply.github.com> (not in the records): nobody signs for someone else")},
		states: proofs{review: {audit.Failed, audit.Proven, audit.Proven}},
	},
	{
		name: "a tutor renames his own login: only the headteacher or the AB may",
		play: func(r *repo) {
			r.edit(schoolMD, "    emails: [tom@testwood.example]\n", "    emails: [tom@testwood.example]\n    github: tom-one\n")
			r.setup()
			r.commit("rename", tutor, "2025-12-01 09:00", "My new GitHub account", schoolMD,
				replace(r.t, r.files[schoolMD], "github: tom-one\n", "github: tom-two\n"))
		},
		want: []want{errAt(schoolMD, 18, 13, "identity-change", `the GitHub login of t-one "tom-two" is not proven: made in {rename} by Tom One`)},
		check: func(t *testing.T, r *repo, c checked) {
			if id := c.people.ByLogin("tom-two"); id != nil {
				t.Errorf("ByLogin(tom-two) = %s, want nobody", id.Name)
			}
		},
	},
}
