// Package cli wires the ect command line: flags in, internal packages, exit
// code out. Only cmd/ect's main calls os.Exit.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/version"
	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK      = 0 // done; the records are valid (warnings allowed)
	ExitInvalid = 1 // the records have errors
	ExitUsage   = 2 // the command was called wrongly, or could not run
)

// ExitError asks main to exit with Code after the command has already said
// what it had to say (for example, validation found errors: code 1).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Execute runs the ect command with the given arguments (without the program
// name) on the process's standard streams, with gen (main's linked Hugo)
// building portals. It reads the clock (moved to ECTDOCS_TODAY when set)
// here, once.
func Execute(args []string, gen portal.Generator) error {
	clk, err := clock.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	return Run(args, os.Stdout, os.Stderr, clk, gen)
}

// Run runs the ect command writing to the given streams, with clk telling
// every command what day it is and gen building portals (nil where no
// portal is built: ect build and ect serve then refuse).
func Run(args []string, stdout, stderr io.Writer, clk clock.Clock, gen portal.Generator) error {
	root := &cobra.Command{
		Use:   "ect",
		Short: "Keep early career teacher induction records as Markdown in Git",
		Long: `ect checks, reports on and publishes the induction records of early career
teachers (ECTs) in England, kept as Markdown files with YAML front matter in a
Git repository.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.Read(hugoVersion(gen)).Short(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())
	})
	for _, c := range []func(clock.Clock) *cobra.Command{newValidateCmd, newStatusCmd, newDemoCmd, newSignCmd, newABReviewCmd, newAuditCmd, newPDFCmd, newReleaseCmd, newCodeownersCmd, newNewCmd, newRemindCmd, newExportCmd, newQACmd, newOutcomeCmd, newTransferCmd, newVerifyBundleCmd, newInitCmd, newMatrixCmd, newAccessCmd, newEraseCmd} {
		root.AddCommand(c(clk))
	}
	root.AddCommand(newBuildCmd(clk, gen), newServeCmd(clk, gen), newVersionCmd(gen))
	return root.Execute()
}

// Code returns the process exit code for an error returned by Run, printing
// the error to stderr unless the command already reported it: any error
// other than an ExitError is a usage or internal error, code 2.
func Code(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	fmt.Fprintf(stderr, "ect: %v\n", err)
	return ExitUsage
}
