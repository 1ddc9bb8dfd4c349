package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// maxBatchObject bounds an object read through git cat-file: records are
// at most a few megabytes.
const maxBatchObject = 256 << 20

// batch reads objects through one running git cat-file --batch: for a
// run that reads a few objects from a large history (Repo.Serial), where
// go-git's first read of a pack (the map of its whole index's offsets,
// then the deltas) costs seconds.
type batch struct {
	mu     sync.Mutex
	in     io.WriteCloser
	out    *bufio.Reader
	stop   context.CancelFunc
	wait   func() error
	broken error
}

// startBatch starts git cat-file --batch on the repository; an error
// when git is not there.
func (r *Repo) startBatch() (*batch, error) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd, err := r.gitCommand(ctx, "cat-file", "--batch")
	if err != nil {
		cancel()
		return nil, err
	}
	cmd.Env = append(cmd.Env, "GIT_FLUSH=1") // an answer to each question as it is asked
	in, err := cmd.StdinPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	return &batch{in: in, out: bufio.NewReaderSize(out, 64<<10), stop: cancel, wait: cmd.Wait}, nil
}

// read returns an object's type and content. name is a full hash, or a
// revision (resolve).
func (b *batch) read(name string) (Hash, plumbing.ObjectType, []byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.broken != nil {
		return ZeroHash, 0, nil, b.broken
	}
	fail := func(err error) (Hash, plumbing.ObjectType, []byte, error) {
		b.broken = fmt.Errorf("git cat-file: %w", err)
		b.stop()
		return ZeroHash, 0, nil, b.broken
	}
	if _, err := io.WriteString(b.in, name+"\n"); err != nil {
		return fail(err)
	}
	line, err := b.out.ReadString('\n')
	if err != nil {
		return fail(err)
	}
	words := strings.Fields(line)
	if len(words) == 2 && words[1] == "missing" || len(words) == 2 && words[1] == "ambiguous" {
		return ZeroHash, 0, nil, fmt.Errorf("%s: no such object", name)
	}
	if len(words) != 3 {
		return fail(fmt.Errorf("unexpected answer %q", line))
	}
	h, ok := ParseHash(words[0])
	typ, err := plumbing.ParseObjectType(words[1])
	size, serr := strconv.Atoi(words[2])
	if !ok || err != nil || serr != nil || size < 0 || size > maxBatchObject {
		return fail(fmt.Errorf("unexpected answer %q", line))
	}
	data := make([]byte, size+1)
	if _, err := io.ReadFull(b.out, data); err != nil || data[size] != '\n' {
		return fail(errors.Join(errors.New("an object cut short"), err))
	}
	return h, typ, data[:size], nil
}

// close stops git cat-file.
func (b *batch) close() {
	b.in.Close()
	b.stop()
	b.wait()
}

// batchObject reads an object of type t through the batch.
func (b *batch) object(h Hash, t plumbing.ObjectType) ([]byte, error) {
	got, typ, data, err := b.read(h.String())
	if err != nil {
		return nil, err
	}
	if got != h || typ != t {
		return nil, fmt.Errorf("git cat-file gave %s %s for %s %s", typ, got, t, h)
	}
	return data, nil
}

// decode makes a go-git object from its type and content.
func decode[T interface {
	Decode(plumbing.EncodedObject) error
}](o T, t plumbing.ObjectType, data []byte) (T, error) {
	mo := &plumbing.MemoryObject{}
	mo.SetType(t)
	if _, err := mo.Write(data); err != nil {
		return o, err
	}
	return o, o.Decode(mo)
}

// batchCommit reads a commit through the batch.
func (b *batch) commit(h Hash) (*object.Commit, error) {
	data, err := b.object(h, plumbing.CommitObject)
	if err != nil {
		return nil, err
	}
	return decode(&object.Commit{}, plumbing.CommitObject, data)
}

// batchTree reads a tree through the batch.
func (b *batch) tree(h Hash) (*object.Tree, error) {
	data, err := b.object(h, plumbing.TreeObject)
	if err != nil {
		return nil, err
	}
	return decode(&object.Tree{}, plumbing.TreeObject, data)
}

// resolve turns a revision into a commit through the batch; a revision
// with a space or a control character in it is none.
func (b *batch) resolve(rev string) (Hash, error) {
	if rev == "" || strings.ContainsFunc(rev, func(c rune) bool { return c <= ' ' || c == 0x7f }) || bytes.ContainsAny([]byte(rev), "\n\r") {
		return ZeroHash, fmt.Errorf("%q is not a revision", rev)
	}
	h, typ, _, err := b.read(rev + "^{commit}")
	if err != nil {
		return ZeroHash, err
	}
	if typ != plumbing.CommitObject {
		return ZeroHash, fmt.Errorf("%s is not a commit", rev)
	}
	return h, nil
}
