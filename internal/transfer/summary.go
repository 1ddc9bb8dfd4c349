package transfer

import (
	"fmt"
	"strings"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
)

// Summary is what ect verify-bundle says after the problems, in words: the
// bundle, who sent it, what its history proves, the tag, and the Verdict.
func (c *Checked) Summary(b *history.Bundle, file string, errs int) []string {
	var notes []string
	who := "no single ECT"
	if e := c.ECT; e != nil {
		who = fmt.Sprintf("%s (TRN %s)", e.Name, e.TRN)
		if e.School != nil {
			who += fmt.Sprintf(", %s (URN %d)", e.School.Name, e.School.URN)
		}
	}
	notes = append(notes, fmt.Sprintf("bundle: %s, %s, %s: the records of %s", file, Size(int(b.Size)), diag.Plural(c.Commits, "commit"), who))
	if c.Tag != nil {
		from := c.Fields["Sending appropriate body"]
		if from == "" {
			from = "an appropriate body the tag does not name"
		}
		src := c.Fields["Source commit"]
		if len(src) > 12 {
			src = src[:12]
		}
		notes = append(notes, fmt.Sprintf("sent by: %s, from its commit %s, made %s", from, src, c.Fields["Made"]))
	}
	tally := func(t audit.Tally, what, how string) string {
		proven, all := t.Proven()
		line := fmt.Sprintf("%s: %d of %d proven from the bundle's history (%s)", what, proven, all, how)
		if n := t[audit.Imported]; n > 0 {
			line += fmt.Sprintf("; %d imported before the records came into Git (not proven)", n)
		}
		return line
	}
	notes = append(notes, tally(c.Result.Count, "signatures", "each added by its signer's own commit, nothing edited after signing, in order"))
	if len(c.Result.Decisions) > 0 {
		notes = append(notes, tally(c.Result.Decisions, "AB decisions", "each added by appropriate body staff"))
	}
	notes = append(notes, "commit signatures: not checked: the commits were rewritten to leave out other ECTs' records, so the original commits' signatures cannot travel; the sending body's own proofs are in the tag (git show ectdocs-transfer)")
	if c.Policy == "verified" && len(c.Proofs) > 0 {
		notes = append(notes, "the sending body's signing_policy is verified; its proofs, from the tag:")
		for _, p := range c.Proofs {
			notes = append(notes, "  "+p)
		}
	}
	switch {
	case c.Tag == nil:
	case !c.Signed:
		notes = append(notes, "tag: not signed: nothing proves which body sent this bundle")
	case c.Signer != "":
		notes = append(notes, fmt.Sprintf("tag: signed by %s (appropriate body staff in the bundle's body.md) with %s key %s", c.Signer, strings.ToUpper(c.Format), c.Fingerprint))
	default:
		notes = append(notes, fmt.Sprintf("tag: signed with %s key %s, which is not registered to the appropriate body's staff", strings.ToUpper(c.Format), c.Fingerprint))
	}
	switch {
	case c.Trusted:
		notes = append(notes, "  this is the key you trust (--trust)")
	case c.Signed && c.Signer != "":
		notes = append(notes, "  compare this fingerprint with the sending AB (ask them for it by phone, or from an address you know) before relying on these records, or check it with --trust KEY")
	}
	return append(notes, c.Verdict(errs))
}

// Verdict is verify-bundle's last line: what was proven, and no more.
// Everything is proven only when the records' signatures, reviews and
// decisions all are (none imported) and the tag is signed with the key
// given with --trust: a key that only the bundle's own body.md registers
// proves nothing of who sent it until its fingerprint is compared.
func (c *Checked) Verdict(errs int) string {
	if errs > 0 {
		return "result: NOT proven: see the errors above; ask the sending appropriate body about them"
	}
	what := "signatures"
	if len(c.Result.Decisions) > 0 {
		what = "signatures and AB decisions"
	}
	proven, all := c.Result.Count.Proven()
	p, a := c.Result.Decisions.Proven()
	proven, all = proven+p, all+a
	var imported []string
	if n := c.Result.Count[audit.Imported]; n > 0 {
		imported = append(imported, diag.Plural(n, "signature"))
	}
	if n := c.Result.Decisions[audit.Imported]; n > 0 {
		imported = append(imported, diag.Plural(n, "AB decision"))
	}
	var records string
	switch {
	case all == 0:
		records = "the records carry no signatures to prove"
	case len(imported) == 0:
		records = "the records' " + what + " are proven from the bundle's history"
	case proven == 0:
		records = "none of the records' " + what + " is proven: all were imported before the records came into Git (" + strings.Join(imported, " and ") + ")"
	default:
		records = "the records' " + what + " are proven from the bundle's history, except " + strings.Join(imported, " and ") + " imported before the records came into Git, which nothing proves"
	}
	switch {
	case c.Signed && c.Trusted && len(imported) == 0:
		return "result: everything is proven: " + records + ", and who sent it by the key you trust (--trust)"
	case c.Signed && c.Trusted:
		return "result: " + records + "; who sent it is proven by the key you trust (--trust)"
	case c.Signed:
		return fmt.Sprintf("result: %s, but not yet who sent it: the tag's key is registered only in the bundle's own body.md, so compare its fingerprint %s with the sending body, or check it with --trust KEY", records, c.Fingerprint)
	}
	return fmt.Sprintf("result: %s, but nothing proves which body sent it: the tag is not signed; ask the sending body (by phone, or from an address you know) to confirm its tip commit %s", records, c.Tip)
}

// Size reads like "27.4 kB".
func Size(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
