package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// WalkerEnv names the environment variable that chooses how Walk reads
// the history: "go-git" reads it with go-git alone; "git" with git alone,
// failing where git fails; anything else (the default) with git where it
// can be run, else, or if it fails, with go-git.
const WalkerEnv = "ECTDOCS_WALKER"

// gitPath is where git is on PATH; an error when it is not there.
func gitPath() (string, error) { return exec.LookPath("git") }

// Walk reads the history of the records folder from HEAD: every commit
// once, and for each file the commits that changed it. Where git is on
// PATH, git log reads it, at git's own speed (walkGit); otherwise, or if
// that fails, go-git does (walkGoGit). Both find the same History.
func (r *Repo) Walk(opt Options) (*History, error) {
	switch os.Getenv(WalkerEnv) {
	case "go-git":
		return r.walkGoGit(opt)
	case "git":
		return r.walkGit(opt)
	}
	if r.gitUsable() {
		if h, err := r.walkGit(opt); err == nil {
			return h, nil
		}
	}
	return r.walkGoGit(opt)
}

// gitUsable reports whether git can read the repository as go-git does:
// git is on PATH, and the repository is an ordinary one on disk, not a
// shallow clone (whose missing parents go-git reports, and git hides).
func (r *Repo) gitUsable() bool {
	if _, err := gitPath(); err != nil {
		return false
	}
	if _, ok := r.git.Storer.(*filesystem.Storage); !ok || r.Shallow() {
		return false
	}
	dir, err := r.GitDir()
	if err != nil {
		return false
	}
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}

// errGitWalk is a history that walkGit does not read as walkGoGit would:
// a cache (Options.Known) that lacks an ancestor of one of its commits.
var errGitWalk = errors.New("git log did not list every commit the walk needs")

// walkGit reads the history as walkGoGit does, with git: git log lists
// the commits that neither Known nor Since covers, with the files each
// changed (as a combined diff for a merge: the files that differ from
// every parent), and git cat-file gives the commits themselves, which
// go-git decodes as walkGoGit's do. The two run side by side, and their
// output is read as it comes.
func (r *Repo) walkGit(opt Options) (*History, error) {
	head, ok, err := r.Head()
	if err != nil || !ok {
		return &History{Commits: map[plumbing.Hash]*Commit{}, Files: map[string][]*Change{}}, err
	}
	stop := map[plumbing.Hash]bool{}
	if !opt.Since.IsZero() {
		if stop, err = r.proven(head, opt.Since, map[plumbing.Hash]plumbing.Hash{}); err != nil {
			return nil, err
		}
	}
	h := &History{Head: head, Commits: map[plumbing.Hash]*Commit{}, Files: map[string][]*Change{}, Since: opt.Since}
	known := map[plumbing.Hash]*Commit{}
	if opt.Known != nil {
		known = opt.Known.Commits
	}
	var listed map[plumbing.Hash]*logCommit
	if known[head] == nil && !stop[head] {
		// What Since and Known cover, git leaves out: their ancestors.
		var not []plumbing.Hash
		if !opt.Since.IsZero() {
			not = append(not, opt.Since)
		}
		not = append(not, tips(known)...)
		if listed, err = r.gitLog(head, not, strings.Trim(opt.Only, "/")); err != nil {
			return nil, err
		}
	}
	// The commits walkGoGit's collect would read: those git listed, met
	// from HEAD through them and the known ones, up to Since's.
	fresh, err := collect(head, stop, known, h, func(hash plumbing.Hash) (*Commit, error) {
		if l := listed[hash]; l != nil {
			return l.commit, nil
		}
		return nil, fmt.Errorf("commit %s: %w", Short(hash), errGitWalk)
	})
	if err != nil {
		return nil, err
	}
	order := h.settle(fresh, opt.Known)
	for _, c := range order {
		for _, ch := range listed[c.Hash].changes {
			h.Files[ch.path] = append(h.Files[ch.path], &Change{Commit: c, Blob: ch.blob, Before: ch.before})
		}
	}
	for _, changes := range h.Files {
		sortChanges(changes)
	}
	return h, nil
}

