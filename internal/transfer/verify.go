package transfer

import (
	"fmt"
	"path"
	"strings"
	"testing/fstest"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// Rule names of the bundle's own checks.
const (
	RuleBundle = "bundle"       // the bundle cannot be read, or does not hold one ECT's records
	RuleTag    = "transfer-tag" // the transfer tag is missing, names another commit, or its signature fails
)

// Checked is what Verify found in a bundle.
type Checked struct {
	// Book is the records at the bundle's tip; ECT the one ECT in it.
	Book *record.Book
	ECT  *record.ECT
	// Records is the folder of the records in the bundle ("records", or
	// "" at its root).
	Records string
	// Diagnostics are the records', the audit's and the tag's problems.
	Diagnostics []diag.Diagnostic
	// Result is the audit of the bundle's own history; Commits counts it.
	Result  *audit.Result
	Commits int
	Tip     history.Hash
	// Policy is the body's signing_policy.
	Policy string

	Tag *history.Tag
	// Signed is true when the tag carries a signature; Format and
	// Fingerprint say what made it (read from the signature, whether or
	// not it verifies), Signer who it is registered to (AB staff) when
	// it verifies.
	Signed              bool
	Format, Fingerprint string
	Signer              string
	// Trusted is true when the tag verified with the key given to Verify.
	Trusted bool
	// Fields are the tag's "Name: value" lines (TRN, Source commit, …);
	// Proofs its "Proof:" lines, the sending body's proofs.
	Fields map[string]string
	Proofs []string
}

// Verify checks a transfer bundle as it arrives: it loads the records at
// the tip of its main branch, validates them, proves every signature and
// AB review from the bundle's own history (authorship, nothing edited
// after signing, order; under signing_policy verified the original
// commits' key signatures cannot travel, so authorship is proven and the
// tag's proofs stand for the rest), and checks the transfer tag: it names
// the tip, and if signed, its signature verifies with a key body.md
// registers to appropriate body staff (and with trust, when given). file
// is the bundle's name, where problems of the bundle itself are reported.
func Verify(b *history.Bundle, schemas *schema.Set, file string, trust *signing.Key, today time.Time) (*Checked, error) {
	c := &Checked{}
	at := diag.Position{File: file}
	tip, ok := b.Ref(MainRef)
	if !ok {
		return nil, fmt.Errorf("the bundle has no %s branch: it was not made by ect transfer", MainRef.Short())
	}
	if head, ok := b.Ref(history.HEAD); ok && head != tip {
		c.Diagnostics = append(c.Diagnostics, diag.Errorf(at, RuleBundle, "the bundle's HEAD (%s) is not its main branch (%s)", history.Short(head), history.Short(tip)))
	}
	c.Tip = tip
	repo, err := b.Repo(MainRef)
	if err != nil {
		return nil, err
	}
	if _, err := repo.CommitTree(tip); err != nil {
		return nil, fmt.Errorf("the bundle's main branch is not a commit: %w", err)
	}
	files, prefix, err := tipFiles(repo, tip)
	if err != nil {
		return nil, err
	}
	c.Records = prefix
	display := prefix
	if display == "" {
		display = "."
	}
	book, err := record.Load(files, ".", schemas, record.Options{Display: display})
	if err != nil {
		return nil, fmt.Errorf("load the bundle's records: %w", err)
	}
	c.Book = book
	c.Diagnostics = append(c.Diagnostics, book.Diagnostics...)
	c.Diagnostics = append(c.Diagnostics, rules.Check(book, rules.Options{Today: today})...)
	if len(book.ECTs) != 1 {
		c.Diagnostics = append(c.Diagnostics, diag.Errorf(at, RuleBundle, "the bundle holds the records of %d ECTs: a transfer holds one", len(book.ECTs)))
	} else {
		c.ECT = book.ECTs[0]
	}
	people, kds := identity.New(book)
	c.Diagnostics = append(c.Diagnostics, kds...)
	c.Policy = people.Policy
	repo.Prefix = prefix
	h, err := repo.Walk(history.Options{})
	if err != nil {
		return nil, fmt.Errorf("read the bundle's history: %w", err)
	}
	c.Commits = len(h.Commits)
	a := audit.New(repo, h, people)
	a.AuthorOnly = true
	res, ads := a.Check(book)
	c.Result = res
	c.Diagnostics = append(c.Diagnostics, ads...)
	c.Diagnostics = append(c.Diagnostics, c.checkTag(b, repo, people, at, trust)...)
	diag.Sort(c.Diagnostics)
	return c, nil
}

// tipFiles returns the files of a commit as a file system, rooted at its
// records folder (the folder holding body.md nearest the top), and that
// folder's path.
func tipFiles(repo *history.Repo, tip history.Hash) (fstest.MapFS, string, error) {
	all, err := repo.Files(tip)
	if err != nil {
		return nil, "", fmt.Errorf("read the bundle's tip: %w", err)
	}
	prefix, found := "", false
	for name := range all {
		if path.Base(name) == "body.md" {
			dir := path.Dir(name)
			if dir == "." {
				dir = ""
			}
			if !found || depth(dir) < depth(prefix) || depth(dir) == depth(prefix) && dir < prefix {
				prefix, found = dir, true
			}
		}
	}
	if !found {
		return nil, "", fmt.Errorf("the bundle holds no records: there is no body.md at its tip")
	}
	fsys := fstest.MapFS{}
	for name, blob := range all {
		rel := name
		if prefix != "" {
			var ok bool
			if rel, ok = strings.CutPrefix(name, prefix+"/"); !ok {
				continue
			}
		}
		data, err := repo.Blob(name, blob)
		if err != nil {
			return nil, "", fmt.Errorf("read %s from the bundle: %w", name, err)
		}
		fsys[rel] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return fsys, prefix, nil
}

// depth is how many folders deep dir is ("" is the root).
func depth(dir string) int {
	if dir == "" {
		return 0
	}
	return strings.Count(dir, "/") + 1
}

// tagFields are the lines of the tag's message Verify reads.
var tagFields = map[string]bool{"TRN": true, "ECT": true, "School": true, "Sending appropriate body": true, "Source commit": true, "Made": true, "Commits": true}

// checkTag checks the transfer tag against the tip and the AB staff's
// keys.
func (c *Checked) checkTag(b *history.Bundle, repo *history.Repo, people *identity.People, at diag.Position, trust *signing.Key) []diag.Diagnostic {
	h, ok := b.Ref(TagRef)
	if !ok {
		return []diag.Diagnostic{diag.Errorf(at, RuleTag, "the bundle has no %s tag: it was not made by ect transfer, or the tag was removed, so nothing states what was sent", TagRef.Short())}
	}
	t, err := repo.Tag(h)
	if err != nil {
		return []diag.Diagnostic{diag.Errorf(at, RuleTag, "the %s reference is not an annotated tag: %v", TagRef.Short(), err)}
	}
	c.Tag = t
	c.Fields = map[string]string{}
	for line := range strings.SplitSeq(t.Message, "\n") {
		if rest, ok := strings.CutPrefix(line, "Proof: "); ok {
			c.Proofs = append(c.Proofs, rest)
		} else if k, v, ok := strings.Cut(line, ": "); ok && tagFields[k] {
			c.Fields[k] = v
		}
	}
	var ds []diag.Diagnostic
	if !t.OfCommit() || t.Target != c.Tip {
		ds = append(ds, diag.Errorf(at, RuleTag, "the transfer tag names %s %s, but the bundle's main branch is at %s: the history was changed after the tag was made", t.TargetType, history.Short(t.Target), history.Short(c.Tip)))
	}
	if c.ECT != nil && c.Fields["TRN"] != c.ECT.TRN {
		ds = append(ds, diag.Errorf(at, RuleTag, "the transfer tag is for TRN %q, but the bundle holds the records of %s", c.Fields["TRN"], c.ECT.TRN))
	}
	signed, err := t.Signed()
	if err != nil {
		return append(ds, diag.Errorf(at, RuleTag, "the transfer tag cannot be read: %v", err))
	}
	c.Format, c.Fingerprint = signing.TagSignedBy(signed)
	c.Signed = c.Format != ""
	if !c.Signed {
		if trust != nil {
			return append(ds, diag.Errorf(at, RuleTag, "the transfer tag is not signed, so it cannot be checked against the key you trust (--trust)"))
		}
		return append(ds, diag.Warnf(at, RuleTag, "the transfer tag is not signed: nothing proves which appropriate body sent this bundle. Ask the sending body to confirm its tip commit %s", c.Tip))
	}
	keys, owners := people.ABKeys()
	res, err := signing.VerifyTag(signed, keys)
	if err != nil {
		ds = append(ds, diag.Errorf(at, RuleTag, "the transfer tag's signature does not prove who sent it: %v (the key must be registered to the appropriate body's staff in body.md)", err))
	} else {
		for i, k := range keys {
			if k.Fingerprint == res.Key.Fingerprint {
				c.Signer = owners[i].Name
				break
			}
		}
	}
	if trust != nil {
		if _, err := signing.VerifyTag(signed, []signing.Key{*trust}); err != nil {
			ds = append(ds, diag.Errorf(at, RuleTag, "the transfer tag is not signed with the key you trust (%s): %v", trust, err))
		} else {
			c.Trusted = true
		}
	}
	return ds
}
