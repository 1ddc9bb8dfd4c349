package audit

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	yaml "go.yaml.in/yaml/v4"
)

// Sig is a signature entry as written in one version of a report.
type Sig struct {
	Role, By, On string
	Imported     bool
}

// Review is the appropriate body's review as written in one version.
type Review struct {
	By, On, Decision, Feedback string
	Imported                   bool
}

// Decision is the appropriate body's decision as written in one version of
// an ECT's profile: an outcome on a period, or an extension.
type Decision struct {
	Result                        string // pass, fail or extend
	Terms                         string // the extension's FTE terms, as written
	Decided, By, Notified, Reason string
	Imported                      bool
}

// Version is what the audit needs of one version of a report: its
// signatures and review, and a hash of everything else (the signed
// content).
type Version struct {
	// Err is set when the version could not be read as a record.
	Err      string
	Sigs     []Sig
	Review   *Review
	Released *record.Released
	// Decisions are the AB's outcomes and extensions (an ECT's profile).
	Decisions []Decision
	// Content hashes the file without its signatures: and ab_review:
	// entries. Any other change, even of spacing, is an edit.
	Content [sha256.Size]byte
	// Comments is true when "## ECT comments" has text.
	Comments bool
	// Doc is the parsed file, kept only when asked for (Trail).
	Doc *frontmatter.Document
}

// HasSig reports whether the version holds the signature.
func (v *Version) HasSig(s Sig) bool {
	for _, x := range v.Sigs {
		if x == s {
			return true
		}
	}
	return false
}

// HasDecision reports whether the version holds the decision.
func (v *Version) HasDecision(d Decision) bool {
	return v != nil && slices.Contains(v.Decisions, d)
}

// Signed reports whether someone has signed in role.
func (v *Version) Signed(role record.Role) bool {
	for _, x := range v.Sigs {
		if x.Role == string(role) {
			return true
		}
	}
	return false
}

// The front-matter keys that may be added after signing.
const (
	keySignatures = "signatures"
	keyReview     = "ab_review"
)

// Summarize reads one version of a report file.
func Summarize(path string, src []byte, keepDoc bool) *Version {
	doc, d := frontmatter.Parse(path, src)
	if d != nil {
		return &Version{Err: d.Message, Content: sha256.Sum256(src)}
	}
	v := summarizeParsed(doc)
	if keepDoc {
		v.Doc = doc
	}
	return v
}

// summarizeParsed reads a version already parsed.
func summarizeParsed(doc *frontmatter.Document) *Version {
	v := &Version{}
	if list, ok := doc.Values()[keySignatures].([]any); ok {
		for _, item := range list {
			m, _ := item.(map[string]any)
			v.Sigs = append(v.Sigs, Sig{Role: str(m["role"]), By: str(m["by"]), On: str(m["on"]), Imported: m["imported"] == true})
		}
	}
	if m, ok := doc.Values()[keyReview].(map[string]any); ok {
		v.Review = &Review{By: str(m["by"]), On: str(m["on"]), Decision: str(m["decision"]), Feedback: str(m["feedback"]), Imported: m["imported"] == true}
	}
	if m, ok := doc.Values()["released"].(map[string]any); ok {
		v.Released = &record.Released{By: str(m["by"]), On: record.Date(str(m["on"]))}
	}
	v.Decisions = decisionsIn(doc.Values())
	v.Content = contentHash(doc)
	v.Comments = hasComments(doc.Body())
	return v
}

// decisionsIn reads the outcomes on an ECT's periods and the extensions.
func decisionsIn(front map[string]any) []Decision {
	var out []Decision
	periods, _ := front["periods"].([]any)
	for _, item := range periods {
		p, _ := item.(map[string]any)
		if m, ok := p["outcome"].(map[string]any); ok {
			out = append(out, Decision{Result: str(m["result"]), Decided: str(m["decided"]), By: str(m["by"]), Notified: str(m["notified"]), Imported: m["imported"] == true})
		}
	}
	extensions, _ := front["extensions"].([]any)
	for _, item := range extensions {
		if m, ok := item.(map[string]any); ok {
			out = append(out, Decision{Result: "extend", Terms: termsText(m["terms"]), Decided: str(m["decided"]), By: str(m["by"]), Notified: str(m["notified"]), Reason: str(m["reason"]), Imported: m["imported"] == true})
		}
	}
	return out
}

// OfOutcome is an outcome as the audit compares it.
func OfOutcome(o *record.Outcome) Decision {
	return Decision{Result: o.Result, Decided: string(o.Decided), By: o.By, Notified: string(o.Notified), Imported: o.Imported}
}

// OfExtension is an extension as the audit compares it.
func OfExtension(x record.Extension) Decision {
	return Decision{Result: "extend", Terms: termsText(x.Terms), Decided: string(x.Decided), By: x.By, Notified: string(x.Notified), Reason: x.Reason, Imported: x.Imported}
}

// termsText writes FTE terms to one decimal place, however the YAML
// reader typed them.
func termsText(v any) string {
	f, err := strconv.ParseFloat(str(v), 64)
	if err != nil {
		return str(v)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

func str(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// contentHash hashes the file with the lines of its signatures: and
// ab_review: entries left out.
func contentHash(doc *frontmatter.Document) [sha256.Size]byte {
	skip := skippedLines(doc.Root(), doc.BodyLine-1)
	h := sha256.New()
	src := doc.Src
	line := 1
	for len(src) > 0 {
		end := bytes.IndexByte(src, '\n') + 1
		if end == 0 {
			end = len(src)
		}
		if !skip(line) {
			h.Write(src[:end])
		}
		src = src[end:]
		line++
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// skippedLines returns which file lines belong to the top-level
// signatures: and ab_review: entries: from the key's line up to the next
// top-level key, or the closing "---" line.
func skippedLines(front *yaml.Node, closing int) func(int) bool {
	type span struct{ from, to int } // to is exclusive
	var spans []span
	if front == nil || front.Kind != yaml.MappingNode {
		return func(int) bool { return false }
	}
	for i := 0; i+1 < len(front.Content); i += 2 {
		k := front.Content[i]
		if k.Value != keySignatures && k.Value != keyReview {
			continue
		}
		s := span{from: k.Line, to: closing}
		if i+2 < len(front.Content) {
			s.to = front.Content[i+2].Line
		}
		spans = append(spans, s)
	}
	return func(line int) bool {
		for _, s := range spans {
			if line >= s.from && line < s.to {
				return true
			}
		}
		return false
	}
}

// hasComments reports whether the body's "## ECT comments" section has
// any text.
func hasComments(body []byte) bool {
	in := false
	for len(body) > 0 {
		end := bytes.IndexByte(body, '\n') + 1
		if end == 0 {
			end = len(body)
		}
		line := bytes.TrimSpace(body[:end])
		body = body[end:]
		if bytes.HasPrefix(line, []byte("#")) {
			level := len(line) - len(bytes.TrimLeft(line, "#"))
			if level <= 2 {
				in = level == 2 && record.NormHeading(string(bytes.TrimSpace(line[level:]))) == "ect comments"
				continue
			}
		}
		if in && len(line) > 0 && !bytes.HasPrefix(line, []byte("<!--")) {
			return true
		}
	}
	return false
}
