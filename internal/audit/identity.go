package audit

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// RuleIdentity names a change to who may sign (a person listed, their
// roles, e-mail addresses, GitHub login or keys, the web editor's keys,
// the signing policy) that was not made, provably, by someone with the
// authority to make it.
const RuleIdentity = "identity-change"

// Who may change whose identities is a policy over the records
// themselves, proven from Git the way signatures are:
//
//   - The root of trust is the first version of body.md: the appropriate
//     body's staff it lists, with their e-mail addresses and keys, are
//     taken as given, provided the commit that created it is one of
//     theirs (and, under signing_policy verified, signed with one of the
//     keys it registers to them).
//   - body.md's identities (its staff, their roles, e-mail addresses,
//     GitHub logins and keys, the web editor's keys, the signing policy)
//     are changed by the AB's staff as the version before the change
//     lists them.
//   - A school.md's (its staff, their roles, e-mail addresses, GitHub
//     logins and keys) by the school's headteacher or induction lead as
//     the version before lists them, or by AB staff; a new school is
//     registered by AB staff.
//   - An ect.md's (the TRN, the ECT's e-mail addresses, GitHub login and
//     keys) by the school's headteacher or induction lead, or by AB staff.
//
// A GitHub login stands for GitHub's no-reply addresses for it
// (identity.GitHubLogin): a commit from one of them is the person's only
// once the login is proven, exactly as for an address in emails.
//
// "By" means a commit authored by one of that person's e-mail addresses
// and, under signing_policy verified, signed with one of their keys (or
// made in the Git host's web editor), each as proven at that point of the
// history. Anything introduced otherwise is not trusted: an e-mail address
// or key so added proves nothing, and the record is in error until it is
// taken out or made again by someone with the authority.

// idKind is the kind of a fact about who may sign.
type idKind string

const (
	idPolicy idKind = "signing policy"
	idWebKey idKind = "web-editor key"
	idTRN    idKind = "TRN"
	idPerson idKind = "person"
	idRole   idKind = "role"
	idEmail  idKind = "e-mail address"
	idLogin  idKind = "GitHub login"
	idKey    idKind = "key"
)

// idItem is one fact a record states about who may sign: who is the
// person's id ("" for the ECT of an ect.md, or for the body's own
// settings).
type idItem struct {
	kind  idKind
	who   string
	value string
}

// fileKind is what an identity-bearing record is.
type fileKind int

const (
	bodyFile fileKind = iota + 1
	schoolFile
	ectFile
)

func kindOfPath(rel string) fileKind {
	switch {
	case rel == "body.md":
		return bodyFile
	case path.Base(rel) == "school.md":
		return schoolFile
	case path.Base(rel) == "ect.md":
		return ectFile
	}
	return 0
}

// idVersion is what one version of a record says about who may sign:
// each fact, where it is in the front matter, and the keys by fingerprint.
type idVersion struct {
	items map[idItem][]string
	keys  map[string]signing.Key
}

