package history

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// PackWriter writes a new Git repository fast, for the demo's history of
// hundreds of thousands of objects: blobs, trees and commits are hashed as
// Git hashes them and streamed, as they are made, into one packfile
// written by a goroutine of its own. A Tree is rebuilt only along the path
// that changed, and each new version of a file or a tree is stored as a
// delta of the version it replaces. Finish writes the pack's index and
// the refs; Checkout writes the files and the index file.
//
// A PackWriter is not safe for concurrent use.
type PackWriter struct {
	dir, gitDir string
	description string
	pack        *packFile
	known       map[Hash]objectRef // blobs and trees stored, to store each once
	sha         hash.Hash
	hdr         []byte // scratch for an object's header
	seq         int32  // the next object's number in the pack
	gen         int32  // the last generation given to a Tree
	batch       []packObject
	empty       *node // the empty tree, the root of a NewTree
	finished    bool  // by Finish or Abort: nothing more is stored
}

// errFinished is storing after Finish or Abort.
var errFinished = errors.New("the repository is already finished")

// Git's object types, as a pack numbers them.
const (
	objCommit   byte = 1
	objTree     byte = 2
	objBlob     byte = 3
	objOfsDelta byte = 6
)

var typeNames = [...]string{objCommit: "commit", objTree: "tree", objBlob: "blob"}

// maxDepth bounds delta chains, as git's pack.depth does by default.
const maxDepth = 50

// batchSize is how many objects go to the pack's goroutine at a time.
const batchSize = 1024

// NewPackWriter starts a new repository in dir/.git, dir being its
// working folder, which must be new or empty: nothing is overwritten.
// The description is written to .git/description.
func NewPackWriter(dir, description string) (*PackWriter, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: a new repository goes into a new folder, so that nothing is overwritten", dir)
	}
	gitDir := filepath.Join(dir, ".git")
	for _, d := range []string{"objects/pack", "objects/info", "refs/heads", "refs/tags"} {
		if err := os.MkdirAll(filepath.Join(gitDir, filepath.FromSlash(d)), 0o777); err != nil {
			return nil, fmt.Errorf("start a repository: %w", err)
		}
	}
	pack, err := newPackFile(filepath.Join(gitDir, "objects", "pack"))
	if err != nil {
		return nil, fmt.Errorf("start a repository: %w", err)
	}
	return &PackWriter{
		dir: dir, gitDir: gitDir, description: description, pack: pack,
		known: make(map[Hash]objectRef, 1<<16), sha: sha1.New(),
		batch: make([]packObject, 0, batchSize),
		empty: &node{seq: -1, gen: -1},
	}, nil
}

// node is a blob or a tree; a tree's entries are in Git's order. A blob
// never changes. A tree of generation gen may be changed in place by the
// one Tree whose generation that is: Fork gives both Trees new
// generations, so that the trees they share are copied before either
// changes them (copy on write, along the changed path only).
type node struct {
	hash  Hash
	raw   []byte  // the object's content
	ents  []entry // a tree's entries
	seq   int32   // the object's number in the pack: a delta refers to its base by it
	depth int32   // the length of its delta chain
	gen   int32
}

type entry struct {
	name string
	tree bool
	n    *node
}

// Blob is the contents of a file, stored in the pack.
type Blob node

// Hash returns the blob's hash.
func (b *Blob) Hash() Hash { return b.hash }

// Bytes returns the blob's contents, which must not be changed.
func (b *Blob) Bytes() []byte { return b.raw }

type objectRef struct{ seq, depth int32 }

// delta says how an object differs from the one it replaces, its base:
// the base's bytes from p to len-q are replaced by ins.
type delta struct {
	base       *node // nil: none
	seq, depth int32 // the base's, as it was
	baseLen, p int
	ins        []byte
	q          int
	copy       bool // when stored whole, copy raw first: it may change in place
}