// tips are the commits of a walked history that are no commit's parent
// there: what git log is told to leave out, with their ancestors.
func tips(commits map[plumbing.Hash]*Commit) []plumbing.Hash {
	parents := make(map[plumbing.Hash]bool, len(commits))
	for _, c := range commits {
		for _, p := range c.Parents {
			parents[p] = true
		}
	}
	var out []plumbing.Hash
	for h := range commits {
		if !parents[h] {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	return out
}

// stallTimeout is how long git may write nothing before the walk gives up
// on it (and Walk falls back to go-git).
var stallTimeout = 2 * time.Minute

// errStalled is git writing nothing for stallTimeout.
var errStalled = errors.New("git wrote nothing for too long")

// gitLog lists the commits from head, leaving out not and their
// ancestors, with the files each changed: git log walks them and compares
// each commit's tree with its parents', and git cat-file, given each
// commit as git log lists it, gives the commits themselves. Both outputs
// are read as they come. On any error, or when git stalls, both are
// killed.
//
// (Splitting the comparisons between git diff-tree processes fed by git
// rev-list was tried: on two cores it cost two fifths more work than it
// saved, each process reading its trees afresh.)
func (r *Repo) gitLog(head plumbing.Hash, not []plumbing.Hash, only string) (map[plumbing.Hash]*logCommit, error) {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var progress atomic.Int64
	go watch(ctx, &progress, cancel)
	var wg sync.WaitGroup

	toCat := make(chan []plumbing.Hash, 16)
	logged := map[plumbing.Hash]*logCommit{}
	wg.Go(func() {
		defer close(toCat)
		send := func(batch []plumbing.Hash) bool {
			select {
			case toCat <- batch:
				return true
			case <-ctx.Done():
				return false
			}
		}
		_ = r.runGit(ctx, cancel, &progress, logArgs(r.Prefix), func(w io.Writer) error {
			var b strings.Builder
			b.WriteString(head.String() + "\n")
			for _, h := range not {
				b.WriteString("^" + h.String() + "\n")
			}
			_, err := io.WriteString(w, b.String())
			return err
		}, func(out io.Reader) error {
			p := newLogParser(out, r.Prefix, only)
			var batch []plumbing.Hash
			for {
				c, err := p.next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return err
				}
				if logged[c.hash] != nil {
					return fmt.Errorf("git log listed commit %s twice", Short(c.hash))
				}
				logged[c.hash] = c
				if batch = append(batch, c.hash); len(batch) == 256 {
					if !send(batch) {
						return context.Cause(ctx)
					}
					batch = nil
				}
			}
			if len(batch) > 0 && !send(batch) {
				return context.Cause(ctx)
			}
			return nil
		})
	})

	commits := map[plumbing.Hash]*Commit{}
	wg.Go(func() {
		err := r.runGit(ctx, cancel, &progress, []string{"cat-file", "--batch", "--buffer"}, func(w io.Writer) error {
			in := bufio.NewWriterSize(w, 64<<10)
			for {
				batch, ok := receive(ctx, toCat)
				if !ok {
					break
				}
				for _, h := range batch {
					in.WriteString(h.String())
					in.WriteByte('\n')
				}
			}
			return in.Flush()
		}, func(out io.Reader) error {
			cr := newCatReader(out)
			for {
				o, err := cr.next()
				if errors.Is(err, io.EOF) {
					return nil
				}
				if err != nil {
					return err
				}
				commits[o.Hash] = newCommit(o)
			}
		})
		if err != nil {
			for range toCat { // let git log's reader finish
			}
		}
	})
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	for h, l := range logged {
		c := commits[h]
		if c == nil {
			return nil, fmt.Errorf("git cat-file did not give commit %s", Short(h))
		}
		if !slices.Equal(c.Parents, l.parents) {
			return nil, fmt.Errorf("commit %s: git log's parents are not the commit's (grafts?)", Short(h))
		}
		l.commit = c
	}
	if len(logged) != len(commits) {
		return nil, errors.New("git cat-file gave commits that were not asked for")
	}
	return logged, nil
}

// runGit runs git with args, write giving it its input while read reads
// its output (counted in progress), and returns when git has ended, with
// the first error, also passed to cancel: git's own, with what it said,
// if it failed; else read's or write's. When read fails, git is given no
// more input and its output is closed, so that it ends; when ctx is
// done, git is killed and its pipes are closed, which ends read and
// write.
func (r *Repo) runGit(ctx context.Context, cancel context.CancelCauseFunc, progress *atomic.Int64, args []string, write func(io.Writer) error, read func(io.Reader) error) error {
	cmd, err := r.gitCommand(ctx, args...)
	if err != nil {
		cancel(err)
		return err
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		cancel(err)
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		cancel(err)
		return err
	}
	stderr := &tailBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		err = fmt.Errorf("run git %s: %w", args[0], err)
		cancel(err)
		return err
	}
	closePipes := func() {
		in.Close()
		out.Close()
	}
	defer context.AfterFunc(ctx, closePipes)()
	var writeErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		writeErr = write(in)
		if err := in.Close(); writeErr == nil {
			writeErr = err
		}
	})
	readErr := read(&counting{out, progress})
	if readErr != nil {
		closePipes()
	} else {
		_, _ = io.Copy(io.Discard, out) // nothing more is expected: let git end
	}
	waitErr := cmd.Wait()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
	case errors.As(waitErr, &exit) && exit.Exited() && (readErr == nil || stderr.String() != ""):
		cancel(fmt.Errorf("git %s: %w: %s", args[0], waitErr, stderr))
	case readErr != nil:
		cancel(readErr)
	case waitErr != nil:
		cancel(fmt.Errorf("git %s: %w: %s", args[0], waitErr, stderr))
	}
	wg.Wait() // ended by cancel if it waits for input to give
	if ctx.Err() == nil && writeErr != nil {
		cancel(fmt.Errorf("git %s: %w", args[0], writeErr))
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// receive returns the next value from ch; ok is false once ch is closed
// or ctx done.
func receive[T any](ctx context.Context, ch <-chan T) (v T, ok bool) {
	select {
	case v, ok = <-ch:
		return v, ok
	case <-ctx.Done():
		return v, false
	}
}

// logArgs are git log's arguments for a records folder at prefix: the
// commits from those given on stdin, each with the files it changed (for
// a merge, those that differ from every parent), as logParser reads them.
func logArgs(prefix string) []string {
	// --ignore-missing (before --stdin, which reads at once): a known
	// commit that is no longer in the repository (a rewritten history's,
	// pruned) leaves nothing out.
	args := []string{"log", "--ignore-missing", "--stdin", "-z", "--raw", "--no-abbrev", "-c", "--root", "--no-renames",
		"--no-textconv", "--no-ext-diff", "--no-color", "--ignore-submodules=none", "--no-show-signature",
		"--no-relative", "--no-mailmap", "-O" + os.DevNull, logFormat}
	if prefix == "" {
		return append(args, "--")
	}
	// A pathspec limits the diffs; --full-history --sparse keep every
	// commit and every parent, as without one.
	return append(args, "--full-history", "--sparse", "--", prefix+"/")
}

// watch stops the walk (cancel) when nothing has been read for
// stallTimeout: git waiting on something that never comes.
func watch(ctx context.Context, progress *atomic.Int64, cancel context.CancelCauseFunc) {
	// Quarters of stallTimeout are counted, not clock times read: the
	// wall clock is the command line's alone.
	tick := time.NewTicker(stallTimeout / 4)
	defer tick.Stop()
	last, idle := progress.Load(), 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if n := progress.Load(); n != last {
				last, idle = n, 0
			} else if idle++; idle >= 4 {
				cancel(errStalled)
				return
			}
		}
	}
}

