package cli

import (
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