// put hashes n and stores it, as a delta of its base where that pays.
func (w *PackWriter) put(typ byte, n *node, d delta) {
	if w.finished {
		return
	}
	w.hdr = append(strconv.AppendInt(append(append(w.hdr[:0], typeNames[typ]...), ' '), int64(len(n.raw)), 10), 0)
	w.sha.Reset()
	w.sha.Write(w.hdr)
	w.sha.Write(n.raw)
	w.sha.Sum(n.hash[:0])
	if ref, ok := w.known[n.hash]; ok {
		n.seq, n.depth = ref.seq, ref.depth
		return
	}
	o := packObject{typ: typ, hash: n.hash, base: -1, size: len(n.raw)}
	if d.base != nil && d.seq >= 0 && d.depth < maxDepth && len(d.ins)+32 < len(n.raw)/2 {
		o.base, o.baseLen, o.p, o.ins, o.q = d.seq, d.baseLen, d.p, d.ins, d.q
		n.depth = d.depth + 1
	} else {
		o.raw, n.depth = n.raw, 0
		if d.copy {
			o.raw = slices.Clone(n.raw)
		}
	}
	n.seq = w.seq
	w.seq++
	w.batch = append(w.batch, o)
	if len(w.batch) == cap(w.batch) {
		w.pack.objects <- w.batch
		w.batch = make([]packObject, 0, batchSize)
	}
	if typ != objCommit {
		w.known[n.hash] = objectRef{n.seq, n.depth}
	}
}

// flush sends the objects not yet sent to the pack's goroutine.
func (w *PackWriter) flush() {
	if len(w.batch) > 0 {
		w.pack.objects <- w.batch
		w.batch = nil
	}
}

// Blob stores content as a blob, as a delta of old (the file's previous
// contents) when old is not nil. The writer keeps content: it must not be
// changed afterwards.
func (w *PackWriter) Blob(content []byte, old *Blob) *Blob {
	n := &node{raw: content}
	if old == nil {
		w.put(objBlob, n, delta{})
		return (*Blob)(n)
	}
	raw := n.raw
	p := 0
	for p < len(raw) && p < len(old.raw) && raw[p] == old.raw[p] {
		p++
	}
	q := 0
	for q < len(raw)-p && q < len(old.raw)-p && raw[len(raw)-1-q] == old.raw[len(old.raw)-1-q] {
		q++
	}
	w.put(objBlob, n, delta{base: (*node)(old), seq: old.seq, depth: old.depth, baseLen: len(old.raw), p: p, ins: raw[p : len(raw)-q], q: q})
	return (*Blob)(n)
}

// Tree is the files of one line of commits (a branch) as a PackWriter
// builds them, file by file: each change stores the trees along the
// changed path, each as a delta of the tree it replaces.
type Tree struct {
	w    *PackWriter
	root *node
	gen  int32
}

// NewTree returns an empty Tree.
func (w *PackWriter) NewTree() *Tree {
	return &Tree{w: w, root: w.empty, gen: w.newGen()}
}

func (w *PackWriter) newGen() int32 {
	w.gen++
	return w.gen
}

// Fork returns a Tree with the same files as t, for a branch off t's
// line: from then on each may change without changing the other.
func (t *Tree) Fork() *Tree {
	f := &Tree{w: t.w, root: t.root, gen: t.w.newGen()}
	t.gen = t.w.newGen()
	return f
}

// Hash returns the hash of the tree as it stands; for an empty Tree,
// ZeroHash until it is committed.
func (t *Tree) Hash() Hash { return t.root.hash }

// File returns the blob at path (slash-separated, from the repository's
// root), or nil when there is no such file.
func (t *Tree) File(path string) *Blob {
	n := t.root
	for {
		name, rest, more := strings.Cut(path, "/")
		k, ok := find(n, name, more)
		if !ok || n.ents[k].tree != more {
			return nil
		}
		if !more {
			return (*Blob)(n.ents[k].n)
		}
		n, path = n.ents[k].n, rest
	}
}

