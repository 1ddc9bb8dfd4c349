package frontmatter

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// NotRegular describes a file that is not a regular file, for the message
// that refuses it: "a symbolic link", "a named pipe (FIFO)", "a folder"...
func NotRegular(mode fs.FileMode) string {
	switch t := mode.Type(); {
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	case t&fs.ModeDir != 0:
		return "a folder"
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeDevice != 0:
		return "a device"
	default:
		return "not a regular file"
	}
}

// ReadFile reads a record file for an edit: a regular file of at most
// MaxSize. A symbolic link, named pipe, device or folder is refused
// without being opened, so that nothing outside the records is read and
// nothing blocks.
func ReadFile(name string) ([]byte, error) {
	st, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s: records must be regular files", name, NotRegular(st.Mode()))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if now, err := f.Stat(); err != nil || !os.SameFile(st, now) {
		return nil, fmt.Errorf("%s changed while it was being read", name)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > MaxSize {
		return nil, errors.New(TooBig(int64(len(b))))
	}
	return b, nil
}

// WriteFile replaces a file's contents by writing a temporary file beside
// it and renaming it, keeping its permissions (0644 for a new file): a
// crash leaves the old file or the new one, never half of each. It
// refuses to replace anything but a regular file (a symbolic link is not
// followed, nor replaced).
func WriteFile(name string, content []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Lstat(name); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is %s: ect only replaces regular files", name, NotRegular(st.Mode()))
		}
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