// identitiesOf reads the facts about who may sign from a record's front
// matter.
func identitiesOf(kind fileKind, value map[string]any) *idVersion {
	v := &idVersion{items: map[idItem][]string{}, keys: map[string]signing.Key{}}
	add := func(it idItem, at ...string) { v.items[it] = at }
	keys := func(who string, list any, at ...string) {
		l, _ := list.([]any)
		for i, t := range l {
			text, _ := t.(string)
			k, err := signing.ParseKey(text)
			if err != nil {
				continue // reported by NewPeople
			}
			v.keys[k.Fingerprint] = k
			add(idItem{idKey, who, k.Fingerprint}, append(slices.Clone(at), strconv.Itoa(i))...)
		}
	}
	emails := func(who string, list any, at ...string) {
		l, _ := list.([]any)
		for i, e := range l {
			if s, ok := e.(string); ok {
				add(idItem{idEmail, who, strings.ToLower(s)}, append(slices.Clone(at), strconv.Itoa(i))...)
			}
		}
	}
	login := func(who string, v any, at ...string) {
		if s, ok := v.(string); ok && s != "" {
			add(idItem{idLogin, who, strings.ToLower(s)}, at...)
		}
	}
	staff := func() {
		l, _ := value["staff"].([]any)
		for i, st := range l {
			m, _ := st.(map[string]any)
			id, _ := m["id"].(string)
			if id == "" {
				continue
			}
			at := []string{"staff", strconv.Itoa(i)}
			add(idItem{idPerson, id, ""}, at...)
			roles, _ := m["roles"].([]any)
			for j, r := range roles {
				if s, ok := r.(string); ok {
					add(idItem{idRole, id, s}, append(slices.Clone(at), "roles", strconv.Itoa(j))...)
				}
			}
			emails(id, m["emails"], append(slices.Clone(at), "emails")...)
			login(id, m["github"], append(slices.Clone(at), "github")...)
			keys(id, m["keys"], append(slices.Clone(at), "keys")...)
		}
	}
	switch kind {
	case bodyFile:
		policy, _ := value["signing_policy"].(string)
		if policy == "" {
			policy = "author"
		}
		add(idItem{idPolicy, "", policy}, "signing_policy")
		l, _ := value["web_editor_keys"].([]any)
		for i, t := range l {
			text, _ := t.(string)
			if k, err := signing.ParseKey(text); err == nil {
				v.keys[k.Fingerprint] = k
				add(idItem{idWebKey, "", k.Fingerprint}, "web_editor_keys", strconv.Itoa(i))
			}
		}
		staff()
	case schoolFile:
		staff()
	case ectFile:
		if trn, ok := value["trn"].(string); ok {
			add(idItem{idTRN, "", trn}, "trn")
		}
		emails("", value["emails"], "emails")
		login("", value["github"], "github")
		keys("", value["keys"], "keys")
	}
	return v
}

// trust is what the history proves of one version of a record: each of
// its facts about who may sign is trusted, or not, and why not.
type trust struct {
	v         *idVersion
	untrusted map[idItem]string // the reason, for each fact not trusted
}

// trusted reports whether the version states the fact and it is trusted.
func (t *trust) trusted(it idItem) bool {
	if t == nil {
		return false
	}
	_, has := t.v.items[it]
	_, bad := t.untrusted[it]
	return has && !bad
}

// authority is someone who may change identities, as a trusted version
// states them.
type authority struct {
	id, what string
	from     *trust
}

// owns reports whether email is one of the person's proven addresses, or
// a GitHub no-reply address of their proven login.
func (au authority) owns(email string) bool {
	if au.from.trusted(idItem{idEmail, au.id, strings.ToLower(email)}) {
		return true
	}
	login, ok := identity.GitHubLogin(email)
	return ok && au.from.trusted(idItem{idLogin, au.id, strings.ToLower(login)})
}

func (au authority) keys() []signing.Key {
	var ks []signing.Key
	for it := range au.from.v.items {
		if it.kind == idKey && it.who == au.id && au.from.trusted(it) {
			ks = append(ks, au.from.v.keys[it.value])
		}
	}
	slices.SortFunc(ks, func(a, b signing.Key) int { return strings.Compare(a.Fingerprint, b.Fingerprint) })
	return ks
}

// holders lists the people a trusted version gives one of roles (any
// person when roles is empty).
func holders(t *trust, what string, roles ...record.StaffRole) []authority {
	if t == nil {
		return nil
	}
	var out []authority
	for it := range t.v.items {
		if it.kind != idPerson || !t.trusted(it) {
			continue
		}
		ok := len(roles) == 0
		for _, r := range roles {
			ok = ok || t.trusted(idItem{idRole, it.who, string(r)})
		}
		if ok {
			out = append(out, authority{id: it.who, what: what, from: t})
		}
	}
	slices.SortFunc(out, func(a, b authority) int { return strings.Compare(a.id, b.id) })
	return out
}

// identityLedger proves, version by version, who may sign.
type identityLedger struct {
	a      *Auditor
	trusts map[string]map[history.Hash]*trust // by path, then blob
}

