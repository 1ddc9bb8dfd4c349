package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/outdir"
)

// protectedFrom lists what a command's output folder (--out) must never
// be or hold: the records folder, and anything inside it; the Git
// repository that holds the records; and extra.
func protectedFrom(records string, extra ...outdir.Protected) []outdir.Protected {
	if records == "" {
		return extra
	}
	out := []outdir.Protected{{Dir: records, What: "the records folder", Within: true}}
	if repo, err := history.Open(records); err == nil {
		out = append(out, outdir.Protected{Dir: repo.Root, What: "the folder of the records' Git repository"})
	}
	return append(out, extra...)
}

// replaceOwnFile writes data to the file name, whole or not at all. It
// replaces a file only when that is a regular file starting with the same
// first line as data (the header of a CSV that command wrote before), so
// that it never overwrites a file it did not write.
func replaceOwnFile(name string, data []byte, command string) error {
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
