package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/spf13/cobra"
)

func newServeCmd(clk clock.Clock, gen portal.Generator) *cobra.Command {
	var pf portalFlags
	var port int
	cmd := &cobra.Command{
		Use:   "serve [PATH] [--audience ab|school:URN|ect:TRN] [--port N]",
		Short: "Preview the portal locally, reloading as the records change",
		Long: `serve builds the portal for one audience as ect build does and serves it on
http://127.0.0.1:PORT/ with Hugo's live reload: save a record and the pages
open in your browser update. Ctrl-C stops it. Nothing is published.`,
		Args: cobra.MaximumNArgs(1),
		RunE: runPortal(clk, gen, &pf, func(cmd *cobra.Command, p *portalRun) error {
			work, err := os.MkdirTemp("", "ect-serve-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(work)
			write := func() error {
				_, _, _, err := p.write(work, false)
				return err
			}
			if err := write(); err != nil {
				return err
			}
			parent := cmd.Context()
			if parent == nil {
				parent = context.Background()
			}
			ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
			defer stop()
			done := make(chan error, 1)
			go func() { done <- p.gen.Serve(ctx, work, port) }()
			fmt.Fprintf(cmd.OutOrStdout(), "serving the portal for %s at http://127.0.0.1:%d/ (Ctrl-C stops)\n", p.aud, port)
			last := p.src.Fingerprint()
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for {
				select {
				case err := <-done:
					return err
				case <-tick.C:
					if now := p.src.Fingerprint(); now != last {
						last = now
						if err := write(); err != nil {
							fmt.Fprintf(cmd.ErrOrStderr(), "ect serve: %v\n", err)
						} else {
							fmt.Fprintln(cmd.ErrOrStderr(), "ect serve: records changed, pages rewritten")
						}
					}
				}
			}
		}),
	}
	pf.add(cmd, "serve")
	cmd.Flags().IntVar(&port, "port", 1313, "port on 127.0.0.1 to serve on")
	return cmd
}
