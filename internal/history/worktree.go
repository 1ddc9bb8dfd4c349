package history

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Uncommitted lists the files among rels (files or folders relative to
// the records folder, which is root on disk) whose contents on disk differ
// from HEAD's, are not committed, or are deleted.
func (repo *Repo) Uncommitted(root string, rels []string) ([]string, error) {
	head, ok, err := repo.Head()
	if err != nil || !ok {
		return nil, errors.New("the repository has no commits yet: commit the records first")
	}
	c, err := repo.commitObject(head)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	committed := map[string]plumbing.Hash{}
	onDisk := map[string]plumbing.Hash{}
	for _, rel := range rels {
		full := path.Join(repo.Prefix, rel)
		if f, err := tree.File(full); err == nil {
			committed[rel] = f.Hash
		} else if sub, err := tree.Tree(full); err == nil {
			err := sub.Files().ForEach(func(f *object.File) error {
				committed[rel+"/"+f.Name] = f.Hash
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(rel)), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			r, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			onDisk[filepath.ToSlash(r)] = plumbing.ComputeHash(plumbing.BlobObject, data)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var changed []string
	for rel, h := range onDisk {
		if committed[rel] != h {
			changed = append(changed, rel)
		}
	}
	for rel := range committed {
		if _, ok := onDisk[rel]; !ok {
			changed = append(changed, rel+" (deleted)")
		}
	}
	slices.Sort(changed)
	return changed, nil
}
