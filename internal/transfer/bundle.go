// Package transfer moves one ECT's records to another appropriate body as a
// Git bundle: Build writes a filtered history holding only that ECT's folder,
// their school's school.md and the body's body.md, with an annotated tag
// that states what was sent and the sending body's proofs of every signature;
// Verify proves the signatures again from the bundle's own history on
// arrival and checks the tag.
//
// A bundle is a Git bundle v2 file ("# v2 git bundle", one "<oid> <ref>"
// line a reference, a blank line, then a packfile), which git clone and git
// bundle verify accept.
package transfer

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/memory"
)

// The references a transfer bundle carries.
const (
	MainRef = plumbing.ReferenceName("refs/heads/main")
	TagRef  = plumbing.ReferenceName("refs/tags/ectdocs-transfer")
)

const bundleSignature = "# v2 git bundle\n"

// Ref is one reference a bundle lists.
type Ref struct {
	Name plumbing.ReferenceName
	Hash plumbing.Hash
}

// Bundle is a Git bundle held in memory: its references and its objects.
type Bundle struct {
	Refs    []Ref
	Objects *memory.Storage
	// Size is the number of bytes the bundle was read from (ReadBundle).
	Size int64
}

// Ref returns the hash a reference of the bundle points at; ok is false
// when the bundle does not list it.
func (b *Bundle) Ref(name plumbing.ReferenceName) (h plumbing.Hash, ok bool) {
	for _, r := range b.Refs {
		if r.Name == name {
			return r.Hash, true
		}
	}
	return plumbing.ZeroHash, false
}

// Write writes the bundle: the header listing its references, then a
// packfile of all its objects.
func (b *Bundle) Write(w io.Writer) error {
	var head strings.Builder
	head.WriteString(bundleSignature)
	for _, r := range b.Refs {
		fmt.Fprintf(&head, "%s %s\n", r.Hash, r.Name)
	}
	head.WriteString("\n")
	if _, err := io.WriteString(w, head.String()); err != nil {
		return fmt.Errorf("write the bundle: %w", err)
	}
	var hashes []plumbing.Hash // by type, then hash: the same objects make the same bundle
	for _, t := range []plumbing.ObjectType{plumbing.CommitObject, plumbing.TagObject, plumbing.TreeObject, plumbing.BlobObject} {
		start := len(hashes)
		iter, err := b.Objects.IterEncodedObjects(t)
		if err != nil {
			return err
		}
		err = iter.ForEach(func(o plumbing.EncodedObject) error {
			hashes = append(hashes, o.Hash())
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortFunc(hashes[start:], func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	}
	if _, err := packfile.NewEncoder(w, b.Objects, false).Encode(hashes, 10); err != nil {
		return fmt.Errorf("write the bundle's pack: %w", err)
	}
	return nil
}

// ParseHeader reads a bundle's header: the signature line, the references
// and the blank line that ends it. It returns the references and the
// length of the header in bytes. Prerequisites ("-<oid>" lines: a bundle
// that needs commits it does not hold) and capabilities (v3) are refused:
// a transfer bundle is whole.
func ParseHeader(data []byte) ([]Ref, int, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	line, err := r.ReadString('\n')
	if err != nil || line != bundleSignature {
		if strings.HasPrefix(line, "# v3 git bundle") {
			return nil, 0, errors.New("it is a version 3 Git bundle; ect makes and reads version 2")
		}
		return nil, 0, errors.New("it is not a Git bundle (it does not start with \"# v2 git bundle\")")
	}
	n := len(line)
	var refs []Ref
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, 0, errors.New("the bundle's header is cut short: no blank line before its pack")
		}
		n += len(line)
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			break
		}
		if strings.HasPrefix(line, "-") {
			return nil, 0, errors.New("the bundle needs commits it does not hold (prerequisites): a transfer bundle carries the whole history")
		}
		oid, name, ok := strings.Cut(line, " ")
		if !ok || len(oid) != 40 || name == "" || strings.ContainsAny(name, " \t\r") {
			return nil, 0, fmt.Errorf("the bundle's header has a line that is not \"<object id> <reference>\": %q", shorten(line))
		}
		if !plumbing.IsHash(oid) {
			return nil, 0, fmt.Errorf("the bundle's header names an object id that is not one: %q", shorten(oid))
		}
		refs = append(refs, Ref{Name: plumbing.ReferenceName(name), Hash: plumbing.NewHash(oid)})
	}
	if len(refs) == 0 {
		return nil, 0, errors.New("the bundle lists no references")
	}
	return refs, n, nil
}

// ReadBundle reads a bundle: its header, then its pack, checking the pack's
// trailing checksum and every object (each object's id is the hash of what
// is read, so a changed byte changes it or breaks the pack).
func ReadBundle(data []byte) (*Bundle, error) {
	refs, n, err := ParseHeader(data)
	if err != nil {
		return nil, err
	}
	pack := data[n:]
	if len(pack) < 12+sha1.Size || string(pack[:4]) != "PACK" {
		return nil, errors.New("the bundle's pack is missing or cut short")
	}
	body, trailer := pack[:len(pack)-sha1.Size], pack[len(pack)-sha1.Size:]
	if sum := sha1.Sum(body); !bytes.Equal(sum[:], trailer) {
		return nil, errors.New("the bundle's pack is damaged: its checksum does not match its contents (the file was changed or cut short in transit)")
	}
	st := memory.NewStorage()
	p, err := packfile.NewParserWithStorage(packfile.NewScanner(bytes.NewReader(pack)), st)
	if err != nil {
		return nil, fmt.Errorf("the bundle's pack cannot be read: %w", err)
	}
	if _, err := parse(p); err != nil {
		return nil, fmt.Errorf("the bundle's pack is damaged: %w", err)
	}
	for _, r := range refs {
		if _, err := st.EncodedObject(plumbing.AnyObject, r.Hash); err != nil {
			return nil, fmt.Errorf("the bundle lists %s at %s, which is not in its pack", r.Name, r.Hash)
		}
	}
	return &Bundle{Refs: refs, Objects: st, Size: int64(len(data))}, nil
}

// parse runs the pack parser, turning a panic on malformed input into an
// error.
func parse(p *packfile.Parser) (h plumbing.Hash, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed pack: %v", r)
		}
	}()
	return p.Parse()
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
