package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/codeowners"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newCodeownersCmd(clk clock.Clock) *cobra.Command {
	var write bool
	cmd := &cobra.Command{
		Use:   "codeowners [PATH] [--write]",
		Short: "Make .github/CODEOWNERS from the records",
		Long: `codeowners prints the CODEOWNERS file the records call for: each school's folder
owned by its induction lead and tutors, body.md (the body's configuration and
everyone's signing keys) and .github/ by the AB's leads and admins, and every
report by the AB's reviewers, so that merging a report needs the AB's approval.
With --write it replaces the repository's .github/CODEOWNERS. ect validate warns
when the committed file no longer matches the records.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, book, err := openBook(args, false)
			if err != nil {
				return err
			}
			defer src.Close()
			prefix := ""
			repo, err := history.Open(src.Dir)
			switch {
			case err == nil:
				prefix = repo.Prefix
			case !errors.Is(err, history.ErrNotRepository):
				return err
			case write:
				return errors.New("the records are not in a Git repository: there is no .github/ to write into")
			}
			text := codeowners.Generate(book, prefix)
			if !write {
				fmt.Fprint(cmd.OutOrStdout(), text)
				return nil
			}
			file := filepath.Join(repo.Root, ".github", "CODEOWNERS")
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return err
			}
			// Atomic, through a temporary file of its own, and never through a
			// link or over anything but a regular file.
			if err := frontmatter.WriteFile(file, []byte(text)); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", workspace.Shown(file))
			return nil
		},
	}
	cmd.Flags().BoolVar(&write, "write", false, "replace the repository's .github/CODEOWNERS")
	return cmd
}
