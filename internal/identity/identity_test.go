package identity_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
)

// TestGitHubLogin pins which addresses are GitHub's no-reply addresses,
// and so stand for a login: GitHub's two forms, in any letter case, with
// a login as GitHub allows them.
func TestGitHubLogin(t *testing.T) {
	for _, tc := range []struct {
		email, login string
		ok           bool
	}{
		{"123+erin-e@users.noreply.github.com", "erin-e", true},
		{"erin-e@users.noreply.github.com", "erin-e", true},
		{"9+Erin-E@Users.NoReply.GitHub.com", "Erin-E", true},
		{"1+" + strings.Repeat("a", 39) + "@users.noreply.github.com", strings.Repeat("a", 39), true},
		{"1+" + strings.Repeat("a", 40) + "@users.noreply.github.com", "", false}, // too long
		{"erin@testwood.example", "", false},
		{"erin-e@noreply.github.com", "", false},            // not the no-reply domain
		{"erin-e@users.noreply.github.com.evil", "", false}, // nor this
		{"x1+erin-e@users.noreply.github.com", "", false},   // the id is digits
		{"+erin-e@users.noreply.github.com", "", false},     // and not empty
		{"123+@users.noreply.github.com", "", false},
		{"123+-erin@users.noreply.github.com", "", false}, // no hyphen first
		{"123+erin-@users.noreply.github.com", "", false}, // nor last
		{"123+erin--e@users.noreply.github.com", "", false},
		{"123+erin_e@users.noreply.github.com", "", false},
		{"123+erin.e@users.noreply.github.com", "", false},
		{"1+2+erin@users.noreply.github.com", "", false},
		{"users.noreply.github.com", "", false},
	} {
		login, ok := identity.GitHubLogin(tc.email)
		if login != tc.login || ok != tc.ok {
			t.Errorf("GitHubLogin(%q) = %q, %v; want %q, %v", tc.email, login, ok, tc.login, tc.ok)
		}
	}
}

// TestByLogin: the records' GitHub logins find their people (for an
// editor that signs people in with GitHub), with their roles and school,
// and count their no-reply addresses as theirs. (audit then leaves only
// the logins the history proves: TestGitHubLogin in internal/audit.)
func TestByLogin(t *testing.T) {
	files := fixture.Base()
	edit := func(rel, old, new string) {
		if strings.Count(files[rel], old) != 1 {
			t.Fatalf("%s: %q occurs %d times", rel, old, strings.Count(files[rel], old))
		}
		files[rel] = strings.Replace(files[rel], old, new, 1)
	}
	const school = "schools/990201-testwood-primary/school.md"
	const ect = "schools/990201-testwood-primary/ects/1234567/ect.md"
	edit("body.md", "    emails: [alice@testshire.example]\n", "    emails: [alice@testshire.example]\n    github: alice-lead\n")
	edit(school, "    emails: [tom@testwood.example]\n", "    emails: [tom@testwood.example]\n    github: Tom-One\n")
	edit(ect, "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\ngithub: erin-e\n")
	fsys := fstest.MapFS{}
	for rel, text := range files {
		fsys[rel] = &fstest.MapFile{Data: []byte(text)}
	}
	book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range book.Diagnostics {
		t.Errorf("fixture: %s", d)
	}
	people, ds := identity.New(book)
	if len(ds) > 0 {
		t.Fatalf("identity.New: %v", ds)
	}
	for _, tc := range []struct {
		login, id string
		urn       int
		role      record.StaffRole
		ect       bool
	}{
		{login: "alice-lead", id: "ab-lead", role: record.StaffABLead},
		{login: "ALICE-LEAD", id: "ab-lead", role: record.StaffABReviewer},
		{login: "tom-one", id: "t-one", urn: 990201, role: record.StaffInductionTutor},
		{login: "erin-e", id: "1234567", urn: 990201, ect: true},
		{login: "erin"},
		{login: ""},
	} {
		id := people.ByLogin(tc.login)
		if tc.id == "" {
			if id != nil {
				t.Errorf("ByLogin(%q) = %s, want nobody", tc.login, id.ID)
			}
			continue
		}
		if id == nil {
			t.Errorf("ByLogin(%q) = nobody, want %s", tc.login, tc.id)
			continue
		}
		if id.ID != tc.id || id.URN != tc.urn || id.IsECT() != tc.ect || tc.role != "" && !id.HasRole(tc.role) {
			t.Errorf("ByLogin(%q) = %s (URN %d, ECT %v, roles %v), want %s (URN %d, ECT %v, role %s)", tc.login, id.ID, id.URN, id.IsECT(), id.Roles, tc.id, tc.urn, tc.ect, tc.role)
		}
		noreply := "4242+" + strings.ToUpper(tc.login) + "@users.noreply.github.com"
		if !id.Owns(noreply) || people.ByEmail(noreply) != id {
			t.Errorf("%s does not own %s", id.ID, noreply)
		}
	}
	if tom := people.ByLogin("tom-one"); tom.Owns("4242+erin-e@users.noreply.github.com") || tom.Owns("tom-one@example.com") {
		t.Errorf("Tom owns an address that is not his")
	}
}
