// Package erase removes one ECT's records from the whole Git history of
// a records repository, when the appropriate body decides to (at the end
// of the retention period, SG 2.77, or on the ECT's request under data
// protection law): it writes a new history on a branch, for the AB's
// staff to review and push, in which no commit, tree or blob holds the
// ECT's records, name, TRN or addresses; and it records the erasure in an
// erasure record that the AB's lead commits (audit.Erasure), so that ect
// validate proves every other signature from the new history and refuses
// any other rewrite.
package erase

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// Reasons an ECT's records are erased.
const (
	ReasonRetention = "retention"
	ReasonRequest   = "request"
)

// Erased is what the new history says of a person who was the ECT, in
// place of their name, and of their commits' author.
var Erased = history.Person{Name: "Erased ECT", Email: "erased@ectdocs.invalid"}

// Options say what to erase, by whom, when and why.
type Options struct {
	ECT    *record.ECT
	By     record.Staff // the appropriate body's lead who erases
	On     time.Time
	Reason string // ReasonRetention or ReasonRequest
	// Branch is the new history's branch.
	Branch string
}

// Result is the new history.
type Result struct {
	Branch string
	// From is the old history's last commit, Head the new one's (the
	// erasure record's commit).
	From, Head history.Hash
	// Commits counts the old history's commits; Left those left out
	// (they only changed the ECT's records).
	Commits, Left int
	// Record is the erasure record, relative to the records folder.
	Record string
}

// MentionError lists the files, other than the ECT's own records, that
// hold the ECT's name, TRN or addresses in some version: erasing would
// leave them there, and changing them would change what others signed.
type MentionError struct {
	Mentions []string // "path (in some version): what"
}

func (e *MentionError) Error() string {
	return fmt.Sprintf("%d other files hold the ECT's name, TRN or address in some version, and erasing would leave them there:\n  %s\nTake the mentions out (and, if a version of a signed record holds one, agree with the AB how), then erase",
		len(e.Mentions), strings.Join(e.Mentions, "\n  "))
}

