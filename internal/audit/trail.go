package audit

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// Step is one commit in a record's trail.
type Step struct {
	Commit string `json:"commit"`
	Date   string `json:"date"` // the author date, as Git recorded it
	Author string `json:"author"`
	// Person is who the author's address belongs to in the records.
	Person string `json:"person,omitempty"`
	// Signature is what the commit's own signature is; Key the key that
	// made it, when it is signed.
	Signature CommitSignature `json:"signature"`
	Key       string          `json:"key,omitempty"`
	// Changes says what the commit did to the record, in words.
	Changes []string `json:"changes"`
	// Made says who made the commit and what Git proves of that, in
	// words: "by Eleanor Thursby — their commit, not cryptographically
	// signed".
	Made string `json:"made"`
	// Text is the step in one sentence, its changes and Made, as ect
	// audit and the portal show it: "ECT signed by Eleanor Thursby — their
	// commit, not cryptographically signed".
	Text string `json:"text"`
}

// CommitSignature is what a commit's own signature is, as far as the
// records can tell.
type CommitSignature string

// The kinds of commit signature.
const (
	CommitUnsigned   CommitSignature = "none"             // not cryptographically signed
	CommitKey        CommitSignature = "registered key"   // signed with a key registered to its author
	CommitWebEditor  CommitSignature = "web editor"       // signed by the Git host's web-editor key (web_editor_keys)
	CommitOtherKey   CommitSignature = "unregistered key" // signed with a key not registered to its author
	CommitUnreadable CommitSignature = "unreadable"       // signed, but the signature cannot be read
)

// Trail is the history of one record, oldest first, with what it proves.
type Trail struct {
	File   string   `json:"file"`
	Steps  []Step   `json:"steps"`
	Proofs []*Proof `json:"signatures,omitempty"`
	// Uncommitted is set when the working folder's file differs from
	// HEAD's.
	Uncommitted bool `json:"uncommitted,omitempty"`
}

// MarshalJSON writes a proof with its state and description in words.
func (p *Proof) MarshalJSON() ([]byte, error) {
	out := map[string]any{"entry": p.Entry, "role": p.Role, "by": p.By, "on": p.On, "state": p.State.String(), "proof": p.Describe()}
	if p.Name != "" {
		out["name"] = p.Name
	}
	if p.Commit != nil {
		out["commit"] = p.Commit.Hash.String()
	}
	if p.Key != "" {
		out["key"] = p.Key
	}
	return json.Marshal(out)
}

// Trail tells the history of one record file, commit by commit. For a
// report it also proves its signatures, for an ECT's profile the AB's
// decisions, as validate does.
func (a *Auditor) Trail(f *record.File, e *record.ECT, rep *record.Report) (*Trail, error) {
	t := &Trail{File: f.Doc.Path}
	var prev *Version
	for _, ch := range a.History.Files[f.Rel] {
		var cur *Version
		if !ch.Deleted() {
			src, err := a.Repo.Blob(f.Rel, ch.Blob)
			if err != nil {
				return nil, err
			}
			cur = Summarize(f.Doc.Path, src, true)
		}
		c := ch.Commit
		id := a.People.ByEmail(c.Author.Email)
		step := Step{
			Commit:  history.Short(c.Hash),
			Date:    c.Author.When.Format("2006-01-02 15:04 -0700"),
			Author:  c.Author.String(),
			Changes: describe(prev, cur),
		}
		var detail string
		step.Signature, step.Key, detail = a.commitSignature(c, id)
		if id != nil {
			step.Person = id.Name + ", " + id.What
		}
		step.Made = madeBy(c.Author.String(), id, step.Signature, step.Key, detail)
		step.Text = inWords(step.Changes) + " " + step.Made
		t.Steps = append(t.Steps, step)
		prev = cur
	}
	if wt := summarizeDoc(f); prev == nil || wt.Content != prev.Content || !sameSigs(wt, prev) {
		t.Uncommitted = true
	}
	switch {
	case rep != nil && e != nil:
		t.Proofs, _ = a.report(e, rep)
	case e != nil && e.File == f:
		t.Proofs, _ = a.decisions(e)
	}
	return t, nil
}

