package history

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Tag is an annotated tag: a named, dated message about an object,
// signed or not.
type Tag struct {
	Name    string
	Tagger  Person
	Message string
	// Target is the object the tag names; TargetType its kind: "commit",
	// "tree", "blob" or "tag".
	Target     Hash
	TargetType string
	// Signature is the armored signature after the message; "" when the
	// tag is not signed.
	Signature string

	// payload is what was signed, as read (Git's bytes, which decoding
	// may have normalised); nil for a tag made here.
	payload []byte
}

// tagOfCommit is the TargetType of a tag that names a commit.
const tagOfCommit = "commit"

// NewTag returns an unsigned tag of a commit.
func NewTag(name string, tagger Person, message string, commit Hash) *Tag {
	return &Tag{Name: name, Tagger: tagger, Message: message, Target: commit, TargetType: tagOfCommit}
}

// OfCommit reports whether the tag names a commit.
func (t *Tag) OfCommit() bool { return t.TargetType == tagOfCommit }

// object is the tag as go-git encodes it.
func (t *Tag) object() (*object.Tag, error) {
	typ, err := plumbing.ParseObjectType(t.TargetType)
	if err != nil {
		return nil, fmt.Errorf("tag %s: %w", t.Name, err)
	}
	return &object.Tag{Name: t.Name, Tagger: signature(t.Tagger), Message: t.Message, TargetType: typ, Target: t.Target, PGPSignature: t.Signature}, nil
}

// Signed returns the tag's signature and what it was made over.
func (t *Tag) Signed() (Signed, error) {
	if t.Signature == "" {
		return Signed{}, nil
	}
	if t.payload != nil {
		return Signed{Signature: t.Signature, Payload: t.payload}, nil
	}
	o, err := t.object()
	if err != nil {
		return Signed{}, err
	}
	payload, err := encoded(o.EncodeWithoutSignature)
	if err != nil {
		return Signed{}, fmt.Errorf("encode tag %s: %w", t.Name, err)
	}
	return Signed{Signature: t.Signature, Payload: payload}, nil
}

// Sign signs the tag with s, as git tag -s does: the signature follows
// the message.
func (t *Tag) Sign(s Signer) error {
	t.Signature, t.payload = "", nil
	o, err := t.object()
	if err != nil {
		return err
	}
	payload, err := encoded(o.EncodeWithoutSignature)
	if err != nil {
		return fmt.Errorf("encode tag %s: %w", t.Name, err)
	}
	sig, err := s.Sign(payload)
	if err != nil {
		return err
	}
	t.Signature = string(sig)
	if !strings.HasSuffix(t.Signature, "\n") {
		t.Signature += "\n"
	}
	return nil
}

// writeTag stores a tag and returns its hash.
func writeTag(s storer.EncodedObjectStorer, t *Tag) (Hash, error) {
	o, err := t.object()
	if err != nil {
		return ZeroHash, err
	}
	return store(s, o)
}

// readTag reads an annotated tag.
func readTag(s storer.EncodedObjectStorer, h Hash) (*Tag, error) {
	o, err := object.GetTag(s, h)
	if err != nil {
		return nil, err
	}
	t := &Tag{Name: o.Name, Tagger: person(o.Tagger), Message: o.Message, Target: o.Target,
		TargetType: strings.ToLower(o.TargetType.String()), Signature: o.PGPSignature}
	if o.PGPSignature != "" {
		if t.payload, err = encoded(o.EncodeWithoutSignature); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// Tag reads the annotated tag h.
func (r *Repo) Tag(h Hash) (*Tag, error) {
	t, err := readTag(r.git.Storer, h)
	if err != nil {
		return nil, fmt.Errorf("read tag %s: %w", Short(h), err)
	}
	return t, nil
}

// signature is a person as go-git writes them in an object.
func signature(p Person) object.Signature {
	return object.Signature{Name: p.Name, Email: p.Email, When: p.When}
}

// person is a person as go-git read them from an object.
func person(s object.Signature) Person {
	return Person{Name: s.Name, Email: s.Email, When: s.When}
}
