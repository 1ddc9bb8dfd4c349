// Package identity knows who may sign: everyone in the records who signs
// a report or reviews it (People), with their Git e-mail addresses and
// registered keys, read from a record.Book. It does not read the history:
// audit proves which addresses and keys the records give with authority.
package identity

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// RuleKey names a registered key that cannot be read.
const RuleKey = "key"

// Identity is a person who signs: their name, what they are, their Git
// e-mail addresses, GitHub login and registered keys.
type Identity struct {
	ID     string
	Name   string
	What   string // "ECT", "induction tutor at Oakfield Primary School", …
	Emails []string
	// GitHub is the person's GitHub login, or "": GitHub's no-reply
	// addresses for it are theirs too (see GitHubLogin).
	GitHub string
	Keys   []signing.Key
	// Roles are the roles the records give a member of staff (none for
	// an ECT, who is ECT by their own record).
	Roles []record.StaffRole
	// URN is the school of a school's member of staff or of an ECT; 0 for
	// the appropriate body's staff.
	URN int

	// File is the record that registers the person's keys.
	File *record.File
	// Unproven are the e-mail addresses the records give the person that
	// no change by someone with the authority proves (audit takes them
	// out of Emails).
	Unproven []string
	// UnprovenGitHub is the GitHub login the records give the person when
	// no change by someone with the authority proves it (audit then
	// clears GitHub).
	UnprovenGitHub string

	staff bool // listed under File's staff: (else File is their own, as an ECT's ect.md)
}

// ListedAs is the id the person is listed under in File: their staff id,
// or "" when File is their own record (an ECT's ect.md).
func (id *Identity) ListedAs() string {
	if id.staff {
		return id.ID
	}
	return ""
}

// Owns reports whether email is one of the person's Git identities
// (compared without regard to case): one of their Emails, or a GitHub
// no-reply address of their GitHub login.
func (id *Identity) Owns(email string) bool {
	for _, e := range id.Emails {
		if strings.EqualFold(e, email) {
			return true
		}
	}
	login, ok := GitHubLogin(email)
	return ok && id.GitHub != "" && strings.EqualFold(login, id.GitHub)
}

// IsECT reports whether the person is an ECT (listed by their own ect.md).
func (id *Identity) IsECT() bool { return !id.staff && id.File != nil }

// HasRole reports whether the records give a member of staff the role.
func (id *Identity) HasRole(role record.StaffRole) bool { return slices.Contains(id.Roles, role) }

// noreplyDomain is the domain of GitHub's no-reply addresses.
const noreplyDomain = "users.noreply.github.com"

// GitHubLogin returns the GitHub login whose no-reply address email is:
// "<login>@users.noreply.github.com", or "<id>+<login>@…" with any
// numeric account id, the addresses GitHub puts on the commits made in
// its web editor (and through its API, as a Git-based CMS does) for
// someone who keeps their own address private. ok is false for any
// other address.
func GitHubLogin(email string) (login string, ok bool) {
	local, domain, found := strings.Cut(email, "@")
	if !found || !strings.EqualFold(domain, noreplyDomain) {
		return "", false
	}
	if n, rest, plus := strings.Cut(local, "+"); plus {
		if n == "" || strings.Trim(n, "0123456789") != "" {
			return "", false
		}
		local = rest
	}
	if !ValidLogin(local) {
		return "", false
	}
	return local, true
}

