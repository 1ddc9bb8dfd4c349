package audit

import (
	"testing"

	"github.com/ectdocs/ectdocs/internal/identity"
)

// TestMadeBy: the words for who made a commit and what Git proves of it,
// for every kind of commit signature, by a person in the records ("their",
// as the records do not say how anyone is referred to) or not.
func TestMadeBy(t *testing.T) {
	eleanor := &identity.Identity{Name: "Eleanor Thursby"}
	const author = "Eleanor Thursby <eleanor@mail.example>"
	cases := []struct {
		name string
		id   *identity.Identity
		sig  CommitSignature
		key  string
		want string
	}{
		{"not signed", eleanor, CommitUnsigned, "", "by Eleanor Thursby — their commit, not cryptographically signed"},
		{"registered key", eleanor, CommitKey, "SSH key SHA256:4GHO2akQ9W7b…", "by Eleanor Thursby — their commit, signed with their registered SSH key SHA256:4GHO2akQ9W7b…"},
		{"web editor", eleanor, CommitWebEditor, "OpenPGP key B5690EEEBB952194", "by Eleanor Thursby — their commit, made in the Git host's web editor, which proves their host account (not a personal key)"},
		{"another key", eleanor, CommitOtherKey, "SSH key SHA256:Xq3bWc0aZ1Yd…", "by Eleanor Thursby — their commit, signed with SSH key SHA256:Xq3bWc0aZ1Yd…, which is not registered to them"},
		{"unreadable", eleanor, CommitUnreadable, "", "by Eleanor Thursby — their commit, signed, but the signature cannot be read (its key cannot be read)"},
		{"unknown, not signed", nil, CommitUnsigned, "", "by " + author + " — an address that is not in the records, not cryptographically signed"},
		{"unknown, web editor", nil, CommitWebEditor, "OpenPGP key B5690EEEBB952194", "by " + author + " — an address that is not in the records, made in the Git host's web editor, which proves only the host account"},
		{"unknown, a key", nil, CommitOtherKey, "SSH key SHA256:Xq3bWc0aZ1Yd…", "by " + author + " — an address that is not in the records, signed with SSH key SHA256:Xq3bWc0aZ1Yd…"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			detail := ""
			if tc.sig == CommitUnreadable {
				detail = "its key cannot be read"
			}
			if got := madeBy(author, tc.id, tc.sig, tc.key, detail); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestInWords: a step's changes read as one phrase.
func TestInWords(t *testing.T) {
	for _, tc := range []struct {
		changes []string
		want    string
	}{
		{[]string{"created"}, "created"},
		{[]string{"edited Summary of progress", "ECT commented"}, "edited Summary of progress and ECT commented"},
		{[]string{"changed periods", "AB decision taken out: pass on 2026-07-24", "AB decided: fail on 2026-07-27"}, "changed periods, AB decision taken out: pass on 2026-07-24 and AB decided: fail on 2026-07-27"},
	} {
		if got := inWords(tc.changes); got != tc.want {
			t.Errorf("inWords(%q) = %q, want %q", tc.changes, got, tc.want)
		}
	}
}