func sameSigs(a, b *Version) bool {
	return slices.Equal(a.Sigs, b.Sigs) && reflect.DeepEqual(a.Review, b.Review) && reflect.DeepEqual(a.Released, b.Released)
}

// commitSignature reads a commit's own signature: none, a key registered
// to its author (id, nil when the address is not in the records), the Git
// host's web-editor key, another key, or one that cannot be read (detail
// says why).
func (a *Auditor) commitSignature(c *history.Commit, id *identity.Identity) (sig CommitSignature, key, detail string) {
	if !c.Signed {
		return CommitUnsigned, "", ""
	}
	obj, err := a.Repo.CommitSignature(c.Hash)
	if err != nil {
		return CommitUnreadable, "", err.Error()
	}
	if id != nil && len(id.Keys) > 0 {
		if r, err := signing.Verify(obj, id.Keys); err == nil {
			return CommitKey, r.Key.String(), ""
		}
	}
	if len(a.People.WebEditor) > 0 {
		if r, err := signing.Verify(obj, a.People.WebEditor); err == nil {
			return CommitWebEditor, r.Key.String(), ""
		}
	}
	format, fp := signing.SignedBy(obj)
	if format == "" || fp == "" {
		return CommitUnreadable, "", "its key cannot be read"
	}
	return CommitOtherKey, signing.Key{Kind: format, Fingerprint: fp}.String(), ""
}

// madeBy says who made a commit and what Git proves of that, in words a
// teacher knows: the person's name from the records (or the name and
// address Git recorded, when the address is not in the records), and
// "their" for them, as the records do not say how anyone is referred to.
func madeBy(author string, id *identity.Identity, sig CommitSignature, key, detail string) string {
	if id == nil {
		who := "by " + author + " — an address that is not in the records, "
		switch sig {
		case CommitWebEditor:
			return who + "made in the Git host's web editor, which proves only the host account"
		case CommitOtherKey:
			return who + "signed with " + key
		case CommitUnreadable:
			return who + "signed, but the signature cannot be read (" + detail + ")"
		}
		return who + "not cryptographically signed"
	}
	who := "by " + id.Name + " — their commit, "
	switch sig {
	case CommitKey:
		return who + "signed with their registered " + key
	case CommitWebEditor:
		return who + "made in the Git host's web editor, which proves their host account (not a personal key)"
	case CommitOtherKey:
		return who + "signed with " + key + ", which is not registered to them"
	case CommitUnreadable:
		return who + "signed, but the signature cannot be read (" + detail + ")"
	}
	return who + "not cryptographically signed"
}

// inWords joins a step's changes into one phrase: "a, b and c".
func inWords(changes []string) string {
	if len(changes) < 2 {
		return strings.Join(changes, "")
	}
	return strings.Join(changes[:len(changes)-1], ", ") + " and " + changes[len(changes)-1]
}

