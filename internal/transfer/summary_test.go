package transfer

import (
	"testing"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/go-git/go-git/v5/plumbing"
)

// TestBundleResult: verify-bundle's result line never claims more than was
// proven. "Everything is proven" needs every signature and decision proven
// from the bundle's history and the tag signed with the key given with
// --trust.
func TestBundleResult(t *testing.T) {
	const tip = "33087cad0dcd37ad066f56e558b15264b0d2f248"
	const fp = "SHA256:4GHO2akQ9W7b3H7a6ITxnAYYj/H3AGMfHUWw9AyzaaA"
	proven := audit.Tally{audit.Proven: 10}
	cases := []struct {
		name            string
		count, decided  audit.Tally
		signed, trusted bool
		errs            int
		want            string
	}{
		{
			name: "errors", count: proven, signed: true, trusted: true, errs: 1,
			want: "result: NOT proven: see the errors above; ask the sending appropriate body about them",
		},
		{
			name: "unsigned tag", count: proven,
			want: "result: the records' signatures are proven from the bundle's history, but nothing proves which body sent it: " +
				"the tag is not signed; ask the sending body (by phone, or from an address you know) to confirm its tip commit " + tip,
		},
		{
			name: "signed, fingerprint not compared", count: proven, signed: true,
			want: "result: the records' signatures are proven from the bundle's history, but not yet who sent it: " +
				"the tag's key is registered only in the bundle's own body.md, so compare its fingerprint " + fp + " with the sending body, or check it with --trust KEY",
		},
		{
			name: "signed with the trusted key", count: proven, signed: true, trusted: true,
			want: "result: everything is proven: the records' signatures are proven from the bundle's history, and who sent it by the key you trust (--trust)",
		},
		{
			name: "signatures and a decision, trusted", count: audit.Tally{audit.Proven: 19, audit.Verified: 1}, decided: audit.Tally{audit.Proven: 1}, signed: true, trusted: true,
			want: "result: everything is proven: the records' signatures and AB decisions are proven from the bundle's history, and who sent it by the key you trust (--trust)",
		},
		{
			name: "some imported, trusted", count: audit.Tally{audit.Proven: 8, audit.Imported: 2}, decided: audit.Tally{audit.Imported: 1}, signed: true, trusted: true,
			want: "result: the records' signatures and AB decisions are proven from the bundle's history, except 2 signatures and 1 AB decision " +
				"imported before the records came into Git, which nothing proves; who sent it is proven by the key you trust (--trust)",
		},
		{
			name: "all imported, unsigned", count: audit.Tally{audit.Imported: 57},
			want: "result: none of the records' signatures is proven: all were imported before the records came into Git (57 signatures), " +
				"but nothing proves which body sent it: the tag is not signed; ask the sending body (by phone, or from an address you know) to confirm its tip commit " + tip,
		},
		{
			name: "nothing signed yet, trusted", count: audit.Tally{}, signed: true, trusted: true,
			want: "result: everything is proven: the records carry no signatures to prove, and who sent it by the key you trust (--trust)",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &Checked{
				Result:      &audit.Result{Count: tc.count, Decisions: tc.decided},
				Tip:         plumbing.NewHash(tip),
				Signed:      tc.signed,
				Trusted:     tc.trusted,
				Fingerprint: fp,
			}
			if tc.signed {
				c.Format, c.Signer = "ssh", "Gita Bhatt"
			}
			if got := c.Verdict(tc.errs); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