// Identities proves every change to who may sign in the records' history
// (see the policy above), reports each fact in the records now that no
// such change proves, and leaves in the auditor's People only what is
// proven: an e-mail address or key that someone without the authority
// added proves nothing.
func (a *Auditor) Identities(book *record.Book) []diag.Diagnostic {
	l := &identityLedger{a: a, trusts: map[string]map[history.Hash]*trust{}}
	a.ledger = l
	var files []*record.File
	if book.Body != nil && book.Body.File != nil {
		files = append(files, book.Body.File)
	}
	for _, s := range book.Schools {
		files = append(files, s.File)
	}
	for _, e := range book.ECTs {
		files = append(files, e.File)
	}
	// body.md first, then the schools, then the ECTs: each is governed
	// by the ones before.
	for _, f := range files {
		if f != nil {
			l.prove(f.Rel)
		}
	}
	var ds []diag.Diagnostic
	heads := map[string]*trust{}
	for _, f := range files {
		if f == nil || f.Doc == nil || !f.Valid {
			continue
		}
		head := l.head(f.Rel)
		heads[f.Rel] = head
		if head == nil {
			continue // not committed yet: proven by the commit that adds it
		}
		now := identitiesOf(kindOfPath(f.Rel), f.Doc.Values())
		for _, it := range sortedItems(now.items) {
			why, bad := head.untrusted[it]
			if !bad {
				continue
			}
			ds = append(ds, diag.Errorf(f.Doc.Locate(now.items[it], false), RuleIdentity, "%s %s: %s", itemWords(it), "is not proven", why))
		}
	}
	l.restrict(heads)
	return ds
}

func created(ch *history.Change) bool {
	for _, b := range ch.Before {
		if !b.IsZero() {
			return false
		}
	}
	return true
}

func sortedItems(m map[idItem][]string) []idItem {
	its := slices.Collect(maps.Keys(m))
	slices.SortFunc(its, func(a, b idItem) int {
		return strings.Compare(strings.Join(m[a], "\x00"), strings.Join(m[b], "\x00"))
	})
	return its
}

func itemWords(it idItem) string {
	who := ""
	if it.who != "" {
		who = " of " + it.who
	}
	switch it.kind {
	case idPerson:
		return "the entry for " + it.who
	case idKey, idWebKey:
		return fmt.Sprintf("the %s%s %s", it.kind, who, it.value)
	}
	return fmt.Sprintf("the %s%s %q", it.kind, who, it.value)
}

// version reads what a version of an identity record says, once.
func (l *identityLedger) version(rel string, blob history.Hash) *idVersion {
	src, err := l.a.Repo.Blob(rel, blob)
	if err != nil {
		return &idVersion{items: map[idItem][]string{}, keys: map[string]signing.Key{}}
	}
	doc, d := frontmatter.Parse(rel, src)
	if d != nil {
		return &idVersion{items: map[idItem][]string{}, keys: map[string]signing.Key{}}
	}
	return identitiesOf(kindOfPath(rel), doc.Values())
}

// trustOf returns what is proven of a version: computed for each change
// in order by prove; a version older than the walked history (--since)
// was proven then, and is trusted whole.
func (l *identityLedger) trustOf(rel string, blob history.Hash) *trust {
	if blob.IsZero() {
		return nil
	}
	if t := l.trusts[rel][blob]; t != nil {
		return t
	}
	t := &trust{v: l.version(rel, blob), untrusted: map[idItem]string{}}
	l.set(rel, blob, t)
	return t
}

func (l *identityLedger) set(rel string, blob history.Hash, t *trust) {
	if l.trusts[rel] == nil {
		l.trusts[rel] = map[history.Hash]*trust{}
	}
	l.trusts[rel][blob] = t
}

