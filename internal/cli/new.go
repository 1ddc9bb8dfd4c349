package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/spf13/cobra"
)

func newNewCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Start a record from its template",
	}
	cmd.AddCommand(newNewReviewCmd())
	return cmd
}

func newNewReviewCmd() *cobra.Command {
	var trn, on string
	var term int
	cmd := &cobra.Command{
		Use:   "review --ect TRN [--term N] [PATH]",
		Short: "Start the next report the schedule expects for an ECT",
		Long: `new review starts the report the schedule expects next for the ECT (or the one
for --term N): a progress review or a first, final or interim formal
assessment, named and filed where it belongs, with what the records already
know filled in (the ECT, the period, term, tutor, mentor, headteacher, FTE and
days absent in the period) and guidance on what to write. ect validate then
lists exactly what is still to write. It never overwrites a file.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if trn == "" {
				return errors.New("say whose report: --ect TRN")
			}
			day := time.Now()
			if on != "" {
				var err error
				if day, err = time.Parse(time.DateOnly, on); err != nil {
					return fmt.Errorf("--on %q: give a date as YYYY-MM-DD", on)
				}
			}
			src, err := openPortal(args, false)
			if err != nil {
				return err
			}
			defer src.close()
			if src.t.dir == "" {
				return errors.New("ect new writes into a records folder: give its PATH, or run it where records/ is")
			}
			book, err := record.Load(src.t.fsys, ".", src.schemas, record.Options{Display: src.t.display})
			if err != nil {
				return err
			}
			var e *record.ECT
			for _, x := range book.ECTs {
				if x.TRN == trn {
					e = x
				}
			}
			if e == nil {
				return fmt.Errorf("no ECT with TRN %s in the records", trn)
			}
			board, err := status.Build(book, day, status.Filter{TRN: trn})
			if err != nil {
				return err
			}
			sum := board.Summaries[trn]
			if sum == nil {
				return fmt.Errorf("%s's schedule cannot be worked out: ect validate says why", e.Name)
			}
			r, err := draft.NewReport(ectdocs.Templates(), book.Body, e, sum, term)
			if err != nil {
				return err
			}
			file := filepath.Join(src.t.dir, filepath.FromSlash(r.Rel))
			shownFile := shown(file)
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, os.ErrExist) {
				return fmt.Errorf("%s already exists: ect new never overwrites a file; edit it, or remove it first", shownFile)
			}
			if err != nil {
				return err
			}
			if _, err := f.Write(r.Content); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %s, %s (term %d), due %s\nnext: write the answers (ect validate %s lists them), then ect release it\n",
				shownFile, r.Expected.Label(), r.Expected.Term, r.Expected.Number, r.Expected.Due.Format(time.DateOnly), shownFile)
			return nil
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the ECT's TRN")
	cmd.Flags().IntVar(&term, "term", 0, "the term of induction the report is for (default: the next one not filed)")
	cmd.Flags().StringVar(&on, "on", "", "work out the schedule as on this day, YYYY-MM-DD (default today)")
	return cmd
}