// counting counts the bytes read through it.
type counting struct {
	r io.Reader
	n *atomic.Int64
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// gitCommand runs git on the repository with its output as git itself
// writes it, whatever the user's or the repository's settings (those that
// change log's output are overridden here or by logArgs): no pager, no
// system configuration, no replace refs, no optional locks, file names as
// they are, pathspecs taken literally, in the C locale, and never a
// prompt. The context kills it.
func (r *Repo) gitCommand(ctx context.Context, args ...string) (*exec.Cmd, error) {
	git, err := gitPath()
	if err != nil {
		return nil, err
	}
	dir, err := r.GitDir()
	if err != nil {
		return nil, err
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, err
	}
	full := append([]string{"--no-pager", "--no-replace-objects", "--literal-pathspecs",
		"-c", "core.quotePath=false", "-c", "core.fsmonitor=false", "-c", "core.useReplaceRefs=false",
		"-c", "log.showSignature=false", "-c", "log.follow=false", "-c", "core.ignoreCase=false",
	}, args...)
	cmd := exec.CommandContext(ctx, git, full...)
	cmd.Dir = r.Root
	env := []string{
		"GIT_DIR=" + dir, "GIT_WORK_TREE=" + r.Root,
		"GIT_CONFIG_NOSYSTEM=1", "GIT_NO_REPLACE_OBJECTS=1", "GIT_OPTIONAL_LOCKS=0", "GIT_LITERAL_PATHSPECS=1",
		"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "PAGER=cat", "LC_ALL=C",
		"GIT_FLUSH=0", // whole buffers down the pipe, not a write a commit
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GIT_") || strings.HasPrefix(name, "LC_") || name == "LANG" || name == "LANGUAGE" || name == "PAGER" {
			continue // the caller's Git settings (GIT_DIR, GIT_TRACE…) and locale are not ours
		}
		env = append(env, kv)
	}
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	return cmd, nil
}

// tailBuffer keeps the last kilobytes written to it: a command's stderr,
// for an error message.
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	const keep = 4 << 10
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > keep {
		t.b = append(t.b[:0], t.b[len(t.b)-keep:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}
