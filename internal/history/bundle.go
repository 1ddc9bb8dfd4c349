package history

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// RefName is the full name of a reference: refs/heads/main,
// refs/tags/v1, HEAD.
type RefName = plumbing.ReferenceName

// HEAD is the reference to the checked-out branch.
const HEAD = plumbing.HEAD

// Ref is one reference a bundle lists.
type Ref struct {
	Name RefName
	Hash Hash
}

// Bundle is a Git bundle held in memory: its references and its objects.
// A bundle is a Git bundle v2 file ("# v2 git bundle", one "<oid> <ref>"
// line a reference, a blank line, then a packfile), which git clone and
// git bundle verify accept.
type Bundle struct {
	Refs    []Ref
	Objects *memory.Storage
	// Size is the number of bytes the bundle was read from (ReadBundle).
	Size int64
}

const bundleSignature = "# v2 git bundle\n"

// NewBundle returns an empty bundle, to write objects into.
func NewBundle() *Bundle {
	return &Bundle{Objects: memory.NewStorage()}
}

// Ref returns the hash a reference of the bundle points at; ok is false
// when the bundle does not list it.
func (b *Bundle) Ref(name RefName) (h Hash, ok bool) {
	for _, r := range b.Refs {
		if r.Name == name {
			return r.Hash, true
		}
	}
	return ZeroHash, false
}

// WriteTree stores a tree of entries (in any order) and returns its
// hash.
func (b *Bundle) WriteTree(entries []Entry) (Hash, error) {
	return writeTree(b.Objects, entries)
}

// WriteCommit stores a commit and returns its hash.
func (b *Bundle) WriteCommit(c NewCommit) (Hash, error) {
	return writeCommit(b.Objects, c)
}

// WriteTag stores an annotated tag and returns its hash.
func (b *Bundle) WriteTag(t *Tag) (Hash, error) {
	return writeTag(b.Objects, t)
}

// Has reports whether the bundle holds object h.
func (b *Bundle) Has(h Hash) bool {
	return b.Objects.HasEncodedObject(h) == nil
}

// SubmoduleError is returned by Copy for a tree that holds a submodule,
// whose commit is in another repository.
type SubmoduleError struct{ Name string }

func (e *SubmoduleError) Error() string {
	return fmt.Sprintf("%s is a Git submodule", e.Name)
}

// Copy copies an object of repository r (a blob, or a tree and everything
// in it) into the bundle.
func (b *Bundle) Copy(r *Repo, h Hash, isTree bool) error {
	if b.Has(h) {
		return nil
	}
	t := plumbing.BlobObject
	if isTree {
		t = plumbing.TreeObject
	}
	var data []byte
	err := r.withObjects("", func(g *git.Repository) error {
		var err error
		data, err = readObject(g, t, h)
		return err
	})
	if err != nil {
		return fmt.Errorf("read %s %s: %w", t, h, err)
	}
	m := &plumbing.MemoryObject{}
	m.SetType(t)
	m.Write(data)
	if _, err := b.Objects.SetEncodedObject(m); err != nil {
		return err
	}
	if !isTree {
		return nil
	}
	tree := &object.Tree{}
	if err := tree.Decode(m); err != nil {
		return fmt.Errorf("read tree %s: %w", h, err)
	}
	for _, e := range tree.Entries {
		switch e.Mode {
		case filemode.Dir:
			err = b.Copy(r, e.Hash, true)
		case filemode.Submodule:
			err = &SubmoduleError{e.Name}
		default:
			err = b.Copy(r, e.Hash, false)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// CountFiles counts the files in a tree of the bundle.
func (b *Bundle) CountFiles(tree Hash) (int, error) {
	if tree.IsZero() {
		return 0, nil
	}
	t, err := object.GetTree(b.Objects, tree)
	if err != nil {
		return 0, err
	}
	n := 0
	err = t.Files().ForEach(func(*object.File) error { n++; return nil })
	return n, err
}

// Repo opens the bundle's history as a repository whose HEAD is branch,
// a branch the bundle lists, and whose records folder is its root (set
// Prefix for another).
func (b *Bundle) Repo(branch RefName) (*Repo, error) {
	tip, ok := b.Ref(branch)
	if !ok {
		return nil, fmt.Errorf("the bundle has no %s branch", branch.Short())
	}
	if err := b.Objects.SetReference(plumbing.NewHashReference(branch, tip)); err != nil {
		return nil, err
	}
	if err := b.Objects.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, branch)); err != nil {
		return nil, err
	}
	g, err := git.Open(b.Objects, nil)
	if err != nil {
		return nil, err
	}
	return &Repo{git: g}, nil
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
	var hashes []Hash // by type, then hash: the same objects make the same bundle
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
		slices.SortFunc(hashes[start:], func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	}
	if _, err := packfile.NewEncoder(w, b.Objects, false).Encode(hashes, 10); err != nil {
		return fmt.Errorf("write the bundle's pack: %w", err)
	}
	return nil
}

// ParseBundleHeader reads a bundle's header: the signature line, the
// references and the blank line that ends it. It returns the references
// and the length of the header in bytes. Prerequisites ("-<oid>" lines: a
// bundle that needs commits it does not hold) and capabilities (v3) are
// refused: a bundle ect reads is whole.
func ParseBundleHeader(data []byte) ([]Ref, int, error) {
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
		refs = append(refs, Ref{Name: RefName(name), Hash: plumbing.NewHash(oid)})
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
	refs, n, err := ParseBundleHeader(data)
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
func parse(p *packfile.Parser) (h Hash, err error) {
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
