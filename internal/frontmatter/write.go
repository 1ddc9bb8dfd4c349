package frontmatter

import (
	"os"
	"path/filepath"
)

// WriteFile replaces a file's contents by writing a temporary file beside
// it and renaming it, keeping its permissions (0644 for a new file): a
// crash leaves the old file or the new one, never half of each.
func WriteFile(name string, content []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(name); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// CreateFile writes a new file whole or not at all, and never over an
// existing one: a temporary file beside it, synced to disk, is linked into
// place (0644). When name exists it writes nothing and returns an error
// that matches fs.ErrExist.
func CreateFile(name string, content []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	for _, step := range []func() error{
		func() error { _, err := tmp.Write(content); return err },
		func() error { return tmp.Chmod(0o644) },
		tmp.Sync,
	} {
		if err := step(); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Link(tmp.Name(), name)
}
