package setup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// Branch is the first branch of a repository ect init makes.
const Branch = "main"

// Written is what Write did.
type Written struct {
	// Files are the files written, as messages show them.
	Files []string
	// NewRepository is true when Write made dir a Git repository.
	NewRepository bool
}

// ExistsError refuses to start a repository where some of its files are
// already: ect init never overwrites a file, and writes nothing then.
type ExistsError struct{ Shown []string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("nothing was written: ect init never overwrites a file, and these are there already:\n  %s\n(remove or move them, or start the repository in a new folder)",
		strings.Join(e.Shown, "\n  "))
}

// Write writes the files into dir (made if need be), each whole or not at
// all, and makes dir a Git repository (no commit) unless it is one's root
// folder already. Before writing anything it refuses a dir inside a Git
// repository but not its root (GitHub runs only the root's workflows), a
// file that is there already (ExistsError, listing every one), and a path
// that passes through a symbolic link or anything but a folder. Nothing is
// written outside dir.
func Write(dir string, want []File) (*Written, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if st, err := os.Lstat(abs); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("%s is %s: give a folder for the new repository", dir, frontmatter.NotRegular(st.Mode()))
	}
	inRepo, err := repositoryRoot(abs)
	if err != nil {
		return nil, err
	}
	var exist []string
	for _, f := range want {
		err := onTheWay(abs, f.Path)
		var ee *existsErr
		switch {
		case errors.As(err, &ee):
			exist = append(exist, workspace.Shown(filepath.Join(abs, filepath.FromSlash(f.Path))))
		case err != nil:
			return nil, err
		}
	}
	if len(exist) > 0 {
		return nil, &ExistsError{exist}
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	tree, err := workspace.At(abs)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	out := &Written{}
	for _, f := range want {
		shown, err := tree.Create(f.Path, f.Content)
		if err != nil {
			return out, fmt.Errorf("%w (written before it: %s)", err, strings.Join(out.Files, ", "))
		}
		out.Files = append(out.Files, shown)
	}
	if !inRepo {
		if err := history.Init(abs, Branch); err != nil {
			return out, err
		}
		out.NewRepository = true
	}
	return out, nil
}

// repositoryRoot reports whether dir (which may not exist yet) is the root
// folder of a Git repository, refusing a folder inside one.
func repositoryRoot(dir string) (bool, error) {
	existing := dir
	for {
		if _, err := os.Stat(existing); err == nil {
			break
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return false, nil
		}
		existing = parent
	}
	repo, err := history.Open(existing)
	if errors.Is(err, history.ErrNotRepository) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	real := dir
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		real = r
	}
	if real != repo.Root {
		return false, fmt.Errorf("%s is inside the Git repository %s but is not its root folder: GitHub runs the workflows of the root's .github/ only. Give %s, or a folder outside it",
			workspace.Shown(dir), workspace.Shown(repo.Root), workspace.Shown(repo.Root))
	}
	return true, nil
}

// existsErr is a target file that is there already.
type existsErr struct{}

func (existsErr) Error() string { return "exists" }

// onTheWay checks the way to rel in dir: each folder on it is a folder
// (or not there yet), never a link, and the file itself is not there
// (existsErr, whatever it is).
func onTheWay(dir, rel string) error {
	p := dir
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("%s: not a path inside the new repository", rel)
		}
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if i == len(parts)-1 {
			return &existsErr{}
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is %s: ect init writes only into folders of %s, never through a link",
				workspace.Shown(p), frontmatter.NotRegular(st.Mode()), path.Base(filepath.ToSlash(dir)))
		}
	}
	return nil
}
