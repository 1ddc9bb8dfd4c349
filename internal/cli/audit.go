package cli

import (
	"encoding/json"
	"fmt"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/spf13/cobra"
)

func newAuditCmd(clk clock.Clock) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "audit FILE",
		Short: "Show the trail of one record: every commit, who made it, and what it did",
		Long: `audit tells the history of one record from Git: each commit that changed it,
when, by whom, and what it did, in one sentence that says what Git proves of
who made it: "ECT signed by Eleanor Thursby — their commit, not
cryptographically signed", "… — their commit, signed with their registered SSH
key SHA256:…". For a report it then says what the history proves of each
signature.

A commit made in the Git host's web editor is signed by the host's key (listed
as web_editor_keys in body.md): that proves the host account that made it, not
a personal key, and audit says so.

--format json gives the same as JSON.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: use text or json", format)
			}
			o, err := openRecord(args[0])
			if err != nil {
				return err
			}
			h, err := o.repo.Walk(history.Options{Only: o.file.Rel})
			if err != nil {
				return err
			}
			t, err := audit.New(o.repo, h, o.people).Trail(o.file, o.ect, o.report)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(t)
			}
			return t.WriteText(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