// prove works through a record's versions, oldest first.
func (l *identityLedger) prove(rel string) {
	changes := l.a.History.Files[rel]
	for i, ch := range changes {
		if ch.Deleted() {
			continue
		}
		if _, done := l.trusts[rel][ch.Blob]; done {
			continue
		}
		t := &trust{v: l.version(rel, ch.Blob), untrusted: map[idItem]string{}}
		var parents []*trust
		for _, b := range ch.Before {
			if p := l.trustOf(rel, b); p != nil {
				parents = append(parents, p)
			}
		}
		var fresh []idItem
		for it := range t.v.items {
			inParent, trusted := false, false
			why := ""
			for _, p := range parents {
				if _, has := p.v.items[it]; has {
					inParent = true
					if r, bad := p.untrusted[it]; bad {
						why = r
					} else {
						trusted = true
					}
				}
			}
			switch {
			case trusted:
			case inParent:
				t.untrusted[it] = why
			default:
				fresh = append(fresh, it)
			}
		}
		if len(fresh) > 0 {
			root := i == 0 && rel == "body.md" && created(ch) && l.a.History.Since.IsZero()
			if err := l.authorize(rel, ch, parents, t, root); err != nil {
				for _, it := range fresh {
					t.untrusted[it] = err.Error()
				}
			}
		}
		l.set(rel, ch.Blob, t)
	}
}

// head returns what is proven of HEAD's version of a record; nil when
// HEAD has none.
func (l *identityLedger) head(rel string) *trust {
	changes := l.a.History.Files[rel]
	if n := len(changes); n > 0 {
		if changes[n-1].Deleted() {
			return nil
		}
		return l.trustOf(rel, changes[n-1].Blob)
	}
	if l.a.History.Since.IsZero() {
		return nil // never committed
	}
	return l.trustOf(rel, l.a.headBlob(rel)) // unchanged since --since
}

// at returns what is proven of the version of a record in force at a
// commit: the newest version committed at or before it (in the order of
// the walk, which puts every commit after its ancestors).
func (l *identityLedger) at(rel string, seq int) *trust {
	changes := l.a.History.Files[rel]
	for i := len(changes) - 1; i >= 0; i-- {
		if ch := changes[i]; ch.Commit.Seq <= seq {
			if ch.Deleted() {
				return nil
			}
			return l.trustOf(rel, ch.Blob)
		}
	}
	if len(changes) > 0 && len(changes[0].Before) > 0 {
		return l.trustOf(rel, changes[0].Before[0]) // before --since: proven then
	}
	if !l.a.History.Since.IsZero() {
		return l.trustOf(rel, l.a.headBlob(rel))
	}
	return nil
}

// authorities lists who may change the identities in a record at a
// change, and says who they are in words.
func (l *identityLedger) authorities(rel string, ch *history.Change, parents []*trust) ([]authority, string) {
	body := l.at("body.md", ch.Commit.Seq)
	if rel == "body.md" {
		var out []authority
		for _, p := range parents {
			out = append(out, holders(p, "appropriate body staff")...)
		}
		return out, "the appropriate body's staff"
	}
	ab := holders(body, "appropriate body staff")
	switch kindOfPath(rel) {
	case schoolFile:
		var out []authority
		for _, p := range parents {
			out = append(out, holders(p, "the school's headteacher or induction lead", record.StaffHeadteacher, record.StaffInductionLead)...)
		}
		if len(parents) == 0 {
			return ab, "the appropriate body's staff (who register a school)"
		}
		return append(out, ab...), "the school's headteacher or induction lead, or the appropriate body's staff"
	default:
		school := l.at(path.Join(path.Dir(path.Dir(path.Dir(rel))), "school.md"), ch.Commit.Seq)
		out := holders(school, "the school's headteacher or induction lead", record.StaffHeadteacher, record.StaffInductionLead)
		return append(out, ab...), "the school's headteacher or induction lead, or the appropriate body's staff"
	}
}

// authorize checks that a change was made by someone with the authority
// to make it; root is the change that created body.md, which its own
// staff make.
func (l *identityLedger) authorize(rel string, ch *history.Change, parents []*trust, t *trust, root bool) error {
	var who []authority
	words := ""
	if root {
		who, words = holders(t, "appropriate body staff"), "one of the appropriate body's staff it lists (it is the root of trust)"
	} else {
		who, words = l.authorities(rel, ch, parents)
	}
	return l.madeBy(ch.Commit, who, words)
}

// abStaffAt lists the appropriate body's staff as proven at a commit.
func (l *identityLedger) abStaffAt(c *history.Commit) []authority {
	return holders(l.at("body.md", c.Seq), "appropriate body staff")
}

