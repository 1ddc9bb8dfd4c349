package history

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Hash names a Git object (a commit, a tree, a blob or a tag). It is
// go-git's type under this package's name, so that no other package needs
// to import go-git to hold one.
type Hash = plumbing.Hash

// ZeroHash is the hash of no object: a file that does not exist in a
// version, or a commit with no parent.
var ZeroHash = plumbing.ZeroHash

// ParseHash reads a full hash as Git writes it (40 hex digits); false
// when s is not one.
func ParseHash(s string) (Hash, bool) {
	if len(s) != 40 || strings.Trim(s, "0123456789abcdef") != "" {
		return ZeroHash, false
	}
	return plumbing.NewHash(s), true
}
