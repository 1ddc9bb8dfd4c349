package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/remind"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/spf13/cobra"
)

func newRemindCmd(clk clock.Clock) *cobra.Command {
	var on, smtpURL, from string
	var state remind.State
	var send, force, demo bool
	cmd := &cobra.Command{
		Use:   "remind [PATH] [--on DATE] [--send --smtp URL --from ADDR] [--force]",
		Short: "Remind whoever must act next, one e-mail per person per day",
		Long: `remind works out who must act on which report today — the tutor to write,
release or sign, the ECT to comment and sign, the headteacher to sign a formal
assessment, the AB to review a submitted report past its target or meet a
statutory deadline — on the cadence the hosted products use: a week before it
is due, the day before, on the day, the day after, then weekly until done. Each
person gets at most one message a day with all their items, a link to the
form they act in (the portal's editor, under portal_url in body.md), to each
portal page and file (repository_url), and an ICS file of their coming
dates. The dry run shows each item's form link.

Without --send it only prints who would get what (a dry run). With --send it
sends through --smtp smtp://host:port (STARTTLS when offered) or smtps://…,
with the login in ECTDOCS_SMTP_USER and ECTDOCS_SMTP_PASSWORD (never in the
repository). A refusal for one recipient is reported and the rest are still
sent; the exit status is 1 unless all were sent. --send runs once a day: the
day is recorded in --state (default .git/ectdocs/remind-last of the records'
repository) and a second run that day is refused unless --force.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := clk.Day(on)
			if err != nil {
				return fmt.Errorf("--on: %w", err)
			}
			day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
			if send && (smtpURL == "" || from == "") {
				return errors.New("--send needs --smtp URL and --from ADDRESS")
			}
			src, book, board, err := openBoard(args, demo, day, status.Filter{})
			if err != nil {
				return err
			}
			defer src.Close()
			if book.Body == nil {
				return errors.New("the records have no body.md")
			}
			digests := remind.Plan(book, board, day, remind.Options{PortalURL: book.Body.PortalURL, RepoURL: book.Body.RepositoryURL})
			if !send {
				remind.WritePlan(cmd.OutOrStdout(), day, digests)
				return nil
			}
			if state == "" {
				if state, err = remind.DefaultState(src.Dir); err != nil {
					return err
				}
			}
			last, err := state.Last()
			if err != nil {
				return err
			}
			if last == day.Format(time.DateOnly) && !force {
				return fmt.Errorf("reminders for %s were sent already (recorded in %s): a second run would send them twice; give --force to send again", day.Format(time.DateOnly), state)
			}
			rep := remind.Send(context.Background(), digests, remind.SMTPConfig{URL: smtpURL, From: from})
			if err := state.Record(day); err != nil {
				return err
			}
			for _, r := range rep.Sent {
				fmt.Fprintf(cmd.OutOrStdout(), "sent to %s <%s>: %s\n", r.To.Name, r.To.Email, r.Subject)
			}
			for _, r := range rep.Failed {
				fmt.Fprintf(cmd.ErrOrStderr(), "ect remind: not sent to %s <%s>: %s\n", r.To.Name, r.To.Email, r.Reason())
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d sent, %d not sent\n", day.Format(time.DateOnly), len(rep.Sent), len(rep.Failed))
			if !rep.OK() {
				return &ExitError{ExitInvalid}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&on, "on", "", "the day to remind for, YYYY-MM-DD (default today)")
	cmd.Flags().BoolVar(&send, "send", false, "send the messages (without it: print who would get what)")
	cmd.Flags().StringVar(&smtpURL, "smtp", "", "the mail server: smtp://host:port or smtps://host:port")
	cmd.Flags().StringVar(&from, "from", "", "the sender, e.g. \"Fenmoor AB <ab@fenmoor-tsh.example>\"")
	cmd.Flags().BoolVar(&force, "force", false, "send even if reminders for the day were sent already")
	cmd.Flags().StringVar((*string)(&state), "state", "", "file recording the last day reminders were sent (default .git/ectdocs/remind-last)")
	cmd.Flags().BoolVar(&demo, "demo", false, "use the built-in demo records")
	return cmd
}