// WriteFile stores content as the file at path (slash-separated, from the
// repository's root), as a delta of the file's previous contents if it
// had any, and returns its blob. The writer keeps content: it must not be
// changed afterwards.
func (t *Tree) WriteFile(path string, content []byte) (*Blob, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	b := t.w.Blob(content, t.File(path))
	root, err := t.w.set(t.root, path, (*node)(b), t.gen)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t.root = root
	return b, nil
}

// Set puts blob b at path (slash-separated, from the repository's root),
// rebuilding only the trees along the path: to bring another line's
// version of a file into this one, say. A path through a file, or onto a
// folder, is refused and changes nothing.
func (t *Tree) Set(path string, b *Blob) error {
	if err := checkPath(path); err != nil {
		return err
	}
	if b == nil {
		return fmt.Errorf("%s: no blob to put there", path)
	}
	root, err := t.w.set(t.root, path, (*node)(b), t.gen)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	t.root = root
	return nil
}

// checkPath refuses a path that is not a file's in a Git tree.
func checkPath(path string) error {
	for name := range strings.SplitSeq(path, "/") {
		if name == "" || name == "." || name == ".." || strings.EqualFold(name, ".git") || strings.IndexByte(name, 0) >= 0 {
			return fmt.Errorf("%q is not the path of a file in a repository", path)
		}
	}
	return nil
}

// errFileFolder is a path through a file, or onto a folder.
var errFileFolder = errors.New("a file and a folder cannot have the same name")

func (w *PackWriter) set(t *node, path string, blob *node, gen int32) (*node, error) {
	name, rest, more := strings.Cut(path, "/")
	k, found := find(t, name, more)
	if found && t.ents[k].tree != more {
		return nil, errFileFolder
	}
	off := 0
	for _, e := range t.ents[:k] {
		off += entryLen(e)
	}
	child := blob
	if more {
		sub := w.empty
		if found {
			sub = t.ents[k].n
		}
		var err error
		if child, err = w.set(sub, rest, blob, gen); err != nil {
			return nil, err
		}
	}
	d := delta{base: t, seq: t.seq, depth: t.depth, baseLen: len(t.raw), copy: true}
	if t == w.empty {
		d.base = nil
	}
	n := t
	if found {
		h := off + entryLen(t.ents[k]) - len(Hash{})
		if bytes.Equal(t.raw[h:h+len(Hash{})], child.hash[:]) {
			return t, nil // nothing changed
		}
		if t.gen != gen {
			n = &node{raw: slices.Clone(t.raw), ents: slices.Clone(t.ents), gen: gen}
		}
		n.ents[k].n = child
		copy(n.raw[h:], child.hash[:])
		d.p, d.ins, d.q = h, slices.Clone(child.hash[:]), len(t.raw)-h-len(Hash{})
	} else {
		if t.gen != gen {
			n = &node{raw: slices.Clip(t.raw), ents: slices.Clip(t.ents), gen: gen}
		}
		mode := "100644 "
		if more {
			mode = "40000 "
		}
		ins := append(append(append([]byte(mode), name...), 0), child.hash[:]...)
		n.ents = slices.Insert(n.ents, k, entry{name, more, child})
		n.raw = slices.Insert(n.raw, off, ins...)
		d.p, d.ins, d.q = off, ins, d.baseLen-off
	}
	w.put(objTree, n, d)
	return n, nil
}

// find finds the entry name (a folder when tree) in t, or where it goes.
// A file and a folder of the same name sort apart: when the one asked for
// is not there, the other is looked for, so that the two never coexist.
func find(t *node, name string, tree bool) (int, bool) {
	k, ok := slices.BinarySearchFunc(t.ents, name, func(e entry, name string) int { return gitOrder(e.name, e.tree, name, tree) })
	if ok {
		return k, true
	}
	if j, ok := slices.BinarySearchFunc(t.ents, name, func(e entry, name string) int { return gitOrder(e.name, e.tree, name, !tree) }); ok {
		return j, true
	}
	return k, false
}

