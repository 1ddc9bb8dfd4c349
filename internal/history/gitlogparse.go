package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// logFormat is the --format of the git log that walkGit runs: each commit
// is "C", its hash and its parents' hashes, separated by spaces.
const logFormat = "--format=C%H %P"

// maxToken bounds one field of git log's output: a path, or a merge's
// line of modes and hashes (49 bytes a parent).
const maxToken = 1 << 20

// maxCommitSize bounds one commit object read from git cat-file.
const maxCommitSize = 64 << 20

// logCommit is one commit as git log lists it: its parents and the files
// it changed; and, once git cat-file has given it, the commit.
type logCommit struct {
	hash    Hash
	parents []Hash
	changes []logChange
	commit  *Commit
}

// logChange is a file a commit changed, as the go-git walker finds it: a
// path relative to the records folder, its blob after the commit (zero
// when deleted) and before it in each parent (zero where absent).
type logChange struct {
	path   string
	blob   Hash
	before []Hash
}

// logParser reads what git log -z --raw -c --root --no-renames
// --no-abbrev writes with logFormat, one commit at a time, as untrusted
// input: every field ends with a NUL; a commit is its logFormat line,
// then, for each file that changed, a line of modes, hashes and status
// letters (one colon, mode and hash a parent; a newline may precede the
// first) followed by the file's path. Empty fields between commits are
// skipped. Anything else is an error, as is a change that does not fit
// its commit (as many parents as colons), a path outside the records
// folder, or output that stops inside a field.
type logParser struct {
	rd *bufio.Reader
	// prefix is the records folder's path with a "/" after it, which every
	// path must begin with (git log was given it as a pathspec); empty when
	// the records folder is the repository's root.
	prefix string
	// only is Options.Only: the changes of other files are dropped.
	only    string
	pending []byte // a commit's field, read ahead of its changes
	long    []byte // a field longer than the reader's buffer
	modes   []uint32
	hashes  []Hash
	paths   map[string]string
}

// newLogParser reads git log's output from r.
func newLogParser(r io.Reader, prefix, only string) *logParser {
	p := &logParser{rd: bufio.NewReaderSize(r, 64<<10), only: only, paths: map[string]string{}}
	if prefix != "" {
		p.prefix = prefix + "/"
	}
	return p
}

// errTruncated is git's output stopping inside a field.
var errTruncated = errors.New("git log's output stops inside a field")