// describe says what changed between two versions of a record.
func describe(prev, cur *Version) []string {
	switch {
	case cur == nil:
		return []string{"deleted"}
	case cur.Err != "":
		return []string{"changed (this version cannot be read as a record: " + cur.Err + ")"}
	}
	var out []string
	if prev == nil || prev.Err != "" {
		out = append(out, "created")
		prev = &Version{}
	}
	if changed := changedFields(prev, cur); len(changed) > 0 && prev.Doc != nil {
		out = append(out, "changed "+strings.Join(changed, ", "))
	}
	if prev.Released == nil && cur.Released != nil {
		out = append(out, "tutor released to ECT")
	} else if prev.Released != nil && cur.Released == nil {
		out = append(out, "release withdrawn")
	}
	ps, cs := sections(prev), sections(cur)
	var edited []string
	for _, h := range headings(prev, cur) {
		if ps[h] == cs[h] || strings.TrimSpace(ps[h]) == "" && strings.TrimSpace(cs[h]) == "" {
			continue
		}
		if record.NormHeading(h) == "ect comments" {
			if strings.TrimSpace(cs[h]) == "" {
				out = append(out, "ECT comments removed")
			} else if strings.TrimSpace(ps[h]) == "" {
				out = append(out, "ECT commented")
			} else {
				out = append(out, "ECT comments edited")
			}
			continue
		}
		if prev.Doc != nil {
			if h == "" {
				h = "the text before the first heading"
			}
			edited = append(edited, h)
		}
	}
	if len(edited) > 0 {
		out = append(out, "edited "+strings.Join(edited, ", "))
	}
	removed := 0
	for _, s := range prev.Sigs {
		if !cur.HasSig(s) {
			removed++
		}
	}
	if removed > 0 && len(cur.Sigs) == 0 {
		out = append(out, "signatures removed: report reopened")
	} else if removed > 0 {
		out = append(out, fmt.Sprintf("%d signature(s) removed", removed))
	}
	for _, s := range cur.Sigs {
		if !prev.HasSig(s) {
			w := record.Role(s.Role).Words() + " signed"
			if s.Imported {
				w = record.Role(s.Role).Words() + "'s signature imported"
			}
			out = append(out, w)
		}
	}
	switch r := cur.Review; {
	case r != nil && (prev.Review == nil || *prev.Review != *r):
		w := "AB accepted"
		if r.Decision == string(record.Returned) {
			w = "AB returned it: “" + strings.Join(strings.Fields(r.Feedback), " ") + "”"
		}
		if r.Imported {
			w += " (imported)"
		}
		out = append(out, w)
	case r == nil && prev.Review != nil:
		out = append(out, "AB review removed")
	}
	for _, d := range prev.Decisions {
		if !cur.HasDecision(d) {
			out = append(out, "AB decision taken out: "+d.words())
		}
	}
	for _, d := range cur.Decisions {
		if !prev.HasDecision(d) {
			w := "AB decided: " + d.words()
			if d.Imported {
				w += " (imported)"
			}
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		out = append(out, "reformatted (no change in content)")
	}
	return out
}

// words says a decision briefly: "fail on 2026-07-27". Who took it is
// what the trail says of the commit, and the proofs say whether that is
// the AB staff member named in by:.
func (d Decision) words() string {
	what := d.Result
	if d.Result == "extend" {
		what = "extension of " + d.Terms + " terms"
	}
	return fmt.Sprintf("%s on %s", what, d.Decided)
}

// changedFields lists the front-matter fields, other than the workflow's
// own, whose values differ.
func changedFields(prev, cur *Version) []string {
	if prev.Doc == nil || cur.Doc == nil {
		return nil
	}
	var out []string
	was, is := prev.Doc.Values(), cur.Doc.Values()
	keys := map[string]bool{}
	for k := range was {
		keys[k] = true
	}
	for k := range is {
		keys[k] = true
	}
	for k := range keys {
		if k == keySignatures || k == keyReview || k == "released" {
			continue
		}
		if !reflect.DeepEqual(was[k], is[k]) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// sections splits a version's body by its "## " headings.
func sections(v *Version) map[string]string {
	out := map[string]string{}
	if v.Doc == nil {
		return out
	}
	heading := ""
	var b strings.Builder
	for line := range strings.SplitSeq(string(v.Doc.Body()), "\n") {
		if strings.HasPrefix(line, "## ") {
			out[heading] = b.String()
			b.Reset()
			heading = strings.TrimSpace(line[3:])
			continue
		}
		b.WriteString(line + "\n")
	}
	out[heading] = b.String()
	return out
}

// headings lists the headings of both versions in order.
func headings(prev, cur *Version) []string {
	var out []string
	for _, v := range []*Version{cur, prev} {
		if v.Doc == nil {
			continue
		}
		for line := range strings.SplitSeq(string(v.Doc.Body()), "\n") {
			if h, ok := strings.CutPrefix(line, "## "); ok && !slices.Contains(out, strings.TrimSpace(h)) {
				out = append(out, strings.TrimSpace(h))
			}
		}
	}
	if !slices.Contains(out, "") {
		out = append([]string{""}, out...)
	}
	return out
}