// entryLen is the length of an entry in a tree object.
func entryLen(e entry) int {
	if e.tree {
		return len("40000 ") + len(e.name) + 1 + len(Hash{})
	}
	return len("100644 ") + len(e.name) + 1 + len(Hash{})
}

// Commit stores a commit of t's files as they stand, with the given
// parents (none for a line's first commit), and returns its hash, or the
// error that stopped the pack. The message is stored with a newline at
// its end.
func (t *Tree) Commit(parents []Hash, author, committer Person, message string) (Hash, error) {
	w := t.w
	if w.finished {
		return ZeroHash, errFinished
	}
	for _, p := range []Person{author, committer} {
		if p.Name == "" || strings.ContainsAny(p.Name, "<>\n\x00") || strings.ContainsAny(p.Email, "<>\n\x00") {
			return ZeroHash, fmt.Errorf("%q <%s> cannot be written in a commit", p.Name, p.Email)
		}
	}
	if t.root == w.empty && t.root.seq < 0 {
		w.put(objTree, t.root, delta{})
	}
	if !strings.HasSuffix(message, "\n") {
		message += "\n"
	}
	c := NewCommit{Author: author, Committer: committer, Message: message, Tree: t.root.hash, Parents: parents}
	n := &node{raw: appendCommit(make([]byte, 0, 256+len(message)), c)}
	w.put(objCommit, n, delta{})
	return n.hash, w.pack.failed()
}

// PackStats says what Finish wrote.
type PackStats struct {
	Objects int   // objects in the packfile
	Bytes   int64 // size of the packfile
}

// Finish writes the packfile's header and checksum and its index, then
// the repository around it: refs/heads/NAME for each of branches, HEAD on
// the branch head, config and description. After an error, or after
// Abort, nothing more may be stored.
func (w *PackWriter) Finish(head string, branches map[string]Hash) (PackStats, error) {
	if w.finished {
		return PackStats{}, errFinished
	}
	w.known = nil // no longer needed: let it go before the pack is hashed
	w.flush()
	w.finished = true
	for name := range branches {
		if err := checkBranchName(name); err != nil {
			w.Abort()
			return PackStats{}, err
		}
	}
	if err := checkBranchName(head); err != nil {
		w.Abort()
		return PackStats{}, err
	}
	objects, size, err := w.pack.finish()
	if err != nil {
		return PackStats{}, fmt.Errorf("write the packfile: %w", err)
	}
	files := map[string]string{
		"HEAD":        "ref: refs/heads/" + head + "\n",
		"config":      "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n",
		"description": w.description + "\n",
	}
	for name, h := range branches {
		files["refs/heads/"+name] = h.String() + "\n"
	}
	for name, text := range files {
		if err := writeNew(filepath.Join(w.gitDir, filepath.FromSlash(name)), []byte(text)); err != nil {
			return PackStats{}, fmt.Errorf("write the repository's %s: %w", name, err)
		}
	}
	return PackStats{Objects: objects, Bytes: size}, nil
}

// checkBranchName refuses a branch name that Git would refuse, or that
// would need a folder under refs/heads.
func checkBranchName(name string) error {
	forbidden := func(r rune) bool { return r < 0x20 || r == 0x7f || strings.ContainsRune(" ~^:?*[\\/", r) }
	if name == "" || name == "@" || strings.HasPrefix(name, "-") || strings.HasPrefix(name, ".") ||
		strings.HasSuffix(name, ".lock") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") ||
		strings.Contains(name, "@{") || strings.ContainsFunc(name, forbidden) {
		return fmt.Errorf("%q is not a branch name this writer makes", name)
	}
	return nil
}

// Abort stops the pack and removes it. The folders NewPackWriter made are
// left.
func (w *PackWriter) Abort() {
	w.finished, w.batch = true, nil
	w.pack.abort()
}