// field returns the next NUL-ended field, without its NUL; io.EOF at the
// end of the output. The field is valid until the next call.
func (p *logParser) field() ([]byte, error) {
	b, err := p.rd.ReadSlice(0)
	if err == nil {
		return b[:len(b)-1], nil
	}
	if errors.Is(err, bufio.ErrBufferFull) {
		p.long = append(p.long[:0], b...)
		for {
			b, err = p.rd.ReadSlice(0)
			if len(p.long)+len(b) > maxToken {
				return nil, fmt.Errorf("a field of git log's output is longer than %d bytes", maxToken)
			}
			p.long = append(p.long, b...)
			if err == nil {
				return p.long[:len(p.long)-1], nil
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		b = p.long
	}
	if errors.Is(err, io.EOF) {
		if len(b) > 0 {
			return nil, errTruncated
		}
		return nil, io.EOF
	}
	return nil, err
}

// next returns the next commit; io.EOF after the last.
func (p *logParser) next() (*logCommit, error) {
	head := p.pending
	p.pending = nil
	for head == nil {
		f, err := p.field()
		if err != nil {
			return nil, err
		}
		if f = bytes.TrimLeft(f, "\n"); len(f) == 0 {
			continue
		}
		if f[0] != 'C' {
			return nil, fmt.Errorf("git log's output: %q where a commit was expected", clip(f))
		}
		head = f
	}
	c, err := parseCommitField(head)
	if err != nil {
		return nil, err
	}
	for {
		f, err := p.field()
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		if err != nil {
			return nil, err
		}
		f = bytes.TrimLeft(f, "\n")
		switch {
		case len(f) == 0:
			continue
		case f[0] == 'C':
			p.pending = bytes.Clone(f)
			return c, nil
		case f[0] != ':':
			return nil, fmt.Errorf("git log's output, commit %s: %q where a change was expected", Short(c.hash), clip(f))
		}
		blob, before, changed, err := p.parseRaw(f, len(c.parents))
		if err != nil {
			return nil, fmt.Errorf("git log's output, commit %s: %w", Short(c.hash), err)
		}
		name, err := p.field()
		if errors.Is(err, io.EOF) {
			err = errTruncated
		}
		if err != nil {
			return nil, err
		}
		if len(name) == 0 {
			return nil, fmt.Errorf("git log's output, commit %s: a change without a path", Short(c.hash))
		}
		rel, ok := bytes.CutPrefix(name, []byte(p.prefix))
		if !ok || len(rel) == 0 {
			return nil, fmt.Errorf("git log's output, commit %s: %q is outside the records folder %q", Short(c.hash), clip(name), p.prefix)
		}
		if !changed {
			continue // as in one of the parents: no new version
		}
		path, ok := p.paths[string(rel)]
		if !ok {
			path = string(rel)
			p.paths[path] = path // one string for all the file's versions
		}
		if !wantedPath(p.only, path) {
			continue
		}
		c.changes = append(c.changes, logChange{path: path, blob: blob, before: before})
	}
}

// parseCommitField reads "C<hash> <parent> <parent>…".
func parseCommitField(f []byte) (*logCommit, error) {
	rest, ok := bytes.CutPrefix(f, []byte("C"))
	if !ok {
		return nil, fmt.Errorf("git log's output: %q is not a commit", clip(f))
	}
	c := &logCommit{}
	first := true
	for word := range bytes.SplitSeq(rest, []byte(" ")) {
		if len(word) == 0 && !first {
			continue // a root commit has no parents after the space
		}
		h, ok := parseHex(word)
		if !ok {
			return nil, fmt.Errorf("git log's output: %q is not a commit", clip(f))
		}
		if first {
			c.hash, first = h, false
		} else {
			c.parents = append(c.parents, h)
		}
	}
	return c, nil
}

// parseRaw reads a change's line, ":<mode>… <mode> <hash>… <hash> <status>"
// with one colon, mode and hash for each parent (one for a root commit),
// the result's mode and hash last. It returns the file's blob and the
// blob before it in each parent; changed is false when the file's
// contents are as in one of the parents (so that the go-git walker sees
// no change there: a change of mode only, or a merge that took one
// side's version). Folders, submodules and absent files have no blob
// (zero), as the go-git walker counts them.
func (p *logParser) parseRaw(f []byte, parents int) (blob Hash, before []Hash, changed bool, err error) {
	n := 0
	for n < len(f) && f[n] == ':' {
		n++
	}
	if n != max(parents, 1) {
		return blob, nil, false, fmt.Errorf("a change for %d parents in a commit with %d: %q", n, parents, clip(f))
	}
	p.modes, p.hashes = p.modes[:0], p.hashes[:0]
	status := false
	for word := range bytes.SplitSeq(f[n:], []byte(" ")) {
		switch {
		case len(p.modes) <= n:
			m, ok := parseMode(word)
			if !ok {
				return blob, nil, false, fmt.Errorf("%q is not a mode in %q", clip(word), clip(f))
			}
			p.modes = append(p.modes, m)
		case len(p.hashes) <= n:
			h, ok := parseHex(word)
			if !ok {
				return blob, nil, false, fmt.Errorf("%q is not a hash in %q", clip(word), clip(f))
			}
			p.hashes = append(p.hashes, h)
		case !status:
			if len(word) != n || bytes.ContainsFunc(word, func(r rune) bool { return r < 'A' || r > 'Z' }) {
				return blob, nil, false, fmt.Errorf("%q is not a status in %q", clip(word), clip(f))
			}
			status = true
		default:
			return blob, nil, false, fmt.Errorf("more fields than expected in %q", clip(f))
		}
	}
	if !status {
		return blob, nil, false, fmt.Errorf("fewer fields than expected in %q", clip(f))
	}
	blob = blobOf(p.modes[n], p.hashes[n])
	for i := range n {
		if p.hashes[i] = blobOf(p.modes[i], p.hashes[i]); p.hashes[i] == blob {
			return blob, nil, false, nil
		}
	}
	return blob, slices.Clone(p.hashes[:n]), true, nil
}

// blobOf is the blob a tree entry of this mode and hash stands for, as the
// go-git walker reads trees: zero for no entry, a folder or a submodule.
func blobOf(mode uint32, h Hash) Hash {
	switch mode & 0o170000 {
	case 0, 0o040000, 0o160000:
		return ZeroHash
	}
	return h
}

// parseMode reads a mode of six octal digits.
func parseMode(b []byte) (uint32, bool) {
	if len(b) != 6 {
		return 0, false
	}
	var m uint32
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		m = m<<3 | uint32(c-'0')
	}
	return m, true
}

// parseHex reads a full SHA-1 hash in lower-case hex, as git writes it.
func parseHex(b []byte) (Hash, bool) {
	var h Hash
	if len(b) != 2*len(h) {
		return h, false
	}
	for i := range h {
		hi, ok1 := unhex(b[2*i])
		lo, ok2 := unhex(b[2*i+1])
		if !ok1 || !ok2 {
			return h, false
		}
		h[i] = hi<<4 | lo
	}
	return h, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// clip shortens a field of git's output for an error message.
func clip(b []byte) string {
	if len(b) > 100 {
		return string(b[:100]) + "…"
	}
	return string(b)
}

// wantedPath reports whether a walk limited to only (Options.Only; empty
// for everything) looks at path, a file or folder relative to the records
// folder: only itself, what is below it, and the folders above it.
func wantedPath(only, path string) bool {
	if only == "" {
		return true
	}
	return path == only || strings.HasPrefix(path, only+"/") || strings.HasPrefix(only, path+"/")
}

// catReader reads what git cat-file --batch writes for commits: for each,
// "<hash> commit <size>\n", the object and "\n". The objects are checked
// against their hashes and decoded as go-git decodes them.
type catReader struct {
	rd  *bufio.Reader
	buf []byte
}

func newCatReader(r io.Reader) *catReader {
	return &catReader{rd: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next commit; io.EOF after the last.
func (c *catReader) next() (*object.Commit, error) {
	line, err := c.rd.ReadSlice('\n')
	if errors.Is(err, io.EOF) && len(line) == 0 {
		return nil, io.EOF
	}
	if err != nil {
		return nil, fmt.Errorf("git cat-file's output: %w", err)
	}
	line = line[:len(line)-1]
	var size int
	words := bytes.Fields(line)
	if len(words) != 3 || string(words[1]) != "commit" {
		return nil, fmt.Errorf("git cat-file: %q, where a commit was expected", clip(line))
	}
	want, ok := parseHex(words[0])
	for _, d := range words[2] {
		if d < '0' || d > '9' || size > maxCommitSize {
			ok = false
			break
		}
		size = size*10 + int(d-'0')
	}
	if !ok || len(words[2]) == 0 || size > maxCommitSize {
		return nil, fmt.Errorf("git cat-file: %q, where a commit was expected", clip(line))
	}
	if cap(c.buf) < size+1 {
		c.buf = make([]byte, size+1)
	}
	b := c.buf[:size+1]
	if _, err := io.ReadFull(c.rd, b); err != nil {
		return nil, fmt.Errorf("git cat-file's output, commit %s: %w", Short(want), err)
	}
	if b[size] != '\n' {
		return nil, fmt.Errorf("git cat-file's output, commit %s: no newline after the object", Short(want))
	}
	o := &plumbing.MemoryObject{}
	o.SetType(plumbing.CommitObject)
	if _, err := o.Write(b[:size]); err != nil {
		return nil, err
	}
	var commit object.Commit
	if err := commit.Decode(o); err != nil {
		return nil, fmt.Errorf("read commit %s: %w", Short(want), err)
	}
	if commit.Hash != want {
		return nil, fmt.Errorf("git cat-file: commit %s came with the contents of %s", Short(want), Short(commit.Hash))
	}
	return &commit, nil
}
