package history

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// Checkout writes the files of t into the repository's working folder and
// the index file that goes with them (.git/index), as git checkout would,
// so that git status finds nothing changed; it returns how many files it
// wrote. A file or folder already there is an error: nothing is
// overwritten.
func (w *PackWriter) Checkout(t *Tree) (int, error) {
	type file struct {
		path string
		n    *node
	}
	var files []file
	var walk func(t *node, prefix string) error
	walk = func(t *node, prefix string) error {
		if prefix != "" {
			if err := os.Mkdir(filepath.Join(w.dir, filepath.FromSlash(prefix)), 0o777); err != nil {
				return err
			}
		}
		for _, e := range t.ents {
			if e.tree {
				if err := walk(e.n, prefix+e.name+"/"); err != nil {
					return err
				}
			} else {
				files = append(files, file{prefix + e.name, e.n})
			}
		}
		return nil
	}
	if err := walk(t.root, ""); err != nil {
		return 0, fmt.Errorf("check out: %w", err)
	}
	// Writing files waits on the file system: a few at a time.
	entries := make([]*index.Entry, len(files))
	errs := make(chan error, 1)
	next := make(chan int, 256)
	var wg sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := range next {
				f := files[k]
				p := filepath.Join(w.dir, filepath.FromSlash(f.path))
				err := writeNew(p, f.n.raw)
				var fi fs.FileInfo
				if err == nil {
					fi, err = os.Lstat(p)
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				entries[k] = &index.Entry{Hash: f.n.hash, Name: f.path, Mode: filemode.Regular,
					Size: uint32(fi.Size()), ModifiedAt: fi.ModTime(), CreatedAt: fi.ModTime()}
			}
		})
	}
	for k := range files {
		next <- k
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return 0, fmt.Errorf("check out: %w", err)
	default:
	}
	if err := writeIndex(filepath.Join(w.gitDir, "index"), entries); err != nil {
		return 0, fmt.Errorf("write the index: %w", err)
	}
	return len(entries), nil
}

// writeIndex writes a new index file (version 2) of entries, which it
// sorts by path as Git does.
func writeIndex(name string, entries []*index.Entry) error {
	slices.SortFunc(entries, func(a, b *index.Entry) int { return strings.Compare(a.Name, b.Name) })
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := index.NewEncoder(bw).Encode(&index.Index{Version: 2, Entries: entries}); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := bw.Flush(); err != nil {
		return errors.Join(err, f.Close())
	}
	return f.Close()
}