// writeNew writes a file that must not exist yet.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// ---------------------------------------------------------------------------
// The packfile, written by a goroutine of its own as the objects come.

type packObject struct {
	typ     byte
	hash    Hash
	raw     []byte // the content, when stored whole
	size    int    // the content's length
	base    int32  // the delta base's seq, or -1: stored whole
	baseLen int
	p, q    int
	ins     []byte
}

type packFile struct {
	dir     string
	f       *os.File
	objects chan []packObject
	done    chan struct{}
	err     error         // the first error, set by the goroutine
	errSeen chan struct{} // closed once err is set
	closed  bool          // objects is closed
	count   int
	entries []idxfile.Entry
}

func newPackFile(dir string) (*packFile, error) {
	f, err := os.CreateTemp(dir, "tmp_pack_")
	if err != nil {
		return nil, err
	}
	w := &packFile{dir: dir, f: f, objects: make(chan []packObject, 16), done: make(chan struct{}), errSeen: make(chan struct{})}
	go w.loop()
	return w, nil
}

// failed returns the error that stopped the goroutine, if any.
func (w *packFile) failed() error {
	select {
	case <-w.errSeen:
		return w.err
	default:
		return nil
	}
}

func (w *packFile) loop() {
	defer close(w.done)
	bw := bufio.NewWriterSize(w.f, 1<<20)
	off := int64(12)
	var offsets []int64
	var zbuf bytes.Buffer
	// Small objects, most of them deltas of a few dozen bytes, are stored
	// without compression: it would save little and costs much.
	zfast, _ := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
	zstore, _ := zlib.NewWriterLevel(&zbuf, zlib.NoCompression)
	var hdr, dbuf []byte
	fail := func(err error) {
		if w.err == nil {
			w.err = err
			close(w.errSeen)
		}
	}
	if _, err := bw.Write(make([]byte, 12)); err != nil { // the header, written at the end
		fail(err)
	}
	for batch := range w.objects {
		if w.err != nil {
			continue
		}
		for _, o := range batch {
			data := o.raw
			hdr = hdr[:0]
			if o.base < 0 {
				hdr = appendObjectHeader(hdr, o.typ, len(data))
			} else {
				dbuf = appendDelta(dbuf[:0], o.baseLen, o.size, o.p, o.ins, o.q)
				data = dbuf
				hdr = appendObjectHeader(hdr, objOfsDelta, len(data))
				hdr = appendOffset(hdr, off-offsets[o.base])
			}
			zbuf.Reset()
			zw := zfast
			if len(data) < 200 {
				zw = zstore
			}
			zw.Reset(&zbuf)
			zw.Write(data)
			zw.Close()
			crc := crc32.Update(crc32.ChecksumIEEE(hdr), crc32.IEEETable, zbuf.Bytes())
			bw.Write(hdr)
			if _, err := bw.Write(zbuf.Bytes()); err != nil {
				fail(err)
				break
			}
			offsets = append(offsets, off)
			w.entries = append(w.entries, idxfile.Entry{Hash: o.hash, CRC32: crc, Offset: uint64(off)})
			off += int64(len(hdr) + zbuf.Len())
		}
	}
	if err := bw.Flush(); err != nil {
		fail(err)
	}
	w.count = len(offsets)
}

// stop closes the goroutine's queue, once, and waits for it to end.
func (w *packFile) stop() {
	if !w.closed {
		w.closed = true
		close(w.objects)
	}
	<-w.done
}

func (w *packFile) abort() {
	w.stop()
	w.f.Close()
	os.Remove(w.f.Name())
}

