package cli

import (
	"fmt"

	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/spf13/cobra"
)

func newDemoCmd() *cobra.Command {
	var n int
	var out string
	cmd := &cobra.Command{
		Use:   "demo --ects N --out DIR",
		Short: "Write a synthetic, valid appropriate body of N ECTs",
		Long: `demo writes a synthetic appropriate body with N fictional ECTs (and schools and
staff in proportion, six ECTs a school) into DIR, for benchmarks and scale
tests. DIR must be new or empty: nothing is overwritten. The same N always
gives the same files. Check the result with: ect validate DIR`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("--out DIR is required")
			}
			files, err := demo.Write(out, n)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d files for %d ECTs in %s\n", files, n, out)
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "ects", 100, "number of ECTs")
	cmd.Flags().StringVar(&out, "out", "", "folder to write the records into (new or empty)")
	return cmd
}