// Erase writes the new history of repo's records without the ECT's
// records, as opt says, on a new branch; the branch checked out, and the
// working folder, are not touched.
func Erase(repo *history.Repo, book *record.Book, opt Options) (*Result, error) {
	e := opt.ECT
	if e == nil || !record.ValidTRN(e.TRN) || e.Name == "" {
		return nil, errors.New("erase: no ECT to erase")
	}
	if !opt.By.HasRole(record.StaffABLead) || len(opt.By.Emails) == 0 {
		return nil, fmt.Errorf("erase: %s is not the appropriate body's lead (ab_lead in body.md, with an e-mail address): only a lead erases records", opt.By.ID)
	}
	if opt.Reason != ReasonRetention && opt.Reason != ReasonRequest {
		return nil, fmt.Errorf("erase: the reason %q: give %s or %s", opt.Reason, ReasonRetention, ReasonRequest)
	}
	from, ok, err := repo.Head()
	if err != nil || !ok {
		return nil, fmt.Errorf("erase: the repository has no commits: %v", err)
	}
	mention := mentions(e)
	ects := path.Join(repo.Prefix, "schools")
	var found []string
	rw := history.Rewrite{
		// The ECT's folder, wherever their school was.
		Drop: func(dir, name string) bool {
			return name == e.TRN && path.Base(dir) == "ects" && path.Dir(path.Dir(dir)) == ects
		},
		Check: func(p string, content []byte) error {
			if what := mention(content); what != "" {
				found = append(found, fmt.Sprintf("%s (in some version): %s", p, what))
			}
			return nil
		},
		Edit: func(c *history.NewCommit) {
			c.Message = redact(c.Message, e)
			for _, p := range []*history.Person{&c.Author, &c.Committer} {
				if mention([]byte(p.Name+" "+p.Email)) != "" {
					p.Name, p.Email = Erased.Name, Erased.Email
				}
			}
		},
	}
	nw, err := repo.Rewrite(rw)
	if err != nil {
		return nil, fmt.Errorf("erase: %w", err)
	}
	if len(found) > 0 {
		slices.Sort(found)
		return nil, &MentionError{Mentions: slices.Compact(found)}
	}
	day := opt.On.Format(time.DateOnly)
	rec := &audit.Erasure{Kind: audit.KindErasure, By: opt.By.ID, On: day, Reason: opt.Reason, Policy: policy(book, opt.Reason),
		From: from.String(), Commits: map[string]string{}}
	keys := registeredKeys(book)
	for _, h := range nw.Order {
		now := ""
		if n := nw.Commits[h]; !n.IsZero() {
			now = n.String()
		}
		rec.Commits[h.String()] = now
		if nw.Dropped[h] || len(keys) == 0 {
			continue
		}
		// The copy carries no signature: the record says which
		// registered key signed the original.
		if signed, err := repo.CommitSignature(h); err == nil && signed.Signature != "" {
			if res, err := signing.Verify(signed, keys); err == nil {
				if rec.Signed == nil {
					rec.Signed = map[string]string{}
				}
				rec.Signed[now] = audit.KeyID(*res.Key)
			}
		}
	}
	src, err := rec.Marshal(fmt.Sprintf("\nThe records of one early career teacher were erased from this repository's history on %s by %s (%s). "+
		"Every commit above was rewritten without them; this record, made by ect erase and committed by the appropriate body's lead, "+
		"lets ect validate prove the other signatures from the rewritten commits. It names no one erased.\n", day, opt.By.Name, rec.Policy))
	if err != nil {
		return nil, err
	}
	rel := path.Join(audit.ErasureFolder, day+"-"+history.Short(from)+".md")
	who := history.Person{Name: opt.By.Name, Email: opt.By.Emails[0], When: opt.On}
	head, err := repo.AddFile(nw.Head, rel, src, fmt.Sprintf("Erase an ECT's records from the history\n\nUnder %s. Made by ect erase: see %s.\n", rec.Policy, rel), who)
	if err != nil {
		return nil, fmt.Errorf("erase: commit the erasure record: %w", err)
	}
	if err := repo.SetBranch(opt.Branch, head); err != nil {
		return nil, fmt.Errorf("erase: %w", err)
	}
	return &Result{Branch: opt.Branch, From: from, Head: head, Commits: len(nw.Order), Left: nw.Left, Record: rel}, nil
}

// registeredKeys are every key the records register: each person's, and
// the Git host's web editor's.
func registeredKeys(book *record.Book) []signing.Key {
	people, _ := identity.New(book)
	keys := slices.Clone(people.WebEditor)
	for _, id := range people.All() {
		keys = append(keys, id.Keys...)
	}
	return keys
}

// policy says under which policy the records are erased.
func policy(book *record.Book, reason string) string {
	if reason == ReasonRequest {
		return "the ECT's request for erasure under data protection law (UK GDPR Article 17)"
	}
	return fmt.Sprintf("the end of the retention period, %d years from the end of induction (retention_years; SG 2.77)", book.Body.Retention())
}

// mentions returns a function that says what of the ECT a text holds:
// their TRN, name or an address; "" when none.
func mentions(e *record.ECT) func([]byte) string {
	type word struct {
		re   *regexp.Regexp
		what string
	}
	var words []word
	add := func(w, what string) {
		if strings.TrimSpace(w) != "" {
			words = append(words, word{regexp.MustCompile(`(?i)` + regexp.QuoteMeta(w)), what})
		}
	}
	add(e.TRN, "the TRN")
	add(e.Name, "the name")
	for _, m := range e.Emails {
		add(m, "an address")
	}
	if e.GitHub != "" {
		add(e.GitHub+"@users.noreply.github.com", "an address")
	}
	return func(b []byte) string {
		for _, w := range words {
			if w.re.Match(b) {
				return w.what
			}
		}
		return ""
	}
}

// redact takes the ECT's name, TRN and addresses out of a commit message.
func redact(msg string, e *record.ECT) string {
	for _, w := range append([]string{e.Name, e.TRN}, e.Emails...) {
		if strings.TrimSpace(w) != "" {
			msg = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(w)).ReplaceAllString(msg, "an ECT")
		}
	}
	return msg
}
