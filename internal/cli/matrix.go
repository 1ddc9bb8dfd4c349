package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ectdocs/ectdocs/internal/check"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

// Shard is one job of the CI matrix ect matrix writes: the portals it
// builds, each its own audience.
type Shard struct {
	Shard     int    `json:"shard"`
	Audiences string `json:"audiences"` // "school:990101 school:990102", for a shell loop
}

// Matrix is a GitHub Actions strategy.matrix: one job per shard.
type Matrix struct {
	Include []Shard `json:"include"`
}

// maxJobs is GitHub Actions' limit of jobs in one matrix.
const maxJobs = 256

func newMatrixCmd(clock.Clock) *cobra.Command {
	var shards int
	var demo bool
	cmd := &cobra.Command{
		Use:   "matrix [PATH] [--shards N]",
		Short: "Print the CI matrix that builds every school's portal, a shard per runner",
		Long: `matrix prints a GitHub Actions matrix (strategy.matrix, as JSON on one line)
that builds every school's portal across runners: the schools, in URN order,
dealt into at most --shards jobs (default: one per school, up to GitHub's 256),
each listing its audiences ("school:990101 school:990102") for ect build.
It reads each school's school.md only. .github/workflows/publish.yml uses it.

Each school's portal is built from that school's records alone, so a shard
built on its own runner is exactly what one build of every portal makes.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if shards < 0 || shards > maxJobs {
				return fmt.Errorf("--shards %d: give 1 to %d (GitHub runs at most %d jobs in a matrix), or leave it out", shards, maxJobs, maxJobs)
			}
			src, err := workspace.OpenOne(args, demo)
			if err != nil {
				return err
			}
			defer src.Close()
			// body.md, for the school repositories it lists, whose
			// schools are built from the body's folder too.
			src.Scope = func(rel string, dir bool) bool { return rel == "body.md" || record.SchoolsOnly(rel, dir) }
			book, err := src.Load()
			if err != nil {
				return err
			}
			if err := check.Join(src, book); err != nil {
				return err
			}
			if len(book.Schools) == 0 {
				return fmt.Errorf("%s: no schools in the records", src.Display)
			}
			n := shards
			if n == 0 {
				n = min(len(book.Schools), maxJobs)
			}
			n = min(n, len(book.Schools))
			lists := make([][]string, n)
			for i, sc := range book.Schools {
				lists[i*n/len(book.Schools)] = append(lists[i*n/len(book.Schools)], portal.Audience{Kind: "school", URN: sc.URN}.Flag())
			}
			m := Matrix{}
			for i, l := range lists {
				m.Include = append(m.Include, Shard{Shard: i + 1, Audiences: strings.Join(l, " ")})
			}
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", b)
			return err
		},
	}
	cmd.Flags().IntVar(&shards, "shards", 0, "at most this many jobs (default: one per school, up to 256)")
	cmd.Flags().BoolVar(&demo, "demo", false, "use the built-in demo records")
	return cmd
}
