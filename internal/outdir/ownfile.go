package outdir

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// ReplaceOwnFile writes data to the file name, whole or not at all. It
// replaces a file only when that is a regular file starting with the same
// first line as data (the header of a CSV that command wrote before), so
// that it never overwrites a file it did not write. command names the
// command in messages: "ect export riab-claims".
func ReplaceOwnFile(name string, data []byte, command string) error {
	st, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return frontmatter.WriteFile(name, data)
	case err != nil:
		return fmt.Errorf("--out %s: %w", name, err)
	case !st.Mode().IsRegular():
		return fmt.Errorf("--out %s is %s: give a new file", name, frontmatter.NotRegular(st.Mode()))
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("--out %s: %w", name, err)
	}
	first, _ := bufio.NewReader(f).ReadSlice('\n')
	f.Close()
	header, _, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.Equal(bytes.TrimSuffix(first, []byte("\n")), header) {
		return fmt.Errorf("--out %s exists and is not a file %s wrote: %s never overwrites a file it did not write; give a new file, or remove that one", name, command, command)
	}
	return frontmatter.WriteFile(name, data)
}
