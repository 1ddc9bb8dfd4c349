package audit_test

import (
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/fixture"
)

// TestTrailWords: each step of a trail says in one sentence what the
// commit did, who made it (by their name in the records) and what Git
// proves of that, whatever signed the commit, never the action with the
// commit's signing state bolted on ("ECT signed (not signed)").
func TestTrailWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// play makes the history up to the ECT's signature, the commit
		// named ectSign, and returns the sentence wanted for it.
		play func(r *repo) string
		sig  audit.CommitSignature
	}{
		{
			name: "the ECT's own commit, not signed",
			play: func(r *repo) string {
				r.setup()
				r.honestReview()
				return "ECT signed by Erin Example — their commit, not cryptographically signed"
			},
			sig: audit.CommitUnsigned,
		},
		{
			name: "the ECT signs in the Git host's web editor",
			play: func(r *repo) string {
				r.verified()
				web := bot.OpenPGPKey(r.t, "web-flow")
				r.edit(bodyMD, "signing_policy: verified\n", "signing_policy: verified\nweb_editor_keys:\n  - |\n"+indent(fixture.Armored(r.t, web), 4))
				r.setup()
				full := r.files[review]
				r.upToComments(review, "", "2025-12-10", "2025-12-11")
				r.next = &fixture.Key{OpenPGP: web}
				r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
				return "ECT signed by Erin Example — their commit, made in the Git host's web editor, which proves their host account (not a personal key)"
			},
			sig: audit.CommitWebEditor,
		},
		{
			name: "the ECT's commit signed with a key not registered to them",
			play: func(r *repo) string {
				r.setup()
				full := r.files[review]
				r.upToComments(review, "", "2025-12-10", "2025-12-11")
				key := fixture.SSHKey(r.t)
				r.next = &fixture.Key{SSH: key}
				r.sign("ectSign", erin, "2025-12-11 17:05", review, "ect", fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
				return "ECT signed by Erin Example — their commit, signed with SSH key " + ssh.FingerprintSHA256(key.PublicKey())[:len("SHA256:")+12] + "…, which is not registered to them"
			},
			sig: audit.CommitOtherKey,
		},
		{
			name: "the tutor adds the ECT's signature in their own commit",
			play: func(r *repo) string {
				r.setup()
				full := r.files[review]
				r.upToComments(review, "", "2025-12-10", "2025-12-11")
				r.commit("ectSign", tutor, "2025-12-11 17:05", "Sign for Erin", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
				return "ECT signed by Tom One — their commit, not cryptographically signed"
			},
			sig: audit.CommitUnsigned,
		},
		{
			name: "a commit from an address that is not in the records",
			play: func(r *repo) string {
				r.setup()
				full := r.files[review]
				r.upToComments(review, "", "2025-12-10", "2025-12-11")
				r.commit("ectSign", bot, "2025-12-11 17:05", "Sign", review, fixture.Version(r.t, full, fixture.Stage{Released: true, Comments: true, Sigs: 1}))
				return "ECT signed by GitHub <noreply@github.com> — an address that is not in the records, not cryptographically signed"
			},
			sig: audit.CommitUnsigned,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRepo(t)
			want := tc.play(r)
			for _, s := range r.trail(review).Steps {
				if s.Commit != r.short("ectSign") {
					continue
				}
				if s.Text != want || s.Signature != tc.sig {
					t.Errorf("got  %s (%s)\nwant %s (%s)", s.Text, s.Signature, want, tc.sig)
				}
				return
			}
			t.Errorf("no step for the commit ectSign")
		})
	}
}
