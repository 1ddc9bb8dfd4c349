// Package hugo is the Hugo that builds the portal, linked into ect: the
// version go.mod requires (the one place it is pinned), run through Hugo's
// own command package, so that ect build and ect serve need no Go, no
// ectdocs source and no network.
//
// Only cmd/ect (and the tests that build a portal) import this package:
// everything else reaches Hugo through portal.Generator, so that test
// binaries that never build a site do not link Hugo's 30 MB.
package hugo

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gohugoio/hugo/commands"
	hugoversion "github.com/gohugoio/hugo/common/hugo"
)

// Linked is the Hugo linked into this binary: it implements
// portal.Generator. Its zero value is ready.
type Linked struct{}

// building serialises builds: Hugo's command keeps process-wide state (its
// global logger, GOMAXPROCS), so two never run at once in one process,
// whichever Linked value starts them.
var building sync.Mutex

// Version is the linked Hugo's version, as v0.165.0.
func (Linked) Version() string { return "v" + hugoversion.CurrentVersion.String() }

// Build runs Hugo in this process on the project in dir, writing the site
// to out, which must be a new, empty folder: Hugo overwrites what is there
// (ect build's outdir.Folder.Replace gives it one).
func (Linked) Build(dir, out string) error {
	building.Lock()
	defer building.Unlock()
	err := commands.Execute([]string{"--source", dir, "--destination", out,
		"--noBuildLock", "--quiet", "--logLevel", "warn"})
	if err != nil {
		return fmt.Errorf("hugo: %w", err)
	}
	return nil
}

// childEnv marks a process that Serve started to run Hugo's server: the
// process's arguments are Hugo's. See Child.
const childEnv = "ECTDOCS_RUN_HUGO"

// Serve runs Hugo's live-reloading server on the project in dir, on
// 127.0.0.1:port, until ctx ends. Rewriting the project's content reloads
// the pages open in a browser.
//
// Hugo's server stops only on a signal, so it runs in a child process:
// this same executable, started again with childEnv set, whose main (or
// TestMain) hands its arguments to Hugo through Child. Ending ctx
// interrupts the child.
func (Linked) Serve(ctx context.Context, dir string, port int) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("hugo server: finding this program to run Hugo's server: %w", err)
	}
	cmd := exec.CommandContext(ctx, exe, "server", "--source", dir,
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--noBuildLock", "--logLevel", "warn")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return nil // stopped, as asked
	}
	return fmt.Errorf("hugo server: %v: %s", err, strings.TrimSpace(stderr.String()))
}

// Child runs Hugo with args when this process is one that Serve started,
// and says so: main calls it first and exits with code when ok. Hugo's
// errors go to stderr.
func Child(args []string, stderr io.Writer) (code int, ok bool) {
	if os.Getenv(childEnv) != "1" {
		return 0, false
	}
	if err := commands.Execute(args); err != nil {
		fmt.Fprintf(stderr, "hugo: %v\n", err)
		return 1, true
	}
	return 0, true
}