// madeBy checks that a commit is one of the people who's: authored by
// them and, under the verified policy, signed with one of their keys as
// proven at that commit (or the web editor's key proven then). words says
// who they are, for the message.
func (l *identityLedger) madeBy(c *history.Commit, who []authority, words string) error {
	a := l.a
	author := a.People.Describe(c.Author.Name, c.Author.Email)
	for _, au := range who {
		if !au.owns(c.Author.Email) {
			continue
		}
		if a.People.Policy != "verified" || a.AuthorOnly {
			return nil
		}
		if _, ok := a.carriedKey(c.Hash, append(au.keys(), l.webKeysAt(c)...)); ok {
			return nil // signed before an erasure rewrote it
		}
		obj, err := a.Repo.CommitSignature(c.Hash)
		if err != nil {
			return fmt.Errorf("read commit %s: %w", history.Short(c.Hash), err)
		}
		_, err = signing.Verify(obj, au.keys())
		if err == nil {
			return nil
		}
		if web := l.webKeysAt(c); len(web) > 0 {
			if _, werr := signing.Verify(obj, web); werr == nil {
				return nil
			}
		}
		if errors.Is(err, signing.ErrUnsigned) {
			return fmt.Errorf("made in %s by %s, which is not signed: the body's signing_policy is verified, so it must be signed with a key registered to them. Ask them to make it again in a signed commit, and take this one out", history.Short(c.Hash), author)
		}
		return fmt.Errorf("made in %s by %s, which is not signed with a key registered to them (signing_policy is verified). Ask them to make it again in a commit signed with their registered key, and take this one out", history.Short(c.Hash), author)
	}
	return fmt.Errorf("made in %s by %s, who may not make it: only %s may, in a commit of their own. Ask one of them to make it, and take this one out", history.Short(c.Hash), author, words)
}

// webKeysAt returns the web editor's keys proven in body.md at a commit.
func (l *identityLedger) webKeysAt(c *history.Commit) []signing.Key {
	t := l.at("body.md", c.Seq)
	if t == nil {
		return nil
	}
	var ks []signing.Key
	for it := range t.v.items {
		if it.kind == idWebKey && t.trusted(it) {
			ks = append(ks, t.v.keys[it.value])
		}
	}
	return ks
}

// restrict leaves in People only the e-mail addresses, GitHub logins,
// roles and keys that HEAD's proven versions give each person, and the web
// editor's keys proven in body.md.
func (l *identityLedger) restrict(heads map[string]*trust) {
	p := l.a.People
	for _, id := range p.All() {
		if id.File == nil {
			continue
		}
		t := heads[id.File.Rel]
		who := id.ListedAs()
		id.Unproven = nil
		id.Emails = slices.DeleteFunc(slices.Clone(id.Emails), func(e string) bool {
			if t.trusted(idItem{idEmail, who, strings.ToLower(e)}) {
				return false
			}
			id.Unproven = append(id.Unproven, strings.ToLower(e))
			return true
		})
		id.UnprovenGitHub = ""
		if id.GitHub != "" && !t.trusted(idItem{idLogin, who, strings.ToLower(id.GitHub)}) {
			id.UnprovenGitHub, id.GitHub = id.GitHub, ""
		}
		id.Roles = slices.DeleteFunc(slices.Clone(id.Roles), func(r record.StaffRole) bool {
			return !t.trusted(idItem{idRole, who, string(r)})
		})
		id.Keys = slices.DeleteFunc(slices.Clone(id.Keys), func(k signing.Key) bool {
			return !t.trusted(idItem{idKey, who, k.Fingerprint})
		})
	}
	bt := heads["body.md"]
	p.WebEditor = slices.DeleteFunc(slices.Clone(p.WebEditor), func(k signing.Key) bool {
		return !bt.trusted(idItem{idWebKey, "", k.Fingerprint})
	})
	// A signing policy that nobody with the authority set is not relaxed:
	// the stricter one holds until it is put right.
	if bt != nil && !bt.trusted(idItem{idPolicy, "", p.Policy}) {
		p.Policy = "verified"
	}
	p.Reindex()
}
