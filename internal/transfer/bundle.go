// Package transfer moves one ECT's records to another appropriate body as a
// Git bundle: Build writes a filtered history holding only that ECT's folder,
// their school's school.md and the body's body.md, with an annotated tag
// that states what was sent and the sending body's proofs of every signature;
// Verify proves the signatures again from the bundle's own history on
// arrival and checks the tag.
//
// A bundle is a Git bundle v2 file, which git clone and git bundle verify
// accept; the history package reads and writes it.
package transfer

import "github.com/ectdocs/ectdocs/internal/history"

// The references a transfer bundle carries.
const (
	MainRef = history.RefName("refs/heads/main")
	TagRef  = history.RefName("refs/tags/ectdocs-transfer")
)
