package cli

import (
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/version"
	"github.com/spf13/cobra"
)

func newVersionCmd(gen portal.Generator) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Say which ect this is: its version and commit, Go and Hugo",
		Long: `version prints ect's version (a release tag, or (devel) for a build from a
checkout), the commit it was built from where Go recorded it, the Go it was
built with and the Hugo version the portal is built with. Quote it when you
report a problem. ect --version prints the first line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return version.Read(hugoVersion(gen)).WriteText(cmd.OutOrStdout())
		},
	}
}

// hugoVersion is the version of the Hugo gen is, "" without one.
func hugoVersion(gen portal.Generator) string {
	if gen == nil {
		return ""
	}
	return gen.Version()
}
