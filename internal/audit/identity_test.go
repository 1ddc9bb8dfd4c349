package audit_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/fixture"
)

// markImported marks every signature and the AB's review of a report
// version imported.
func markImported(text string) string {
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "  - {role:") || strings.HasPrefix(l, "ab_review:") {
			lines[i] = strings.Replace(l, "}\n", ", imported: true}\n", 1)
		}
	}
	return strings.Join(lines, "")
}

// TestTrust: no signature, review or decision is accepted that Git does
// not prove. Each case is a way round the proofs that was accepted with
// no error before; the identity cases also check that an authorized change
// passes.
func TestTrust(t *testing.T) { runAuditCases(t, trustCases) }

var trustCases = []auditCase{
	{
		name: "imported signature added after the record came into Git",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.commit("forged", tutor, "2026-01-20 09:00", "Add Erin's signature from the old system", review,
				markImported(fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1})))
		},
		want:   []want{errAt(review, 19, 5, "imported", "is marked imported, but it was added in {forged} on 2026-01-20, after the record came into Git")},
		states: proofs{review: {audit.Failed}},
	},
	{
		name: "imported AB acceptance added after the record came into Git",
		play: func(r *repo) {
			r.setup()
			r.honestReview()
			full := r.files[review]
			text := strings.Replace(full, "decision: accepted}", "decision: accepted, imported: true}", 1)
			r.commit("forged", tutor, "2026-01-20 09:00", "Mark the review imported", review, text)
		},
		want: []want{errAt(review, 21, 12, "imported", "is marked imported, but it was added in {forged}")},
	},
	{
		name: "imported entries brought into Git by a tutor",
		play: func(r *repo) {
			r.setup()
			r.commit("import", tutor, "2026-01-20 09:00", "Import Erin's autumn review", review, markImported(r.files[review]))
		},
		want: []want{
			errAt(review, 19, 5, "imported", "brought into Git by a commit in {import} by Tom One", "Records are imported by the appropriate body's staff"),
			errAt(review, 20, 5, "imported", "Tom One"),
			errAt(review, 21, 12, "imported", "Tom One"),
		},
		states: proofs{review: {audit.Failed, audit.Failed, audit.Failed}},
	},
	{
		name: "imported entries brought into Git by the AB",
		play: func(r *repo) {
			r.setup()
			r.commit("import", admin, "2026-01-20 09:00", "Import Erin's autumn review", review, markImported(r.files[review]))
		},
		states: proofs{review: {audit.Imported, audit.Imported, audit.Imported}},
	},
	{
		name: "verified: a key registered by a commit spoofed as the ECT",
		play: func(r *repo) {
			r.verified()
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			mallory := fixture.SSHKey(r.t)
			r.next = &fixture.Key{} // not signed: anyone can write Erin's name and address
			r.commit("spoof", erin, "2025-12-11 18:00", "Add my key", ectMD,
				strings.Replace(r.files[ectMD], "keys: [", "keys: ["+strconv.Quote(fixture.AuthorizedKey(mallory))+", ", 1))
			r.next = &fixture.Key{SSH: mallory}
			r.commit("forged", erin, "2025-12-11 18:05", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		want: []want{
			errAt(ectMD, 7, 8, "identity-change", "the key SHA256:", "is not proven: made in {spoof} by Erin Example", "who may not make it"),
			errAt(review, 19, 5, "signature-key", "not signed with a key registered to them"),
		},
		states: proofs{review: {audit.Failed}},
	},
	{
		name: "verified: the headteacher registers the ECT's key",
		play: func(r *repo) {
			keys := r.verified()
			erinKey := keys[erin.Email]
			// Erin's key is not in the records when they are set up: the
			// headteacher registers it later, in a commit signed with her own.
			r.edit(ectMD, "keys: ["+strconv.Quote(fixture.AuthorizedKey(erinKey))+"]\n", "")
			r.setup()
			r.commit("register", head, "2025-12-01 09:00", "Erin's signing key", ectMD,
				strings.Replace(r.files[ectMD], "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\nkeys: ["+strconv.Quote(fixture.AuthorizedKey(erinKey))+"]\n", 1))
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		states: proofs{review: {audit.Verified}},
	},
	{
		name: "a tutor adds his own address to the ECT's",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.commit("addEmail", tutor, "2025-12-11 18:00", "Update Erin's record", ectMD,
				strings.Replace(r.files[ectMD], "emails: [erin@testwood.example]", "emails: [erin@testwood.example, tom@testwood.example]", 1))
			r.commit("forged", tutor, "2025-12-11 18:05", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		want: []want{
			errAt(ectMD, 6, 33, "identity-change", `the e-mail address "tom@testwood.example" is not proven: made in {addEmail} by Tom One`, "only the school's headteacher or induction lead, or the appropriate body's staff may"),
			errAt(review, 19, 5, "signature-author", "names Erin Example, but it was added in {forged} by tom@testwood.example, an address that was registered for them without proof"),
		},
		states: proofs{review: {audit.Failed}},
	},
	{
		name: "the headteacher adds the ECT's second address",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.commit("addEmail", head, "2025-12-11 18:00", "Erin's personal address", ectMD,
				strings.Replace(r.files[ectMD], "emails: [erin@testwood.example]", "emails: [erin@testwood.example, erin.example@home.example]", 1))
			r.commit("ectSign", fixture.Person{Name: "Erin Example", Email: "erin.example@home.example"}, "2025-12-11 18:05", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		states: proofs{review: {audit.Proven}},
	},
	{
		name: "a tutor makes himself headteacher",
		play: func(r *repo) {
			r.setup()
			r.commit("promote", tutor, "2025-12-01 09:00", "Staff changes", schoolMD,
				strings.Replace(r.files[schoolMD], "    roles: [induction_tutor]\n    qts: true\n    emails: [tom@testwood.example]", "    roles: [induction_tutor, headteacher]\n    qts: true\n    emails: [tom@testwood.example]", 1))
		},
		want: []want{errAt(schoolMD, 15, 30, "identity-change", `the role of t-one "headteacher" is not proven: made in {promote} by Tom One`)},
	},
	{
		name: "a tutor adds himself to the AB's staff and accepts a report",
		play: func(r *repo) {
			r.setup()
			r.commit("join", tutor, "2025-12-01 09:00", "Add a reviewer", bodyMD,
				strings.Replace(r.files[bodyMD], "staff:\n", "staff:\n  - id: tom-ab\n    name: Tom One\n    roles: [ab_reviewer]\n    emails: [tom@testwood.example]\n", 1))
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
			r.sign("tutorSign", tutor, "2025-12-12 09:00", review, "tutor", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 2}))
			r.commit("accept", tutor, "2025-12-15 11:00", "Accept", review, strings.Replace(full, "by: ab-lead", "by: tom-ab", 1))
		},
		want: []want{
			errAt(bodyMD, 10, 5, "identity-change", "the entry for tom-ab is not proven: made in {join} by Tom One", "only the appropriate body's staff may"),
			errAt(bodyMD, 12, 13, "identity-change", `the role of tom-ab "ab_reviewer"`),
			errAt(bodyMD, 13, 14, "identity-change", `the e-mail address of tom-ab "tom@testwood.example"`),
			errAt(review, 21, 12, "signature-author", "added in {accept} by tom@testwood.example, an address that was registered for them without proof"),
		},
	},
	{
		name: "a signature dated before the report was released",
		play: func(r *repo) {
			r.setup()
			full := strings.Replace(r.files[review], `role: ect, by: "1234567", on: "2025-12-11"`, `role: ect, by: "1234567", on: "2025-12-09"`, 1)
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.commit("ectSign", erin, "2025-12-11 17:05", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		want: []want{
			errAt(review, 19, 5, "signature-date", "is dated 2025-12-09, before the report was released to the ECT on 2025-12-10"),
			// The review's meeting was on 2025-12-10 too (SG 2.61).
			errAt(review, 19, 36, "signature-meeting", "the ECT signed on 2025-12-09, before the meeting on 2025-12-10 that the report records"),
		},
		states: proofs{review: {audit.Failed}},
	},
	{
		name: "a signature dated after the commit that added it",
		play: func(r *repo) {
			r.setup()
			full := strings.Replace(r.files[review], `role: ect, by: "1234567", on: "2025-12-11"`, `role: ect, by: "1234567", on: "2025-12-14"`, 1)
			r.upToComments(review, "", "2025-12-10", "2025-12-11")
			r.commit("ectSign", erin, "2025-12-11 17:05", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		want:   []want{errAt(review, 19, 5, "signature-date", "is dated 2025-12-14, but it was added in {ectSign} on 2025-12-11")},
		states: proofs{review: {audit.Failed}},
	},
	{
		name: "a signing commit dated before its parent",
		play: func(r *repo) {
			r.setup()
			full := r.files[review]
			r.upToComments(review, "", "2025-12-10", "2025-12-12")
			r.commit("ectSign", erin, "2025-12-10 20:00", "Sign as ect", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
		},
		want:   []want{errAt(review, 19, 5, "signature-date", "was added in {ectSign}, dated 2025-12-10, which is earlier than {comment}")},
		states: proofs{review: {audit.Failed}},
	},
}