// ValidLogin reports whether s is a GitHub login as GitHub allows them:
// 1 to 39 letters, digits and hyphens, neither starting nor ending with a
// hyphen, and no two hyphens together (the schema's pattern for github:).
func ValidLogin(s string) bool {
	if s == "" || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// People indexes everyone in the records who can sign or review.
type People struct {
	ects    map[string]*Identity // by TRN
	staff   map[int]map[string]*Identity
	ab      map[string]*Identity
	byEmail map[string]*Identity
	byLogin map[string]*Identity // by GitHub login, in lower case
	all     []*Identity
	// WebEditor are the Git host's web-editor keys from body.md.
	WebEditor []signing.Key
	// Policy is the body's signing_policy: author or verified.
	Policy string
}

// New reads everyone's identities and keys from the records. Keys that
// cannot be read are reported (and left out).
func New(book *record.Book) (*People, []diag.Diagnostic) {
	p := &People{ects: map[string]*Identity{}, staff: map[int]map[string]*Identity{}, ab: map[string]*Identity{}, Policy: "author"}
	var ds []diag.Diagnostic
	keys := func(f *record.File, path []string, texts []string) []signing.Key {
		var out []signing.Key
		for i, t := range texts {
			k, err := signing.ParseKey(t)
			if err != nil {
				at := append(append([]string{}, path...), "keys", strconv.Itoa(i))
				ds = append(ds, diag.Errorf(f.Doc.Locate(at, false), RuleKey, "%s: %v", frontmatter.FieldName(at), err))
				continue
			}
			out = append(out, k)
		}
		return out
	}
	add := func(id *Identity) { p.all = append(p.all, id) }
	if b := book.Body; b != nil && b.File != nil {
		if b.SigningPolicy != "" {
			p.Policy = b.SigningPolicy
		}
		for i, st := range b.Staff {
			id := &Identity{ID: st.ID, Name: st.Name, What: "appropriate body staff", Emails: st.Emails, GitHub: st.GitHub, Roles: st.Roles,
				Keys: keys(b.File, []string{"staff", strconv.Itoa(i)}, st.Keys), File: b.File, staff: true}
			p.ab[st.ID] = id
			add(id)
		}
		for i, t := range b.WebEditorKeys {
			k, err := signing.ParseKey(t)
			if err != nil {
				at := []string{"web_editor_keys", strconv.Itoa(i)}
				ds = append(ds, diag.Errorf(b.Doc.Locate(at, false), RuleKey, "%s: %v", frontmatter.FieldName(at), err))
				continue
			}
			p.WebEditor = append(p.WebEditor, k)
		}
	}
	for _, s := range book.Schools {
		m := map[string]*Identity{}
		p.staff[s.URN] = m
		for i, st := range s.Staff {
			id := &Identity{ID: st.ID, Name: st.Name, What: strings.Join(roleWords(st.Roles), " and ") + " at " + s.Name, Emails: st.Emails, GitHub: st.GitHub,
				Roles: st.Roles, URN: s.URN, Keys: keys(s.File, []string{"staff", strconv.Itoa(i)}, st.Keys), File: s.File, staff: true}
			m[st.ID] = id
			add(id)
		}
	}
	for _, e := range book.ECTs {
		id := &Identity{ID: e.TRN, Name: e.Name, What: "ECT", Emails: e.Emails, GitHub: e.GitHub, Keys: keys(e.File, nil, e.Keys), File: e.File}
		if e.School != nil {
			id.URN = e.School.URN
		}
		p.ects[e.TRN] = id
		add(id)
	}
	p.Reindex()
	return p, ds
}

func roleWords(roles []record.StaffRole) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, r.Words())
	}
	return out
}

// All returns everyone, in the order of the records: the AB's staff,
// each school's staff, the ECTs.
func (p *People) All() []*Identity { return p.all }

// Reindex indexes everyone's e-mail addresses and GitHub logins again,
// after their Emails or GitHub changed. An address or login given to two
// people is the first's (rules reports a login given twice).
func (p *People) Reindex() {
	p.byEmail = map[string]*Identity{}
	p.byLogin = map[string]*Identity{}
	for _, id := range p.all {
		for _, e := range id.Emails {
			if _, taken := p.byEmail[strings.ToLower(e)]; !taken {
				p.byEmail[strings.ToLower(e)] = id
			}
		}
		if l := strings.ToLower(id.GitHub); l != "" {
			if _, taken := p.byLogin[l]; !taken {
				p.byLogin[l] = id
			}
		}
	}
}

// Signer returns who a signature entry names: the ECT (by TRN) or a member
// of the ECT's school's staff.
func (p *People) Signer(e *record.ECT, role record.Role, by string) *Identity {
	if role == record.RoleECT {
		return p.ects[by]
	}
	if e.School == nil {
		return nil
	}
	return p.staff[e.School.URN][by]
}

// ABStaff returns a member of the appropriate body's staff.
func (p *People) ABStaff(id string) *Identity { return p.ab[id] }

// IsABStaff reports whether an e-mail address is one of the appropriate
// body's staff's.
func (p *People) IsABStaff(email string) bool {
	for _, id := range p.ab {
		if id.Owns(email) {
			return true
		}
	}
	return false
}

// ABKeys returns the keys registered to the appropriate body's staff, each
// with its owner (owners[i] holds keys[i]), in the order of their IDs.
func (p *People) ABKeys() (keys []signing.Key, owners []*Identity) {
	for _, id := range slices.Sorted(maps.Keys(p.ab)) {
		for _, k := range p.ab[id].Keys {
			keys = append(keys, k)
			owners = append(owners, p.ab[id])
		}
	}
	return keys, owners
}

// ByEmail returns the person with this Git e-mail address, or nil: one of
// their Emails, or a GitHub no-reply address of their GitHub login.
func (p *People) ByEmail(email string) *Identity {
	if id := p.byEmail[strings.ToLower(email)]; id != nil {
		return id
	}
	if login, ok := GitHubLogin(email); ok {
		return p.ByLogin(login)
	}
	return nil
}

// ByLogin returns the person whose GitHub login this is (compared without
// regard to case, as GitHub compares them), or nil: how an editor that
// signs people in with GitHub finds who they are in the records, and so
// their roles. After audit, only a login the history proves is found.
func (p *People) ByLogin(login string) *Identity {
	if login == "" {
		return nil
	}
	return p.byLogin[strings.ToLower(login)]
}

// Describe names a commit author: the person in the records when the
// address is theirs, else the name and address Git recorded.
func (p *People) Describe(name, email string) string {
	if id := p.ByEmail(email); id != nil {
		return id.Name + " <" + email + ">"
	}
	return name + " <" + email + "> (not in the records)"
}
