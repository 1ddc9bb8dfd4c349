package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/outdir"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/report"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newBuildCmd(clk clock.Clock, gen portal.Generator) *cobra.Command {
	var pf portalFlags
	var out string
	var withPDFs bool
	cmd := &cobra.Command{
		Use:   "build [PATH] [--audience ab|school:URN|ect:TRN] [--on DATE] [--out DIR]",
		Short: "Build the read-only portal for one audience with Hugo",
		Long: `build loads the records once, writes the portal's pages for one audience and
builds the site with the Hugo linked into ect (ect version says which).

--audience ab (the default) builds the appropriate body's portal: every school
and ECT. school:URN builds one school's: its ECTs only, and nothing of any other
school. ect:TRN builds one ECT's own. Each page says when it was built and from
which commit. Record text is rendered from Markdown without raw HTML.

PATH is a records folder (default ./records); --demo builds the built-in demo,
replayed into Git so that its signatures are proven. --out DIR (default public)
is replaced by the new site once it is built, and only when DIR is new, empty
or a site ect build wrote before (it lists its files in DIR/.ectdocs-build and
DIR holds nothing else): never the records folder, a folder inside it, the
repository's folder, the folder you are in, or a folder holding any of them.`,
		Args: cobra.MaximumNArgs(1),
		RunE: runPortal(clk, gen, &pf, func(cmd *cobra.Command, p *portalRun) error {
			site, err := outdir.Open(out, "ect build", outdir.BuildMarker, protectedFrom(p.src.Dir,
				outdir.Protected{Dir: ".", What: "the folder you are working in"}))
			if err != nil {
				return err
			}
			work, err := os.MkdirTemp("", "ect-build-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(work)
			book, opt, st, err := p.write(work, withPDFs)
			if err != nil {
				return err
			}
			if withPDFs {
				set := report.Set{Book: book, Proofs: opt.Proofs, Commit: opt.Commit, Date: opt.CommitDate, Records: true}
				n, err := set.Write(p.includes, report.NewDir(filepath.Join(work, "static", "pdf")))
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "ect build: %d PDFs\n", n)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "ect build: %d pages for %s; running Hugo\n", st.Pages, p.aud)
			start := clk.Now()
			if err := site.Replace(func(dir string) error { return p.gen.Build(work, dir) }); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "built the portal for %s in %s: %d pages (Hugo %.1fs)\n", p.aud, out, st.Pages, clk.Now().Sub(start).Seconds())
			return nil
		}),
	}
	pf.add(cmd, "build")
	cmd.Flags().StringVar(&out, "out", "public", "folder to write the site into: new, empty or an earlier build's (replaced)")
	cmd.Flags().BoolVar(&withPDFs, "pdf", true, "publish each report's PDF and each ECT's induction record beside the pages (--pdf=false to leave them out)")
	return cmd
}

// portalFlags are what build and serve are given: the audience, the day
// and whether to use the built-in demo.
type portalFlags struct {
	aud, on string
	demo    bool
	// local is decap-server's API address, for the editor on this machine.
	local string
}

func (f *portalFlags) add(cmd *cobra.Command, verb string) {
	cmd.Flags().StringVar(&f.aud, "audience", "ab", "who the portal is for: ab, school:URN or ect:TRN")
	cmd.Flags().StringVar(&f.local, "editor-local", "", "the editor (/admin/) works with decap-server at this address, e.g. http://localhost:8081/api/v1, instead of body.md's editor: (to try it on this machine)")
	cmd.Flags().StringVar(&f.on, "on", "", "work out states and due dates for this day, YYYY-MM-DD (default today)")
	cmd.Flags().BoolVar(&f.demo, "demo", false, verb+" the built-in demo records")
}

// portalRun is one audience's portal being built from a records folder
// by the generator main gave.
type portalRun struct {
	aud   portal.Audience
	local string // --editor-local
	day   time.Time
	gen   portal.Generator
	src   *workspace.Folder
	clk   clock.Clock
}

// runPortal opens what the flags name and calls run with it.
func runPortal(clk clock.Clock, gen portal.Generator, f *portalFlags, run func(cmd *cobra.Command, p *portalRun) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if gen == nil {
			return errors.New("this ect was built without Hugo, which builds the portal: use the ect from a release or from go install github.com/ectdocs/ectdocs/cmd/ect")
		}
		if f.local != "" {
			if err := cms.CheckLocal(f.local); err != nil {
				return fmt.Errorf("--editor-local: %w", err)
			}
		}
		p := &portalRun{clk: clk, gen: gen, local: f.local}
		var err error
		if p.aud, err = portal.ParseAudience(f.aud); err != nil {
			return err
		}
		if p.day, err = clk.Day(f.on); err != nil {
			return fmt.Errorf("--on: %w", err)
		}
		if p.src, err = workspace.OpenOne(args, f.demo); err != nil {
			return err
		}
		defer p.src.Close()
		p.src.Scope = p.aud.Scope()
		return run(cmd, p)
	}
}

