package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/spf13/cobra"
)

func newValidateCmd(clk clock.Clock) *cobra.Command {
	var format, on, since string
	var demo bool
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check records against their schemas and the statutory rules",
		Long: `validate checks every record in a records folder: its YAML, its schema, where
it is filed, the people it names, and the statutory rules of induction.

PATH is a records folder (the one holding body.md), or a file or folder inside
one: the whole records folder is checked, and only the problems in PATH are
shown. Without PATH, ./records is checked; if there is none, the built-in demo
records are.

With --on DATE, reports due by that day and not filed are reported too: a
warning, and an error once later than the body's grace period. (Without it, a
pull request is never failed by another ECT's late report; ect status shows
what is late.)

Problems are printed as path:line:col: message [rule]. Warnings do not fail.
Exit status: 0 valid, 1 invalid, 2 usage or internal error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := diag.ParseFormat(format)
			if err != nil {
				return err
			}
			day := rules.Options{Today: clk.Today()}
			if on != "" {
				if day.DueBy, err = clock.ParseDay(on); err != nil {
					return fmt.Errorf("--on: %w", err)
				}
				day.Today = day.DueBy
			}
			targets, err := resolveTargets(args, demo)
			if err != nil {
				return err
			}
			schemas, err := schema.Compile(ectdocs.Schemas())
			if err != nil {
				return fmt.Errorf("load schemas: %w", err)
			}
			var all []diag.Diagnostic
			var sum diag.Summary
			for _, t := range targets {
				if t.note != "" {
					fmt.Fprintln(cmd.ErrOrStderr(), t.note)
				}
				if t.replay {
					done, err := replayed(&t, schemas)
					if err != nil {
						return err
					}
					defer done()
				}
				ds, files, notes, err := validate(t, schemas, day, since)
				if err != nil {
					return err
				}
				all = append(all, ds...)
				sum.Files += files
				sum.Notes = append(sum.Notes, notes...)
			}
			diag.Sort(all)
			sum.Errors, sum.Warnings = diag.Count(all)
			if err := diag.Write(cmd.OutOrStdout(), f, all, sum); err != nil {
				return err
			}
			if sum.Errors > 0 {
				return &ExitError{ExitInvalid}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, github (workflow annotations) or json")
	cmd.Flags().BoolVar(&demo, "demo", false, "check the built-in demo records")
	cmd.Flags().StringVar(&on, "on", "", "also check which reports are overdue on this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&since, "since", "", "take the history up to this commit (a pull request's base) as proven, and read only the commits after it")
	return cmd
}

// target is one records folder to load, and the parts of it to report on.
type target struct {
	fsys    fs.FS
	dir     string   // the records folder on disk; empty for the built-in demo
	replay  bool     // replay the records into a throwaway repository first (the demo)
	display string   // how the records folder is shown in diagnostics
	only    []string // display paths to report on; empty means all
	note    string   // said on stderr before checking
	notes   []string // said after the summary
}

// resolveTargets turns the command's arguments into records folders.
func resolveTargets(args []string, demo bool) ([]target, error) {
	if demo {
		if len(args) > 0 {
			return nil, errors.New("give either --demo or PATHs, not both")
		}
		return []target{demoTarget("")}, nil
	}
	if len(args) == 0 {
		if st, err := os.Stat("records"); err == nil && st.IsDir() {
			args = []string{"records"}
		} else {
			return []target{demoTarget("ect: no records/ folder here: checking the built-in demo records (give a PATH to check yours)")}, nil
		}
	}
	byRoot := map[string]*target{}
	var out []*target
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or folder", a)
		}
		root := findRoot(abs)
		if root == "" {
			if !st.IsDir() {
				return nil, fmt.Errorf("%s is not in a records folder: there is no body.md beside it or above it", a)
			}
			root = abs
		}
		t := byRoot[root]
		if t == nil {
			t = &target{fsys: os.DirFS(root), dir: root, display: shown(root)}
			byRoot[root] = t
			out = append(out, t)
		}
		if abs != root {
			t.only = append(t.only, shown(abs))
		} else {
			t.only = append(t.only, "")
		}
	}
	targets := make([]target, len(out))
	for i, t := range out {
		for _, o := range t.only {
			if o == "" { // the whole folder was asked for
				t.only = nil
				break
			}
		}
		targets[i] = *t
	}
	return targets, nil
}

func demoTarget(note string) target {
	sub, _ := fs.Sub(ectdocs.Demo(), "records")
	return target{fsys: sub, display: "records", note: note, replay: true}
}

// replayed replays a target's records into a throwaway repository, commit
// by commit by their authors, and points the target at it, so that the
// built-in demo's signatures are proven from real history. done removes
// the repository.
func replayed(t *target, schemas *schema.Set) (done func(), err error) {
	tmp, err := os.MkdirTemp("", "ect-demo-")
	if err != nil {
		return nil, err
	}
	st, err := workflow.Replay(t.fsys, schemas, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("replay the demo records into Git: %w", err)
	}
	t.dir = filepath.Join(tmp, "records")
	t.fsys = os.DirFS(t.dir)
	t.notes = append(t.notes, fmt.Sprintf("history: the demo records replayed into a throwaway Git repository as %d commits by their authors", st.Commits))
	return func() { os.RemoveAll(tmp) }, nil
}

// findRoot returns the nearest folder at or above p that holds body.md.
func findRoot(p string) string {
	dir := p
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		dir = filepath.Dir(p)
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "body.md")); err == nil && !st.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// shown returns a path as diagnostics show it: relative to the working
// directory when it is below it, with forward slashes.
func shown(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}

// validate loads one records folder and checks it.
func validate(t target, schemas *schema.Set, day rules.Options, since string) ([]diag.Diagnostic, int, []string, error) {
	book, err := record.Load(t.fsys, ".", schemas, record.Options{Display: t.display})
	if err != nil {
		return nil, 0, nil, fmt.Errorf("%s: %w", t.display, err)
	}
	ds := append(book.Diagnostics, rules.Check(book, day)...)
	pr, err := prove(t.dir, t.display, book, since)
	if err != nil {
		return nil, 0, nil, err
	}
	ds = append(ds, pr.diags...)
	if len(t.only) > 0 {
		kept := ds[:0]
		for _, d := range ds {
			for _, o := range t.only {
				if d.File == o || strings.HasPrefix(d.File, o+"/") {
					kept = append(kept, d)
					break
				}
			}
		}
		ds = kept
	}
	return ds, book.Files, append(t.notes, pr.notes...), nil
}
