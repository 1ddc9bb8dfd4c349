package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newDemoCmd() *cobra.Command {
	return &cobra.Command{Use: "demo", RunE: func(cmd *cobra.Command, args []string) error { return fmt.Errorf("not yet") }}
}