// includes says whether the portal shows the ECT.
func (p *portalRun) includes(e *record.ECT) bool { return portal.Includes(p.aud, e) }

// write loads and proves the records and writes the audience's pages into
// work (with the audit trails of its ECTs only).
func (p *portalRun) write(work string, pdfs bool) (*record.Book, portal.Options, portal.Stats, error) {
	book, opt, err := loadProven(p.src, p.day, p.clk.Now(), p.includes)
	if err != nil {
		return nil, opt, portal.Stats{}, err
	}
	opt.PDFs, opt.Guides = pdfs, ectdocs.Guides()
	st, err := portal.Write(book, p.aud, ectdocs.Site(), opt, work)
	if err == nil {
		err = p.editor(book, filepath.Join(work, "static"))
	}
	return book, opt, st, err
}

// editor writes the editor's page and configuration (admin/) into the
// site's static folder: the audience's schools only, as body.md's
// editor: (or --editor-local) says.
func (p *portalRun) editor(book *record.Book, static string) error {
	be, ok := cms.BackendOf(book.Body)
	if p.local != "" {
		be, ok = cms.Local(p.local), true
	}
	if !ok {
		return cms.Write(static, nil, be, false)
	}
	schools, ects, err := portal.Selected(book, p.aud)
	if err != nil {
		return err
	}
	scope := cms.Scope{Body: p.aud.Kind == "ab", Schools: schools}
	if p.aud.Kind == "ect" {
		scope.ECT = ects[0] // the one ECT: Selected refuses a TRN not in the records
	}
	// Every audience that holds the ECT has their next report's start
	// collection: the draft keeps that collection's name until it is
	// merged, and the ECT, the headteacher and the AB's reviewer open it
	// there.
	if scope.Starts, err = cms.Starts(ectdocs.Templates(), book, ects, p.day); err != nil {
		return err
	}
	// Decap names files by their path in the repository.
	prefix := filepath.Base(p.src.Dir)
	if repo, err := history.Open(p.src.Dir); err == nil {
		prefix = repo.Prefix
	}
	c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, scope, be, prefix)
	if err != nil {
		return fmt.Errorf("the editor's configuration: %w", err)
	}
	return cms.Write(static, c, be, true)
}

// openBook opens the records folder and reads the records, for the
// commands that prove signatures only as they need; Close src when done.
func openBook(args []string, demo bool) (*workspace.Folder, *record.Book, error) {
	src, err := workspace.OpenOne(args, demo)
	if err != nil {
		return nil, nil, err
	}
	book, err := src.Load()
	if err != nil {
		src.Close()
		return nil, nil, err
	}
	return src, book, nil
}

// openJoined is openBook with the school repositories body.md lists read
// in (check.Join), for the commands that show no signature.
func openJoined(args []string, demo bool) (*workspace.Folder, *record.Book, error) {
	src, book, err := openBook(args, demo)
	if err != nil {
		return nil, nil, err
	}
	if err := check.Join(src, book); err != nil {
		src.Close()
		return nil, nil, err
	}
	return src, book, nil
}

// openBoard opens the records folder, reads the records (with the school
// repositories body.md lists: check.Union), proves their signatures from
// the history as validate does (none are proven when the records are not
// in Git) and works out the board of day; Close src when done.
func openBoard(args []string, demo bool, day time.Time, f status.Filter) (*workspace.Folder, *record.Book, *status.Board, error) {
	src, book, err := openBook(args, demo)
	if err != nil {
		return nil, nil, nil, err
	}
	pr, err := check.Union(src, book)
	if err == nil {
		var board *status.Board
		if board, err = status.Build(book, day, f, pr.ProofFunc()); err == nil {
			return src, book, board, nil
		}
	}
	src.Close()
	return nil, nil, nil, err
}

// loadProven reads the records (with the school repositories body.md
// lists: check.Union) and what their history proves, for the
// pages of day, built at built, with the audit trails of the reports of
// the ECTs trails selects (nil: none, as a PDF needs none).
func loadProven(ps *workspace.Folder, day, built time.Time, trails func(*record.ECT) bool) (*record.Book, portal.Options, error) {
	book, err := ps.Load()
	if err != nil {
		return nil, portal.Options{}, err
	}
	pr, err := check.Union(ps, book)
	if err != nil {
		return nil, portal.Options{}, err
	}
	opt := portal.Options{On: day, Built: built, Trails: pr.Trails(book, trails)}
	opt.Commit, opt.CommitDate = pr.Commit(book, trails)
	if pr.Result != nil {
		opt.Proofs = pr.Result.Proofs
	}
	return book, opt, nil
}