// finish writes the pack's header and checksum and its index, and returns
// the number of objects and the size of the pack.
func (w *packFile) finish() (int, int64, error) {
	w.stop()
	fail := func(err error) (int, int64, error) {
		w.f.Close()
		os.Remove(w.f.Name())
		return 0, 0, err
	}
	if w.err != nil {
		return fail(w.err)
	}
	hdr := []byte{'P', 'A', 'C', 'K', 0, 0, 0, 2, byte(w.count >> 24), byte(w.count >> 16), byte(w.count >> 8), byte(w.count)}
	if _, err := w.f.WriteAt(hdr, 0); err != nil {
		return fail(err)
	}
	if _, err := w.f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	sum := sha1.New()
	size, err := io.Copy(sum, bufio.NewReaderSize(w.f, 1<<20))
	if err != nil {
		return fail(err)
	}
	var packSum Hash
	sum.Sum(packSum[:0])
	if _, err := w.f.Write(packSum[:]); err != nil {
		return fail(err)
	}
	size += int64(len(packSum))
	name := filepath.Join(w.dir, "pack-"+packSum.String())
	idx := new(idxfile.Writer)
	if err := idx.OnHeader(uint32(w.count)); err != nil {
		return fail(err)
	}
	for _, e := range w.entries {
		idx.Add(e.Hash, e.Offset, e.CRC32)
	}
	w.entries = nil
	if err := idx.OnFooter(packSum); err != nil {
		return fail(err)
	}
	mi, err := idx.Index()
	if err != nil {
		return fail(err)
	}
	var ib bytes.Buffer
	if _, err := idxfile.NewEncoder(&ib).Encode(mi); err != nil {
		return fail(err)
	}
	if err := os.WriteFile(name+".idx", ib.Bytes(), 0o444); err != nil {
		return fail(err)
	}
	if err := w.f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Chmod(w.f.Name(), 0o444); err != nil {
		return fail(err)
	}
	if err := os.Rename(w.f.Name(), name+".pack"); err != nil {
		return fail(err)
	}
	return w.count, size, nil
}

// appendObjectHeader appends a pack entry's type and size.
func appendObjectHeader(dst []byte, typ byte, size int) []byte {
	c := typ<<4 | byte(size&15)
	for size >>= 4; size > 0; size >>= 7 {
		dst = append(dst, c|0x80)
		c = byte(size & 0x7f)
	}
	return append(dst, c)
}

// appendOffset appends an OFS_DELTA's distance back to its base.
func appendOffset(dst []byte, ofs int64) []byte {
	var buf [10]byte
	i := len(buf) - 1
	buf[i] = byte(ofs & 0x7f)
	for ofs >>= 7; ofs > 0; ofs >>= 7 {
		ofs--
		i--
		buf[i] = 0x80 | byte(ofs&0x7f)
	}
	return append(dst, buf[i:]...)
}

func appendVarint(dst []byte, n int) []byte {
	for n >= 0x80 {
		dst = append(dst, byte(n)|0x80)
		n >>= 7
	}
	return append(dst, byte(n))
}

// appendDelta appends a delta that makes the base, baseLen bytes, into an
// object of resultLen bytes: the base's first p bytes, then ins, then its
// last q bytes.
func appendDelta(dst []byte, baseLen, resultLen, p int, ins []byte, q int) []byte {
	dst = appendVarint(appendVarint(dst, baseLen), resultLen)
	copyOp := func(off, size int) {
		for size > 0 {
			n := min(size, 0xffffff)
			op, at := byte(0x80), len(dst)
			dst = append(dst, 0)
			for k := range 4 {
				if c := byte(off >> (8 * k)); c != 0 {
					op |= 1 << k
					dst = append(dst, c)
				}
			}
			for k := range 3 {
				if c := byte(n >> (8 * k)); c != 0 {
					op |= 0x10 << k
					dst = append(dst, c)
				}
			}
			dst[at] = op
			off, size = off+n, size-n
		}
	}
	copyOp(0, p)
	for len(ins) > 0 {
		n := min(len(ins), 0x7f)
		dst = append(dst, byte(n))
		dst = append(dst, ins[:n]...)
		ins = ins[n:]
	}
	copyOp(baseLen-q, q)
	return dst
}
