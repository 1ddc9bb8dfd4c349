package transfer

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// encoder is an object go-git can encode.
type encoder interface {
	Encode(plumbing.EncodedObject) error
}

// store encodes an object into s and returns its hash: the tests forge
// bundles with go-git.
func store(s storer.EncodedObjectStorer, o encoder) (plumbing.Hash, error) {
	obj := s.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}
